"""The trained pipelines' ``predict_proba`` on a batch of items, fast: the words of the
batch are counted once (one row per item for the single-label axes, one row per
paragraph for the multi-label axes, shared by all of them), each TF-IDF step's rows
are built from the words directly, and the linear models' probabilities come from
their coefficients. Each step is the one scikit-learn takes, in the same order, so the
numbers are the same as ``pipe.predict_proba`` gives (``Inference.reference`` runs the
pipelines whole; tests/nlp/test_inference.py pins the two equal).

Public APIs only: numpy; ``scipy.sparse.csr_array`` / ``hstack`` and ``scipy.special.
expit``; of scikit-learn the fitted estimators' public attributes (``steps``,
``transformer_list``, ``vocabulary_``, ``idf_``, ``coef_``, ``intercept_``, ``classes_``,
``estimators_``, ``multilabel_`` and the constructor parameters) and
``sklearn.utils.sparsefuncs_fast.inplace_csr_row_normalize_l1/l2`` (in scikit-learn's
API reference). A pipeline of any other shape runs through its own ``transform`` and
``predict_proba``."""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property
from itertools import repeat

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.utils.sparsefuncs_fast import (inplace_csr_row_normalize_l1,
                                            inplace_csr_row_normalize_l2)

from huibian.nlp.features import (Segmented, Segmenter, StructuralFeatures,
                                  is_content, structural_matrix)


class Inference:
    """The pipelines of one ``Models`` (``models.pipeline(axis)``) run on batches:
    ``probabilities`` the fast path, ``reference`` scikit-learn's own; and its evidence
    models (``Models.sentence``) on the items' sentences (``evidence``). What depends on
    the models alone (the merged vocabularies, the stacked coefficients, the evidence
    models' arrays) is built once."""

    def __init__(self, models, single_axes, multi_axes):
        self.models = models
        self.single_axes = tuple(a for a in single_axes if models.pipeline(a) is not None)
        self.multi_axes = tuple(a for a in multi_axes if models.pipeline(a) is not None)
        self._evidence: dict[str, tuple] = {}  # axis -> (its evidence model, its arrays)

    def pipes(self) -> list:
        return [self.models.pipeline(a) for a in (*self.single_axes, *self.multi_axes)]

    def evidence_models(self) -> dict:
        """axis -> its evidence model (``Models.sentence``)."""
        return getattr(self.models, "sentence", None) or {}

    @cached_property
    def index(self) -> "VocabIndex | None":
        """The vocabularies of the models' TF-IDF steps merged, the evidence models'
        among them (an item's words are looked up once for all)."""
        all_vecs = list(map(_word_vectorizer, self.pipes()))
        vecs = [v for v in all_vecs if v is not None and _plain_tfidf(v)]
        if not vecs:
            return None
        complete = len(vecs) == len(all_vecs)
        vecs += [e["tfidf"] for e in self.evidence_models().values() if _plain_tfidf(e["tfidf"])]
        return VocabIndex(vecs, complete=complete)

    def bags(self, docs: list[Segmented], spans_of) -> tuple["_Bag", "_Bag"]:
        """(one row per item, one row per paragraph ``spans_of[i]`` of each item): every
        word of the batch looked up once."""
        index = self.index
        if index is not None and index.complete:
            # every word looked up once in the models' merged vocabularies
            return vocab_bags(docs, spans_of, index)
        item_bag, bag = batch_bags(docs, spans_of)
        if index is not None:  # each vectorizer's column of each word, one lookup
            item_bag.columns = bag.columns = index.columns(bag.words)
        return item_bag, bag

    def probabilities(self, docs: list[Segmented], spans_of, *, items: bool = False,
                      bags: tuple | None = None) -> tuple[dict, ...]:
        """({single axis: (features, probabilities) of the items}, {multi axis:
        (features, probabilities) of the paragraphs}); (None, None) for an axis without
        a model. ``items``: a third dict, {multi axis: (features, probabilities) of the
        whole items} (the item vote of ``huibian.nlp.combine``). ``bags``: ``bags(docs,
        spans_of)`` done before."""
        item_bag, bag = bags or self.bags(docs, spans_of)
        single = {axis: predict_proba(self.models.pipeline(axis), docs, words=item_bag)
                  if docs else (None, None) for axis in self.single_axes}
        if items:
            return single, self.multi_probs(bag), self.multi_probs(item_bag)
        return single, self.multi_probs(bag)

    def multi_probs(self, bag: "_Bag") -> dict:
        """(features, probabilities) of every paragraph on every multi-label axis. When
        the axes' pipelines share their TF-IDF step (``_same_tfidf``) and end in
        one-vs-rest logistic regressions, the rows are transformed once and all the
        axes' probabilities come from one product with their coefficients side by side
        (each column the same sums, in the same order, as the axis's own product), then
        split."""
        if not len(bag):
            return {axis: (None, None) for axis in self.multi_axes}
        stacked = self.stacked
        if stacked is not None:
            vec, coef_t, intercept, slices = stacked
            x = tfidf_transform(vec, bag)
            if isinstance(x, CSR):
                probs = _expit(x @ coef_t + intercept)
                return {axis: (x, probs[:, slices[axis]]) for axis in self.multi_axes}
        return {axis: predict_proba(self.models.pipeline(axis), None, words=bag)
                for axis in self.multi_axes}

    def evidence(self, axis: str, docs: list[Segmented], spans_of,
                 item_bag: "_Bag | None" = None) -> list[np.ndarray]:
        """``sentence_probabilities`` of ``axis``'s evidence model on the sentences
        ``spans_of[i]`` of each item. ``item_bag``: the items' bag of ``bags(docs, ...)``:
        the merged vocabularies' id of each word it kept (``_Bag.word_ids``) gives the
        word's column in the evidence model's vocabulary, with no lookup of its own."""
        entry = self.evidence_models()[axis]
        got = self._evidence.get(axis)
        if got is None or got[0] is not entry:
            got = self._evidence[axis] = (entry, evidence_arrays(entry))
        columns = None
        index = self.index
        if item_bag is not None and item_bag.word_ids is not None and index is not None:
            # (the index holds its vectorizers: an id in it is one of theirs)
            col = index.full_columns.get(id(entry["tfidf"]))
            if col is not None:
                columns = [col[ids] for ids in item_bag.word_ids]
        return sentence_probabilities(entry, docs, spans_of, got[1], columns)

    @cached_property
    def stacked(self):
        """(the shared TF-IDF step, stacked coefficients transposed, intercepts, axis ->
        its columns) of the multi-label axes' models, or None."""
        # deferred for start-up time (these sklearn modules load when a model is used)
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        index = self.index
        if not self.multi_axes or index is None:
            return None
        vecs, coefs, intercepts, slices, at = [], [], [], {}, 0
        for axis in self.multi_axes:
            pipe = self.models.pipeline(axis)
            steps = [t for _, t in pipe.steps[:-1] if t is not None and t != "passthrough"]
            clf = pipe.steps[-1][1]
            if not (len(steps) == 2 and isinstance(steps[0], Segmenter)
                    and _plain_tfidf(steps[1]) and type(clf) is OneVsRestClassifier
                    and getattr(clf, "multilabel_", False) and len(clf.estimators_) > 1
                    and all(type(e) is LogisticRegression and len(e.classes_) == 2
                            and e.coef_.shape == (1, len(steps[1].vocabulary_))
                            for e in clf.estimators_)):
                return None
            vecs.append(steps[1])
            coefs += [e.coef_ for e in clf.estimators_]
            intercepts += [e.intercept_ for e in clf.estimators_]
            slices[axis] = slice(at, at + len(clf.estimators_))
            at += len(clf.estimators_)
        keys = {index.same_as.get(id(v), id(v)) for v in vecs}
        if len(keys) == 1 and all(id(v) in index.full_columns for v in vecs):
            return (vecs[0], np.ascontiguousarray(np.vstack(coefs).T),
                    np.concatenate(intercepts), slices)
        return None

    def reference(self, docs: list[Segmented], spans_of, *, items: bool = False
                  ) -> tuple[dict, ...]:
        """``probabilities`` from the whole scikit-learn pipelines (``transform`` step
        by step for the features, ``predict_proba`` for the probabilities): the
        single-label axes on the items, the multi-label axes on each paragraph's words
        (``paragraph_words``) as a ``Segmented`` of its own. Slow; the reference."""
        def run(pipe, inputs):
            if pipe is None or not inputs:
                return None, None
            x = inputs
            for _, step in pipe.steps[:-1]:
                if step is not None and step != "passthrough":
                    x = step.transform(x)
            return x, pipe.predict_proba(inputs)

        paras = [Segmented("", words=ws, starts=[0] * len(ws))
                 for doc, spans in zip(docs, spans_of) for ws in paragraph_words(doc, spans)]
        out = ({axis: run(self.models.pipeline(axis), docs) for axis in self.single_axes},
               {axis: run(self.models.pipeline(axis), paras) for axis in self.multi_axes})
        if items:
            return (*out, {axis: run(self.models.pipeline(axis), docs)
                           for axis in self.multi_axes})
        return out


def predict_proba(pipe, X, *, words=None):
    """``pipe.predict_proba(X)`` step by step, also returning what the last step was
    given (the features, for the reasons). ``words``: for each row of ``X``, the
    content words a first ``Segmenter`` step would join (that step and the TF-IDF
    tokenizing after it are then skipped: ``tfidf_transform``)."""
    steps = [t for _, t in pipe.steps[:-1] if t is not None and t != "passthrough"]
    if words is not None and not isinstance(words, _Bag):
        words = _Bag(words)
    if words is not None and len(steps) >= 2 and isinstance(steps[0], Segmenter):
        X = tfidf_transform(steps[1], words)
        steps = steps[2:]
    elif (words is not None and len(steps) == 1 and _is_words_and_struct(steps[0])):
        union = steps[0]
        parts = dict(union.transformer_list)
        tf = tfidf_transform(parts["words"].steps[1][1], words)
        struct = (structural_matrix(X) if type(parts["struct"]) is StructuralFeatures
                  else parts["struct"].transform(X))  # (no set_output wrapper call)
        if isinstance(tf, CSR) and tf.data.dtype == np.float64:
            X = tf.hstack_dense(np.asarray(struct, dtype=np.float64))
        else:
            X = sp.hstack([_as_scipy(tf), sp.csr_array(struct)], format="csr")
        steps = []
    elif X is None:
        raise TypeError("expected a pipeline that starts with a Segmenter")
    if steps:
        X = _as_scipy(X)
    for t in steps:
        X = t.transform(X)
    return X, _linear_proba(pipe.steps[-1][1], X)


class CSR:
    """A CSR matrix as its arrays, for the fast path (a scipy sparse array costs more
    to construct and check than a file's few rows cost to compute, and most rows are
    only read: a reason's row, the TF-IDF weighting): canonical (column indices sorted
    within a row, no duplicates), float64 data, int32 indices. ``@`` a dense matrix is
    scipy's own ``csr_array @ dense`` (the public constructor over the same arrays, no
    copy), so the products are the numbers scikit-learn's ``safe_sparse_dot`` gives."""

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
        return sp.csr_array((self.data, self.indices, self.indptr), shape=self.shape)

    def toarray(self):
        return self.tocsr().toarray()

    def __getitem__(self, key):
        return self.tocsr()[key]

    def __matmul__(self, other):
        return self.tocsr() @ np.asarray(other)

    def hstack_dense(self, dense: np.ndarray) -> "CSR":
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
        return CSR(np.concatenate(dat) if dat else np.zeros(0),
                    np.concatenate(idx) if idx else np.zeros(0, dtype=self.indices.dtype),
                    indptr, (m, n + dense.shape[1]))


def _as_scipy(X):
    return X.tocsr() if isinstance(X, CSR) else X


def _linear_proba(clf, X):
    """``clf.predict_proba(X)`` for the models ``build_*_pipeline`` fit, computed with
    the same operations as scikit-learn (decision = X @ coef.T + intercept, then expit
    or softmax) but without its per-call input validation, which cost more than the
    arithmetic on a file's few items; a one-vs-rest model's binary logistic regressions
    are stacked into one matrix product (each column the same sums, in the same order,
    as its own product). Any other estimator: its own ``predict_proba``."""
    # deferred for start-up time (these sklearn modules load when a model is used)
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
    """``scipy.special.expit`` in place (as LogisticRegression.predict_proba does)."""
    return expit(x, out=x)


def _is_words_and_struct(union) -> bool:
    """The genre pipeline's FeatureUnion as ``build_genre_pipeline`` makes it."""
    # deferred for start-up time (these sklearn modules load when a model is used)
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
    # deferred for start-up time (these sklearn modules load when a model is used)
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
        # (``vocab_bags``) per item, the merged vocabularies' id of each of its words
        self.word_ids: list[np.ndarray] | None = None
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
        bag._word_lists = bag.word_ids = None
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


class VocabIndex:
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
    ia, ib = _idf(a), _idf(b)
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


def _sentence_rows(doc: "Segmented", spans, cols, lengths, r0: int, out_cols: list,
                   out_rows: list) -> int:
    """``_paragraph_rows`` for the many short spans of an item's sentences, by arrays:
    the words of ``doc`` whose column ``cols`` is known (>= 0), each lying wholly inside
    a span: the last span starting at or before the word's start, if the word
    (``lengths`` of its column long) ends inside it (the spans are disjoint and in
    order). Appends their columns and rows (``r0`` + span index) in word order;
    returns the next free row."""
    at = np.flatnonzero(cols >= 0)
    if len(at) and spans:
        c = cols[at]
        starts = np.asarray(doc.starts, dtype=np.intp)[at]
        edges = np.asarray(spans, dtype=np.intp)
        k = np.searchsorted(edges[:, 0], starts, side="right") - 1
        inside = (k >= 0) & (starts + lengths[c] <= edges[k, 1])
        out_cols.append(c[inside])
        out_rows.append(k[inside] + r0)
    return r0 + len(spans)


def vocab_bags(docs: list[Segmented], spans_of, index: VocabIndex) -> tuple[_Bag, _Bag]:
    """``batch_bags`` for models whose vocabularies are all in ``index`` (complete):
    the same rows less the words no model knows (which no vectorizer counts), each
    word's id its id in the merged vocabularies."""
    get, unknown = index.union.get, len(index.union)
    item_ids, item_rows, para_ids, para_rows, word_ids = [], [], [], [], []
    p0 = 0
    for i, (doc, spans) in enumerate(zip(docs, spans_of)):
        ws = doc.words
        ids = np.fromiter(map(get, ws, repeat(unknown, len(ws))), dtype=np.intp, count=len(ws))
        word_ids.append(ids)
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
    bags[0].word_ids = word_ids
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


def batch_bags(docs: list[Segmented], spans_of) -> tuple[_Bag, _Bag]:
    """Two bags over one interning of the batch's words: one row per item with its
    content words (what the genre pipeline's Segmenter joins) and one row per paragraph
    ``spans_of[i]`` of each item with the content words lying wholly inside it (the
    paragraphs of an item are disjoint and in order: a word belongs to the last
    paragraph starting at or before it, if it ends inside it). The same rows, in the
    same order, as ``content_words_of`` and ``paragraph_words``."""
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


def sparse_row(x, i: int) -> tuple[np.ndarray, np.ndarray]:
    """(data, column indices) of row ``i`` of a CSR matrix, as ``x[i:i+1]`` holds them."""
    if getattr(x, "format", None) == "csr":
        a, b = x.indptr[i], x.indptr[i + 1]
        return x.data[a:b], x.indices[a:b]
    row = x[i:i + 1].tocsr()
    return row.data, row.indices


def dense_row(x, i: int) -> np.ndarray:
    """Row ``i`` of ``x`` as a dense vector (``x[i:i+1].toarray()[0]``)."""
    if getattr(x, "format", None) == "csr" and x.has_canonical_format:
        data, indices = sparse_row(x, i)
        out = np.zeros(x.shape[1], dtype=x.dtype)
        out[indices] = data
        return out
    if hasattr(x, "toarray"):
        return x[i:i + 1].toarray()[0]
    return np.asarray(x)[i]


def _idf(vec):
    """The idf weights of a fitted TF-IDF vectorizer, None without idf."""
    return vec.idf_ if vec.use_idf else None


def tfidf_transform(vec, bag: _Bag):
    """``vec.transform([" ".join(ws) for ws in bag.word_lists])`` for the pipelines'
    TF-IDF step (token pattern ``[^ ]+``: the words are the tokens): the same count
    matrix (counts, sorted column indices) built from the words directly, then the
    vectorizer's TF-IDF weighting and normalization, step by step as
    ``TfidfTransformer.transform`` takes them (``_tfidf_weight``)."""
    if (not _plain_tfidf(vec) or bag.has_space or vec.norm not in ("l1", "l2", None)
            or np.dtype(vec.dtype) not in (np.float64, np.float32)):
        return vec.transform([" ".join(ws) for ws in bag.word_lists])
    key = bag.same_as.get(id(vec), id(vec))
    done = bag.transformed.get(key)
    if done is not None:  # (the rows are only read from here on)
        return done
    done = bag.transformed[key] = _tfidf_rows(vec, bag)
    return done


def _tfidf_rows(vec, bag: _Bag):
    """``tfidf_transform`` of a plain vectorizer, computed."""
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
    X = CSR(counts.astype(vec.dtype), (keys % n_cols).astype(np.int32),
             indptr.astype(np.int32), (bag.n_rows, n_cols))
    return _tfidf_weight(vec, X)


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


def _tfidf_weight(vec, X: CSR) -> CSR:
    """What ``vec.transform`` does to the count matrix ``X`` (float CSR; ``vec`` a
    fitted plain TF-IDF vectorizer with norm l1, l2 or None), with the same steps in
    the same order as ``TfidfTransformer.transform`` -- sublinear tf, idf, row
    normalization with scikit-learn's own in-place routine (``sparsefuncs_fast``, in
    its API reference) -- minus the input checks. In place."""
    if vec.sublinear_tf:
        np.log(X.data, X.data)
        X.data += 1.0
    idf = _idf(vec)
    if idf is not None:
        X.data *= idf[X.indices]
    if vec.norm == "l2":  # these read .data .shape .indices .indptr only
        inplace_csr_row_normalize_l2(X)
    elif vec.norm == "l1":
        inplace_csr_row_normalize_l1(X)
    return X


def paragraph_words(doc: Segmented, spans) -> list[list[str]]:
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


def sentence_probabilities(entry: dict, docs: list[Segmented], spans_of,
                           arrays: tuple | None = None, columns=None) -> list[np.ndarray]:
    """The evidence model ``entry`` (``Models.sentence[axis]``: its TF-IDF step, labels
    and one binary logistic regression a label) on the sentences ``spans_of[i]`` of each
    item: per item a (sentences x labels) matrix of probabilities, each column what its
    regression's ``predict_proba`` gives for the positive class (decision = x @ coef.T
    + intercept, then expit). A sentence's row counts the item's words lying wholly
    inside it that the vectorizer knows (it learned content words only), as
    ``tfidf_transform`` of its content words would. ``columns``: per item, the column of
    each of its words in the vectorizer's vocabulary (-1: not in it), looked up before
    (``Inference.evidence``); else they are looked up here."""
    vec = entry["tfidf"]
    n_labels = len(entry["estimators"])
    if not sum(map(len, spans_of)) or not n_labels:
        return [np.zeros((len(spans), n_labels)) for spans in spans_of]
    words, identity, lengths, coef_t, intercept = arrays or evidence_arrays(entry)
    get, unknown = vec.vocabulary_.get, -1
    ids_l, rows_l = [], []
    p0 = 0
    for i, (doc, spans) in enumerate(zip(docs, spans_of)):
        if columns is not None:
            ids = columns[i]
        else:
            ws = doc.words
            ids = np.fromiter(map(get, ws, repeat(unknown, len(ws))), dtype=np.intp,
                              count=len(ws))
        p0 = _sentence_rows(doc, spans, ids, lengths, p0, ids_l, rows_l)
    bag = _Bag.of_arrays(words, _cat(ids_l), _cat(rows_l), p0)
    bag.columns = {id(vec): identity}
    bag.__dict__["has_space"] = False
    x = _as_scipy(tfidf_transform(vec, bag))
    probs = _expit(np.asarray(x @ coef_t) + intercept)
    out, at = [], 0
    for spans in spans_of:
        out.append(probs[at:at + len(spans)])
        at += len(spans)
    return out


def evidence_arrays(entry: dict) -> tuple:
    """(the vectorizer's words by column, the identity column map, the words' lengths,
    the regressions' coefficients stacked and transposed, their intercepts) of an
    evidence model: built once per model by its reader (``Inference.evidence``)."""
    vec, ests = entry["tfidf"], entry["estimators"]
    words = [""] * len(vec.vocabulary_)
    for w, c in vec.vocabulary_.items():
        words[c] = w
    return (words, np.arange(len(words), dtype=np.intp),
            np.fromiter(map(len, words), dtype=np.intp, count=len(words)),
            np.ascontiguousarray(np.vstack([e.coef_ for e in ests]).T),
            np.concatenate([e.intercept_ for e in ests]))
