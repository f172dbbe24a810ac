"""Running a search: ``search_sql()`` builds the SQL (testable on its own, no store
needed) and ``search()`` executes it and assembles hits, facets and snippets.

Ranking is FTS5 ``bm25()`` over both views with column weights (title > unit and
named carriers > body; the word view above the gram view, so whole words rank above
chance character sequences); ties are broken by date, newest first. Filters and
facets use the compact ``search_docs`` / ``search_facets`` tables, so the hot path is
one FTS5 query for the page (with the total as a window count) and one for the facet
counts, both in SQL.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from huibian.errors import QueryError
from search.index import AXES, effective_labels, named_carriers
from search.query import Query, Term, parse

# bm25 weights in column order: title_w, named_w, body_w, title_g, named_g, body_g
WEIGHTS = (10.0, 5.0, 1.0, 5.0, 2.5, 0.5)
SORTS = {
    "relevance": "round(m.score, 4), d.date IS NULL, d.date DESC, d.item_id",
    "date": "d.date IS NULL, d.date DESC, round(m.score, 4), d.item_id",
    "date_asc": "d.date IS NULL, d.date, round(m.score, 4), d.item_id",
    "length": "d.chars DESC, round(m.score, 4), d.item_id",
    "length_asc": "d.chars, round(m.score, 4), d.item_id",
}
MAX_LIMIT = 1000


@dataclass(frozen=True)
class Filters:
    """Each categorical filter is a tuple of accepted labels (any of them); ranges are
    inclusive and ``None`` leaves a side open."""

    genre: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    carrier: tuple[str, ...] = ()
    named_carrier: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    unit: tuple[str, ...] = ()
    collection: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    chars_min: int | None = None
    chars_max: int | None = None

    def categorical(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(axis, tuple(getattr(self, axis))) for axis in
                ("genre", "sector", "theme", "carrier", "named_carrier", "region", "unit",
                 "collection") if getattr(self, axis)]


@dataclass(frozen=True)
class SearchSQL:
    hits: str
    facets: str
    candidates: str
    params: dict


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

    def to_json(self) -> dict:
        return {"total": self.total, "facets": self.facets,
                "hits": [h.to_json() for h in self.hits]}


def _filter_sql(filters: Filters, params: dict, restrict: bool) -> str:
    where: list[str] = []
    for axis, labels in filters.categorical():
        names = []
        for i, label in enumerate(labels):
            params[f"{axis}_{i}"] = label
            names.append(f":{axis}_{i}")
        where.append(f"d.docid IN (SELECT docid FROM search_facets WHERE axis = '{axis}' "
                     f"AND label IN ({', '.join(names)}))")
    for name, col, op in (("year_from", "year", ">="), ("year_to", "year", "<="),
                          ("chars_min", "chars", ">="), ("chars_max", "chars", "<=")):
        value = getattr(filters, name)
        if value is not None:
            params[name] = int(value)
            where.append(f"d.{col} {op} :{name}")
    if restrict:
        where.append("d.docid IN (SELECT value FROM json_each(:restrict))")
    return ("WHERE " + " AND ".join(where)) if where else ""


def search_sql(fts: str | None, filters: Filters = Filters(), *, sort: str = "relevance",
               limit: int = 20, offset: int = 0, weights: tuple[float, ...] = WEIGHTS,
               restrict: bool = False) -> SearchSQL:
    """The SQL of a search. ``fts`` is an FTS5 expression from ``Query.fts()`` (or
    ``None`` to browse everything); ``restrict`` adds a ``:restrict`` JSON list of
    docids (phrases verified against the text)."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    if len(weights) != 6:
        raise QueryError("weights: give 6 numbers (title, named, body for words, then grams)")
    params: dict = {"limit": max(0, min(int(limit), MAX_LIMIT)), "offset": max(0, int(offset))}
    where = _filter_sql(filters, params, restrict)
    if fts is None:
        ranked = "SELECT docid, 0.0 AS score FROM search_docs"
        plain = "SELECT docid FROM search_docs"
    else:
        params["q"] = fts
        w = ", ".join(repr(float(x)) for x in weights)
        ranked = (f"SELECT rowid AS docid, bm25(search_fts, {w}) AS score "
                  f"FROM search_fts WHERE search_fts MATCH :q")
        plain = "SELECT rowid AS docid FROM search_fts WHERE search_fts MATCH :q"
    hits = (f"WITH m AS ({ranked})\n"
            f"SELECT d.docid, d.item_id, m.score, count(*) OVER () AS total\n"
            f"FROM m JOIN search_docs d ON d.docid = m.docid\n{where}\n"
            f"ORDER BY {SORTS[sort]}\nLIMIT :limit OFFSET :offset")
    facets = (f"WITH m AS ({plain})\n"
              f"SELECT f.axis, f.label, count(*) AS n\n"
              f"FROM m JOIN search_docs d ON d.docid = m.docid\n"
              f"JOIN search_facets f ON f.docid = m.docid\n{where}\n"
              f"GROUP BY f.axis, f.label")
    candidates = (f"WITH m AS ({plain})\n"
                  f"SELECT d.docid, d.item_id FROM m JOIN search_docs d ON d.docid = m.docid\n"
                  f"{_filter_sql(filters, {}, False)}")
    return SearchSQL(hits=hits, facets=facets, candidates=candidates, params=params)


def _verify(conn: sqlite3.Connection, query: Query, sql: SearchSQL) -> list[int]:
    """Docids of the FTS candidates whose text really holds every phrase (and none of
    the excluded ones) — for phrases with punctuation, spaces or mixed scripts."""
    params = {k: v for k, v in sql.params.items() if k not in ("limit", "offset")}
    keep = []
    for docid, item_id in conn.execute(sql.candidates, params).fetchall():
        text = conn.execute("SELECT title || char(10) || text FROM items WHERE id=?",
                            (item_id,)).fetchone()
        if text is None:
            continue
        text = text[0]
        if all(any(t.matches(text) for t in clause) for clause in query.clauses) and \
                not any(t.matches(text) for t in query.excluded if not t.pure):
            keep.append(docid)
    return keep


def search(conn: sqlite3.Connection, query: str | Query | None, *, tokenizer=None,
           filters: Filters = Filters(), sort: str = "relevance", limit: int = 20,
           offset: int = 0, facets: bool = True, facet_limit: int | None = None,
           snippets: int = 2, weights: tuple[float, ...] = WEIGHTS) -> SearchResult:
    """Search the stored items. ``query`` is what the user typed (parsed here; raises
    ``QueryError`` with a message for the user) or ``None`` to list everything that
    passes the filters. ``tokenizer`` adds the word view to the query (better ranking;
    matching is the same without it)."""
    q = parse(query) if isinstance(query, str) else query
    fts = None
    if q is not None:
        fts = q.fts(tokenizer.cut if tokenizer is not None else None)
    restrict = q is not None and q.needs_check
    sql = search_sql(fts, filters, sort=sort, limit=limit, offset=offset, weights=weights,
                     restrict=restrict)
    params = dict(sql.params)
    if restrict:
        import json

        params["restrict"] = json.dumps(_verify(conn, q, sql))
    try:
        rows = conn.execute(sql.hits, params).fetchall()
        total = rows[0][3] if rows else None
        if total is None:
            total = conn.execute(f"SELECT count(*) FROM ({sql.hits.split('ORDER BY')[0]})",
                                 {k: v for k, v in params.items()
                                  if k not in ("limit", "offset")}).fetchone()[0]
        facet_counts = _facets(conn, sql, params, facet_limit) if facets else {}
    except sqlite3.OperationalError as exc:  # a bug in this module, not the user's input
        raise QueryError(f"the search failed ({exc}); please report the query") from exc
    hits = _hits(conn, rows, q, snippets)
    return SearchResult(total=total, facets=facet_counts, hits=tuple(hits), query=q)


def _facets(conn, sql: SearchSQL, params: dict, facet_limit: int | None) -> dict:
    p = {k: v for k, v in params.items() if k not in ("limit", "offset")}
    out: dict[str, dict[str, int]] = {}
    for axis, label, n in conn.execute(sql.facets, p):
        out.setdefault(axis, {})[label] = n
    ordered = {}
    for axis in AXES:
        if axis in out:
            items = sorted(out[axis].items(), key=lambda kv: (-kv[1], kv[0]))
            if facet_limit is not None:
                items = items[:facet_limit]
            ordered[axis] = dict(items)
    return ordered


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
    for docid, item_id, score, _ in rows:
        r = meta.get(item_id)
        if r is None:
            continue
        lab: dict[str, list[str]] = {}
        for axis, label in labels[item_id]:
            lab.setdefault(axis, []).append(label)
        if named[item_id]:
            lab["named_carrier"] = named[item_id]
        hits.append(Hit(id=item_id, source=r[8], title=r[1], unit=r[2], date=r[3],
                        score=round(-float(score), 4), chars=r[4], region=r[5], labels=lab,
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
    return _FOLDABLE.sub(lambda m: m.group().translate(_FOLD), s)


def find_marks(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of every occurrence of the needles in ``text``,
    longer needles first; each span is exactly one needle as it appears in the text
    (Latin case and width folded)."""
    hay = _fold(text)
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
    marks = find_marks(text, needles)
    folded = _fold(text)
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
