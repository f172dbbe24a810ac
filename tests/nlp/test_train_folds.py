"""Cross-validation folds are grouped by item, the model card's numbers are what
``cross_validate`` gives, and the shipped labels are exact spans of what the real
ingest makes of the sample corpus."""

from pathlib import Path

from huibian.core.errors import DataFileError
from huibian.nlp.features import paragraphs
from huibian.nlp.training import LABELS_DIR, item_folds, fold_groups, load_units

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = {p.name[:3]: p.name for p in (ROOT / "corpora" / "sample").glob("*.txt")}


def test_no_item_on_both_sides_of_a_fold(resources, seeds):
    units = load_units(taxonomy=resources.taxonomy)
    groups = fold_groups(units)
    items = sorted(f"corpora/sample/{SAMPLE[key]}#{key}/{k}" for key, doc in seeds.items()
                   for k in range(1, len(doc.items) + 1))
    assert sorted(set(groups)) == items
    folds = item_folds(units)
    assert len(folds) == len(items) == 6          # six items: leave-one-item-out
    tested = []
    for train, test in folds:
        assert not {groups[i] for i in train} & {groups[i] for i in test}
        assert len({groups[i] for i in test}) == 1
        # no paragraph or sentence of the held-out item is in training
        held = {units[i]["item"] for i in test}
        assert not any(units[i]["item"] in held for i in train)
        tested.extend(test)
    assert sorted(tested) == list(range(len(units)))


def test_human_item_with_a_seed_text_joins_that_item():
    units = [{"id": "000:p001", "source": "a.txt", "item": "000/1", "text": "甲"},
             {"id": "000:p009", "source": "a.txt", "item": "000/2", "text": "丁"},
             {"id": "001:p001", "source": "b.txt", "item": "001/1", "text": "乙"},
             {"id": "human:x", "level": "item", "text": "甲"},
             {"id": "human:y", "level": "item", "text": "丙"}]
    assert fold_groups(units) == ["a.txt#000/1", "a.txt#000/2", "b.txt#001/1", "a.txt#000/1",
                                  "human:y"]
    folds = item_folds(units, folds=10)
    assert len(folds) == 4                       # 000/1, 000/2, 001/1, human:y
    assert sorted(tuple(te) for _, te in folds) == [(0, 3), (1,), (2,), (4,)]


def test_one_item_cannot_be_cross_validated():
    units = [{"id": "p1", "source": "a.txt", "item": "000/1", "text": "甲"},
             {"id": "p2", "source": "a.txt", "item": "000/1", "text": "乙"}]
    try:
        item_folds(units)
    except DataFileError as exc:
        assert "at least 2 items" in str(exc)
    else:
        raise AssertionError("expected DataFileError")


def test_labels_are_spans_of_the_current_ingest(seeds, resources):
    units = load_units(taxonomy=resources.taxonomy)
    items = {f"{key}/{k}": item.text for key, doc in seeds.items()
             for k, item in enumerate(doc.items, 1)}
    by_level: dict[str, list[dict]] = {}
    for u in units:
        by_level.setdefault(u["level"], []).append(u)
        assert u["text"] in items[u["item"]], u["id"]
        assert u["source"] == f"corpora/sample/{Path(u['source']).name}"
        assert u["id"].startswith(u["item"][:3])
    assert len({u["id"] for u in units}) == len(units)
    # every item and every paragraph of the sample corpus is labeled, once
    assert {u["item"]: u["text"] for u in by_level["item"]} == items
    paras = sorted((i, t[s:e]) for i, t in items.items() for s, e in paragraphs(t))
    assert sorted((u["item"], u["text"]) for u in by_level["paragraph"]) == paras
    assert len(by_level["section"]) >= 20
    for u in by_level["paragraph"] + by_level["section"]:
        item_genre = next(x["genre"] for x in by_level["item"] if x["item"] == u["item"])
        assert u["genre"] == item_genre, u["id"]
    assert LABELS_DIR == ROOT / "corpora" / "labels"
