"""An axis added to a copy of the taxonomy (``funding``, two labels with cue words) is
classified without code changes: by its cue words with or without the trained model
of the four axes, and by a model of its own once training units label it. The four
axes' results stay what they were."""

import json

import pytest

from huibian.nlp.analysis import Analyzer, ItemText, public
from huibian.nlp.classify import Classifier, Models
from huibian.nlp.features import Segmented
from huibian.nlp.taxonomy import AXES, load_taxonomy
from huibian.nlp.training import load_units

FUNDING = {
    "id": "funding", "name": "经费来源",
    "labels": [
        {"id": "budgeted", "name": "财政保障", "definition": "paid from a budget",
         "cues": ["财政拨款", "专项经费", "经费保障"]},
        {"id": "self_raised", "name": "自筹", "definition": "raised by the unit itself",
         "cues": ["自筹资金", "社会捐助"]},
    ],
}
BUDGETED = ("关于开展党员志愿服务活动的通知\n各支部：\n"
            "活动所需专项经费由财政拨款解决，各单位要做好经费保障，确保活动顺利开展。\n"
            "请各支部认真组织，按时报送活动总结。")
NEITHER = "各支部要认真组织党员学习，按时报送学习体会。"


def _taxonomy(tmp_path, base, multi: bool):
    data = json.loads(base.path.read_text(encoding="utf-8"))
    data["axes"].append({**FUNDING, "multi": multi})
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tax = load_taxonomy(path)
    assert tuple(tax.axes) == (*AXES, "funding")
    return tax


def _labels(pred) -> list[str]:
    return [p.label for p in pred] if isinstance(pred, list) else [pred.label]


@pytest.mark.parametrize("multi", [False, True])
def test_added_axis_is_labeled_by_its_cues(tmp_path, resources, multi):
    tax = _taxonomy(tmp_path, resources.taxonomy, multi)
    rules_only = Classifier(tax, None, resources.tokenizer)
    docs = [Segmented.cut(t, resources.tokenizer) for t in (BUDGETED, NEITHER)]
    got, none = rules_only.classify_many(docs)
    assert list(got) == [*AXES, "funding"]
    funding = got["funding"]
    assert isinstance(funding, list) is multi
    assert _labels(funding) == ["budgeted"]
    (p,) = funding if multi else [funding]
    assert p.score > 0.4 and p.model_score is None
    assert "财政拨款" in p.rule_reason and "专项经费" in p.rule_reason
    if multi:
        assert none["funding"] == []
    else:  # a single-label axis always names a label; score 0 when nothing points to one
        assert none["funding"].score == 0.0 and none["funding"].reason == "no cue and no model"


def test_added_axis_beside_the_trained_model(tmp_path, resources, seeds):
    """The shipped model knows four axes; with the five-axis taxonomy the four keep
    their results exactly and the fifth is labeled by its cues, in the analysis JSON
    too (after the four axes, before the named carriers)."""
    tax = _taxonomy(tmp_path, resources.taxonomy, multi=True)
    four = resources.classifier
    five = Classifier(tax, four.models, resources.tokenizer, thresholds=four.thresholds)
    items = [it for d in seeds.values() for it in d.items] + [ItemText("通知", BUDGETED)]
    docs = [Segmented.cut(it.text, resources.tokenizer) for it in items]
    hints = [getattr(it, "kind_hint", None) for it in items]
    old, new = four.classify_many(docs, hints), five.classify_many(docs, hints)
    for a, b in zip(old, new):
        assert {axis: b[axis] for axis in AXES} == a
    assert _labels(new[-1]["funding"]) == ["budgeted"]

    analyzer = Analyzer(five, resources.carriers, None, resources.stopwords, entities=False)
    out = public(analyzer.analyze([ItemText("通知", BUDGETED)])[0])
    keys = list(out)
    assert keys[:6] == ["title", *AXES, "funding"] and keys[6] == "named_carriers"
    assert [p["label"] for p in out["funding"]] == ["budgeted"]
    assert "财政拨款" in out["funding"][0]["reason"]


@pytest.mark.parametrize("multi", [False, True])
def test_added_axis_gets_a_model_when_units_label_it(tmp_path, resources, multi):
    tax = _taxonomy(tmp_path, resources.taxonomy, multi)
    units = [u for u in load_units(taxonomy=tax) if u.get("level") != "sentence"]
    for u in units:  # a labeling of the new axis for the test: by two words of the text
        lab = "budgeted" if "保障" in u["text"] else "self_raised"
        u["funding"] = [lab] if multi else lab
    seg = Classifier(tax, None, resources.tokenizer).segment
    models = Models.fit(units, tax, seg)
    assert models.pipeline("funding") is not None
    if multi:
        assert models.classes["funding"] == ["budgeted", "self_raised"]
    path = tmp_path / "classifier.skops"
    models.save(path)
    loaded = Models.load(path, resources.tokenizer)
    assert loaded.pipeline("funding") is not None

    classifier = Classifier(tax, loaded, resources.tokenizer)
    docs = [Segmented.cut(t, resources.tokenizer) for t in (BUDGETED, NEITHER)]
    got = classifier.classify_many(docs)
    funding = got[0]["funding"]
    p = next(p for p in funding if p.label == "budgeted") if multi else funding
    assert p.label == "budgeted" and p.model_score is not None and p.rule_score > 0
    # the fast path gives the new axis what the scikit-learn pipelines give
    classifier.reference = True
    try:
        assert classifier.classify_many(docs) == got
    finally:
        classifier.reference = False


@pytest.mark.parametrize("axis_id", ["keywords", "region", "Funding", "f"])
def test_an_added_axis_needs_a_free_plain_id(tmp_path, resources, axis_id):
    from huibian.core.errors import DataFileError

    data = json.loads(resources.taxonomy.path.read_text(encoding="utf-8"))
    data["axes"].append({**FUNDING, "id": axis_id, "multi": True})
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(DataFileError, match="bad axis id"):
        load_taxonomy(path)
