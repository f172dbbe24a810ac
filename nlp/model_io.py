"""The trained models: the scikit-learn pipelines of each axis (``build_*_pipeline``:
our ``Segmenter`` inside the pipeline -> TF-IDF -> logistic regression; genre adds
structural features), fit on labeled units (``Models.fit``), saved with skops and a
format version, written atomically (``Models.save``), and loaded refusing any type
outside ``TRUSTED_TYPES`` (``Models.load``).

The file records the class paths of ``huibian.nlp.features.Segmenter`` and
``StructuralFeatures``: moving either needs a retrained model."""

from __future__ import annotations

import copy
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from huibian.core.errors import ModelError
from huibian.nlp.features import Segmenter, StructuralFeatures
from huibian.nlp.inference import paragraph_words
from huibian.nlp.sentences import sentence_spans
from huibian.nlp.taxonomy import Taxonomy

# 2: each TF-IDF vocabulary saved as arrays of its words and columns (``_compact``);
# a file of format 1 (the vocabularies saved as dicts) is read as well
FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)
MIN_POSITIVES = 3          # a label needs this many labeled units to get a model
# The evidence models: on these multi-label axes a second model reads single sentences,
# learned from the labels' ``evidence`` quotes (the sentence of the document that shows
# the label: the unit running its own vehicle, not a passing mention) and from the
# labeled sentence units (each its own evidence). Per label: the sentences holding its
# quote are positive, every sentence of an item without the label negative; the other
# sentences of an item with the label are left out (unknown).
SENTENCE_AXES = ("carrier",)
SENTENCE_MIN_CHARS = 4     # shorter sentences (numbers, a bare heading mark) are skipped
SENTENCE_C = 10.0          # the evidence models' regularization (as the other pipelines')


def _tfidf():
    # deferred for start-up time (these sklearn modules load when a model is used)
    from sklearn.feature_extraction.text import TfidfVectorizer

    # the Segmenter already cut the text with our Tokenizer; words are space-separated
    return TfidfVectorizer(token_pattern=r"[^ ]+", lowercase=False, sublinear_tf=True)


def build_genre_pipeline():
    # deferred for start-up time (these sklearn modules load when a model is used)
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    return Pipeline([
        ("features", FeatureUnion([
            ("words", Pipeline([("seg", Segmenter()), ("tfidf", _tfidf())])),
            ("struct", StructuralFeatures()),
        ])),
        ("clf", LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)),
    ])


def build_single_pipeline():
    """The pipeline of a single-label axis other than genre (one a taxonomy adds):
    words only (the structural features describe genres)."""
    # deferred for start-up time (these sklearn modules load when a model is used)
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([
        ("seg", Segmenter()),
        ("tfidf", _tfidf()),
        ("clf", LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)),
    ])


# the single-label axes with a pipeline of their own; the others: build_single_pipeline
SINGLE_PIPELINES = {"genre": build_genre_pipeline}


def build_multilabel_pipeline():
    # deferred for start-up time (these sklearn modules load when a model is used)
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
    """The trained pipelines: ``genre``, one per other single-label axis (``single``,
    for an axis a taxonomy adds) and one per multi-label axis (``multi``) with its
    classes. ``pipeline(axis)`` gives an axis's, None when it has none."""

    genre: object | None
    multi: dict[str, object]
    classes: dict[str, list[str]]
    trained_at: str = ""
    training: dict = field(default_factory=dict)
    single: dict[str, object] = field(default_factory=dict)
    # axis -> {"tfidf": a fitted TfidfVectorizer, "labels": [...], "estimators": [one
    # binary LogisticRegression a label]}: the evidence models (``fit_sentence_models``)
    sentence: dict[str, dict] = field(default_factory=dict)

    def pipeline(self, axis: str):
        if axis == "genre":  # (the saved file's own key)
            return self.genre
        pipe = self.single.get(axis)
        return pipe if pipe is not None else self.multi.get(axis)

    @classmethod
    def fit(cls, units: list[dict], taxonomy: Taxonomy, segment) -> "Models":
        """``units``: dicts with ``text`` and any of the taxonomy's axes (a label id on
        a single-label axis, a list of them on a multi-label one); ``segment(text)`` ->
        ``Segmented`` (the shared tokenizer, so train and predict cannot drift). An axis
        gets a model when its units have two labels or more (single-label) or labels
        with MIN_POSITIVES units and more (multi-label)."""
        docs = {id(u): segment(u["text"]) for u in units}
        single = {}
        for axis in taxonomy.single_axes:
            a_units = [u for u in units if u.get(axis)]
            if len({u[axis] for u in a_units}) >= 2:
                build = SINGLE_PIPELINES.get(axis, build_single_pipeline)
                single[axis] = build().fit([docs[id(u)] for u in a_units],
                                           [u[axis] for u in a_units])
        genre = single.pop("genre", None)
        multi, classes = {}, {}
        for axis in taxonomy.multi_axes:
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
                   training={"units": len(units)}, single=single,
                   sentence=fit_sentence_models(units, taxonomy, docs))

    # -- persistence -------------------------------------------------------------
    def save(self, path: Path) -> None:
        # deferred for start-up time (skops loads only to read or write a model)
        import skops.io as sio

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"format_version": FORMAT_VERSION, "trained_at": self.trained_at,
                   "training": self.training, "genre": self.genre, "multi": self.multi,
                   "classes": self.classes}
        if self.single:  # (absent from the files of the four axes' taxonomy)
            payload["single"] = self.single
        if self.sentence:
            payload["sentence"] = self.sentence
        payload = _compact(payload)
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
        # deferred for start-up time (skops loads only to read or write a model)
        import skops.io as sio
        from skops.io.exceptions import UntrustedTypesFoundException

        path = Path(path)
        if not path.exists():
            raise ModelError("no trained model; run 'huibian train'", file=str(path), code="E501")
        try:
            # one reading of the file: skops refuses it when it holds a type that is
            # neither its own trusted ones nor TRUSTED_TYPES
            payload = sio.load(path, trusted=sorted(TRUSTED_TYPES))
        except UntrustedTypesFoundException:
            unknown = [t for t in sio.get_untrusted_types(file=path) if t not in TRUSTED_TYPES]
            raise ModelError(f"model contains types this version does not load "
                             f"({', '.join(unknown[:3])}); retrain with 'huibian train'",
                             file=str(path), code="E502") from None
        except (zipfile.BadZipFile, EOFError, KeyError, ValueError, TypeError, OSError,
                AttributeError, ImportError) as exc:
            raise ModelError(f"model file is corrupt or truncated ({type(exc).__name__}); "
                             "retrain with 'huibian train'", file=str(path), code="E503") from exc
        if not isinstance(payload, dict) or not {"format_version", "genre", "multi",
                                                  "classes"} <= set(payload):
            raise ModelError("not a huibian model file; retrain with 'huibian train'",
                             file=str(path), code="E503")
        if payload["format_version"] not in READ_VERSIONS:
            raise ModelError(f"model format {payload['format_version']} but this version reads "
                             f"format {' or '.join(map(str, READ_VERSIONS))}; retrain with "
                             "'huibian train'", file=str(path), code="E504")
        _expand(payload)
        models = cls(payload["genre"], dict(payload["multi"]), dict(payload["classes"]),
                     payload.get("trained_at", ""), dict(payload.get("training", {})),
                     dict(payload.get("single", {})), dict(payload.get("sentence", {})))
        if tokenizer is not None:
            models.set_tokenizer(tokenizer)
        return models

    def set_tokenizer(self, tokenizer) -> None:
        for pipe in [self.genre, *self.single.values(), *self.multi.values()]:
            for seg in _segmenters(pipe):
                seg.set_tokenizer(tokenizer)


def evidence_sentences(text: str) -> list[tuple[int, int]]:
    """The sentence spans an evidence model reads: ``sentence_spans`` of at least
    SENTENCE_MIN_CHARS characters."""
    return [(s, e) for s, e in sentence_spans(text) if e - s >= SENTENCE_MIN_CHARS]


def fit_sentence_models(units: list[dict], taxonomy: Taxonomy, docs: dict) -> dict:
    """The evidence models of SENTENCE_AXES (``Models.sentence``) from the item-level
    units that carry the axis; ``docs``: id(unit) -> its ``Segmented``. A label gets a
    model when MIN_POSITIVES sentences hold its evidence quotes."""
    # deferred for start-up time (these sklearn modules load when a model is used)
    from sklearn.linear_model import LogisticRegression

    out = {}
    for axis in SENTENCE_AXES:
        if axis not in taxonomy.axes:
            continue
        rows: list[str] = []
        owner: list[tuple[int, int]] = []  # (unit number, sentence number)
        spans_of, items = [], []
        for u in units:
            level = u.get("level", "item")
            if level not in ("item", "sentence") or not isinstance(u.get(axis), list):
                continue
            # a sentence unit, labeled by reading it, is its own evidence
            spans = evidence_sentences(u["text"]) if level == "item" else [(0, len(u["text"]))]
            words = paragraph_words(docs[id(u)], spans)
            n = len(items)
            items.append(u)
            spans_of.append(spans)
            rows += [" ".join(ws) for ws in words]
            owner += [(n, k) for k in range(len(spans))]
        if not rows:
            continue
        positive = [{lab: _quoted(u, spans, lab, axis) for lab in u[axis]}
                    for u, spans in zip(items, spans_of)]
        vec = _tfidf().fit(rows)
        x = vec.transform(rows)
        labels, estimators = [], []
        for lab in taxonomy[axis].ids:
            keep, y = [], []
            for r, (n, k) in enumerate(owner):
                quoted = positive[n].get(lab)
                if quoted is None:  # the item has no such label: every sentence negative
                    keep.append(r)
                    y.append(0)
                elif k in quoted:
                    keep.append(r)
                    y.append(1)
            if sum(y) < MIN_POSITIVES or sum(y) == len(y):
                continue
            labels.append(lab)
            estimators.append(LogisticRegression(C=SENTENCE_C, class_weight="balanced",
                                                 max_iter=2000)
                              .fit(x[keep], np.array(y)))
        if labels:
            out[axis] = {"tfidf": vec, "labels": labels, "estimators": estimators}
    return out


def _quoted(unit: dict, spans: list[tuple[int, int]], label: str, axis: str) -> set[int]:
    """The numbers of the sentences of ``unit`` its evidence quote for ``label`` lies
    in (none when it has no quote or the quote is not in its text)."""
    if unit.get("level") == "sentence":
        return {0}
    quote = (unit.get("evidence") or {}).get(label) if axis in SENTENCE_AXES else None
    at = unit["text"].find(quote) if quote else -1
    if at < 0:
        return set()
    end = at + len(quote)
    return {k for k, (s, e) in enumerate(spans) if s < end and e > at}


def _compact(payload: dict) -> dict:
    """A copy of ``payload`` (the models to save) in which each TF-IDF step's
    ``vocabulary_`` (word -> column) is two arrays: its words and their columns, in the
    dict's order; equal vocabularies share one pair (saved once). skops writes a dict
    entry by entry into its JSON schema (most of the file and of its reading time), an
    array as one .npy. ``_expand`` gives the same dicts back, in the same order (the
    order of a dict's entries is where in memory its lookups go: the words first seen in
    training, the frequent ones, near each other)."""
    payload = copy.deepcopy(payload)  # (the models in memory keep their dicts)
    pairs: dict[tuple, tuple] = {}
    for vec in _vectorizers(payload):
        vocab = getattr(vec, "vocabulary_", None)
        if not isinstance(vocab, dict) or not all(
                type(w) is str and type(c) is int for w, c in vocab.items()):
            continue
        key = tuple(vocab.items())
        pair = pairs.get(key)
        if pair is None:
            pair = (np.array(list(vocab), dtype=str),
                    np.array(list(vocab.values()), dtype=np.int64))
            if pair[0].tolist() != list(vocab):  # (a word numpy cannot hold as it is)
                continue
            pairs[key] = pair
        vec.vocabulary_ = pair
    return payload


def _expand(payload: dict) -> None:
    """Undo ``_compact`` in place: each vocabulary saved as (words, columns) becomes the
    dict word -> column again (one dict for the steps that shared a pair)."""
    dicts: dict[int, dict] = {}
    for vec in _vectorizers(payload):
        pair = getattr(vec, "vocabulary_", None)
        if type(pair) is tuple and len(pair) == 2 and all(isinstance(a, np.ndarray)
                                                          for a in pair):
            vocab = dicts.get(id(pair[0]))
            if vocab is None:
                vocab = dicts[id(pair[0])] = dict(zip(pair[0].tolist(), pair[1].tolist()))
            vec.vocabulary_ = vocab


def _vectorizers(payload: dict):
    """The TF-IDF steps of the models in a saved payload: the pipelines' and the
    evidence models'."""
    pipes = [payload.get("genre"), *payload.get("multi", {}).values(),
             *payload.get("single", {}).values()]
    for pipe in pipes:
        yield from _tfidf_steps(pipe)
    for entry in payload.get("sentence", {}).values():
        yield entry["tfidf"]


def _tfidf_steps(obj):
    return (step for step in _steps(obj) if hasattr(step, "vocabulary_"))


def _segmenters(obj):
    return (step for step in _steps(obj) if isinstance(step, Segmenter))


def _steps(obj):
    """``obj`` and every step inside it (a pipeline's steps, a feature union's parts)."""
    yield obj
    for step in getattr(obj, "steps", []) or []:
        yield from _steps(step[1])
    for step in getattr(obj, "transformer_list", []) or []:
        yield from _steps(step[1])


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
