"""The model card's dev-test section (``huibian train``): the scores of the model the
training replaced beside the new ones, when there are any."""

from huibian.commands.analysis import devset_card

AFTER = {"n": 67, "genre_accuracy": 1.0, "sector_macro_f1": 0.852, "theme_macro_f1": 0.7012,
         "carrier_macro_f1": 0.66, "title": {"exact": 0.985}}
BEFORE = {"n": 67, "genre_accuracy": 1.0, "sector_macro_f1": 0.852, "theme_macro_f1": 0.576,
          "title": {"exact": 0.97}}


def test_before_and_after_columns():
    lines = devset_card(AFTER, 142, before=BEFORE).splitlines()
    assert "| measure | before | score |" in lines
    assert "| theme_macro_f1 | 0.576 | 0.701 |" in lines
    # a measure the old scores lack
    assert "| carrier_macro_f1 | n/a | 0.660 |" in lines
    assert "| title exact (where present) | 0.970 | 0.985 |" in lines


def test_no_before():
    lines = devset_card(AFTER, 142).splitlines()
    assert "| measure | score |" in lines
    assert "| theme_macro_f1 | 0.701 |" in lines
    assert not any("before" in line for line in lines)


def test_thresholds_listed():
    th = {"coverage": {"sector": {"k12": 0.65, "health": 0.35},
                       "theme": {"ethics": 0.4, "learning": 0.4}},
          "item_vote": {"theme": 0.5}, "carrier_min_hits": {"pairing": 1, "training": 2},
          "sentence_vote": {"carrier": {"veto": 0.1, "add": 1.01}}}
    lines = devset_card(AFTER, 142, thresholds=th).splitlines()
    assert "- coverage, sector: k12 0.65, health 0.35" in lines
    assert "- coverage, theme: 0.4 (every label)" in lines
    assert "- item vote, theme: 0.5" in lines
    assert "- carrier cue hits: pairing 1, training 2" in lines
    assert "- evidence vote, carrier: veto below 0.1, adds no label" in lines
