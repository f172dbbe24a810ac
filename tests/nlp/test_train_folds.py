"""Cross-validation folds are grouped by source document, and the shipped labels are
exact spans of what the real ingest makes of the sample corpus."""

from pathlib import Path

from huibian.errors import DataFileError
from nlp.features import paragraphs
from nlp.training import LABELS_DIR, document_folds, fold_groups, load_units

ROOT = Path(__file__).resolve().parents[2]


def test_no_document_on_both_sides_of_a_fold(resources):
    units = load_units(taxonomy=resources.taxonomy)
    groups = fold_groups(units)
    assert sorted(set(groups)) == sorted(str(p.relative_to(ROOT)) for p in
                                         (ROOT / "corpora" / "sample").glob("*.txt"))
    folds = document_folds(units)
    assert len(folds) == 3                      # three seed documents: leave-one-out
    tested = []
    for train, test in folds:
        assert not {groups[i] for i in train} & {groups[i] for i in test}
        assert len({groups[i] for i in test}) == 1
        tested.extend(test)
    assert sorted(tested) == list(range(len(units)))


def test_human_item_with_a_seed_text_joins_that_document():
    units = [{"id": "000:p001", "source": "a.txt", "text": "甲"},
             {"id": "001:p001", "source": "b.txt", "text": "乙"},
             {"id": "human:x", "level": "item", "text": "甲"},
             {"id": "human:y", "level": "item", "text": "丙"}]
    assert fold_groups(units) == ["a.txt", "b.txt", "a.txt", "human:y"]
    train, test = zip(*document_folds(units, folds=5))
    assert len(train) == 3                       # a.txt, b.txt, human:y


def test_one_document_cannot_be_cross_validated():
    units = [{"id": "p1", "source": "a.txt", "text": "甲"},
             {"id": "p2", "source": "a.txt", "text": "乙"}]
    try:
        document_folds(units)
    except DataFileError as exc:
        assert "at least 2 documents" in str(exc)
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
