import zipfile

import pytest

from huibian.core.errors import ModelError
from huibian.nlp.classify import Models
from huibian.nlp.training import load_units


@pytest.fixture(scope="module")
def model_path(tmp_path_factory, resources):
    from huibian.nlp.classify import Classifier

    units = load_units(taxonomy=resources.taxonomy)
    models = Models.fit(units, resources.taxonomy, Classifier(resources.taxonomy, None,
                                                              resources.tokenizer).segment)
    path = tmp_path_factory.mktemp("m") / "classifier.skops"
    models.save(path)
    return path


def test_round_trip(model_path, resources):
    m = Models.load(model_path, resources.tokenizer)
    assert "vanguard_post" in m.classes["carrier"]
    assert list(model_path.parent.glob("*.tmp")) == []


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
