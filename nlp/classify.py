"""Classification on the axes of the taxonomy (``models/taxonomy.json``: genre, sector,
theme, carrier, and any axis it adds), two sources side by side. This module is the
public entry (``Classifier``, ``Models``, ``Prediction``, ``combine`` and the settings);
the work is done by one module per job:

* ``huibian.nlp.cues``: transparent rules from the taxonomy's cue words (the reason
  lists the cue words found and the sentence they are in);
* ``huibian.nlp.model_io``: ``Models``, the scikit-learn pipelines trained on labeled
  units, segmentation inside the pipeline (``Segmenter`` -> TF-IDF -> logistic
  regression; genre adds structural features), saved with skops + a format version;
* ``huibian.nlp.inference``: the pipelines' probabilities on a batch of items, fast
  (the same numbers as their own ``predict_proba``);
* ``huibian.nlp.combine``: rule score and model probability combined per label, and
  the labels a multi-label axis gives an item chosen from its paragraphs.

``Classifier.classify_many``: a single-label axis (genre) one label on the whole item;
a multi-label axis (sector/theme/carrier) scored per paragraph, an item getting a
label by the share of it the label covers or by its best paragraph. Every axis of the
taxonomy is classified, in the file's order: a new one by its cue words, and by a
model too when the training units label it.

Classifiers never read the store; ``huibian train`` hands them the labeled units."""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from huibian.nlp.combine import (AGGREGATE, COMBINE, COVERAGE_THRESHOLD, DEFAULT_AGGREGATE,  # noqa: F401
                                 DEFAULT_COMBINE, HINTED_AXIS, MAX_LABELS, MAX_THEMES,
                                 MODEL_GATE, SOURCES, THRESHOLD, USED_NOT_MENTIONED,
                                 Prediction, by_coverage, choose, combine, how_combined,
                                 item_vote, sentence_vote)
from huibian.nlp.cues import (CARRIER_MIN_HITS, CueRules, carrier_used, rate_score,  # noqa: F401
                              rule_reason)
from huibian.nlp.features import Segmented, paragraphs
from huibian.nlp.inference import (CSR, Inference, batch_bags, dense_row,  # noqa: F401
                                   paragraph_words, sparse_row)
from huibian.nlp.model_io import (FORMAT_VERSION, MIN_POSITIVES, TRUSTED_TYPES, Models,  # noqa: F401
                                  build_genre_pipeline, evidence_sentences, build_multilabel_pipeline,
                                  build_single_pipeline)
from huibian.nlp.sentences import SentenceFinder
from huibian.nlp.taxonomy import Taxonomy

__all__ = ["AGGREGATE", "CARRIER_MIN_HITS", "COMBINE", "COVERAGE_THRESHOLD", "DEFAULT_AGGREGATE",
           "DEFAULT_COMBINE", "FORMAT_VERSION", "HINTED_AXIS", "MAX_LABELS", "MAX_THEMES",
           "MIN_POSITIVES", "MODEL_GATE", "MULTI_AXES", "SOURCES", "THRESHOLD", "TRUSTED_TYPES",
           "USED_NOT_MENTIONED", "Classifier", "CueRules", "Models", "Prediction",
           "build_genre_pipeline", "build_multilabel_pipeline", "build_single_pipeline",
           "carrier_used", "combine"]

# the multi-label axes of the shipped taxonomy (the classifier itself iterates over
# ``Taxonomy.multi_axes``)
MULTI_AXES = ("sector", "theme", "carrier")
_batch_bags, _paragraph_words = batch_bags, paragraph_words  # (their names before the split)


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
        self._feature_names: dict = {}
        # True: run each trained pipeline whole through scikit-learn (Segmenter,
        # TfidfVectorizer.transform, predict_proba) instead of the batch fast path;
        # slow, the reference the fast path is tested to equal exactly
        self.reference = False

    def segment(self, text: str) -> Segmented:
        return Segmented.cut(text, self.tokenizer)

    def _inference(self) -> Inference | None:
        """The fast path over the current models (built once per set of models)."""
        models = self.models
        if models is None:
            return None
        tax = self.taxonomy
        pipes = [models.pipeline(a) for a in (*tax.single_axes, *tax.multi_axes)]
        pipes += getattr(models, "sentence", {}).values()  # (the evidence models)
        cached = self.__dict__.get("_inference_cache")
        if cached is None or cached[0] is not models or len(cached[1]) != len(pipes) \
                or any(a is not b for a, b in zip(cached[1], pipes)):
            cached = self._inference_cache = (models, pipes,
                                              Inference(models, tax.single_axes, tax.multi_axes))
        return cached[2]

    def _vocab_index(self):
        """The vocabularies of the models' TF-IDF steps merged (``Inference.index``)."""
        inference = self._inference()
        return inference.index if inference is not None else None

    def _stacked_multi(self):
        """The multi-label axes' models side by side (``Inference.stacked``)."""
        inference = self._inference()
        return inference.stacked if inference is not None else None

    def prepare(self, docs: list[Segmented], *, every_vote: bool = False) -> tuple:
        """The work of ``classify_many`` that no threshold changes: the items'
        paragraphs, the pipelines' features and probabilities (and, for the votes the
        thresholds ask for or all of them with ``every_vote``, the whole items' and the
        evidence models'). ``classify_many(docs, prepared=...)`` decides from it again
        under other thresholds (``huibian.evaluation.thresholds`` does)."""
        spans_of = [paragraphs(doc.text) or [(0, len(doc.text))] for doc in docs]
        inference = self._inference()
        multi_axes = self.taxonomy.multi_axes
        # the item vote (``combine.ITEM_VOTE``): the model reads the whole item too
        voting = inference is not None and "model" in self.sources and (every_vote or any(
            item_vote(a, self.thresholds) is not None for a in multi_axes))
        whole: dict = {}
        bags = None
        if inference is None:
            single, multi = {}, {}
        elif self.reference:
            single, multi, *rest = inference.reference(docs, spans_of, items=voting)
        else:
            bags = inference.bags(docs, spans_of)  # (their words serve the evidence too)
            single, multi, *rest = inference.probabilities(docs, spans_of, items=voting,
                                                           bags=bags)
        if inference is not None and voting:
            whole = rest[0]
        # the evidence vote (``combine.SENTENCE_VOTE``): an evidence model reads every
        # sentence of the item
        evidence = {}
        if inference is not None and "model" in self.sources:
            spans = None
            for axis, entry in inference.evidence_models().items():
                if axis in multi_axes and (every_vote or
                                           sentence_vote(axis, self.thresholds) is not None):
                    spans = spans or [evidence_sentences(doc.text) for doc in docs]
                    evidence[axis] = (spans, inference.evidence(
                        axis, docs, spans, bags[0] if bags else None), entry["labels"])
        return docs, spans_of, single, multi, whole, evidence

    def classify_many(self, docs: list[Segmented], kind_hints: list[str | None] | None = None,
                      *, axes=None, prepared: tuple | None = None) -> list[dict]:
        """For each item, every axis of the taxonomy in its order: {"genre": Prediction,
        "sector": [Prediction…], …} (a single-label axis one Prediction, a multi-label
        axis a list). ``kind_hints``: the genre the splitter marked or the title names.
        ``axes``: only these axes; ``prepared``: ``prepare(docs)`` done before.

        The pipelines' steps run once per batch: the single-label axes on all items,
        each multi-label axis on every paragraph of every item (the paragraph words are
        counted once and shared by the axes); the model reasons read the rows of those
        matrices."""
        kind_hints = kind_hints or [None] * len(docs)
        if prepared is None or prepared[0] is not docs:
            prepared = self.prepare(docs)
        _, spans_of, single, multi, whole, evidence = prepared
        multi_axes = self.taxonomy.multi_axes
        none = (None, None)
        # the labels each paragraph's model probability alone gives (None: look at all)
        n_paras = sum(map(len, spans_of))
        strong = {axis: self._strong_labels(axis, multi.get(axis, none)[1], n_paras)
                  if self._skips_weak(axis) else None for axis in multi_axes}
        results = []
        p = 0
        for i, doc in enumerate(docs):
            sents = SentenceFinder(doc.text)  # the sentences the reasons quote, on demand
            n = len(spans_of[i])
            out = {}
            for axis in self.taxonomy.axes:
                if axes is not None and axis not in axes:
                    continue
                if axis in strong:
                    x, probs = multi.get(axis, none)
                    st = strong[axis]
                    item = None
                    item_probs = whole.get(axis, none)[1]
                    if item_probs is not None and item_vote(axis, self.thresholds) is not None:
                        row = item_probs[i].tolist()
                        item = {lab: row[c] for lab, c in self._label_cols(axis) if c >= 0}
                    best = None
                    if axis in evidence and sentence_vote(axis, self.thresholds) is not None:
                        spans, ev_probs, ev_labels = evidence[axis]
                        best = _best_sentences(spans[i], ev_probs[i], ev_labels)
                    out[axis] = self._multi(axis, doc, sents, spans_of[i],
                                            probs[p:p + n] if probs is not None else None,
                                            (x, p), st[p:p + n] if st is not None else None,
                                            item, best)
                else:
                    x, probs = single.get(axis, none)
                    out[axis] = self._single(axis, doc, sents,
                                             probs[i] if probs is not None else None,
                                             kind_hints[i] if axis == HINTED_AXIS else None,
                                             (x, i))
            p += n
            results.append(out)
        return results

    # single-label axes (genre) -------------------------------------------------
    def _single(self, axis: str, doc: Segmented, sents, probs, kind_hint,
                x_row=None) -> Prediction:
        """The one label of ``doc`` on the single-label ``axis``: the rules' share of
        each label's cue occurrences (those in the first 300 characters count twice;
        ``kind_hint``, a label of the axis, decides the rules' side), combined with
        the model's probability."""
        text = doc.text
        labels = self.taxonomy[axis].ids
        hits = self.rules.hits(axis, text)
        by_label: dict[str, list] = {}
        for x in hits:
            by_label.setdefault(x[2], []).append(x)
        rule_raw = {}
        for lab in labels:
            h = by_label.get(lab)
            occ = sum(2.0 if pos < 300 else 1.0 for pos, _, _ in h) if h else 0
            rule_raw[lab] = rate_score(occ, len(text)) if h else 0.0
        if kind_hint in rule_raw:
            # the splitter's mark or the genre the title names decides the rules' genre
            rule_raw = {lab: (1.0 if lab == kind_hint else 0.0) for lab in rule_raw}
        total = sum(rule_raw.values())
        rule = {l: (v / total if total else 0.0) for l, v in rule_raw.items()}
        model = {}
        if probs is not None:
            model = dict(zip(self.models.pipeline(axis).classes_, probs))
        # "backoff": labels the rules found cues for are decided by the rules alone
        ruled = total > 0 and how_combined(axis) == "backoff" and "rule" in self.sources
        final = {l: combine(axis, rule[l], None if ruled else model.get(l), self.sources)
                 for l in labels}
        if not model and not total:
            return Prediction(labels[0], 0.0, "no cue and no model", 0.0, None)
        best = max(labels, key=lambda l: final[l])
        h = by_label.get(best) or []
        rule_why = rule_reason(text, sents, h) if h else ""
        if kind_hint == best:
            rule_why = f"the splitter marked it {kind_hint}" + (f"; {rule_why}" if rule_why else "")
        model_reason = self._single_model_reason(axis, doc, best, x_row) if best in model else ""
        reason = "; ".join(r for r in (f"rule {rule[best]:.2f}: {rule_why}" if rule_why else "",
                                       f"model {model.get(best, 0):.2f}: {model_reason}" if model else "") if r)
        return Prediction(best, float(final[best]), reason, float(rule[best]),
                          float(model[best]) if best in model else None, rule_why, model_reason)

    def _single_steps(self, axis: str):
        """(pipeline, its classifier, its transforming steps, the names of the features
        the classifier is given) of a single-label axis (once per model)."""
        pipe = self.models.pipeline(axis)
        key = ("single", axis)
        got = self._feature_names.get(key)
        if got is None or got[0] is not pipe:  # (named_steps builds a Bunch per call)
            named = dict(pipe.steps)
            steps = [t for _, t in pipe.steps[:-1] if t is not None and t != "passthrough"]
            if "features" in named:  # the genre pipeline: words and structural features
                parts = dict(named["features"].transformer_list)
                names = np.concatenate([
                    parts["words"].named_steps["tfidf"].get_feature_names_out(),
                    parts["struct"].get_feature_names_out()])
            else:
                names = named["tfidf"].get_feature_names_out()
            got = self._feature_names[key] = (pipe, pipe.steps[-1][1], steps, names)
        return got

    def _single_model_reason(self, axis: str, doc: Segmented, label: str, x_row=None) -> str:
        _, clf, steps, names = self._single_steps(axis)
        sparse = None
        if x_row is not None and x_row[0] is not None:  # the batch's features
            x, i = x_row
            if isinstance(x, CSR):
                sparse = sparse_row(x, i)
            else:
                x = dense_row(x, i)
        else:
            x = [doc]
            for step in steps:
                x = step.transform(x)
            x = x.toarray()[0] if hasattr(x, "toarray") else np.asarray(x)[0]
        classes = list(clf.classes_)
        coef = clf.coef_[classes.index(label)] if clf.coef_.shape[0] > 1 else (
            clf.coef_[0] if classes.index(label) == 1 else -clf.coef_[0])
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
            x = dense_row(*x_row)
        contrib = x * coef
        top = np.argsort(contrib)[::-1][:5]
        return "strongest features " + "、".join(str(names[j]) for j in top if contrib[j] > 0)

    # multi-label axes ----------------------------------------------------------
    def _multi(self, axis, doc, sents, spans, probs, x_rows, strong=None,
               item=None, best_sentence=None) -> list[Prediction]:
        """The labels of ``doc`` on ``axis`` from the scores of its paragraphs.
        ``strong`` (when ``_skips_weak(axis)``): for each paragraph, the labels whose
        model probability is at least MODEL_GATE (``_strong_labels``); None: every
        (paragraph, label) pair is scored. ``item``: label -> the model's probability on
        the whole item (the item vote), or None. ``best_sentence``: label -> (the
        evidence model's probability on its best sentence, that sentence's span), or None."""
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
                    r = rate_score(len(h), length)
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
        coverage = by_coverage(axis, len(spans))
        voted: set = set()
        evidenced: set = set()
        chosen = choose(axis, found, mass, total, len(spans), text=text, hits=hits,
                        thresholds=self.thresholds, sources=sources, item=item,
                        voted=voted, evidenced=evidenced,
                        sentence={lab: v[0] for lab, v in best_sentence.items()}
                        if best_sentence else None)
        # each label given, as one Prediction: its best paragraph's rule reason and
        # scores, the coverage (sector, theme) before them, the model's strongest
        # features after them (only for the labels given: it costs)
        x, p0 = x_rows
        out = []
        for lab, score in chosen:
            if lab in voted:  # given by the item vote alone
                m = item[lab]
                reason = f"model {m:.2f} on the whole item"
                out.append(Prediction(lab, score, reason, found[lab][2] if lab in found else 0.0,
                                      m, "", reason))
                continue
            evidence_why = ""
            if best_sentence and lab in best_sentence:
                ev, (s0, e0) = best_sentence[lab]
                quote = text[s0:e0] if e0 - s0 <= 80 else text[s0:s0 + 80] + "…"
                evidence_why = f"evidence {ev:.2f}: “{quote}”"
            if lab in evidenced:  # given by the evidence vote alone
                out.append(Prediction(lab, score, evidence_why, found[lab][2] if lab in found
                                      else 0.0, score, "", evidence_why))
                continue
            best_score, h, r, m = found[lab]
            rule_why = rule_reason(text, sents, h) if h else ""
            parts = []
            if rule_why:
                parts.append(f"rule {r:.2f}: {rule_why}")
            if m is not None:
                parts.append(f"model {m:.2f}")
            if evidence_why:
                parts.append(evidence_why)
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
            out.append(Prediction(lab, score, reason, r, m, rule_why, model_reason))
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
        return (not self.reference and how_combined(axis) == "gated_max"
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
        data, indices = sparse_row(x, row)
        if not len(data):
            return ""
        pipe = self.models.pipeline(axis)
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



def _best_sentences(spans, probs, labels) -> dict:
    """label -> (the highest probability of the evidence model over the item's
    sentences, that sentence's span); the first such sentence on ties."""
    if not len(spans):
        return {}
    rows = probs.argmax(axis=0).tolist()
    return {lab: (float(probs[r, j]), spans[r]) for j, (lab, r) in enumerate(zip(labels, rows))}
