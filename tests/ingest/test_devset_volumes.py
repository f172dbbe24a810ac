"""The compiled volumes of the team's development set (assembled by
``corpora/make_volumes.py`` from our labeled documents) split into their items: titles,
units and 第N篇 labels exact. Pinned here: the train-split volumes in TXT, DOCX and PDF
(the PDF with a running head and page numbers). The dev-test volumes are measured by
``bench/understanding.py`` (bench/RESULTS.md) and not pinned, so that no rule is fitted
to the dev-test split."""

import pytest

from huibian.evaluation.devset import load_documents, load_volumes, split_of
from huibian.evaluation.run import score_volumes

VOLUMES = load_volumes()
TRAIN_VOLUMES = [v for v in VOLUMES if v.split == "train"]


def test_the_dev_set_is_split_by_a_fixed_rule():
    docs = load_documents()
    assert docs, "corpora/understanding holds the labeled documents"
    assert all(d.split == split_of(d.name) for d in docs)
    assert {d.split for d in docs} == {"train", "test"}
    for v in VOLUMES:  # a volume holds documents of its own split only
        assert {split_of(i["source"]) for i in v.items} == {v.split}


# Units the splitter does not read as labeled in the volumes of work systems (issue 16);
# the items themselves split exactly. Unit reading (ingest/layout.py), not splitting:
# a four-character unit at a title's head (金桥社区…) gives no unit (a title that is a
# unit and the genre word alone, …协会章程, is read by split._charter_unit).
KNOWN_UNIT_MISSES = {
    "train_systems_paras": ["金桥社区党员议事守则"],
}


@pytest.mark.parametrize("vol", TRAIN_VOLUMES, ids=[v.name for v in TRAIN_VOLUMES])
def test_volume_splits_exactly(vol):
    rows = score_volumes([vol])
    assert sorted(r["format"] for r in rows) == ["docx", "pdf", "txt"]
    misses = KNOWN_UNIT_MISSES.get(vol.name, [])
    assert set(misses) <= {i["title"] for i in vol.items}
    for row in rows:
        assert row["found"] == row["gold"], (row["format"], row["titles"])
        assert row["item_f1"] == 1.0, (row["format"], row["titles"])
        assert row["units_right"] == row["gold"] - len(misses), row["format"]
        assert row["labels_right"] == row["labels"], row["format"]
