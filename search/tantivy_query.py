"""A parsed ``search.query.Query`` and the filters as a tantivy query.

Matching is decided by the gram view alone, exactly as the query module promises:
a Chinese run of two or more characters is the phrase of the bigrams that cover it
(every other one and the last, at their offsets) in ``all_g`` (every gram view of the
item in one field), a single character is a gram starting with it, a Latin or digit
word is itself. Scoring adds, without changing what
matches, the same gram phrase in the title and unit/named-carrier views and the
accurate segmentation of the term in the three word views, each with its field
weight (title > unit and named carriers > body; whole words above chance character
sequences). The body gram view scores one- and two-character units only: a longer
phrase there is a constant-score filter (checked for occurring, its occurrences
not counted). Filters are constant-score clauses: they restrict, never rank.
"""

from __future__ import annotations

import re

import tantivy

from search.analyze import Unit, run_grams
from search.query import Query, Term, word_terms
from search.tantivy_index import SCHEMA

Q = tantivy.Query
O = tantivy.Occur

# field weights: the word view above the gram view, title > named > body
WEIGHTS = {"title_w": 10.0, "named_w": 5.0, "body_w": 1.0,
           "title_g": 5.0, "named_g": 2.5, "all_g": 0.5}


def _gram_match(unit: Unit, field: str) -> tantivy.Query:
    if not unit.han:
        return Q.term_query(SCHEMA, field, unit.text)
    if len(unit.text) == 1:
        return Q.regex_query(SCHEMA, field, re.escape(unit.text) + ".?")
    grams = run_grams(unit.text)[:-1]
    if len(grams) == 1:
        return Q.term_query(SCHEMA, field, grams[0])
    return Q.phrase_query(SCHEMA, field, [(i, grams[i]) for i in covering(len(grams))])


def covering(n: int) -> list[int]:
    """Offsets of the bigrams that cover a run of ``n + 1`` characters (``n`` bigrams):
    every other one, and the last. Exact because the index ends each run with a
    break token (``search.tantivy_index.RUN_BREAK``)."""
    return sorted(set(range(0, n, 2)) | {n - 1})


def term_match(term: Term) -> tantivy.Query:
    """Matches exactly the items whose text holds every part of the term (no score
    beyond the body gram view's)."""
    musts = [(O.Must, Q.boost_query(_gram_match(u, "all_g"), WEIGHTS["all_g"]))
             for u in term.parts]
    return musts[0][1] if len(musts) == 1 else Q.boolean_query(musts)


def _is_phrase(unit: Unit) -> bool:
    """A Chinese run of three or more characters: a phrase query over positions."""
    return unit.han and len(unit.text) > 2


def term_query(term: Term, word_tokens=None) -> tantivy.Query:
    if any(_is_phrase(u) for u in term.parts):
        # the body's gram phrase only decides the match: scoring it counts every
        # occurrence in every matching item (at 100,000 items a third of the page
        # query's time) for a signal the word views and the title and named gram
        # phrases below already give (nDCG@10 0.932 -> 0.931 on the relevance bench)
        clauses = [(O.Must, Q.const_score_query(term_match(term), 0.0))]
        clauses += [(O.Should, Q.boost_query(_gram_match(u, "all_g"), WEIGHTS["all_g"]))
                    for u in term.parts if not _is_phrase(u)]
    else:
        clauses = [(O.Must, term_match(term))]
    for u in term.parts:
        for field in ("title_g", "named_g"):
            clauses.append((O.Should, Q.boost_query(_gram_match(u, field), WEIGHTS[field])))
    if word_tokens is not None:
        for w in word_terms(term, word_tokens):
            for field in ("title_w", "named_w", "body_w"):
                clauses.append((O.Should, Q.boost_query(
                    Q.term_query(SCHEMA, field, w), WEIGHTS[field])))
    return Q.boolean_query(clauses)


def _const(q: tantivy.Query) -> tantivy.Query:
    return Q.const_score_query(q, 0.0)


def filter_clauses(filters) -> list[tuple]:
    """Constant-score MUST clauses for ``search.engine.Filters``."""
    out = []
    for axis, labels in filters.categorical():
        if len(labels) == 1:
            q = Q.term_query(SCHEMA, axis, labels[0])
        else:
            q = Q.term_set_query(SCHEMA, axis, list(labels))
        out.append((O.Must, _const(q)))
    for lo, hi, field in ((filters.year_from, filters.year_to, "year_n"),
                          (filters.chars_min, filters.chars_max, "chars")):
        if lo is None and hi is None:
            continue
        out.append((O.Must, _const(Q.range_query(
            SCHEMA, field, tantivy.FieldType.Integer,
            int(lo) if lo is not None else None, int(hi) if hi is not None else None))))
    return out


def build(query: Query | None, filters, *, word_tokens=None,
          only_ids: list[str] | None = None) -> tantivy.Query:
    """The whole search: every clause (an OR of terms) must match, pure excluded terms
    must not, the filters restrict; ``only_ids`` restricts to these items (phrases
    verified against the text). ``query=None`` browses every item."""
    clauses: list[tuple] = [(O.Must, _const(Q.term_query(SCHEMA, "kind", "item")))]
    if query is not None:
        for clause in query.clauses:
            if len(clause) == 1:
                clauses.append((O.Must, term_query(clause[0], word_tokens)))
            else:
                clauses.append((O.Must, Q.boolean_query(
                    [(O.Should, term_query(t, word_tokens)) for t in clause])))
        for t in query.excluded:
            if t.pure:
                clauses.append((O.MustNot, term_match(t)))
    clauses += filter_clauses(filters)
    if only_ids is not None:
        clauses.append((O.Must, _const(Q.term_set_query(SCHEMA, "item_id", only_ids))))
    return Q.boolean_query(clauses)
