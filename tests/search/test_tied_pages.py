"""A page of results is the same on every index, whatever order the index holds its
documents in (two nodes, two stores, a rebuilt index): items tied on score (or on the
sort's field) are ordered by date, then id, however many there are — more than the
window read past the page (``engine.TIE_WINDOW``)."""

from __future__ import annotations

import pytest

from huibian.search.engine import TIE_WINDOW, search
from huibian.search.index import index_items
from huibian.store.db import connect, transaction

from .conftest import insert_items

N = TIE_WINDOW * 3  # one tie group far larger than a page and the window past it
BODY = ("党员先锋岗设在窗口一线，党员亮身份、作表率，群众满意度明显提高。\n"
        "支部每月对党员先锋岗进行一次点评。")


def _items() -> list[dict]:
    out = []
    for k in range(N):
        # the same text: the same score for 党员; two dates, so date orders part of it
        out.append(dict(name=f"tie{k:03d}.txt", seq=0, title="党员先锋岗工作情况",
                        unit="城南中学党支部", date="2015-03-01" if k % 3 else "2015-04-01",
                        region=None, text=BODY))
    out.append(dict(name="other.txt", seq=0, title="志愿服务情况", unit=None,
                    date="2016-01-01", region=None, text="社区组织志愿服务，党员带头参加。"))
    return out


def _store(path, tokenizer, items):
    conn = connect(path)
    with transaction(conn):
        ids = insert_items(conn, items)
        index_items(conn, tokenizer, ids)
    return conn


@pytest.fixture(scope="module")
def two_stores(tmp_path_factory, tokenizer):
    items = _items()
    root = tmp_path_factory.mktemp("tied")
    a = _store(root / "a" / "h.db", tokenizer, items)
    b = _store(root / "b" / "h.db", tokenizer, list(reversed(items)))
    yield a, b
    a.close()
    b.close()


@pytest.mark.parametrize("sort", ["relevance", "date", "date_asc", "length"])
@pytest.mark.parametrize("offset", [0, 20, TIE_WINDOW + 40, N - 10])
def test_the_same_page_from_indexes_in_opposite_orders(two_stores, tokenizer, sort, offset):
    a, b = two_stores
    pa = search(a, "党员", tokenizer=tokenizer, sort=sort, limit=20, offset=offset)
    pb = search(b, "党员", tokenizer=tokenizer, sort=sort, limit=20, offset=offset)
    assert pa.total == pb.total == N + 1
    assert [h.id for h in pa.hits] == [h.id for h in pb.hits]
    assert len(pa.hits) == min(20, N + 1 - offset)


def test_ties_go_by_date_then_id(two_stores, tokenizer):
    a, _ = two_stores
    every = search(a, "党员", tokenizer=tokenizer, limit=N + 1).hits
    tied = [h for h in every if h.title == "党员先锋岗工作情况"]
    assert len(tied) == N
    newer = [h for h in tied if h.date == "2015-04-01"]
    assert tied[:len(newer)] == newer  # newest first among equal scores
    assert [h.id for h in newer] == sorted(h.id for h in newer)
    assert [h.id for h in tied[len(newer):]] == sorted(h.id for h in tied[len(newer):])
    by_date = search(a, "党员", tokenizer=tokenizer, sort="date", limit=N + 1).hits
    assert by_date[0].title == "志愿服务情况"  # 2016 first
    rest = by_date[1:]
    assert [h.date for h in rest] == sorted((h.date for h in rest), reverse=True)
    for day in ("2015-04-01", "2015-03-01"):
        ids = [h.id for h in rest if h.date == day]
        assert ids == sorted(ids)
