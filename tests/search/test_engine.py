import itertools

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from huibian.core.errors import QueryError
from huibian.search.engine import Filters, make_snippets, search
from huibian.search.index import AXES
from huibian.search.query import parse
from tests.search.conftest import ingested_documents

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

HOSPITAL = "南昌大学第四附属医院"


def _all(conn, q, tokenizer, **kw):
    return search(conn, q, tokenizer=tokenizer, limit=1000, **kw)


def _texts(conn):
    return {r[0]: f"{r[1]}\n{r[2] or ''}\n{r[3]}" for r in
            conn.execute("SELECT id, title, unit, text FROM items")}


def test_chuanggang_jianqu_ranks_the_hospital_first(store, tokenizer):
    conn, ids = store
    r = search(conn, "创岗建区", tokenizer=tokenizer)
    assert r.hits[0].id == ids[HOSPITAL]
    assert r.hits[0].unit == HOSPITAL


@pytest.mark.parametrize("term", ["师德", "五个好", "党", "医院", "创先争优", "五带头"])
def test_terms_find_exactly_the_items_containing_them(store, tokenizer, term):
    conn, _ = store
    expected = {i for i, t in _texts(conn).items() if term in t}
    assert expected  # the sample holds every one of these terms
    for q in (term, f'"{term}"'):
        assert {h.id for h in _all(conn, q, tokenizer).hits} == expected


def test_shide_is_not_in_every_item(store, tokenizer):
    conn, _ = store
    r = _all(conn, "师德", tokenizer)
    assert 0 < r.total < len(_texts(conn))


def test_phrase_with_punctuation_is_checked_against_the_text(store, tokenizer):
    conn, _ = store
    for phrase in ("创先争优，", "“五个好”", "2010年"):
        expected = {i for i, t in _texts(conn).items() if phrase in t}
        got = {h.id for h in _all(conn, f"'{phrase}'".replace("'", '"'), tokenizer).hits}
        assert got == expected, phrase


def test_exclusion_drops_the_hospital(store, tokenizer):
    conn, ids = store
    with_all = {h.id for h in _all(conn, "党员", tokenizer).hits}
    assert ids[HOSPITAL] in with_all
    r = _all(conn, "党员 -医院", tokenizer)
    got = {h.id for h in r.hits}
    assert ids[HOSPITAL] not in got
    texts = _texts(conn)
    assert got == {i for i, t in texts.items() if "党员" in t and "医院" not in t}


def test_or(store, tokenizer):
    conn, _ = store
    texts = _texts(conn)
    got = {h.id for h in _all(conn, "创岗建区 OR 师德引航", tokenizer).hits}
    assert got == {i for i, t in texts.items() if "创岗建区" in t or "师德引航" in t}


@pytest.mark.parametrize("raw", ["，。、！", "NEAR(", '"', "NEAR(党员 教师, 5)", ")))", "*"])
def test_bad_queries_give_a_message(store, tokenizer, raw):
    conn, _ = store
    with pytest.raises(QueryError) as exc:
        search(conn, raw, tokenizer=tokenizer)
    assert exc.value.message and "sqlite" not in exc.value.message.lower()


def test_unknown_sort_is_a_message(store, tokenizer):
    conn, _ = store
    with pytest.raises(QueryError) as exc:
        search(conn, "党员", tokenizer=tokenizer, sort="random")
    assert "relevance" in exc.value.message


def test_sort_pagination(store, tokenizer):
    conn, _ = store
    full = _all(conn, "党", tokenizer)
    pages = [search(conn, "党", tokenizer=tokenizer, limit=2, offset=o).hits
             for o in range(0, full.total + 2, 2)]
    assert full.total > 4 and not pages[-1]
    assert [h.id for p in pages for h in p] == [h.id for h in full.hits]
    assert all(search(conn, "党", limit=2, offset=o).total == full.total for o in (0, 2, 4, 9))
    by_len = _all(conn, "党", tokenizer, sort="length").hits
    assert [h.chars for h in by_len] == sorted((h.chars for h in by_len), reverse=True)
    by_date = _all(conn, "党", tokenizer, sort="date_asc").hits
    dates = [h.date for h in by_date]
    known = [d for d in dates if d is not None]
    assert dates == known + [None] * (len(dates) - len(known))  # undated last
    assert known == sorted(known)


def test_relevance_ties_broken_by_date(store, tokenizer):
    conn, _ = store
    hits = _all(conn, "党", tokenizer).hits
    for a, b in zip(hits, hits[1:]):
        assert a.score > b.score or (a.score == b.score and (a.date or "") >= (b.date or ""))


# -- facets ----------------------------------------------------------------------------

def _brute_facets(conn, ids: set[str]) -> dict:
    out: dict = {}
    rows = conn.execute("SELECT item_id, axis, label, source FROM labels "
                        "WHERE source IN ('final', 'human')").fetchall()
    human = {(r[0], r[1]) for r in rows if r[3] == "human"}
    for iid, axis, label, source in rows:
        if iid in ids and (source == "human" or (iid, axis) not in human):
            out.setdefault(axis, {}).setdefault(label, 0)
            out[axis][label] += 1
    for iid, name in conn.execute("SELECT item_id, name FROM named_carriers"):
        if iid in ids:
            out.setdefault("named_carrier", {}).setdefault(name, 0)
            out["named_carrier"][name] += 1
    for iid, region, unit, date, coll in conn.execute(
            "SELECT id, region, unit, date, collection FROM items"):
        if iid not in ids:
            continue
        for axis, v in (("region", region), ("unit", unit),
                        ("year", date[:4] if date else None), ("collection", coll)):
            if v:
                out.setdefault(axis, {}).setdefault(v, 0)
                out[axis][v] += 1
    return out


def _brute_filter(conn, texts, term, f: Filters) -> set[str]:
    keep = set()
    for iid, region, unit, date in conn.execute("SELECT id, region, unit, date FROM items"):
        if term not in texts[iid]:
            continue
        if f.region and region not in f.region:
            continue
        if f.unit and unit not in f.unit:
            continue
        year = int(date[:4]) if date else None
        if f.year_from is not None and (year is None or year < f.year_from):
            continue
        if f.year_to is not None and (year is None or year > f.year_to):
            continue
        keep.add(iid)
    return keep


@pytest.mark.parametrize("term", ["党", "师德", "五个好", "医院", "创岗建区"])
@pytest.mark.parametrize("f", [Filters(), Filters(region=("江西省",)), Filters(region=("江西省南昌市",)),
                               Filters(year_from=2011),
                               Filters(year_to=2010, region=("江苏省苏州市吴江区", "江西省南昌市青山湖区")),
                               Filters(unit=(HOSPITAL, "江西省电教馆"))])
def test_facet_counts_equal_brute_force(store, tokenizer, term, f):
    conn, _ = store
    texts = _texts(conn)
    r = _all(conn, term, tokenizer, filters=f)
    expected_ids = _brute_filter(conn, texts, term, f)
    assert {h.id for h in r.hits} == expected_ids
    assert r.total == len(expected_ids)
    assert r.facets == _brute_facets(conn, expected_ids)


def test_facets_follow_a_human_label(store, tokenizer):
    from huibian.nlp.analysis_store import set_human_label

    conn, ids = store
    hospital = ids[HOSPITAL]
    conn.execute("BEGIN")
    set_human_label(conn, hospital, "genre", ["测试体裁"], who="tester")
    conn.execute("COMMIT")
    r = _all(conn, "创岗建区", tokenizer)
    assert r.facets["genre"]["测试体裁"] == 1
    assert r.facets == _brute_facets(conn, {h.id for h in r.hits})
    only = _all(conn, "党", tokenizer, filters=Filters(genre=("测试体裁",)))
    assert [h.id for h in only.hits] == [hospital]
    assert only.hits[0].labels["genre"] == ["测试体裁"]


# -- snippets --------------------------------------------------------------------------

ITEM_TEXTS = [it.text for d in ingested_documents() for it in d.items]


@st.composite
def text_and_terms(draw):
    text = draw(st.sampled_from(ITEM_TEXTS))
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text) - 1))
        length = draw(st.integers(1, 6))
        piece = text[start:start + length]
        terms.append(piece)
    return text, terms


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_and_terms())
def test_every_mark_covers_exactly_a_query_term(data):
    text, terms = data
    q = None
    try:
        q = parse(" ".join(f'"{t}"' if '"' not in t else t for t in terms))
    except QueryError:
        return
    needles = q.highlights()
    for snip in make_snippets(text, needles, count=3):
        assert snip.text == text[snip.start:snip.start + len(snip.text)].replace("\n", " ")
        spans = []
        for s, e in snip.marks:
            marked = text[snip.start + s:snip.start + e]
            assert marked == snip.text[s:e].replace(" ", " ") or "\n" in marked
            assert any(marked.casefold() == n.casefold() for n in needles), (marked, needles)
            spans.append((s, e))
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # no overlaps


def test_marks_in_search_results_cover_the_terms(store, tokenizer):
    conn, _ = store
    texts = {r[0]: r[1] for r in conn.execute("SELECT id, text FROM items")}
    for q in ("创岗建区 党员", '"五个好" 师德', "党", "医院 OR 卫生 -创岗建区"):
        needles = parse(q).highlights()
        for hit in _all(conn, q, tokenizer).hits:
            assert hit.snippets
            for snip in hit.snippets:
                for s, e in snip.marks:
                    assert texts[hit.id][snip.start + s:snip.start + e] in needles


def test_facet_axes_are_known(store, tokenizer):
    conn, _ = store
    assert set(_all(conn, "党", tokenizer).facets) <= set(AXES)


# Texts where a phrase's covering bigrams (every other one and the last) occur two
# positions apart across a run boundary: without the index's run-break token they
# would match, with it they must not.
NEAR_MISSES = {
    "创先争优": ["在创先，争优中", "创先1争优", "创先\n争优", "创先（争优）"],
    "五个好支部": ["五个，好支部", "五个好，支部", "五个好支\n部"],
    "网络资源": ["网络。资源"],
}


@pytest.mark.parametrize("term", sorted(NEAR_MISSES))
def test_covering_bigrams_do_not_match_across_runs(store, tokenizer, term):
    from huibian.search.index import index_items
    from huibian.store.db import transaction
    from tests.search.conftest import insert_items

    conn, _ = store
    items = [dict(name=f"near{i}.txt", seq=i, title="近似", text=f"开头{t}结尾")
             for i, t in enumerate(NEAR_MISSES[term])]
    items.append(dict(name="hit.txt", seq=99, title="命中", text=f"开头{term}结尾"))
    with transaction(conn):
        new = insert_items(conn, items)
        index_items(conn, tokenizer, new)
    expected = {i for i, t in _texts(conn).items() if term in t}
    assert new[-1] in expected and not expected & set(new[:-1])
    for q in (term, f'"{term}"'):
        assert {h.id for h in _all(conn, q, tokenizer).hits} == expected, q
