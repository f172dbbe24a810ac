"""The item vote (huibian.nlp.combine.ITEM_VOTE): on theme (and any axis the calibrated
thresholds name, carrier here) the model's
probability on the whole item gives a label no paragraph gave, ranks the labels beside
their own scores, and counts as a use of a carrier (not a passing mention)."""

import json
import math

import pytest

from huibian.core.errors import DataFileError
from huibian.nlp.combine import ITEM_VOTE, MAX_LABELS, choose, item_vote
from huibian.nlp.lexicons import load_label_thresholds
from huibian.nlp.taxonomy import load_taxonomy

TEXT = "一个标题\n" + "一段正文。" * 40  # a title line, then 200 characters


def _theme(found_mass: dict, item: dict | None, thresholds=None, voted=None):
    found = {lab: (0.5, (), 0.5, None) for lab in found_mass}
    return choose("theme", found, dict(found_mass), 1000, 4, text=TEXT, hits=[],
                  thresholds=thresholds or {}, sources=("rule", "model"), item=item,
                  voted=voted)


def test_defaults():
    assert ITEM_VOTE == {"theme": 0.4}
    assert item_vote("theme", {}) == 0.4
    assert item_vote("sector", {}) is None
    assert item_vote("carrier", {}) is None
    assert item_vote("carrier", {"item_vote": {"carrier": 0.5}}) == 0.5
    assert item_vote("theme", {"item_vote": {"theme": 0.3}}) == 0.3
    assert MAX_LABELS["theme"] == 3


def test_the_whole_item_gives_a_theme_no_paragraph_covers():
    # org_building covers 0.2 of the item (score 1-exp(-0.6) = 0.451); service is in no
    # paragraph but the model reads the whole item as about it (0.62)
    cov = 1.0 - math.exp(-3.0 * 0.2)
    voted: set = set()
    got = _theme({"org_building": 200.0}, {"org_building": 0.3, "service": 0.62,
                                           "learning": 0.39}, voted=voted)
    assert got == [("service", 0.62), ("org_building", cov)]
    assert voted == {"service"}
    # without the item's probabilities (rules alone, no model): the paragraphs only
    assert _theme({"org_building": 200.0}, None) == [("org_building", cov)]
    # a higher calibrated threshold keeps service out
    assert _theme({"org_building": 200.0}, {"service": 0.62},
                  {"item_vote": {"theme": 0.7}}) == [("org_building", cov)]


def test_the_cap_keeps_the_labels_either_reading_is_surest_of():
    # four themes: three by coverage, one by the item vote; the cap of three drops the
    # label whose coverage score and item probability are both the lowest
    mass = {"org_building": 300.0, "member_vanguard": 200.0, "ethics": 100.0}
    item = {"org_building": 0.2, "member_vanguard": 0.1, "ethics": 0.9, "service": 0.5}
    got = _theme(mass, item)
    assert [lab for lab, _ in got] == ["ethics", "org_building", "service"]


def test_an_item_vote_is_a_carrier_used():
    # public_pledge: no cue in the text, the model sure of it on the whole item (0.55);
    # pairing: a paragraph scored it from one cue mention (0.6) but no use is shown and
    # the whole item does not read as pairing (0.2): dropped as a passing mention
    found = {"pairing": (0.6, ((20, "结对", "pairing"),), 0.6, 0.2)}
    hits = [(20, "结对", "pairing")]  # (in the body, not the title)
    voted: set = set()
    got = choose("carrier", found, {"pairing": 120.0}, 200, 1, text=TEXT, hits=hits,
                 thresholds={"item_vote": {"carrier": 0.5}}, sources=("rule", "model"),
                 item={"public_pledge": 0.55, "pairing": 0.2}, voted=voted)
    assert got == [("public_pledge", 0.55)]
    assert voted == {"public_pledge"}


def test_thresholds_file_takes_item_vote(tmp_path):
    tax = load_taxonomy()
    path = tmp_path / "label_thresholds.json"
    path.write_text(json.dumps({"item_vote": {"theme": 0.35, "carrier": 0.6}}), encoding="utf-8")
    assert load_label_thresholds(path, tax)["item_vote"] == {"theme": 0.35, "carrier": 0.6}
    path.write_text(json.dumps({"item_vote": {"colour": 0.5}}), encoding="utf-8")
    with pytest.raises(DataFileError, match="colour"):
        load_label_thresholds(path, tax)
