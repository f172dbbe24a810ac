import sqlite3

import pytest
from hypothesis import given, settings, strategies as st

from huibian.core.errors import QueryError
from huibian.search.query import parse


@pytest.mark.parametrize("raw, message", [
    ("，。！？", "no characters or words"),
    ("  ", "empty"),
    ('"', "unclosed quotation mark"),
    ("“五个好", "unclosed quotation mark"),
    ("NEAR(党员 教师)", "NEAR(...) is not supported"),
    ("near ( a b )", "NEAR(...) is not supported"),
    ("(党员 OR 团员) 教师", "brackets"),
    ("党*", "* is not needed"),
    ("-医院", "only excluded words"),
    ("OR 党员", "OR needs a word on both sides"),
    ("党员 OR", "OR needs a word on both sides"),
    ("title:党员", "field search"),
])
def test_unsupported_input_gets_a_short_message(raw, message):
    with pytest.raises(QueryError) as exc:
        parse(raw)
    assert message in exc.value.message
    assert exc.value.code == "E400"


def test_structure():
    q = parse('党员 OR 团员 "五个好" -医院 NOT 卫生 AND 教师')
    assert [[t.text for t in c] for c in q.clauses] == [["党员", "团员"], ["五个好"], ["教师"]]
    assert [t.text for t in q.excluded] == ["医院", "卫生"]
    assert q.clauses[1][0].phrase


def test_chinese_quotes_and_minus():
    q = parse("“五个好” －医院")
    assert q.clauses[0][0].phrase and q.clauses[0][0].text == "五个好"
    assert q.excluded[0].text == "医院"


def test_gram_expressions():
    assert parse("师德").fts() == '(({title_g named_g body_g} : "师德"))'
    assert parse("党").fts() == '(({title_g named_g body_g} : "党" *))'
    assert parse("创岗建区").fts() == '(({title_g named_g body_g} : "创岗 岗建 建区"))'


def test_phrase_with_punctuation_needs_a_text_check():
    assert parse('"创先争优，"').needs_check
    assert not parse('"五个好"').needs_check
    assert not parse("创先争优，").needs_check  # plain: punctuation only separates


@pytest.fixture(scope="module")
def fts_conn():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE search_fts USING fts5(title_w, named_w, body_w, "
                 "title_g, named_g, body_g, content='', tokenize='unicode61 remove_diacritics 0')")
    conn.execute("INSERT INTO search_fts(rowid, body_g) VALUES (1, '党员 员 师德 德 abc')")
    return conn


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list('党员师德"“”()*:-－ ORANDNEAR^{}\'.,，。|+')
                                + ["OR", "NOT", "AND", "NEAR(", "\x00", "\\", " OR "]),
                max_size=15).map("".join)
       | st.text(max_size=40))
def test_no_input_breaks_fts(fts_conn, raw):
    """Any string either parses into an expression FTS5 accepts, or raises QueryError."""
    try:
        q = parse(raw)
    except QueryError:
        return
    for word_tokens in (None, lambda t: [t[:2], t]):
        fts_conn.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH ?",
                         (q.fts(word_tokens),)).fetchall()
