"""The fast inference path (huibian.nlp.inference) gives what scikit-learn's own
``predict_proba`` and ``predict`` of the same fitted pipelines give, on the team's
development documents (corpora/understanding/docs), and it names no private scipy or
scikit-learn module or attribute."""

import ast
from pathlib import Path

import numpy as np
import pytest

from huibian.nlp.features import Segmented, paragraphs
from huibian.nlp.inference import Inference, paragraph_words

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "corpora" / "understanding" / "docs"


@pytest.fixture(scope="module")
def dev_batches(resources):
    """The development documents, segmented, in batches of three (as a file's items
    come to the classifier)."""
    paths = sorted(DOCS.glob("*.txt"))
    assert len(paths) >= 200
    docs = [Segmented.cut(p.read_text(encoding="utf-8"), resources.tokenizer) for p in paths]
    return [docs[i:i + 3] for i in range(0, len(docs), 3)]


def _inference(resources) -> Inference:
    classifier = resources.classifier
    assert classifier.models is not None
    inference = classifier._inference()
    # the fast path proper: merged vocabularies, one product for the multi-label axes
    assert inference.index is not None and inference.index.complete
    assert inference.stacked is not None
    assert inference.single_axes == ("genre",)
    assert inference.multi_axes == ("sector", "theme", "carrier")
    return inference


def test_fast_probabilities_equal_predict_proba(resources, dev_batches):
    inference = _inference(resources)
    models = resources.classifier.models
    rows = {axis: 0 for axis in (*inference.single_axes, *inference.multi_axes)}
    for docs in dev_batches:
        spans_of = [paragraphs(d.text) or [(0, len(d.text))] for d in docs]
        single, multi = inference.probabilities(docs, spans_of)
        for axis in inference.single_axes:
            pipe = models.pipeline(axis)
            _, fast = single[axis]
            np.testing.assert_allclose(fast, pipe.predict_proba(docs), rtol=1e-12, atol=1e-15)
            # the label: the class of the highest probability, as predict gives it
            assert list(pipe.classes_[fast.argmax(axis=1)]) == list(pipe.predict(docs))
            rows[axis] += len(docs)
        paras = [Segmented("", words=ws, starts=[0] * len(ws))
                 for d, spans in zip(docs, spans_of) for ws in paragraph_words(d, spans)]
        for axis in inference.multi_axes:
            pipe = models.pipeline(axis)
            _, fast = multi[axis]
            want = pipe.predict_proba(paras)
            assert fast.shape == want.shape == (len(paras), len(models.classes[axis]))
            np.testing.assert_allclose(fast, want, rtol=1e-12, atol=1e-15)
            # one-vs-rest: a label where its regression's decision is positive
            np.testing.assert_array_equal((fast > 0.5).astype(int), pipe.predict(paras))
            rows[axis] += len(paras)
    assert rows["genre"] == sum(map(len, dev_batches))
    assert rows["sector"] > 1000  # paragraphs


def test_fast_item_probabilities_equal_predict_proba(resources, dev_batches):
    """The item vote's rows (each multi-label axis's model on the whole item) are
    what the pipeline's own ``predict_proba`` gives on the items, through the fast path
    and through ``Inference.reference``."""
    inference = _inference(resources)
    models = resources.classifier.models
    n = 0
    for docs in dev_batches[::4]:
        spans_of = [paragraphs(d.text) or [(0, len(d.text))] for d in docs]
        _, _, whole = inference.probabilities(docs, spans_of, items=True)
        _, _, ref = inference.reference(docs, spans_of, items=True)
        for axis in inference.multi_axes:
            want = models.pipeline(axis).predict_proba(docs)
            assert whole[axis][1].shape == want.shape == (len(docs), len(models.classes[axis]))
            np.testing.assert_allclose(whole[axis][1], want, rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(ref[axis][1], want, rtol=1e-12, atol=1e-15)
        n += len(docs)
    assert n >= 50


def test_evidence_probabilities_equal_predict_proba(resources, dev_batches):
    """The evidence model on every sentence of the items (``Inference.evidence``: the
    words looked up once with the other models', each sentence's words found by arrays)
    gives, bit for bit, what each of its regressions' own ``predict_proba`` gives on
    the TF-IDF step's ``transform`` of the sentence's content words; and the same
    without the batch's bag (the words looked up in its own vocabulary)."""
    from huibian.nlp.model_io import evidence_sentences

    inference = _inference(resources)
    entry = resources.classifier.models.sentence["carrier"]
    vec, ests = entry["tfidf"], entry["estimators"]
    n = 0
    for docs in dev_batches[::3]:
        spans_of = [paragraphs(d.text) or [(0, len(d.text))] for d in docs]
        item_bag, _ = inference.bags(docs, spans_of)
        assert item_bag.word_ids is not None
        sents = [evidence_sentences(d.text) for d in docs]
        fast = inference.evidence("carrier", docs, sents, item_bag)
        alone = inference.evidence("carrier", docs, sents)
        for doc, spans, got, got_alone in zip(docs, sents, fast, alone):
            x = vec.transform([" ".join(ws) for ws in paragraph_words(doc, spans)])
            want = np.stack([e.predict_proba(x)[:, 1] for e in ests], axis=1)
            assert got.shape == want.shape == (len(spans), len(ests))
            np.testing.assert_array_equal(got, want)
            np.testing.assert_array_equal(got_alone, want)
            n += len(spans)
    assert n > 3000  # sentences


def test_fast_labels_equal_the_reference_labels(resources, dev_batches):
    """The classifier's labels on every axis, through the fast path and through the
    whole scikit-learn pipelines (``Classifier.reference``), are the same."""
    classifier = resources.classifier
    fast, ref = [], []
    for docs in dev_batches:
        fast += classifier.classify_many(docs)
    classifier.reference = True
    try:
        for docs in dev_batches:
            ref += classifier.classify_many(docs)
    finally:
        classifier.reference = False

    def labels(result):
        return {a: [p.label for p in v] if isinstance(v, list) else v.label
                for a, v in result.items()}

    assert [labels(r) for r in fast] == [labels(r) for r in ref]
    for f, r in zip(fast, ref):
        for axis, preds in f.items():
            preds = preds if isinstance(preds, list) else [preds]
            other = r[axis] if isinstance(r[axis], list) else [r[axis]]
            np.testing.assert_allclose([p.score for p in preds], [p.score for p in other],
                                       rtol=1e-12, atol=1e-15)
    assert any(p.model_score is not None for r in fast for p in r["theme"])


PRIVATE = {"_sparsetools", "_hstack", "_tfidf", "_align_api_if_sparse", "_sparse"}


@pytest.mark.parametrize("name", ["inference", "classify", "model_io", "combine", "cues"])
def test_no_private_scipy_or_sklearn_names(name):
    tree = ast.parse((ROOT / "nlp" / f"{name}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and \
                node.module.split(".")[0] in ("scipy", "sklearn", "numpy"):
            assert not any(part.startswith("_") for part in node.module.split(".")), node.module
            assert not any(a.name.startswith("_") for a in node.names), node.module
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] in ("scipy", "sklearn", "numpy"):
                    assert not any(p.startswith("_") for p in a.name.split(".")), a.name
        elif isinstance(node, ast.Attribute):
            assert node.attr not in PRIVATE, f"{name}.py line {node.lineno}: .{node.attr}"
