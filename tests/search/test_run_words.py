"""A run of three or more characters may be matched through its whole word (where the
word is common) instead of reading positions: the same items either way, and exactly
the items whose text holds the run."""

from __future__ import annotations

import pytest

from huibian.search import tantivy_query
from huibian.search.analyze import word_view
from huibian.search.engine import search

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

RUNS = ["共产党员", "创先争优", "创岗建区", "先锋岗", "义务教育", "基层组织", "教育系统",
        "党组织", "示范岗", "学科课程", "网络资源", "先争优"]


def _holders(conn, run: str) -> set[str]:
    return {iid for iid, title, text in conn.execute("SELECT id, title, text FROM items")
            if run in f"{title}\n{text}"}


def _found(conn, query: str, tokenizer) -> tuple:
    r = search(conn, query, tokenizer=tokenizer, limit=100)
    return r.total, [(h.id, h.score) for h in r.hits], r.facets


@pytest.mark.parametrize("share", [0.0, float("inf")], ids=["by-word", "by-phrase"])
def test_a_run_finds_exactly_the_items_that_hold_it(store, tokenizer, monkeypatch, share):
    conn, _ = store
    monkeypatch.setattr(tantivy_query, "WORD_SHARE", share)
    for run in RUNS:
        r = search(conn, run, tokenizer=tokenizer, limit=100)
        assert {h.id for h in r.hits} == _holders(conn, run), run
        assert r.total == len(_holders(conn, run)), run


def test_an_item_without_the_whole_word_is_still_found(store, tokenizer, monkeypatch):
    """共产党员 is a whole word in some items and cut apart in another; by the word
    route the other is found by its phrase."""
    conn, _ = store
    holders = _holders(conn, "共产党员")
    whole = {iid for iid, title, text in conn.execute("SELECT id, title, text FROM items")
             if "共产党员" in (word_view(tokenizer, title) + " " +
                              word_view(tokenizer, text)).split()}
    assert whole and holders - whole  # the case this test is about
    monkeypatch.setattr(tantivy_query, "WORD_SHARE", 0.0)
    assert {h.id for h in search(conn, "共产党员", tokenizer=tokenizer, limit=100).hits} == holders


def test_both_routes_give_the_same_page_scores_and_counts(store, tokenizer, monkeypatch):
    conn, _ = store
    queries = RUNS + ["创先争优 活动 方案", "创岗建区 OR 师德", "创先争优 -医院", "\"五个好\" 支部"]
    monkeypatch.setattr(tantivy_query, "WORD_SHARE", 0.0)
    by_word = [_found(conn, q, tokenizer) for q in queries]
    monkeypatch.setattr(tantivy_query, "WORD_SHARE", float("inf"))
    by_phrase = [_found(conn, q, tokenizer) for q in queries]
    assert by_word == by_phrase
