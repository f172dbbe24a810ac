"""The stacked decision (huibian.nlp.combine.STACK_FEATURES, the calibrated thresholds'
``stacker``): one logistic regression over a carrier's evidence in the item decides
instead of the cue count, the veto and the add threshold; ``huibian train`` fits it on
the cross-fitted features of the train split (huibian.evaluation.thresholds.fit_stacker)."""

import json

import pytest

from huibian.commands.analysis import thresholds_lines
from huibian.core.errors import DataFileError
from huibian.evaluation.thresholds import STACK_CUTS, fit_stacker
from huibian.nlp.combine import STACK_FEATURES, choose, stack_features
from huibian.nlp.lexicons import load_label_thresholds
from huibian.nlp.taxonomy import load_taxonomy

TEXT = "关于开展活动的通知\n" + "一段正文。" * 40 + "\n各支部要组织党员结对帮扶困难群众。"
AT = TEXT.index("结对")
# weights in STACK_FEATURES order: the evidence sentence counts most, a cue a little;
# a model learned before "cue_labels" was added (it names the features it weighs)
MODEL = {"features": list(STACK_FEATURES[:8]),
         "weights": [0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 1.0, 0.0], "bias": -1.0, "cut": 0.5}


def _carrier(found, sentence, thresholds, sources=("rule", "model")):
    evidenced: set = set()
    hits = [h for f in found.values() for h in f[1]]
    got = choose("carrier", found, {lab: 100.0 for lab in found}, 200, 4, text=TEXT,
                 hits=hits, thresholds=thresholds, sources=sources, sentence=sentence,
                 evidenced=evidenced)
    return got, evidenced


def test_features():
    hit = ((AT, "结对", "pairing"),)
    x = stack_features("pairing", {"pairing": (0.6, hit, 0.6, 0.3)}, TEXT, hit,
                       {"pairing": 0.9}, 0.25)
    assert len(x) == len(STACK_FEATURES) and x[7] == 0.25
    assert x[:6] == pytest.approx([0.6931, 0.0, 0.6, 0.3, 0.9, 0.9], abs=1e-4)
    assert x[6] == pytest.approx(2.1972, abs=1e-4)  # logit 0.9
    assert x[8] == pytest.approx(0.6931, abs=1e-4)  # one label with a cue in the item
    # a label with no cue, no paragraph and no sentence: all but the logit and the
    # item's count of labels with a cue 0
    x = stack_features("volunteer", {}, TEXT, hit, {})
    assert x[:6] == [0.0] * 6 and x[6] < -9 and x[7] == 0.0 and x[8] == pytest.approx(0.6931, abs=1e-4)
    # three labels named in the item (twice one of them): log(1 + 3)
    hits = hit + ((AT + 5, "培训", "training"), (AT + 9, "志愿", "volunteer"), (AT + 12, "结对", "pairing"))
    assert stack_features("pairing", {}, TEXT, hits, {})[8] == pytest.approx(1.3863, abs=1e-4)


def test_the_stacker_decides_instead_of_the_thresholds():
    hit = lambda cue, lab: ((AT, cue, lab), (AT + 30, cue, lab))  # noqa: E731
    found = {"pairing": (0.9, hit("结对", "pairing"), 0.9, None),
             "training": (0.8, hit("培训", "training"), 0.8, None)}
    sentence = {"pairing": 0.02, "training": 0.95, "volunteer": 0.99}
    th = {"sentence_vote": {"carrier": {"veto": 0.0, "add": 1.01}}}
    # the thresholds: the cues give both, the evidence model adds and vetoes nothing
    got, evidenced = _carrier(found, sentence, th)
    assert [lab for lab, _ in got] == ["pairing", "training"] and not evidenced
    # the stacker: pairing's sentence is a mention (dropped), volunteer's runs it
    # (given without a cue, quoting its sentence), training has both
    got, evidenced = _carrier(found, sentence, {**th, "stacker": {"carrier": MODEL}})
    assert got == [("volunteer", 0.99), ("training", 0.8)] and evidenced == {"volunteer"}
    # one source alone: the thresholds, as before
    got, _ = _carrier(found, sentence, {**th, "stacker": {"carrier": MODEL}},
                      sources=("rule",))
    assert [lab for lab, _ in got] == ["pairing", "training"]


def test_thresholds_file_takes_a_stacker(tmp_path):
    tax = load_taxonomy()
    path = tmp_path / "label_thresholds.json"
    path.write_text(json.dumps({"stacker": {"carrier": MODEL}}), encoding="utf-8")
    assert load_label_thresholds(path, tax)["stacker"] == {"carrier": MODEL}
    line = thresholds_lines({"stacker": {"carrier": MODEL}})[-1]
    assert line.startswith("- stacked decision, carrier") and "sentence_logit +1.00" in line
    path.write_text(json.dumps({"stacker": {"carrier": {**MODEL, "weights": [1.0]}}}),
                    encoding="utf-8")
    with pytest.raises(DataFileError, match="weights"):
        load_label_thresholds(path, tax)
    path.write_text(json.dumps({"stacker": {"carrier": {**MODEL, "features": ["nope"] * 8}}}),
                    encoding="utf-8")
    with pytest.raises(DataFileError, match="features"):
        load_label_thresholds(path, tax)
    path.write_text(json.dumps({"stacker": {"nope": MODEL}}), encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown axis"):
        load_label_thresholds(path, tax)


class _Folds:
    """What fit_stacker reads of a CrossFit: the taxonomy, each unit's gold labels and
    its features by fold."""

    def __init__(self, taxonomy, gold, rows):
        self.taxonomy, self._gold, self._rows = taxonomy, gold, rows

    def gold(self, axis):
        return self._gold

    def stack_rows(self, thresholds, axis):
        return self._rows, [i % 3 for i in range(len(self._rows))]


def test_fit_stacker_learns_the_evidence_sentence():
    tax = load_taxonomy()
    gold, rows = [], []
    for i in range(60):
        has = i % 2 == 0
        p = 0.9 if has else 0.05
        gold.append(["pairing"] if has else [])
        # a cue in every unit (mentioned or run): only the sentence tells them apart
        hit = ((AT, "结对", "pairing"),)
        rows.append({"pairing": stack_features("pairing", {"pairing": (0.7, hit, 0.7, None)},
                                               TEXT, hit, {"pairing": p})})
    model = fit_stacker(_Folds(tax, gold, rows), {}, "carrier")
    assert model["features"] == list(STACK_FEATURES) and len(model["weights"]) == 9
    assert model["cut"] in STACK_CUTS and model["cross_fitted_macro_f1"] == 1.0
    assert model["weights"][STACK_FEATURES.index("sentence_logit")] > 0
    # nothing to learn from: no stacker
    assert fit_stacker(_Folds(tax, [[] for _ in rows], rows), {}, "carrier") is None
