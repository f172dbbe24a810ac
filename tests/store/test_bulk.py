"""Items with no file behind them (huibian.store.bulk), as the benchmarks' generated
corpora are stored: read back exactly, listed with their names, found by search once
the search stage's writer has indexed them, and removed with their pseudo-file."""

from __future__ import annotations

import sqlite3

import pytest

from huibian.store import transaction
from huibian.store.bulk import BareItem, bare_file_key, write_bare_items
from huibian.store.documents import delete_file, find_file, get_item, list_items

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

TEXT_A = "关于开展创岗建区活动的通知\n各支部：为深入开展创先争优活动，决定开展创岗建区活动。"
TEXT_B = "师德师风建设的实践\n学校坚持把师德建设放在教师队伍建设的首位。"


def _items():
    return [BareItem(id="a000000000000001", title="关于开展创岗建区活动的通知", text=TEXT_A,
                     unit="南昌大学第四附属医院", date="2011-03-15", region="江西省南昌市",
                     body_start=14, name="bench/a.txt"),
            BareItem(id="b000000000000002", title="师德师风建设的实践", text=TEXT_B,
                     chars=7)]


def test_bare_items_read_back_exactly(conn):
    with transaction(conn):
        assert write_bare_items(conn, _items(), collection="bench") == \
            ["a000000000000001", "b000000000000002"]
    a = get_item(conn, "a000000000000001")
    assert (a.file_sha256, a.seq, a.source, a.title, a.unit, a.date, a.region) == \
        ("fa000000000000001", 0, "bench/a.txt", "关于开展创岗建区活动的通知",
         "南昌大学第四附属医院", "2011-03-15", "江西省南昌市")
    assert (a.chars, a.body_start, a.text, a.authors, a.outline, a.pages) == \
        (37, 14, TEXT_A, [], [], None)
    b = get_item(conn, "b000000000000002")
    assert (b.source, b.unit, b.date, b.chars, b.body_start) == ("", None, None, 7, 0)
    assert [it.id for it in list_items(conn)] == ["a000000000000001", "b000000000000002"]
    assert find_file(conn, bare_file_key("a000000000000001")) == "bench/a.txt"
    assert find_file(conn, bare_file_key("b000000000000002")) == "(unnamed)"
    row = conn.execute("SELECT kind, size, raw_text, norm_text FROM files WHERE sha256=?",
                       ("fb000000000000002",)).fetchone()
    assert tuple(row) == ("text", 0, "", "")
    assert [r[0] for r in conn.execute("SELECT DISTINCT collection FROM items")] == ["bench"]


def test_an_id_stored_twice_fails_the_whole_batch(conn):
    items = _items()
    with transaction(conn):
        write_bare_items(conn, items[:1])
    with pytest.raises(sqlite3.IntegrityError):
        with transaction(conn):
            write_bare_items(conn, [items[1], items[0]])
    assert [it.id for it in list_items(conn)] == ["a000000000000001"]


def test_bare_items_are_searched_and_deleted(conn, resources):
    from huibian.search.engine import search
    from huibian.search.index import item_views, write_views

    tok = resources.tokenizer
    with transaction(conn):
        write_bare_items(conn, _items())
        write_views(conn, tok, [item_views(tok, it.id, it.title, it.text[len(it.title) + 1:])
                                for it in _items()])
    hits = search(conn, "创岗建区", tokenizer=tok, limit=10, facets=False, snippets=0).hits
    assert [h.id for h in hits] == ["a000000000000001"]
    with transaction(conn):
        assert delete_file(conn, bare_file_key("a000000000000001"), []) == 1
    assert [it.id for it in list_items(conn)] == ["b000000000000002"]


def test_copied_analysis_is_the_analysed_items(conn, resources):
    """``nlp.analysis_store.copy_analysis``: a bare item built on an analysed item gets
    its labels, keywords and named carriers (what bench/app_pages.py stores)."""
    from huibian.core.limits import Limits
    from huibian.nlp.analysis_store import copy_analysis, load_analysis
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.testkit.samples import SEED_PLAN

    with Ingestor(conn, resources) as ingestor:
        assert not ingestor.ingest(sources_from_paths([SEED_PLAN], Limits())).failed
    (source,) = [it.id for it in list_items(conn)]
    with transaction(conn):
        write_bare_items(conn, _items()[1:])
        copy_analysis(conn, [("b000000000000002", source)])
    copied, analysed = load_analysis(conn, "b000000000000002"), load_analysis(conn, source)
    assert copied["title"] == "师德师风建设的实践"
    assert copied["entities"] == []  # their offsets belong to the other text
    same = [k for k in analysed if k not in ("title", "entities", "named_carriers")]
    assert {k: copied[k] for k in same} == {k: analysed[k] for k in same}
    by_name = sorted(analysed["named_carriers"], key=lambda n: (n["name"], n["sentence"]))
    assert sorted(copied["named_carriers"], key=lambda n: (n["name"], n["sentence"])) == by_name
    assert analysed["genre"] is not None and analysed["keywords"]
    # ordered by every column: rows of one axis and label differ by their source, and
    # PostgreSQL orders ties as it likes
    table = ("SELECT {0} FROM {1} WHERE item_id=? ORDER BY {0}")
    for name, cols in (("labels", "axis, label, source, score, reason"),
                       ("keywords", "rank, word, score"),
                       ("named_carriers", "name, label, sentence")):
        assert [tuple(r) for r in conn.execute(table.format(cols, name),
                                                ("b000000000000002",))] == \
            [tuple(r) for r in conn.execute(table.format(cols, name), (source,))]
    assert conn.execute("SELECT count(*) FROM entities WHERE item_id=?",
                        ("b000000000000002",)).fetchone()[0] == 0
