"""A parsed ``huibian.search.query.Query`` and the filters as a tantivy query.

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

from huibian.search.analyze import Unit, run_grams
from huibian.search.query import Query, Term, word_terms
from huibian.search.tantivy_index import FACET_FIELDS, LABEL_FIELD, SCHEMA, label_term

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
    break token (``huibian.search.tantivy_index.RUN_BREAK``)."""
    return sorted(set(range(0, n, 2)) | {n - 1})


# a run of 3+ characters is matched through its whole word where at least this share
# of the items with its covering bigrams hold that word (see ``_run_match``)
WORD_SHARE = 0.5


def _run_match(unit: Unit, doc_freq) -> tantivy.Query:
    """The all_g phrase of a run of three or more characters, as the same set of items
    found more cheaply when the run is also a common whole word of the word views.

    An item whose word view holds the run as a token holds it in its text (a token is a
    contiguous piece of the text it came from, and the gram and word views are of the
    same texts), so "phrase" equals "word, or phrase in the items without the word".
    Only the second part reads positions, which at scale is most of a phrase's cost
    (at 300,000 items, 创先争优: 34 ms as a phrase, 6 ms this way). Where the segmenter
    seldom keeps the run whole (网络资源 is mostly cut in two), the plain phrase is
    cheaper, so the word's document frequency decides."""
    phrase = _gram_match(unit, "all_g")
    if doc_freq is None:
        return phrase
    grams = run_grams(unit.text)[:-1]
    cover = [grams[i] for i in covering(len(grams))]
    least = min(doc_freq("all_g", g) for g in cover)
    if least == 0 or doc_freq("body_w", unit.text) < WORD_SHARE * least:
        return phrase
    word = Q.boolean_query([(O.Should, Q.term_query(SCHEMA, field, unit.text))
                            for field in ("title_w", "named_w", "body_w")])
    # the bigrams and the exclusion first, so positions are read for the rest only
    rest = Q.boolean_query([(O.Must, Q.term_query(SCHEMA, "all_g", g)) for g in cover] +
                           [(O.MustNot, word)])
    return Q.boolean_query([(O.Should, word),
                            (O.Should, Q.boolean_query([(O.Must, rest), (O.Must, phrase)]))])


def term_match(term: Term, doc_freq=None) -> tantivy.Query:
    """Matches exactly the items whose text holds every part of the term (no score
    beyond the body gram view's). ``doc_freq(field, token)`` (the searcher's) lets a
    long run be matched through its whole word where that is cheaper."""
    musts = [(O.Must, Q.boost_query(_run_match(u, doc_freq) if _is_phrase(u)
                                    else _gram_match(u, "all_g"), WEIGHTS["all_g"]))
             for u in term.parts]
    return musts[0][1] if len(musts) == 1 else Q.boolean_query(musts)


def _is_phrase(unit: Unit) -> bool:
    """A Chinese run of three or more characters: a phrase query over positions."""
    return unit.han and len(unit.text) > 2


def term_query(term: Term, word_tokens=None, doc_freq=None) -> tantivy.Query:
    if any(_is_phrase(u) for u in term.parts):
        # the body's gram phrase only decides the match: scoring it counts every
        # occurrence in every matching item (at 100,000 items a third of the page
        # query's time) for a signal the word views and the title and named gram
        # phrases below already give (nDCG@10 0.932 -> 0.931 on the relevance bench)
        clauses = [(O.Must, Q.const_score_query(term_match(term, doc_freq), 0.0))]
        clauses += [(O.Should, Q.boost_query(_gram_match(u, "all_g"), WEIGHTS["all_g"]))
                    for u in term.parts if not _is_phrase(u)]
    else:
        clauses = [(O.Must, term_match(term, doc_freq))]
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
    """Constant-score MUST clauses for ``huibian.search.engine.Filters``."""
    out = []
    for axis, labels in filters.categorical():
        field = axis
        if axis not in FACET_FIELDS:  # a taxonomy axis: its labels are in one field
            field, labels = LABEL_FIELD, tuple(label_term(axis, x) for x in labels)
        if len(labels) == 1:
            q = Q.term_query(SCHEMA, field, labels[0])
        else:
            q = Q.term_set_query(SCHEMA, field, list(labels))
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
          only_ids: list[str] | None = None, doc_freq=None) -> tantivy.Query:
    """The whole search: every clause (an OR of terms) must match, pure excluded terms
    must not, the filters restrict; ``only_ids`` restricts to these items (phrases
    verified against the text). ``query=None`` browses every item."""
    clauses: list[tuple] = [(O.Must, _const(Q.term_query(SCHEMA, "kind", "item")))]
    if query is not None:
        for clause in query.clauses:
            if len(clause) == 1:
                clauses.append((O.Must, term_query(clause[0], word_tokens, doc_freq)))
            else:
                clauses.append((O.Must, Q.boolean_query(
                    [(O.Should, term_query(t, word_tokens, doc_freq)) for t in clause])))
        for t in query.excluded:
            if t.pure:
                clauses.append((O.MustNot, term_match(t, doc_freq)))
    clauses += filter_clauses(filters)
    if only_ids is not None:
        clauses.append((O.Must, _const(Q.term_set_query(SCHEMA, "item_id", only_ids))))
    return Q.boolean_query(clauses)
