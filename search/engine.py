"""Running a search: parse what the user typed, apply the store's committed changes to
the ranked index (``huibian.search.tantivy_index.sync``), run the tantivy query of
``huibian.search.tantivy_query`` for the page and an aggregation for the total and the
facet counts over the whole result set, then read the page's items from the store
and cut snippets with exact marks.

Ranking is BM25 over both views with field weights (title > unit and named carriers
> body; the word view above the gram view); ties are broken by date, newest first,
then by id. Phrases with punctuation, spaces or mixed scripts, which the index only
narrows down, are checked against each candidate's text first.
"""

from __future__ import annotations

import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Sequence

import tantivy

from huibian.core.errors import QueryError
from huibian.search import tantivy_index
from huibian.search.index import OTHER_AXES, effective_labels, label_axes, named_carriers
from huibian.search.query import Query, parse
from huibian.search import tantivy_query

SORTS = {  # sort name -> (fast field, order) for the non-relevance sorts
    "relevance": None,
    "date": ("datekey", tantivy.Order.Desc),
    "date_asc": ("datekey_asc", tantivy.Order.Asc),
    "length": ("chars", tantivy.Order.Desc),
    "length_asc": ("chars", tantivy.Order.Asc),
}
MAX_LIMIT = 1000
TIE_WINDOW = 50  # extra hits read past the page so equal scores sort by date, then id
FACET_SIZE = 100_000  # every label of an axis: counts stay exact across segments
SYNC_WAIT = 2.0  # seconds a search waits for another process's index writer


@dataclass(frozen=True, init=False)
class Filters:
    """Each categorical filter is a tuple of accepted labels (any of them): ``labels``
    holds those of the taxonomy's axes, given by axis as keywords
    (``Filters(genre=("plan",), sector=("health", "k12"))``, any axis of the taxonomy)
    or as ``labels={axis: labels}``; ranges are inclusive and ``None`` leaves a side
    open."""

    labels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    named_carrier: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    unit: tuple[str, ...] = ()
    collection: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    chars_min: int | None = None
    chars_max: int | None = None

    def __init__(self, *, labels=(), named_carrier=(), region=(), unit=(), collection=(),
                 year_from=None, year_to=None, chars_min=None, chars_max=None, **axes):
        chosen = dict(labels.items() if isinstance(labels, dict) else labels)
        chosen.update(axes)
        bad = [a for a in chosen if a in OTHER_AXES]
        if bad:
            raise TypeError(f"{', '.join(bad)}: not a taxonomy axis")
        values = {"labels": tuple((a, tuple(v)) for a, v in chosen.items() if v),
                  "named_carrier": tuple(named_carrier), "region": tuple(region),
                  "unit": tuple(unit), "collection": tuple(collection),
                  "year_from": year_from, "year_to": year_to, "chars_min": chars_min,
                  "chars_max": chars_max}
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def label_filter(self, axis: str) -> tuple[str, ...]:
        """The accepted labels of a taxonomy axis (``()``: not filtered)."""
        return dict(self.labels).get(axis, ())

    def categorical(self) -> list[tuple[str, tuple[str, ...]]]:
        return list(self.labels) + [(axis, tuple(getattr(self, axis))) for axis in
                                    ("named_carrier", "region", "unit", "collection")
                                    if getattr(self, axis)]


@dataclass(frozen=True)
class Snippet:
    text: str
    marks: tuple[tuple[int, int], ...]  # relative to ``text``
    start: int  # offset of ``text`` in the item's text

    def to_json(self) -> dict:
        return {"text": self.text, "marks": [list(m) for m in self.marks]}


@dataclass(frozen=True)
class Hit:
    id: str
    source: str | None
    title: str
    unit: str | None
    date: str | None
    score: float
    chars: int
    region: str | None
    labels: dict = field(default_factory=dict)
    snippets: tuple[Snippet, ...] = ()

    def to_json(self) -> dict:
        return {"id": self.id, "source": self.source, "title": self.title,
                "unit": self.unit, "date": self.date, "score": self.score,
                "snippets": [s.to_json() for s in self.snippets]}


@dataclass(frozen=True)
class SearchResult:
    total: int
    facets: dict
    hits: tuple[Hit, ...]
    query: Query | None = None
    # the taxonomy's axes (``search(axes=)``), then any other label axis of the
    # facets or hits: the label columns of an export
    label_axes: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"total": self.total, "facets": self.facets,
                "hits": [h.to_json() for h in self.hits]}


def _date_desc(date: str | None) -> tuple:
    return tuple(-ord(c) for c in date) if date else ()


def _relevance_order(rows: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    """(score, item_id, date) by score (4 decimals), then newest first, then id."""
    return sorted(rows, key=lambda r: (-round(r[0], 4), not r[2], _date_desc(r[2]), r[1]))


def _verify(conn: sqlite3.Connection, query: Query, item_ids: list[str]) -> list[str]:
    """The candidates whose text really holds every phrase (and none of the excluded
    ones) — for phrases with punctuation, spaces or mixed scripts."""
    keep = []
    for i in range(0, len(item_ids), 500):
        chunk = item_ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for item_id, text in conn.execute(
                f"SELECT id, title || char(10) || text FROM items WHERE id IN ({marks})", chunk):
            if all(any(t.matches(text) for t in clause) for clause in query.clauses) and \
                    not any(t.matches(text) for t in query.excluded if not t.pure):
                keep.append(item_id)
    return keep


def _all_ids(searcher: tantivy.Searcher, q: tantivy.Query) -> list[str]:
    r = searcher.search(q, max(1, searcher.num_docs), count=False)
    return [searcher.doc(addr)["item_id"][0] for _, addr in r.hits]


def _aggregations(facets: bool) -> dict:
    aggs = {"_total": {"value_count": {"field": "chars"}}}
    if facets:
        for field_name in tantivy_index.FACET_FIELDS + (tantivy_index.LABEL_FIELD,):
            aggs[field_name] = {"terms": {"field": field_name, "size": FACET_SIZE,
                                          "segment_size": FACET_SIZE}}
    return aggs


def search(conn: sqlite3.Connection, query: str | Query | None, *, tokenizer=None,
           filters: Filters = Filters(), sort: str = "relevance", limit: int = 20,
           offset: int = 0, facets: bool = True, facet_limit: int | None = None,
           snippets: int = 2, index: tantivy_index.RankedIndex | None = None,
           axes: Sequence[str] | None = None) -> SearchResult:
    """Search the stored items. ``query`` is what the user typed (parsed here; raises
    ``QueryError`` with a message for the user) or ``None`` to list everything that
    passes the filters. ``tokenizer`` adds the word view to the query (better ranking;
    matching is the same without it). ``index`` reuses an open ranked index. ``axes``:
    the taxonomy's axes, in its order (``Taxonomy.axes``): the order of the label
    facets and of ``label_axes`` (default: the four axes every taxonomy has, then any
    other axis found)."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    q = parse(query) if isinstance(query, str) else query
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    ri = index or tantivy_index.open_index(conn)
    tantivy_index.sync(conn, ri=ri, wait=SYNC_WAIT)
    searcher = ri.searcher()
    word_tokens = tokenizer.cut if tokenizer is not None else None
    only = None
    if q is not None and q.needs_check:
        only = _verify(conn, q, _all_ids(searcher, tantivy_query.build(
            q, filters, doc_freq=searcher.doc_freq)))
        if not only:
            return SearchResult(total=0, facets={}, hits=(), query=q,
                                label_axes=label_axes((), axes))
    tq = tantivy_query.build(q, filters, word_tokens=word_tokens, only_ids=only,
                             doc_freq=searcher.doc_freq)
    try:
        # the counts and the page are two passes over the matches; tantivy releases
        # the GIL, so they run side by side on two cores
        with ThreadPoolExecutor(max_workers=1) as pool:
            counting = pool.submit(searcher.aggregate, tq, _aggregations(facets))
            rows = _page(searcher, tq, q, filters, sort, limit, offset, word_tokens, only)
            agg = counting.result()
        total = int(agg["_total"]["value"] or 0)
    except ValueError as exc:  # a bug in this module, not the user's input
        raise QueryError(f"the search failed ({exc}); please report the query") from exc
    facet_counts = _facets(agg, facet_limit, axes) if facets else {}
    hits = _hits(conn, rows, q, snippets)
    found = set(facet_counts) | {a for h in hits for a in h.labels}
    return SearchResult(total=total, facets=facet_counts, hits=tuple(hits), query=q,
                        label_axes=label_axes(found, axes))


def _page(searcher, tq, q, filters, sort, limit, offset, word_tokens, only):
    """[(score, item_id)] of the page.

    The order is total, so every node's index gives the same page whatever order it
    holds its documents in: by score (4 decimals), then newest first, then id; or by
    the sort's field, then id. Items tied with the page's first or last one are all
    read (the window grows until the hit past it differs), however many there are."""
    if limit == 0:
        return []
    relevance = sort == "relevance" and q is not None
    if relevance:
        def key(value):
            return round(float(value), 4)

        def fetch(n):
            return searcher.search(tq, n, count=False).hits
    else:
        field_name, order = SORTS[sort] or SORTS["date"]

        def key(value):
            return value

        def fetch(n):
            return searcher.search(tq, n, count=False, order_by_field=field_name,
                                   order=order).hits
    hits = _through_ties(fetch, key, offset + limit)
    if len(hits) <= offset:
        return []
    first = key(hits[offset][0])
    i0 = offset
    while i0 > 0 and key(hits[i0 - 1][0]) == first:
        i0 -= 1
    rows = []
    for value, addr in hits[i0:]:
        doc = searcher.doc(addr)
        rows.append((value, doc["item_id"][0], doc.get_first("date") or ""))
    if relevance:
        ordered = [(float(s), i) for s, i, _ in _relevance_order(
            [(float(s), i, d) for s, i, d in rows])]
    else:  # hits come in the field's order; a tie by id
        rank = _rank_of(rows, key)
        ordered = [(0.0, i) for _, i, _ in sorted(rows, key=lambda r: (rank[key(r[0])], r[1]))]
    page = ordered[offset - i0:offset - i0 + limit]
    if relevance or q is None or not page:
        return page
    ids = [i for _, i in page]
    scored = searcher.search(tantivy_query.build(q, filters, word_tokens=word_tokens,
                                                 only_ids=ids, doc_freq=searcher.doc_freq),
                             len(ids), count=False)
    scores = {searcher.doc(addr)["item_id"][0]: float(s) for s, addr in scored.hits}
    return [(scores.get(i, 0.0), i) for i in ids]


def _through_ties(fetch, key, want: int) -> list:
    """The first hits of ``fetch(n)`` (in order) covering the first ``want`` and every
    hit tied (``key``) with the ``want``-th: ``TIE_WINDOW`` past it, four times more
    while the last hit read is still tied with it."""
    n = want + TIE_WINDOW
    while True:
        hits = fetch(n)
        if len(hits) < n or want == 0:
            break
        edge = key(hits[want - 1][0])
        if key(hits[-1][0]) != edge:
            break
        n *= 4
    if want and len(hits) > want:
        edge = key(hits[want - 1][0])
        end = want
        while end < len(hits) and key(hits[end][0]) == edge:
            end += 1
        hits = hits[:end]
    return hits


def _rank_of(rows, key) -> dict:
    """The position of each field value in the order the hits came in."""
    rank: dict = {}
    for value, _, _ in rows:
        rank.setdefault(key(value), len(rank))
    return rank


def _facets(agg: dict, facet_limit: int | None, axes: Sequence[str] | None = None) -> dict:
    """{axis: {label: items}}: the label axes (``label_axes``) then the others of
    ``OTHER_AXES``, each most items first (ties by label); empty axes left out."""
    counts: dict[str, list[tuple[str, int]]] = {}
    for b in (agg.get(tantivy_index.LABEL_FIELD) or {}).get("buckets") or []:
        axis, label = tantivy_index.split_label_term(b["key"])
        counts.setdefault(axis, []).append((label, int(b["doc_count"])))
    for axis in OTHER_AXES:
        buckets = (agg.get(axis) or {}).get("buckets") or []
        counts[axis] = [(b["key"], int(b["doc_count"])) for b in buckets]
    out: dict[str, dict[str, int]] = {}
    for axis in label_axes(counts, axes) + OTHER_AXES:
        items = sorted(((k, n) for k, n in counts.get(axis, ()) if n),
                       key=lambda kv: (-kv[1], kv[0]))
        if facet_limit is not None:
            items = items[:facet_limit]
        if items:
            out[axis] = dict(items)
    return out


def _hits(conn, rows, q: Query | None, n_snippets: int) -> list[Hit]:
    if not rows:
        return []
    ids = [r[1] for r in rows]
    meta = {}
    marks = ",".join("?" * len(ids))
    for r in conn.execute(
            f"SELECT i.id, i.title, i.unit, i.date, i.chars, i.region, i.text, i.body_start, "
            f"(SELECT name FROM file_names n WHERE n.sha256 = i.file_sha256 "
            f" ORDER BY first_seen, name LIMIT 1) FROM items i WHERE i.id IN ({marks})", ids):
        meta[r[0]] = r
    labels = effective_labels(conn, ids)
    named = named_carriers(conn, ids)
    needles = q.highlights() if q is not None else []
    hits = []
    for score, item_id in rows:
        r = meta.get(item_id)
        if r is None:
            continue
        lab: dict[str, list[str]] = {}
        for axis, label in labels[item_id]:
            lab.setdefault(axis, []).append(label)
        if named[item_id]:
            lab["named_carrier"] = named[item_id]
        hits.append(Hit(id=item_id, source=r[8], title=r[1], unit=r[2], date=r[3],
                        score=round(float(score), 4), chars=r[4], region=r[5], labels=lab,
                        snippets=tuple(make_snippets(r[6], needles, count=n_snippets,
                                                     body_start=r[7]))))
    return hits


# -- snippets --------------------------------------------------------------------------

_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
_FOLD.update({c: c - 0xFEE0 + 32 for c in range(0xFF21, 0xFF3B)})


_FOLDABLE = re.compile("[A-Z\uff01-\uff5e]+")


def _fold(s: str) -> str:
    """Width folding and Latin lower case, one character for one (offsets kept)."""
    return s.translate(_FOLD) if _FOLDABLE.search(s) else s


def _hay(text: str, needles) -> str:
    """The text to find the needles in: folded, unless every needle is made of
    characters that folding neither changes nor produces (Chinese characters and the
    like), which then can only match themselves."""
    if all(not _FOLDABLE.search(n) and not _FOLD_TARGET.search(n) for n in needles):
        return text
    return _fold(text)


_FOLD_TARGET = re.compile("[\x21-\x7e]")  # what folding produces: printable ASCII


def find_marks(text: str, needles: list[str], hay: str | None = None
               ) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of every occurrence of the needles in ``text``,
    longer needles first; each span is exactly one needle as it appears in the text
    (Latin case and width folded). ``hay``: the text as ``_hay`` folds it."""
    if hay is None:
        hay = _hay(text, needles)
    taken: list[tuple[int, int]] = []
    occupied = bytearray(len(text) + 1)
    for needle in sorted({n for n in needles if n}, key=lambda n: (-len(n), n)):
        fn = _fold(needle)
        i = hay.find(fn)
        while i != -1:
            j = i + len(fn)
            if not any(occupied[i:j]):
                taken.append((i, j))
                occupied[i:j] = b"\x01" * (j - i)
            i = hay.find(fn, i + 1)
    return sorted(taken)


def make_snippets(text: str, needles: list[str], *, count: int = 2, width: int = 80,
                  context: int = 20, body_start: int = 0) -> list[Snippet]:
    """Up to ``count`` windows of about ``width`` characters holding the most distinct
    needles; marks are relative to each snippet's text. Line breaks in a snippet are
    shown as spaces (one character for one, so offsets stay exact)."""
    if count <= 0:
        return []
    folded = _hay(text, needles)
    marks = find_marks(text, needles, folded)
    snippets: list[Snippet] = []
    if not marks:
        s = body_start if body_start < len(text) else 0
        return [Snippet(text[s:s + width].replace("\n", " "), (), s)]
    remaining = marks[:400]
    while remaining and len(snippets) < count:
        best = None
        for k, (ms, _) in enumerate(remaining[:60]):
            ws = max(0, ms - context)
            we = min(len(text), ws + width)
            inside = []
            for m in remaining[k:]:
                if m[0] >= we:
                    break
                if m[1] <= we:
                    inside.append(m)
            distinct = len({folded[a:b] for a, b in inside})
            key = (distinct, len(inside), -ms)
            if best is None or key > best[0]:
                best = (key, ws, we, inside)
        _, ws, we, inside = best
        we = max(we, inside[0][1])
        snippets.append(Snippet(text[ws:we].replace("\n", " "),
                                tuple((a - ws, b - ws) for a, b in inside), ws))
        used = set(inside)
        remaining = [m for m in remaining if m not in used and not (ws <= m[0] < we)]
    return sorted(snippets, key=lambda s: s.start)
