import zipfile

import pytest

from huibian.core.errors import ModelError
from huibian.nlp.classify import Models
from huibian.nlp.training import load_units


@pytest.fixture(scope="module")
def fitted(resources):
    from huibian.nlp.classify import Classifier

    units = load_units(taxonomy=resources.taxonomy)
    return Models.fit(units, resources.taxonomy, Classifier(resources.taxonomy, None,
                                                            resources.tokenizer).segment)


@pytest.fixture(scope="module")
def model_path(tmp_path_factory, fitted):
    path = tmp_path_factory.mktemp("m") / "classifier.skops"
    fitted.save(path)
    return path


def test_round_trip(model_path, resources):
    m = Models.load(model_path, resources.tokenizer)
    assert "vanguard_post" in m.classes["carrier"]
    assert list(model_path.parent.glob("*.tmp")) == []


def _vectorizers(models):
    from huibian.nlp.inference import _word_vectorizer

    pipes = [models.genre, *models.single.values(), *models.multi.values()]
    return [_word_vectorizer(p) for p in pipes] + [e["tfidf"] for e in models.sentence.values()]


def test_vocabularies_saved_as_arrays_load_as_the_same(fitted, model_path, resources, seeds):
    """Each TF-IDF vocabulary is saved as two arrays, its words and their columns (one
    pair for the multi-label axes' equal vocabularies), which keeps the file small and
    quick to read; loaded, the models have the same vocabularies (in the same order),
    weights and predictions as the models trained."""
    import numpy as np
    import skops.io as sio

    from huibian.nlp.classify import Classifier

    raw = sio.load(model_path, trusted=sio.get_untrusted_types(file=model_path))
    saved = [p.steps[1][1].vocabulary_ for p in raw["multi"].values()]
    saved.append(raw["sentence"]["carrier"]["tfidf"].vocabulary_)
    assert all(type(v) is tuple and len(v) == 2 and isinstance(v[0], np.ndarray)
               and isinstance(v[1], np.ndarray) for v in saved)
    assert saved[1] is saved[0] and saved[2] is saved[0]  # (saved once in the file)
    loaded = Models.load(model_path, resources.tokenizer)
    pairs = list(zip(_vectorizers(fitted), _vectorizers(loaded)))
    assert len(pairs) == 5
    for a, b in pairs:
        assert type(b.vocabulary_) is dict
        assert list(b.vocabulary_.items()) == list(a.vocabulary_.items())
        assert np.array_equal(a.idf_, b.idf_) and a.get_params() == b.get_params()
    items = [it for d in seeds.values() for it in d.items]
    docs = [Classifier(resources.taxonomy, None, resources.tokenizer).segment(it.text)
            for it in items]
    want, got = (Classifier(resources.taxonomy, m, resources.tokenizer,
                            thresholds=resources.classifier.thresholds).classify_many(docs)
                 for m in (fitted, loaded))
    assert got == want and len(got) == len(items) >= 6


def test_missing(tmp_path):
    with pytest.raises(ModelError) as err:
        Models.load(tmp_path / "none.skops")
    assert err.value.code == "E501"


def test_truncated(model_path, tmp_path):
    bad = tmp_path / "t.skops"
    bad.write_bytes(model_path.read_bytes()[: model_path.stat().st_size // 2])
    with pytest.raises(ModelError) as err:
        Models.load(bad)
    assert err.value.code == "E503" and "retrain" in str(err.value)


def test_corrupt(tmp_path):
    bad = tmp_path / "c.skops"
    bad.write_bytes(b"not a model at all")
    with pytest.raises(ModelError, match="corrupt"):
        Models.load(bad)


def test_old_format_version(model_path, tmp_path, resources):
    import skops.io as sio

    payload = sio.load(model_path, trusted=sio.get_untrusted_types(file=model_path))
    payload["format_version"] = 0
    old = tmp_path / "old.skops"
    sio.dump(payload, old)
    with pytest.raises(ModelError) as err:
        Models.load(old)
    assert err.value.code == "E504"


def test_untrusted_type_refused(tmp_path):
    import skops.io as sio
    from huibian.core.records import Heading

    path = tmp_path / "u.skops"
    sio.dump({"format_version": 1, "x": Heading(1, 2, 3)}, path)
    with pytest.raises(ModelError) as err:
        Models.load(path)
    assert err.value.code == "E502"
