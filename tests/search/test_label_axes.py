"""The label axes of search come from the taxonomy, not from a list in the code: an
axis the taxonomy adds (here ``funding``, labelled by a person) is faceted, filtered,
shown on the hits, exported as its own column and counted by the overview, on the
real sample store (migration 0014's triggers keep its facets current)."""

import csv

import pytest

from huibian.nlp.analysis_store import set_human_label
from huibian.search.engine import Filters, search
from huibian.search.export import COLUMNS, columns, headers, write_csv
from huibian.search.index import OTHER_AXES, label_axes
from huibian.store.db import transaction

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

HOSPITAL = "南昌大学第四附属医院"
PLAN_UNIT = "中共青山湖区教育体育局委员会"
FOUR = ("genre", "sector", "theme", "carrier")
FIVE = FOUR + ("funding",)


def test_label_axes_order():
    assert label_axes() == FOUR
    assert label_axes({"funding", "genre", "region"}) == FIVE
    assert label_axes({"zeta", "alpha"}, ("genre", "funding")) == ("genre", "funding", "alpha",
                                                                   "zeta")
    assert label_axes((), ("genre", "year")) == ("genre",)  # never a facet of OTHER_AXES
    assert OTHER_AXES == ("named_carrier", "region", "year", "unit", "collection")


def test_filters_take_any_taxonomy_axis():
    assert Filters(genre=("plan",), funding=("fiscal",)) == \
        Filters(labels={"genre": ("plan",), "funding": ("fiscal",)})
    assert Filters(genre=("plan",)).label_filter("genre") == ("plan",)
    assert Filters(genre=()).labels == () and Filters() == Filters(sector=())
    f = Filters(funding=("fiscal",), region=("江西省",), year_from=2010)
    assert f.categorical() == [("funding", ("fiscal",)), ("region", ("江西省",))]
    with pytest.raises(TypeError):
        Filters(labels={"region": ("江西省",)})


def test_export_columns_of_the_four_axes_are_unchanged():
    assert COLUMNS == ("rank", "id", "title", "unit", "date", "region", "chars", "score",
                       "genre", "sector", "theme", "carrier", "named_carrier", "source",
                       "snippet", "label_ids")


@pytest.fixture
def funded(store):
    """Two items labelled on a fifth axis by a person (through the labels table only:
    the facets follow by the triggers)."""
    conn, ids = store
    hospital, plan = ids[HOSPITAL], ids[PLAN_UNIT]
    with transaction(conn):
        set_human_label(conn, hospital, "funding", ["fiscal"], who="tester")
        set_human_label(conn, plan, "funding", ["fiscal", "self_raised"], who="tester")
    return conn, hospital, plan


def test_a_fifth_axis_is_faceted_and_filtered(funded, tokenizer):
    conn, hospital, plan = funded
    r = search(conn, None, limit=100, axes=FIVE)
    assert r.facets["funding"] == {"fiscal": 2, "self_raised": 1}
    labelled = [a for a in r.facets if a not in OTHER_AXES]
    assert labelled == [a for a in FIVE if a in r.facets]
    assert r.label_axes == FIVE
    only = search(conn, None, limit=100, filters=Filters(funding=("self_raised",)))
    assert [h.id for h in only.hits] == [plan]
    assert sorted(only.hits[0].labels["funding"]) == ["fiscal", "self_raised"]
    both = search(conn, "党员", tokenizer=tokenizer, limit=100,
                  filters=Filters(funding=("fiscal", "self_raised")))
    assert {h.id for h in both.hits} == {hospital, plan}
    assert both.facets["funding"] == {"fiscal": 2, "self_raised": 1}
    # a taxonomy axis and a filter on another axis together
    fiscal = search(conn, None, limit=100, filters=Filters(funding=("fiscal",)))
    for g in fiscal.facets["genre"]:
        expected = {h.id for h in fiscal.hits if g in h.labels.get("genre", [])}
        assert {h.id for h in search(conn, None, limit=100, filters=Filters(
            funding=("fiscal",), genre=(g,))).hits} == expected


def test_a_fifth_axis_label_removed_leaves_the_facets(funded):
    conn, hospital, plan = funded
    with transaction(conn):
        set_human_label(conn, plan, "funding", [], who="tester")
    assert search(conn, None, limit=0).facets["funding"] == {"fiscal": 1}
    with transaction(conn):
        set_human_label(conn, hospital, "funding", [], who="tester")
    assert "funding" not in search(conn, None, limit=0).facets


def test_a_fifth_axis_is_an_export_column(funded, tmp_path):
    conn, hospital, plan = funded
    r = search(conn, None, limit=100, filters=Filters(funding=("fiscal",)), axes=FIVE)
    cols = columns(r)
    assert cols == COLUMNS[:12] + ("funding",) + COLUMNS[12:]
    rows = list(csv.reader(write_csv(r, tmp_path / "r.csv").open(encoding="utf-8-sig")))
    # issue 17: Chinese headers and label names; an axis and labels the taxonomy in use
    # does not have (funding here was only labelled by a person) keep their ids; the
    # label ids in the last column
    assert tuple(rows[0]) == headers(r)
    assert rows[0][:3] == ["序号", "编号", "标题"] and rows[0][8] == "文种"
    assert rows[0][12] == "funding" and rows[0][-1] == "标签编号"
    funding = {row[1]: row[cols.index("funding")] for row in rows[1:]}
    assert funding == {hospital: "fiscal", plan: "fiscal；self_raised"}
    ids = {row[1]: row[-1].split("；")[-1] for row in rows[1:]}
    assert ids == {hospital: "funding=fiscal", plan: "funding=fiscal,self_raised"}
    # without the taxonomy's order the axis found still gets its column
    assert columns(search(conn, None, limit=100)) == cols


def test_collection_counts_of_a_fifth_axis_equal_the_facets(funded):
    from huibian.services.review import collection_counts

    conn, _, _ = funded
    counts = collection_counts(conn, FIVE)
    facets = search(conn, None, limit=0, axes=FIVE).facets
    assert list(counts) == list(FIVE) + ["named_carrier", "region", "year"]
    for axis in counts:
        assert counts[axis] == dict(facets.get(axis) or {}), axis
    assert counts["funding"] == {"fiscal": 2, "self_raised": 1}
