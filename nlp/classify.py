"""Classification on the four taxonomy axes, two sources side by side.

* ``CueRules``: transparent rules from the taxonomy's cue words (the reason lists the
  cue words found and the sentence they are in).
* ``Models``: scikit-learn pipelines trained on labeled units, segmentation inside the
  pipeline (``Segmenter`` -> TF-IDF -> logistic regression; genre adds structural
  features). Saved with skops + a format version, written atomically.
* ``Classifier.classify``: genre (one label) on the whole item; sector/theme/carrier
  (multi-label) scored per paragraph and an item gets a label when one of its
  paragraphs does (score = the best paragraph's). Final score = mean of rule and model
  scores (rule alone where the model has too few examples of a label).

Classifiers never read the store; ``huibian train`` hands them the labeled units."""

from __future__ import annotations

import math
from itertools import repeat
from functools import cached_property
from bisect import bisect_left
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from huibian.core.errors import ModelError
from huibian.nlp.features import (Segmented, Segmenter, StructuralFeatures, content_words_of,
                           is_content, paragraphs, structural_matrix)
from huibian.nlp.sentences import SentenceFinder, sentence_at, sentence_spans
from huibian.nlp.taxonomy import Taxonomy

FORMAT_VERSION = 1
MULTI_AXES = ("sector", "theme", "carrier")
MIN_POSITIVES = 3          # a label needs this many labeled units to get a model
THRESHOLD = 0.4
MAX_THEMES = 3
COVERAGE_THRESHOLD = {"sector": 0.45, "theme": 0.15}  # per axis; chosen by cross-fitting on
                                                   # the development set's train split
AGGREGATE = {"sector": "coverage", "theme": "coverage", "carrier": "max"}
# How a label's rule score and model score make its final score, per axis (chosen by
# grouped cross-validation, models/MODEL_CARD.md):
# * "gated_max": the higher of the two, the model's counting only from MODEL_GATE up
#   (its probabilities from a few hundred correlated units are poorly calibrated; the
#   plain mean let a weak model veto the rules' cue evidence and lost carrier recall);
# * "backoff" (genre): the cue rules decide when they find any genre cue in the text,
#   the model only when they find none;
# * "mean": the mean of the two.
# Rules alone for a label the model has no classifier for.
# genre: "mean" since the development set (cross-fitted on its train split: accuracy
# 0.950 with "backoff", 0.971 with "mean", once the title's genre words lead the rules)
COMBINE = {"genre": "mean", "sector": "gated_max", "theme": "gated_max",
           "carrier": "gated_max"}
MODEL_GATE = 0.7
SOURCES = ("rule", "model")


def combine(axis: str, rule: float, model: float | None, sources=SOURCES) -> float:
    """The final score of one label; ``model`` None: no model for the label.
    ``sources`` ("rule",) or ("model",) gives one source alone (for evaluation)."""
    if "model" not in sources:
        return rule
    if "rule" not in sources:
        return model or 0.0
    if model is None:
        return rule
    how = COMBINE[axis]
    if how == "gated_max":
        return rule if rule >= model or model < MODEL_GATE else model
    if how == "backoff":
        return rule if rule > 0 else model
    return 0.5 * rule + 0.5 * model


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float
    reason: str
    rule_score: float = 0.0
    model_score: float | None = None
    rule_reason: str = ""
    model_reason: str = ""

    def as_json(self) -> dict:
        return {"label": self.label, "score": round(self.score, 3), "reason": self.reason}


# --- rules ---------------------------------------------------------------------------
class CueRules:
    """Cue words of the taxonomy. Per axis, ``hits`` gives what ``re.finditer`` of the
    alternation of the axis's cues (longest first) gives: scanning left to right, at the
    first position where a cue starts, the longest cue there, then on from its end --
    which is an Aho-Corasick automaton's leftmost-longest search (``ahocorasick_rs``;
    the compiled alternations when it is not installed). The last text's hits are
    kept: the four axes of one item are looked up together."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self._rx: dict[str, re.Pattern[str]] = {}
        self._label_of: dict[str, dict[str, str]] = {}
        for axis_id, axis in taxonomy.axes.items():
            owner: dict[str, str] = {}
            for label in axis.labels:
                for cue in label.cues:
                    owner.setdefault(cue, label.id)
            cues = sorted(owner, key=len, reverse=True)
            self._rx[axis_id] = re.compile("|".join(map(re.escape, cues)))
            self._label_of[axis_id] = owner
        self._automata = _cue_automata(self._label_of)
        self._last: tuple = (None, None)

    def hits(self, axis: str, text: str) -> list[tuple[int, str, str]]:
        """(offset, cue, label) for every cue occurrence in ``text``."""
        return self.all_hits(text)[axis]

    def all_hits(self, text: str) -> dict[str, list[tuple[int, str, str]]]:
        """``hits`` of every axis."""
        last_text, last = self._last
        if last_text is text:
            return last
        if self._automata is None:
            out = {axis: self._hits_rx(axis, text) for axis in self._rx}
        else:
            out = self._hits_ac(text)
        self._last = (text, out)
        return out

    def _hits_rx(self, axis: str, text: str) -> list[tuple[int, str, str]]:
        owner = self._label_of[axis]
        return [(m.start(), m.group(), owner[m.group()]) for m in self._rx[axis].finditer(text)]

    def _hits_ac(self, text: str) -> dict[str, list[tuple[int, str, str]]]:
        out = {}
        for axis, (automaton, cues, labels) in self._automata.items():
            out[axis] = [(start, cues[i], labels[i])
                         for i, start, _ in automaton.find_matches_as_indexes(text)]
        return out


def _cue_automata(label_of: dict[str, dict[str, str]]):
    """axis -> (leftmost-longest automaton of its cues, the cues, their labels)."""
    try:
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - installed with the dependencies
        return None
    if any(not owner or "" in owner for owner in label_of.values()):
        return None
    return {axis: (ahocorasick_rs.AhoCorasick(list(owner),
                                              matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST),
                   list(owner), list(owner.values()))
            for axis, owner in label_of.items()}


CARRIER_MIN_HITS = 2   # chosen on the development set's train split (MODEL_CARD.md)
_HEAD_LINE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|"
                        r"\d{1,2}[.．、]|第[一二三四五六七八九十\d]{1,3}[条章])")


def _carrier_used(text: str, label: str, hits, model: float | None,
                  min_hits: int = CARRIER_MIN_HITS) -> bool:
    """Is the carrier ``label`` a vehicle the text uses, not a passing mention: its cue
    words occur at least CARRIER_MIN_HITS times, or once in the title or an outline
    heading, or in a named activity in quotation marks; or the model is sure."""
    if model is not None and model >= MODEL_GATE:
        return True
    mine = [h for h in hits if h[2] == label]
    if len(mine) >= min_hits:
        return True
    first_line_end = text.find("\n")
    for pos, cue, _ in mine:
        if 0 <= pos < (first_line_end if first_line_end >= 0 else len(text)):
            return True
        line_start = text.rfind("\n", 0, pos) + 1
        line = text[line_start:text.find("\n", pos) if text.find("\n", pos) >= 0 else len(text)]
        if _HEAD_LINE.match(line) and pos - line_start <= 30:
            return True
        if text.rfind("“", line_start, pos) > text.rfind("”", line_start, pos):
            return True
    return False


def _rate_score(occurrences: float, length: int) -> float:
    return 1.0 - math.exp(-1.2 * occurrences / (length / 500.0 + 1.0))


def _rule_reason(text: str, sents: list[tuple[int, int]], hits: list[tuple[int, str, str]]) -> str:
    counts: dict[str, int] = {}
    for _, cue, _ in hits:
        counts[cue] = counts.get(cue, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0])))[:4]
    s, e = sents.at(hits[0][0]) if isinstance(sents, SentenceFinder) else \
        sentence_at(text, sents, hits[0][0])
    sentence = text[s:e]
    if len(sentence) > 80:
        sentence = sentence[:80] + "…"
    cues = "、".join(f"{c}（{n}次）" if n > 1 else c for c, n in top)
    return f"contains {cues}: “{sentence}”"


# --- models --------------------------------------------------------------------------
def _tfidf():
    from sklearn.feature_extraction.text import TfidfVectorizer

    # the Segmenter already cut the text with our Tokenizer; words are space-separated
    return TfidfVectorizer(token_pattern=r"[^ ]+", lowercase=False, sublinear_tf=True)


def build_genre_pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    return Pipeline([
        ("features", FeatureUnion([
            ("words", Pipeline([("seg", Segmenter()), ("tfidf", _tfidf())])),
            ("struct", StructuralFeatures()),
        ])),
        ("clf", LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)),
    ])


def build_multilabel_pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline

    return Pipeline([
        ("seg", Segmenter()),
        ("tfidf", _tfidf()),
        ("clf", OneVsRestClassifier(LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear",
                                                       max_iter=1000))),
    ])


@dataclass
class Models:
    """The trained pipelines: ``genre`` and one per multi-label axis with its classes."""

    genre: object | None
    multi: dict[str, object]
    classes: dict[str, list[str]]
    trained_at: str = ""
    training: dict = field(default_factory=dict)

    @classmethod
    def fit(cls, units: list[dict], taxonomy: Taxonomy, segment) -> "Models":
        """``units``: dicts with ``text`` and any of the axes; ``segment(text)`` ->
        ``Segmented`` (the shared tokenizer, so train and predict cannot drift)."""
        docs = {id(u): segment(u["text"]) for u in units}
        genre = None
        g_units = [u for u in units if u.get("genre")]
        if len({u["genre"] for u in g_units}) >= 2:
            genre = build_genre_pipeline().fit([docs[id(u)] for u in g_units],
                                               [u["genre"] for u in g_units])
        multi, classes = {}, {}
        for axis in MULTI_AXES:
            a_units = [u for u in units if axis in u]
            counts: dict[str, int] = {}
            for u in a_units:
                for lab in u[axis]:
                    counts[lab] = counts.get(lab, 0) + 1
            labs = [l for l in taxonomy[axis].ids
                    if MIN_POSITIVES <= counts.get(l, 0) < len(a_units)]
            if not labs:
                continue
            y = np.array([[1 if l in u[axis] else 0 for l in labs] for u in a_units])
            multi[axis] = build_multilabel_pipeline().fit([docs[id(u)] for u in a_units], y)
            classes[axis] = labs
        return cls(genre, multi, classes,
                   trained_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                   training={"units": len(units)})

    # -- persistence -------------------------------------------------------------
    def save(self, path: Path) -> None:
        import skops.io as sio

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"format_version": FORMAT_VERSION, "trained_at": self.trained_at,
                   "training": self.training, "genre": self.genre, "multi": self.multi,
                   "classes": self.classes}
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            sio.dump(payload, tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    @classmethod
    def load(cls, path: Path, tokenizer=None) -> "Models":
        import skops.io as sio

        path = Path(path)
        if not path.exists():
            raise ModelError("no trained model; run 'huibian train'", file=str(path), code="E501")
        try:
            untrusted = sio.get_untrusted_types(file=path)
            unknown = [t for t in untrusted if t not in TRUSTED_TYPES]
            if unknown:
                raise ModelError(f"model contains types this version does not load "
                                 f"({', '.join(unknown[:3])}); retrain with 'huibian train'",
                                 file=str(path), code="E502")
            payload = sio.load(path, trusted=untrusted)
        except ModelError:
            raise
        except (zipfile.BadZipFile, EOFError, KeyError, ValueError, TypeError, OSError,
                AttributeError, ImportError) as exc:
            raise ModelError(f"model file is corrupt or truncated ({type(exc).__name__}); "
                             "retrain with 'huibian train'", file=str(path), code="E503") from exc
        if not isinstance(payload, dict) or not {"format_version", "genre", "multi",
                                                  "classes"} <= set(payload):
            raise ModelError("not a huibian model file; retrain with 'huibian train'",
                             file=str(path), code="E503")
        if payload["format_version"] != FORMAT_VERSION:
            raise ModelError(f"model format {payload['format_version']} but this version reads "
                             f"format {FORMAT_VERSION}; retrain with 'huibian train'",
                             file=str(path), code="E504")
        models = cls(payload["genre"], dict(payload["multi"]), dict(payload["classes"]),
                     payload.get("trained_at", ""), dict(payload.get("training", {})))
        if tokenizer is not None:
            models.set_tokenizer(tokenizer)
        return models

    def set_tokenizer(self, tokenizer) -> None:
        for pipe in [self.genre, *self.multi.values()]:
            for seg in _segmenters(pipe):
                seg.set_tokenizer(tokenizer)


def _segmenters(obj):
    if isinstance(obj, Segmenter):
        yield obj
    for step in getattr(obj, "steps", []) or []:
        yield from _segmenters(step[1])
    for step in getattr(obj, "transformer_list", []) or []:
        yield from _segmenters(step[1])


TRUSTED_TYPES = {
    "huibian.nlp.features.Segmenter", "huibian.nlp.features.StructuralFeatures",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.pipeline.Pipeline", "sklearn.pipeline.FeatureUnion",
    "sklearn.preprocessing._label.LabelBinarizer",
    "numpy.float64", "numpy.int64", "numpy.dtype", "numpy.ndarray", "builtins.slice",
    "numpy.str_", "numpy.int32", "numpy.float32", "builtins.int",
}


# --- the classifier ------------------------------------------------------------------
class Classifier:
    def __init__(self, taxonomy: Taxonomy, models: Models | None, tokenizer,
                 sources: tuple[str, ...] = SOURCES, thresholds: dict | None = None):
        """``thresholds``: per-label thresholds calibrated on the development set
        (``models/label_thresholds.json``): ``{"coverage": {axis: {label: t}},
        "carrier_min_hits": {label: n}}``; the module's defaults elsewhere."""
        self.thresholds = thresholds or {}
        self.taxonomy = taxonomy
        self.sources = tuple(sources)
        self.rules = CueRules(taxonomy)
        self.models = models
        self.tokenizer = tokenizer
        self._feature_names: dict[str, np.ndarray] = {}
        # True: run each trained pipeline whole through scikit-learn (Segmenter,
        # TfidfVectorizer.transform, predict_proba) instead of the batch fast path;
        # slow, the reference the fast path is tested to equal exactly
        self.reference = False

    def segment(self, text: str) -> Segmented:
        return Segmented.cut(text, self.tokenizer)

    def _reference_probs(self, docs, spans_of):
        """(genre features, genre probabilities, {axis: (features, probabilities)}) from
        the whole scikit-learn pipelines: genre on the items, the multi-label axes on
        each paragraph's words (``_paragraph_words``) as a ``Segmented`` of its own."""
        def run(pipe, inputs):
            if pipe is None or not inputs:
                return None, None
            x = inputs
            for _, step in pipe.steps[:-1]:
                if step is not None and step != "passthrough":
                    x = step.transform(x)
            return x, pipe.predict_proba(inputs)

        models = self.models
        gx, gp = run(models.genre if models else None, docs)
        paras = [Segmented("", words=ws, starts=[0] * len(ws))
                 for doc, spans in zip(docs, spans_of) for ws in _paragraph_words(doc, spans)]
        multi = {axis: run(models.multi.get(axis) if models else None, paras)
                 for axis in MULTI_AXES}
        return gx, gp, multi

    def _vocab_index(self) -> "_VocabIndex | None":
        """The vocabularies of the models' TF-IDF steps merged (built once per set of
        models)."""
        if not self.models:
            return None
        pipes = [p for p in [self.models.genre, *self.models.multi.values()] if p is not None]
        cached = getattr(self, "_vocab_cache", None)
        if cached is not None and len(cached[0]) == len(pipes) \
                and all(a is b for a, b in zip(cached[0], pipes)):
            return cached[1]
        all_vecs = list(map(_word_vectorizer, pipes))
        vecs = [v for v in all_vecs if v is not None and _plain_tfidf(v)]
        index = _VocabIndex(vecs, complete=len(vecs) == len(all_vecs)) if vecs else None
        self._vocab_cache = (pipes, index)
        return index

    def classify_many(self, docs: list[Segmented], kind_hints: list[str | None] | None = None
                      ) -> list[dict]:
        """For each item: {"genre": Prediction, "sector": [Prediction…], …}.

        The pipelines' steps run once per batch: genre on all items, each multi-label
        axis on every paragraph of every item (the paragraph words are joined once and
        shared by the three axes); the model reasons read the rows of those matrices."""
        kind_hints = kind_hints or [None] * len(docs)
        spans_of = [paragraphs(doc.text) or [(0, len(doc.text))] for doc in docs]
        # every word of the batch interned once: the items' rows (genre) and the
        # paragraphs' rows (the same rows for the three axes) are arrays over those ids
        if self.reference:
            genre_x, genre_probs, multi = self._reference_probs(docs, spans_of)
        else:
            index = self._vocab_index()
            if index is not None and index.complete:
                # every word looked up once in the models' merged vocabularies
                item_bag, bag = _vocab_bags(docs, spans_of, index)
            else:
                item_bag, bag = _batch_bags(docs, spans_of)
                if index is not None:  # each vectorizer's column of each word, one lookup
                    item_bag.columns = bag.columns = index.columns(bag.words)
            genre_x, genre_probs = self._genre_probs(docs, item_bag)
            multi = self._multi_probs_all(bag)
        # the labels each paragraph's model probability alone gives (None: look at all)
        strong = {axis: self._strong_labels(axis, multi[axis][1], sum(map(len, spans_of)))
                  if self._skips_weak(axis) else None for axis in MULTI_AXES}
        results = []
        p = 0
        for i, doc in enumerate(docs):
            sents = SentenceFinder(doc.text)  # the sentences the reasons quote, on demand
            n = len(spans_of[i])
            out = {"genre": self._genre(doc, sents, genre_probs[i] if genre_probs is not None else None,
                                        kind_hints[i], (genre_x, i))}
            for axis in MULTI_AXES:
                x, probs = multi[axis]
                st = strong[axis]
                out[axis] = self._multi(axis, doc, sents, spans_of[i],
                                        probs[p:p + n] if probs is not None else None, (x, p),
                                        st[p:p + n] if st is not None else None)
            p += n
            results.append(out)
        return results

    # genre ---------------------------------------------------------------------
    def _genre_probs(self, docs, words=None):
        if not self.models or self.models.genre is None or not docs:
            return None, None
        return _predict_proba(self.models.genre, docs,
                              words=words if words is not None else
                              [content_words_of(d.words) for d in docs])

    def _genre(self, doc: Segmented, sents, probs, kind_hint, x_row=None) -> Prediction:
        text = doc.text
        head = text[:300]
        labels = self.taxonomy["genre"].ids
        hits = self.rules.hits("genre", text)
        by_label: dict[str, list] = {}
        for x in hits:
            by_label.setdefault(x[2], []).append(x)
        rule_raw = {}
        for lab in labels:
            h = by_label.get(lab)
            occ = sum(2.0 if pos < 300 else 1.0 for pos, _, _ in h) if h else 0
            rule_raw[lab] = _rate_score(occ, len(text)) if h else 0.0
        if kind_hint in rule_raw:
            # the splitter's mark or the genre the title names decides the rules' genre
            rule_raw = {lab: (1.0 if lab == kind_hint else 0.0) for lab in rule_raw}
        total = sum(rule_raw.values())
        rule = {l: (v / total if total else 0.0) for l, v in rule_raw.items()}
        model = {}
        if probs is not None:
            model = dict(zip(self.models.genre.classes_, probs))
        # "backoff": labels the rules found cues for are decided by the rules alone
        ruled = total > 0 and COMBINE["genre"] == "backoff" and "rule" in self.sources
        final = {l: combine("genre", rule[l], None if ruled else model.get(l), self.sources)
                 for l in labels}
        if not model and not total:
            return Prediction(labels[0], 0.0, "no cue and no model", 0.0, None)
        best = max(labels, key=lambda l: final[l])
        h = by_label.get(best) or []
        rule_reason = _rule_reason(text, sents, h) if h else ""
        if kind_hint == best:
            rule_reason = f"the splitter marked it {kind_hint}" + (f"; {rule_reason}" if rule_reason else "")
        model_reason = self._genre_model_reason(doc, best, x_row) if best in model else ""
        reason = "; ".join(r for r in (f"rule {rule[best]:.2f}: {rule_reason}" if rule_reason else "",
                                       f"model {model.get(best, 0):.2f}: {model_reason}" if model else "") if r)
        del head
        return Prediction(best, float(final[best]), reason, float(rule[best]),
                          float(model[best]) if best in model else None, rule_reason, model_reason)

    def _genre_model_reason(self, doc: Segmented, label: str, x_row=None) -> str:
        pipe = self.models.genre
        steps = self._feature_names.get("genre steps")
        if steps is None or steps[0] is not pipe:  # (named_steps builds a Bunch per call)
            named = dict(pipe.steps)
            steps = self._feature_names["genre steps"] = (pipe, named["clf"], named["features"])
        _, clf, feats = steps
        sparse = None
        if x_row is not None and x_row[0] is not None:  # the batch's features
            x, i = x_row
            if isinstance(x, _CSR):
                sparse = _sparse_row(x, i)
            else:
                x = _dense_row(x, i)
        else:
            x = feats.transform([doc])
            x = x.toarray()[0] if hasattr(x, "toarray") else np.asarray(x)[0]
        classes = list(clf.classes_)
        coef = clf.coef_[classes.index(label)] if clf.coef_.shape[0] > 1 else (
            clf.coef_[0] if classes.index(label) == 1 else -clf.coef_[0])
        if "genre" not in self._feature_names:
            parts = dict(feats.transformer_list)
            self._feature_names["genre"] = np.concatenate([
                parts["words"].named_steps["tfidf"].get_feature_names_out(),
                parts["struct"].get_feature_names_out()])
        names = self._feature_names["genre"]
        if sparse is not None:
            # the positive contributions come from the row's non-zero entries only;
            # when the five largest of them and the sixth are all different numbers,
            # which five and their order are by value alone, as the argsort of the
            # whole row gives them (else: that argsort, for its ties)
            data, indices = sparse
            values = data * coef[indices]
            keep = values > 0
            values, indices = values[keep], indices[keep]
            if len(values) > 6:  # the six largest, then those six in order
                six = np.argpartition(-values, 5)[:6]
                order = six[(-values[six]).argsort()]
            else:
                order = (-values).argsort()
            head = values[order].tolist()
            if len(set(head)) == len(head):
                top = indices[order[:5]]
                return "strongest features " + "、".join(str(names[j]) for j in top)
            x = _dense_row(*x_row)
        contrib = x * coef
        top = np.argsort(contrib)[::-1][:5]
        return "strongest features " + "、".join(str(names[j]) for j in top if contrib[j] > 0)

    # multi-label ---------------------------------------------------------------
    def _multi_probs(self, axis, para_words):
        """(features, probabilities) of every paragraph on ``axis``; ``para_words``: the
        paragraphs' content words (what the pipeline's Segmenter joins), a ``_Bag``."""
        if not self.models or axis not in self.models.multi or not len(para_words):
            return None, None
        return _predict_proba(self.models.multi[axis], None, words=para_words)

    def _multi_probs_all(self, bag) -> dict:
        """``_multi_probs`` of every axis. When the axes' pipelines share their TF-IDF
        step (``_same_tfidf``) and end in one-vs-rest logistic regressions, the rows
        are transformed once and all the axes' probabilities come from one product
        with their coefficients side by side (each column the same sums, in the same
        order, as the axis's own product: ``_CSR.__matmul__``), then split."""
        stacked = self._stacked_multi() if len(bag) else None
        if stacked is None:
            return {axis: self._multi_probs(axis, bag) for axis in MULTI_AXES}
        vec, coef_t, intercept, slices = stacked
        x = _tfidf_transform(vec, bag)
        if not isinstance(x, _CSR):
            return {axis: self._multi_probs(axis, bag) for axis in MULTI_AXES}
        probs = _expit(x @ coef_t + intercept)
        return {axis: (x, probs[:, slices[axis]]) if axis in slices else (None, None)
                for axis in MULTI_AXES}

    def _stacked_multi(self):
        """(the shared TF-IDF step, stacked coefficients transposed, intercepts,
        axis -> its columns) for the current models, or None (built once per models)."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        multi = self.models.multi if self.models else {}
        pipes = tuple(multi.get(axis) for axis in MULTI_AXES)
        cached = getattr(self, "_stacked_cache", None)
        if cached is not None and len(cached[0]) == len(pipes) \
                and all(a is b for a, b in zip(cached[0], pipes)):
            return cached[1]
        result = None
        index = self._vocab_index()
        present = [(axis, p) for axis, p in zip(MULTI_AXES, pipes) if p is not None]
        if present and index is not None:
            vecs, coefs, intercepts, slices, at = [], [], [], {}, 0
            for axis, pipe in present:
                steps = [t for _, t in pipe.steps[:-1] if t is not None and t != "passthrough"]
                clf = pipe.steps[-1][1]
                if not (len(steps) == 2 and isinstance(steps[0], Segmenter)
                        and _plain_tfidf(steps[1]) and type(clf) is OneVsRestClassifier
                        and getattr(clf, "multilabel_", False) and len(clf.estimators_) > 1
                        and all(type(e) is LogisticRegression and len(e.classes_) == 2
                                and e.coef_.shape == (1, len(steps[1].vocabulary_))
                                for e in clf.estimators_)):
                    break
                vecs.append(steps[1])
                coefs += [e.coef_ for e in clf.estimators_]
                intercepts += [e.intercept_ for e in clf.estimators_]
                slices[axis] = slice(at, at + len(clf.estimators_))
                at += len(clf.estimators_)
            else:
                keys = {index.same_as.get(id(v), id(v)) for v in vecs}
                if len(keys) == 1 and all(id(v) in index.full_columns for v in vecs):
                    result = (vecs[0], np.ascontiguousarray(np.vstack(coefs).T),
                              np.concatenate(intercepts), slices)
        self._stacked_cache = (pipes, result)
        return result

    def _multi(self, axis, doc, sents, spans, probs, x_rows, strong=None) -> list[Prediction]:
        """The labels of ``doc`` on ``axis`` from the scores of its paragraphs.
        ``strong`` (when ``_skips_weak(axis)``): for each paragraph, the labels whose
        model probability is at least MODEL_GATE (``_strong_labels``); None: every
        (paragraph, label) pair is scored."""
        text = doc.text
        hits = self.rules.hits(axis, text)
        label_cols = self._label_cols(axis)
        rows = probs.tolist() if probs is not None else None  # the same floats, unboxed
        sources = self.sources
        hit_pos = [h[0] for h in hits]  # in text order (finditer)
        found: dict[str, tuple] = {}   # label -> its best paragraph's (score, hits, r, m)
        mass: dict[str, float] = {}   # length-weighted sum of paragraph scores
        seen_in: dict[str, int] = {}
        best_para: dict[str, int] = {}
        total = sum(e - s for s, e in spans) or 1
        no_hits: dict = {}
        # "gated_max" of both sources: a label with no hit in a paragraph scores its
        # model probability when that is at least MODEL_GATE, else 0 (the pair is
        # skipped below); so only the labels hit and the strong ones are looked at, in
        # label order
        if strong is not None:
            label_index = self._label_index(axis)
        lo = 0
        for k, (s, e) in enumerate(spans):
            length = e - s
            lo = bisect_left(hit_pos, s, lo)
            hi = bisect_left(hit_pos, e, lo)
            if lo < hi:
                by_label: dict[str, list] = {}
                for x in hits[lo:hi]:
                    by_label.setdefault(x[2], []).append(x)
            else:
                by_label = no_hits
            row = rows[k] if rows is not None else None
            if strong is None:
                pairs = label_cols
            else:
                js = strong[k]
                if by_label:
                    cand = set(js)
                    cand.update(map(label_index.get, by_label))
                    cand.discard(None)  # (a label not of this axis: never scored)
                    js = sorted(cand)
                pairs = [label_cols[j] for j in js]
            for lab, c in pairs:
                h = by_label.get(lab)
                if h is None:
                    h, r = (), 0.0
                else:
                    r = _rate_score(len(h), length)
                m = row[c] if (c >= 0 and row is not None) else None
                score = combine(axis, r, m, sources)
                if score <= 0:
                    continue
                mass[lab] = mass.get(lab, 0.0) + score * length
                if score >= THRESHOLD:
                    seen_in[lab] = seen_in.get(lab, 0) + 1
                if lab in found and found[lab][0] >= score:
                    continue
                found[lab] = (score, h, r, m)
                best_para[lab] = k
        # choose first, then format the reasons of the labels given only (it costs)
        coverage = AGGREGATE[axis] == "coverage" and len(spans) > 1
        if coverage:
            # an item is "in" a sector / "about" a theme by how much of it is
            scored = [(lab, 1.0 - math.exp(-3.0 * (mass[lab] / total))) for lab in found]
            chosen = sorted(scored, key=lambda ls: -ls[1])
            cov = self.thresholds.get("coverage", {}).get(axis, {})
            keep = [ls for ls in chosen if ls[1] >= cov.get(ls[0], COVERAGE_THRESHOLD[axis])]
            chosen = keep or chosen[:1]
        else:
            chosen = sorted(((lab, f[0]) for lab, f in found.items() if f[0] >= THRESHOLD),
                            key=lambda ls: -ls[1])
        if axis == "theme":
            chosen = chosen[:MAX_THEMES]
        if axis == "carrier" and "rule" in sources:
            mins = self.thresholds.get("carrier_min_hits", {})
            chosen = [ls for ls in chosen if _carrier_used(text, ls[0], hits, found[ls[0]][3],
                                                           mins.get(ls[0], CARRIER_MIN_HITS))]
        # each label given, as one Prediction: its best paragraph's rule reason and
        # scores, the coverage (sector, theme) before them, the model's strongest
        # features after them (only for the labels given: it costs)
        x, p0 = x_rows
        out = []
        for lab, score in chosen:
            best_score, h, r, m = found[lab]
            rule_reason = _rule_reason(text, sents, h) if h else ""
            parts = []
            if rule_reason:
                parts.append(f"rule {r:.2f}: {rule_reason}")
            if m is not None:
                parts.append(f"model {m:.2f}")
            reason = "; ".join(parts)
            if coverage:
                reason = f"{seen_in.get(lab, 0)} of {len(spans)} paragraphs; best: {reason}"
            else:
                score = best_score
            model_reason = ""
            if m is not None and m >= 0.3:
                mr = self._multi_model_reason(axis, x, p0 + best_para[lab], lab)
                if mr:
                    reason, model_reason = f"{reason}: {mr}", mr
            out.append(Prediction(lab, score, reason, r, m, rule_reason, model_reason))
        return out

    def _label_cols(self, axis) -> list[tuple[str, int]]:
        """(label, its column in the axis model's probabilities or -1), in taxonomy
        order, for the current models."""
        classes = self.models.classes.get(axis, []) if self.models else []
        key = (axis, tuple(classes))
        cache = self.__dict__.setdefault("_label_cols_cache", {})
        got = cache.get(key)
        if got is None:
            got = cache[key] = [(lab, classes.index(lab) if lab in classes else -1)
                                for lab in self.taxonomy[axis].ids]
        return got

    def _label_index(self, axis) -> dict[str, int]:
        """label -> its index in ``_label_cols(axis)``."""
        cols = self._label_cols(axis)
        cache = self.__dict__.setdefault("_label_index_cache", {})
        got = cache.get(axis)
        if got is None or got[0] is not cols:
            got = cache[axis] = (cols, {lab: j for j, (lab, _) in enumerate(cols)})
        return got[1]

    def _skips_weak(self, axis) -> bool:
        """Whether ``_multi`` may skip the pairs of a paragraph and a label without a
        hit there whose model probability is below MODEL_GATE: they score 0 under
        "gated_max" of both sources. Never on the reference path (every pair)."""
        return (not self.reference and COMBINE[axis] == "gated_max"
                and "rule" in self.sources and "model" in self.sources)

    def _strong_labels(self, axis, probs, n: int) -> list[list[int]]:
        """For each of ``n`` paragraphs, the indices (in ``_label_cols(axis)``, in
        order) of the labels whose model probability there is at least MODEL_GATE."""
        out: list[list[int]] = [[] for _ in range(n)]
        if probs is None:
            return out
        cols = self._label_cols(axis)
        cache = self.__dict__.setdefault("_label_of_col_cache", {})
        got = cache.get((axis, probs.shape[1]))
        if got is None or got[0] is not cols:
            label_of_col = [-1] * probs.shape[1]
            for j, (_, c) in enumerate(cols):
                if 0 <= c < len(label_of_col):
                    label_of_col[c] = j
            got = cache[(axis, probs.shape[1])] = (cols, label_of_col)
        label_of_col = got[1]
        rr, cc = (probs >= MODEL_GATE).nonzero()
        for r, c in zip(rr.tolist(), cc.tolist()):
            j = label_of_col[c]
            if j >= 0:
                out[r].append(j)
        for js in out:
            if len(js) > 1:
                js.sort()
        return out

    def candidates(self, axis, result) -> list[Prediction]:
        return result[axis]

    def _multi_model_reason(self, axis, x, row: int, label: str) -> str:
        """The words of paragraph ``row`` of the batch's TF-IDF matrix ``x`` that count
        most for ``label``."""
        data, indices = _sparse_row(x, row)
        if not len(data):
            return ""
        pipe = self.models.multi[axis]
        key = ("coef", axis, label)
        cached = self._feature_names.get(key)
        if cached is None or cached[0] is not pipe:
            steps = dict(pipe.steps)
            est = steps["clf"].estimators_[self.models.classes[axis].index(label)]
            names = self._feature_names.get(("names", axis))
            if names is None or names[0] is not pipe:  # the words as str, once per model
                names = self._feature_names[("names", axis)] = (
                    pipe, [str(w) for w in steps["tfidf"].get_feature_names_out()])
            cached = self._feature_names[key] = (pipe, est.coef_[0], names[1])
        _, coef, names = cached
        contrib = data * coef[indices]
        order = contrib.argsort()[::-1][:5]  # (np.argsort, less its wrapper)
        words = [names[i] for i, c in zip(indices[order].tolist(), contrib[order].tolist())
                 if c > 0]
        return "strongest features " + "、".join(words) if words else ""


def _predict_proba(pipe, X, *, words=None):
    """``pipe.predict_proba(X)`` step by step, also returning what the last step was
    given (the features, for the reasons). ``words``: for each row of ``X``, the
    content words a first ``Segmenter`` step would join (that step and the TF-IDF
    tokenizing after it are then skipped: ``_tfidf_transform``)."""
    steps = [t for _, t in pipe.steps[:-1] if t is not None and t != "passthrough"]
    if words is not None and not isinstance(words, _Bag):
        words = _Bag(words)
    if words is not None and len(steps) >= 2 and isinstance(steps[0], Segmenter):
        X = _tfidf_transform(steps[1], words)
        steps = steps[2:]
    elif (words is not None and len(steps) == 1 and _is_words_and_struct(steps[0])):
        union = steps[0]
        parts = dict(union.transformer_list)
        tf = _tfidf_transform(parts["words"].steps[1][1], words)
        struct = (structural_matrix(X) if type(parts["struct"]) is StructuralFeatures
                  else parts["struct"].transform(X))  # (no set_output wrapper call)
        if isinstance(tf, _CSR) and tf.data.dtype == np.float64:
            X = tf.hstack_dense(np.asarray(struct, dtype=np.float64))
        else:
            X = union._hstack([_as_scipy(tf), struct])
        steps = []
    elif X is None:
        raise TypeError("expected a pipeline that starts with a Segmenter")
    if steps:
        X = _as_scipy(X)
    for t in steps:
        X = t.transform(X)
    return X, _linear_proba(pipe.steps[-1][1], X)


try:  # the routines scipy's own CSR @ dense runs
    from scipy.sparse._sparsetools import csr_matvec as _csr_matvec
    from scipy.sparse._sparsetools import csr_matvecs as _csr_matvecs
except ImportError:  # pragma: no cover - private module moved: the public operator
    _csr_matvec = _csr_matvecs = None


class _CSR:
    """A CSR matrix as its arrays, for the fast path (a scipy sparse array costs more
    to construct and check than a file's few rows cost to compute): canonical (column
    indices sorted within a row, no duplicates), float64 data, int32 indices. ``@`` a
    dense float64 matrix calls the routine scipy's ``csr_array @ dense`` calls
    (``csr_matvec`` / ``csr_matvecs``: per row, the products added in index order), so
    the results are the same numbers."""

    format = "csr"
    has_canonical_format = True
    __slots__ = ("data", "indices", "indptr", "shape")

    def __init__(self, data, indices, indptr, shape):
        self.data, self.indices, self.indptr, self.shape = data, indices, indptr, shape

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def nnz(self) -> int:
        return len(self.data)

    def tocsr(self):
        import scipy.sparse as sp

        return sp.csr_array((self.data, self.indices, self.indptr), shape=self.shape)

    def toarray(self):
        return self.tocsr().toarray()

    def __getitem__(self, key):
        return self.tocsr()[key]

    def __matmul__(self, other):
        other = np.asarray(other)
        m, n = self.shape
        if (_csr_matvecs is None or other.ndim != 2 or other.shape[0] != n
                or other.dtype != np.float64 or self.data.dtype != np.float64
                or self.indices.dtype != self.indptr.dtype):
            return self.tocsr() @ other
        k = other.shape[1]
        if k == 1:  # scipy: a column vector goes through csr_matvec
            out = np.zeros(m, dtype=np.float64)
            _csr_matvec(m, n, self.indptr, self.indices, self.data, other.ravel(), out)
            return out.reshape(m, 1)
        out = np.zeros((m, k), dtype=np.float64)
        _csr_matvecs(m, n, k, self.indptr, self.indices, self.data,
                     np.ascontiguousarray(other).ravel(), out.ravel())
        return out

    def hstack_dense(self, dense: np.ndarray) -> "_CSR":
        """``[self | dense]`` as FeatureUnion stacks them (scipy.sparse.hstack, then
        CSR): each row's own entries, then the dense block's non-zero entries."""
        m, n = self.shape
        idx, dat = [], []
        indptr = np.zeros(m + 1, dtype=self.indptr.dtype)
        for i in range(m):
            a, b = self.indptr[i], self.indptr[i + 1]
            nz = np.flatnonzero(dense[i])
            idx += [self.indices[a:b], (nz + n).astype(self.indices.dtype)]
            dat += [self.data[a:b], dense[i, nz]]
            indptr[i + 1] = indptr[i] + (b - a) + len(nz)
        return _CSR(np.concatenate(dat) if dat else np.zeros(0),
                    np.concatenate(idx) if idx else np.zeros(0, dtype=self.indices.dtype),
                    indptr, (m, n + dense.shape[1]))


def _as_scipy(X):
    return X.tocsr() if isinstance(X, _CSR) else X


def _linear_proba(clf, X):
    """``clf.predict_proba(X)`` for the models ``build_*_pipeline`` fit, computed with
    the same operations as scikit-learn (decision = X @ coef.T + intercept, then expit
    or softmax) but without its per-call input validation, which cost more than the
    arithmetic on a file's few items; a one-vs-rest model's binary logistic regressions
    are stacked into one matrix product (each column the same sums, in the same order,
    as its own product). Any other estimator: its own ``predict_proba``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    if type(clf) is LogisticRegression and getattr(clf, "coef_", None) is not None \
            and clf.coef_.shape[1] == X.shape[1]:
        scores = X @ clf.coef_.T + clf.intercept_
        if len(clf.classes_) <= 2:
            prob = _expit(scores.reshape(-1))
            return np.stack([1 - prob, prob], axis=1)
        scores -= scores.max(axis=1).reshape(-1, 1)  # sklearn.utils.extmath.softmax
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1).reshape(-1, 1)
        return scores
    if type(clf) is OneVsRestClassifier and getattr(clf, "multilabel_", False) \
            and len(clf.estimators_) > 1:
        stacked = _STACKED.get(id(clf))
        if stacked is None or stacked[0] is not clf:
            ests = clf.estimators_
            if not all(type(e) is LogisticRegression and len(e.classes_) == 2
                       and e.coef_.shape == (1, X.shape[1]) for e in ests):
                return clf.predict_proba(_as_scipy(X))
            stacked = (clf, np.ascontiguousarray(np.vstack([e.coef_ for e in ests]).T),
                       np.concatenate([e.intercept_ for e in ests]))
            _STACKED[id(clf)] = stacked
        _, coef_t, intercept = stacked
        return _expit(X @ coef_t + intercept)
    return clf.predict_proba(_as_scipy(X))


_STACKED: dict[int, tuple] = {}  # id(one-vs-rest model) -> (model, coef.T, intercepts)


def _expit(x):
    return _scipy_expit(x, out=x)


from scipy.special import expit as _scipy_expit  # noqa: E402


def _is_words_and_struct(union) -> bool:
    """The genre pipeline's FeatureUnion as ``build_genre_pipeline`` makes it."""
    from sklearn.pipeline import FeatureUnion, Pipeline

    if not isinstance(union, FeatureUnion) or union.transformer_weights is not None:
        return False
    names = [n for n, _ in union.transformer_list]
    if names != ["words", "struct"]:
        return False
    parts = dict(union.transformer_list)
    w = parts["words"]
    return (isinstance(w, Pipeline) and len(w.steps) == 2 and isinstance(w.steps[0][1], Segmenter)
            and isinstance(parts["struct"], StructuralFeatures))


def _plain_tfidf(vec) -> bool:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return (type(vec) is TfidfVectorizer and vec.analyzer == "word" and vec.tokenizer is None
            and vec.preprocessor is None and vec.token_pattern == r"[^ ]+"
            and not vec.lowercase and vec.strip_accents is None and vec.stop_words is None
            and tuple(vec.ngram_range) == (1, 1) and not vec.binary
            and vec.input == "content" and hasattr(vec, "vocabulary_"))


class _Bag:
    """Word lists (one per row) flattened once: each word's row and its id among the
    batch's distinct words, shared by every vectorizer that counts the same rows."""

    def __init__(self, word_lists):
        self._word_lists = word_lists
        self.columns: dict[int, np.ndarray] = {}  # id(vectorizer) -> column of each word
        self.same_as: dict[int, int] = {}  # id(vectorizer) -> id of one giving the same rows
        self.transformed: dict[int, object] = {}  # id(vectorizer) -> its TF-IDF rows
        ids: dict[str, int] = {}
        flat = [ids.setdefault(w, len(ids)) for ws in word_lists for w in ws]
        self.words = list(ids)
        self.ids = np.asarray(flat, dtype=np.intp)
        self.rows = np.repeat(np.arange(len(word_lists), dtype=np.intp),
                              [len(ws) for ws in word_lists])
        self.n_rows = len(word_lists)

    @classmethod
    def of_arrays(cls, words: list[str], ids: np.ndarray, rows: np.ndarray,
                  n_rows: int) -> "_Bag":
        """The bag whose row ``rows[j]`` holds word ``words[ids[j]]``, in the order of
        ``j`` (``rows`` non-decreasing)."""
        bag = cls.__new__(cls)
        bag._word_lists = None
        bag.columns, bag.same_as, bag.transformed = {}, {}, {}
        bag.words, bag.ids, bag.rows, bag.n_rows = words, ids, rows, n_rows
        return bag

    @property
    def word_lists(self) -> list[list[str]]:
        if self._word_lists is None:
            out: list[list[str]] = [[] for _ in range(self.n_rows)]
            words = self.words
            for r, i in zip(self.rows.tolist(), self.ids.tolist()):
                out[r].append(words[i])
            self._word_lists = out
        return self._word_lists

    def __len__(self) -> int:
        return self.n_rows

    @cached_property
    def has_space(self) -> bool:
        return any(" " in w for w in self.words)


class _VocabIndex:
    """Several vectorizers' vocabularies merged: one dictionary lookup per distinct
    word gives its column in each of them (-1: not in that vocabulary)."""

    def __init__(self, vecs, complete: bool = False):
        self.vecs = list(vecs)
        union: dict[str, int] = {}
        for v in self.vecs:
            for w in v.vocabulary_:
                union.setdefault(w, len(union))
        table = np.full((len(union) + 1, len(self.vecs)), -1, dtype=np.intp)
        for j, v in enumerate(self.vecs):
            for w, c in v.vocabulary_.items():
                table[union[w], j] = c
        self.union, self.table = union, table
        self.words = [*union, ""]  # id len(union): any word in none of them
        self.full_columns = {id(v): table[:, j] for j, v in enumerate(self.vecs)}
        # vectorizers that transform every input the same (same settings, vocabulary
        # and idf: the multi-label axes' models, fit on the same units) -> the first
        # of them; a bag's rows are transformed once for all of them
        self.same_as: dict[int, int] = {}
        for j, v in enumerate(self.vecs):
            for u in self.vecs[:j]:
                if _same_tfidf(u, v):
                    self.same_as[id(v)] = self.same_as.get(id(u), id(u))
                    break
        self.has_space = any(" " in w for w in union)
        # ``complete``: these are the TF-IDF steps of every model, all plain; and none
        # of their words is a non-content word (they were learned from content words),
        # so a row's known words are its content words that count
        self.complete = complete and not self.has_space and all(map(is_content, union))

    def columns(self, words: list[str]) -> dict[int, np.ndarray]:
        get, unknown = self.union.get, len(self.union)
        uid = np.fromiter((get(w, unknown) for w in words), dtype=np.intp, count=len(words))
        return {id(v): self.table[uid, j] for j, v in enumerate(self.vecs)}


def _same_tfidf(a, b) -> bool:
    """Two fitted plain TF-IDF vectorizers (``_plain_tfidf``) that give the same
    matrix for every input: the same parameters, vocabulary and idf weights."""
    if a is b:
        return True
    if a.get_params() != b.get_params() or a.vocabulary_ != b.vocabulary_:
        return False
    ia, ib = getattr(a._tfidf, "idf_", None), getattr(b._tfidf, "idf_", None)
    if (ia is None) != (ib is None):
        return False
    return ia is None or (ia.dtype == ib.dtype and np.array_equal(ia, ib))


def _cat(parts):
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)


def _paragraph_rows(doc: "Segmented", spans, ids, keep, p0: int, para_ids: list,
                    para_rows: list) -> int:
    """Append the kept word ids lying wholly inside each paragraph span of ``doc`` and
    their row numbers (``p0`` + paragraph index); returns the next free row. The words
    starting in [s, e) are found by binary search over the offsets; of them only the
    last can end after e (words are in order and do not overlap)."""
    starts, ws = doc.starts, doc.words
    para_of = np.full(len(ids), -1, dtype=np.intp)
    for k, (s, e) in enumerate(spans):
        lo, hi = bisect_left(starts, s), bisect_left(starts, e)
        if hi > lo and starts[hi - 1] + len(ws[hi - 1]) > e:
            hi -= 1
        if hi > lo:
            para_of[lo:hi] = k
    inside = keep & (para_of >= 0)
    para_ids.append(ids[inside])
    para_rows.append(para_of[inside] + p0)
    return p0 + len(spans)


def _vocab_bags(docs: list[Segmented], spans_of, index: _VocabIndex) -> tuple[_Bag, _Bag]:
    """``_batch_bags`` for models whose vocabularies are all in ``index`` (complete):
    the same rows less the words no model knows (which no vectorizer counts), each
    word's id its id in the merged vocabularies."""
    get, unknown = index.union.get, len(index.union)
    item_ids, item_rows, para_ids, para_rows = [], [], [], []
    p0 = 0
    for i, (doc, spans) in enumerate(zip(docs, spans_of)):
        ws = doc.words
        ids = np.fromiter(map(get, ws, repeat(unknown, len(ws))), dtype=np.intp, count=len(ws))
        keep = ids != unknown
        item_ids.append(ids[keep])
        item_rows.append(np.full(int(keep.sum()), i, dtype=np.intp))
        p0 = _paragraph_rows(doc, spans, ids, keep, p0, para_ids, para_rows)
    cat = _cat
    bags = (_Bag.of_arrays(index.words, cat(item_ids), cat(item_rows), len(docs)),
            _Bag.of_arrays(index.words, cat(para_ids), cat(para_rows), p0))
    for bag in bags:
        bag.columns = index.full_columns
        bag.same_as = index.same_as
        bag.__dict__["has_space"] = False
    return bags


def _word_vectorizer(pipe):
    """The TF-IDF step ``_predict_proba`` feeds with words directly, if any."""
    steps = [t for _, t in pipe.steps[:-1] if t is not None and t != "passthrough"]
    if len(steps) >= 2 and isinstance(steps[0], Segmenter):
        return steps[1]
    if len(steps) == 1 and _is_words_and_struct(steps[0]):
        return dict(steps[0].transformer_list)["words"].steps[1][1]
    return None


class _Interner(dict):
    """word -> id, a new word getting the next id on first lookup."""

    def __missing__(self, word: str) -> int:
        n = self[word] = len(self)
        return n


def _batch_bags(docs: list[Segmented], spans_of) -> tuple[_Bag, _Bag]:
    """Two bags over one interning of the batch's words: one row per item with its
    content words (what the genre pipeline's Segmenter joins) and one row per paragraph
    ``spans_of[i]`` of each item with the content words lying wholly inside it (the
    paragraphs of an item are disjoint and in order: a word belongs to the last
    paragraph starting at or before it, if it ends inside it). The same rows, in the
    same order, as ``content_words_of`` and ``_paragraph_words``."""
    vocab = _Interner()
    id_of = vocab.__getitem__
    id_arrays = [np.fromiter(map(id_of, doc.words), dtype=np.intp, count=len(doc.words))
                 for doc in docs]
    words = list(vocab)
    content = np.fromiter(map(is_content, words), dtype=bool, count=len(words))
    item_ids, item_rows, para_ids, para_rows = [], [], [], []
    p0 = 0
    for i, (doc, ids, spans) in enumerate(zip(docs, id_arrays, spans_of)):
        keep = content[ids]
        item_ids.append(ids[keep])
        item_rows.append(np.full(int(keep.sum()), i, dtype=np.intp))
        p0 = _paragraph_rows(doc, spans, ids, keep, p0, para_ids, para_rows)
    cat = _cat
    return (_Bag.of_arrays(words, cat(item_ids), cat(item_rows), len(docs)),
            _Bag.of_arrays(words, cat(para_ids), cat(para_rows), p0))


def _sparse_row(x, i: int) -> tuple[np.ndarray, np.ndarray]:
    """(data, column indices) of row ``i`` of a CSR matrix, as ``x[i:i+1]`` holds them."""
    if getattr(x, "format", None) == "csr":
        a, b = x.indptr[i], x.indptr[i + 1]
        return x.data[a:b], x.indices[a:b]
    row = x[i:i + 1].tocsr()
    return row.data, row.indices


def _dense_row(x, i: int) -> np.ndarray:
    """Row ``i`` of ``x`` as a dense vector (``x[i:i+1].toarray()[0]``)."""
    if getattr(x, "format", None) == "csr" and x.has_canonical_format:
        data, indices = _sparse_row(x, i)
        out = np.zeros(x.shape[1], dtype=x.dtype)
        out[indices] = data
        return out
    if hasattr(x, "toarray"):
        return x[i:i + 1].toarray()[0]
    return np.asarray(x)[i]


def _tfidf_transform(vec, bag: _Bag):
    """``vec.transform([" ".join(ws) for ws in bag.word_lists])`` for the pipelines'
    TF-IDF step (token pattern ``[^ ]+``: the words are the tokens): the same count
    matrix (counts, sorted column indices) built from the words directly, then the
    vectorizer's own TF-IDF weighting and normalization."""
    if not _plain_tfidf(vec) or bag.has_space:
        return vec.transform([" ".join(ws) for ws in bag.word_lists])
    key = bag.same_as.get(id(vec), id(vec))
    done = bag.transformed.get(key)
    if done is not None:  # (the rows are only read from here on)
        return done
    done = bag.transformed[key] = _tfidf_rows(vec, bag)
    return done


def _tfidf_rows(vec, bag: _Bag):
    """``_tfidf_transform`` of a plain vectorizer, computed."""
    col_of = bag.columns.get(id(vec))
    if col_of is None:
        get = vec.vocabulary_.get
        col_of = np.fromiter((get(w, -1) for w in bag.words), dtype=np.intp,
                             count=len(bag.words))
    cols = col_of[bag.ids] if len(bag.ids) else bag.ids
    known = cols >= 0
    rows, cols = bag.rows[known], cols[known]
    n_cols = len(vec.vocabulary_)
    # count each (row, column) pair: unique over a combined key, in row-major order
    keys, counts = _unique_counts(rows.astype(np.int64) * n_cols + cols)
    indptr = np.searchsorted(keys, np.arange(bag.n_rows + 1, dtype=np.int64) * n_cols)
    # the keys are sorted: column indices sorted within each row, as sort_indices gives
    X = _CSR(counts.astype(vec.dtype), (keys % n_cols).astype(np.int32),
             indptr.astype(np.int32), (bag.n_rows, n_cols))
    return _tfidf_weight(vec._tfidf, X)


def _unique_counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_counts=True)`` for a 1-D integer array (its steps:
    sort, first of each run, run lengths) without its argument handling."""
    k = np.sort(keys)
    if not len(k):
        return k, np.zeros(0, dtype=np.intp)
    first = np.empty(len(k), dtype=bool)
    first[0] = True
    np.not_equal(k[1:], k[:-1], out=first[1:])
    starts = first.nonzero()[0]
    counts = np.empty(len(starts), dtype=np.intp)  # np.diff(np.append(starts, len(k)))
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = len(k) - starts[-1]
    return k[first], counts


def _tfidf_weight(tf, X):
    """``tf.transform(X, copy=False)`` (a fitted ``TfidfTransformer``, X a float CSR
    count matrix) with the same steps in the same order — sublinear tf, idf, row
    normalization with scikit-learn's own in-place routine — minus the input checks."""
    from sklearn.utils._sparse import _align_api_if_sparse

    if tf.norm not in ("l1", "l2", None) or X.dtype not in (np.float64, np.float32):
        return tf.transform(_align_api_if_sparse(_as_scipy(X)), copy=False)
    if tf.sublinear_tf:
        np.log(X.data, X.data)
        X.data += 1.0
    if hasattr(tf, "idf_"):
        X.data *= tf.idf_[X.indices]
    if tf.norm == "l2":  # these read .data .shape .indices .indptr only
        _normalize_l2(X)
    elif tf.norm == "l1":
        _normalize_l1(X)
    return X if isinstance(X, _CSR) else _align_api_if_sparse(X)


from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l1 as _normalize_l1  # noqa: E402
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2 as _normalize_l2  # noqa: E402


def _paragraph_words(doc: Segmented, spans) -> list[list[str]]:
    """For each paragraph ``[s, e)`` of ``doc``: its content words (what the
    Segmenter joins), the words being ``doc``'s own that lie wholly inside it (binary
    search over the word offsets, so an item is never segmented twice)."""
    words, starts = doc.words, doc.starts
    keep = [is_content(w) for w in words]
    out = []
    for s, e in spans:
        lo, hi = bisect_left(starts, s), bisect_left(starts, e)
        out.append([words[j] for j in range(lo, hi)
                    if keep[j] and starts[j] + len(words[j]) <= e])
    return out
