"""The search index writer: the ingest ``Stage`` named ``"search"``, deletion, and the
full rebuild behind ``huibian reindex``.

``prepare`` (outside the write lock) builds the word and gram views of each item's
title and body — the CPU work. ``write`` (inside the ingest transaction) adds the
short unit/named-carrier view, the filter row and the facet rows to ``search_docs``
and ``search_facets``; triggers journal the item in the same transaction, and the
ranked index (``huibian.search.tantivy_index``) applies the journal after the commit, so an
item is searchable exactly when it is stored. ``delete`` removes an item's rows (and
journals the removal).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from huibian.core.stages import Prepared, Stage
from huibian.nlp.taxonomy import AXES as TAXONOMY_AXES
from huibian.search.analyze import gram_view, word_view
from huibian.store.db import column_names, has_table, transaction

INDEX_FORMAT = "1"
# The label axes are the taxonomy's (models/taxonomy.json, in its order): every axis of
# the stored labels is a facet. LABEL_AXES are the ones every taxonomy has, which come
# first when no taxonomy gives the order; a taxonomy may add more.
LABEL_AXES = TAXONOMY_AXES
ITEM_AXES = ("region", "year", "unit", "collection")
OTHER_AXES = ("named_carrier",) + ITEM_AXES  # the facet axes that are not label axes
AXES = LABEL_AXES + OTHER_AXES  # the facet axes of a taxonomy with the four axes only


def label_axes(found: Iterable[str] = (), order: Sequence[str] | None = None
               ) -> tuple[str, ...]:
    """The label axes to show, in order: ``order`` (a taxonomy's axes, in its order;
    by default the four every taxonomy has), then any other axis in ``found`` (the
    axes of stored labels: an axis a taxonomy had, or one of a taxonomy not given)
    sorted by id. Never an axis of ``OTHER_AXES``."""
    first = tuple(a for a in (LABEL_AXES if order is None else order) if a not in OTHER_AXES)
    rest = sorted(set(found) - set(first) - set(OTHER_AXES))
    return first + tuple(rest)


@dataclass(frozen=True)
class Views:
    """The prepared (tokenized) title and body of one item. ``terms`` is the stored
    blob of all six views (``terms_blob``), prepared with the unit and named carriers
    ``named`` the write expects; the write rebuilds it if the stored ones differ."""

    item_id: str
    title_w: str
    body_w: str
    title_g: str
    body_g: str
    named: tuple[str, ...] | None = None
    terms: bytes | None = None


def item_views(tokenizer, item_id: str, title: str, body: str) -> Views:
    return Views(item_id, word_view(tokenizer, title), word_view(tokenizer, body),
                 gram_view(title), gram_view(body))


def _body(text: str, body_start: int) -> str:
    return text[body_start:] if 0 < body_start <= len(text) else text


# -- the ingest stage ------------------------------------------------------------------

def search_stage(resources) -> Stage:
    """The "search" stage for ``huibian.pipeline.ingestor.stages_for``."""

    def prepare(document, item_ids: tuple[str, ...], earlier=None) -> list[Views]:
        """The title and body views; with the analysis results (``earlier``), also the
        stored blob, for the named carriers the analysis found (the CPU work of the
        write done here, outside the write lock)."""
        tok = resources.tokenizer
        views = [item_views(tok, iid, it.title, it.body)
                 for iid, it in zip(item_ids, document.items)]
        analyses = (earlier or {}).get("analysis")
        if not analyses or len(analyses) != len(views):
            return views
        out = []
        for v, it, result in zip(views, document.items, analyses):
            named = _named_key(it.unit, _unique(n["name"] for n in result["named_carriers"]))
            out.append(replace(v, named=named, terms=terms_blob(tok, v, named)))
        return out

    def write(conn: sqlite3.Connection, prepared: Prepared) -> None:
        views = prepared.results.get("search")
        if views is None:
            views = prepare(prepared.document, prepared.item_ids)
        write_views(conn, resources.tokenizer, views)

    def delete(conn: sqlite3.Connection, item_ids: tuple[str, ...]) -> None:
        delete_items(conn, item_ids)

    return Stage(name="search", prepare=prepare, write=write, delete=delete,
                 uses=("analysis",))


# -- writing ---------------------------------------------------------------------------

def _table_exists(conn: sqlite3.Connection, name: str) -> bool:
    return has_table(conn, name)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return set(column_names(conn, table))


def effective_labels(conn: sqlite3.Connection, item_ids: Sequence[str]
                     ) -> dict[str, list[tuple[str, str]]]:
    """item_id -> [(axis, label)] of the effective labels (a human label on an axis
    wins over the final ones) on every label axis stored. Empty while the analysis
    tables do not exist."""
    out: dict[str, list[tuple[str, str]]] = {i: [] for i in item_ids}
    if not item_ids or not _table_exists(conn, "labels"):
        return out
    has_source = "source" in _columns(conn, "labels")
    rows = []
    for chunk in _chunks(list(item_ids), 500):
        marks = ",".join("?" * len(chunk))
        src = ", source" if has_source else ", 'final' AS source"
        # in key order (SQLite reads them so by the key; PostgreSQL by insertion)
        rows += conn.execute(f"SELECT item_id, axis, label{src} FROM labels "
                             f"WHERE item_id IN ({marks}) ORDER BY item_id, axis, label, source",
                             chunk).fetchall()
    human = {(r[0], r[1]) for r in rows if r[3] == "human"}
    for item_id, axis, label, source in rows:
        if axis in OTHER_AXES or not label:
            continue
        if source == "human" or (source == "final" and (item_id, axis) not in human):
            if (axis, label) not in out[item_id]:
                out[item_id].append((axis, label))
    return out


def named_carriers(conn: sqlite3.Connection, item_ids: Sequence[str]) -> dict[str, list[str]]:
    """item_id -> its named carriers' names as stored (``_unique``, in row order): the
    same rule the search stage's prepare applies to the analysis's results."""
    rows: dict[str, list[str]] = {i: [] for i in item_ids}
    if not item_ids or not _table_exists(conn, "named_carriers"):
        return rows
    for chunk in _chunks(list(item_ids), 500):
        marks = ",".join("?" * len(chunk))
        for item_id, name in conn.execute(
                f"SELECT item_id, name FROM named_carriers WHERE item_id IN ({marks}) "
                f"ORDER BY rowid", chunk):
            rows[item_id].append(name)
    return {i: _unique(names) for i, names in rows.items()}


def _chunks(seq: list, n: int) -> Iterable[list]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def write_views(conn: sqlite3.Connection, tokenizer, views: Sequence[Views]) -> None:
    """Index items whose rows are already in ``items`` (same transaction). Replaces
    any previous index rows of the same items, so it is safe to run twice."""
    if not views:
        return
    ids = [v.item_id for v in views]
    delete_items(conn, ids)
    meta = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT id, date, chars, region, unit, collection FROM items "
                              f"WHERE id IN ({marks})", chunk):
            meta[r[0]] = tuple(r)
    labels = effective_labels(conn, ids)
    named = named_carriers(conn, ids)
    for v in views:
        if v.item_id not in meta:
            raise LookupError(f"item {v.item_id} is not in the items table")
        _, date, chars, region, unit, collection = meta[v.item_id]
        key = _named_key(unit, named[v.item_id])
        blob = v.terms if v.terms is not None and v.named == key else \
            terms_blob(tokenizer, v, key)
        year = _year(date)
        cur = conn.execute("INSERT INTO search_docs(item_id, date, year, chars, terms) "
                           "VALUES (?,?,?,?,?)", (v.item_id, date, year, chars, blob))
        docid = cur.lastrowid
        facets = set(labels[v.item_id])
        facets.update(("named_carrier", n) for n in named[v.item_id])
        for axis, value in (("region", region), ("year", str(year) if year else None),
                            ("unit", unit), ("collection", collection)):
            if value:
                facets.add((axis, value))
        conn.executemany("INSERT OR IGNORE INTO search_facets(axis, label, docid) "
                         "VALUES (?,?,?)", [(a, l, docid) for a, l in facets])


def _unique(names) -> list[str]:
    out: list[str] = []
    for n in names:
        if n and n not in out:
            out.append(n)
    return out


def _named_key(unit: str | None, names: list[str]) -> tuple[str, ...]:
    """The short texts of the named view, in order: the unit, then the named carriers."""
    return tuple(([unit] if unit else []) + list(names))


def terms_blob(tokenizer, views: Views, named: tuple[str, ...]) -> bytes:
    """What ``search_docs.terms`` holds: zlib of the JSON list of the six indexed
    column texts (title, named and body word views; then their gram views)."""
    named_text = "\n".join(named)
    cols = [views.title_w, word_view(tokenizer, named_text), views.body_w,
            views.title_g, gram_view(named_text), views.body_g]
    return zlib.compress(json.dumps(cols, ensure_ascii=False).encode("utf-8"), 3)


def _year(date: str | None) -> int | None:
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def index_items(conn: sqlite3.Connection, tokenizer, item_ids: Sequence[str]) -> int:
    """Index stored items by id (reading their text from ``items``)."""
    views = []
    for chunk in _chunks(list(item_ids), 500):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT id, title, text, body_start FROM items "
                              f"WHERE id IN ({marks})", chunk):
            views.append(item_views(tokenizer, r[0], r[1], _body(r[2], r[3])))
    write_views(conn, tokenizer, views)
    return len(views)


def refresh_facets(conn: sqlite3.Connection, tokenizer, item_ids: Sequence[str]) -> int:
    """Re-read the labels and named carriers of these items into their facet rows and
    named-carrier column (call in the transaction that changes labels, e.g. a human
    review). Title and body views are reused from the index, not re-segmented."""
    views = []
    for chunk in _chunks(list(item_ids), 500):
        marks = ",".join("?" * len(chunk))
        for item_id, blob in conn.execute(
                f"SELECT item_id, terms FROM search_docs WHERE item_id IN ({marks})", chunk):
            c = json.loads(zlib.decompress(blob))
            views.append(Views(item_id, c[0], c[2], c[3], c[5]))
    write_views(conn, tokenizer, views)
    return len(views)


# -- deleting --------------------------------------------------------------------------

def delete_items(conn: sqlite3.Connection, item_ids: Sequence[str]) -> int:
    """Remove these items from the index (no error for items not indexed)."""
    n = 0
    for chunk in _chunks(list(item_ids), 500):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"SELECT docid FROM search_docs WHERE item_id IN ({marks})",
                            chunk).fetchall()
        n += _delete_docids(conn, rows)
    return n


def _delete_docids(conn: sqlite3.Connection, rows) -> int:
    for (docid,) in rows:
        conn.execute("DELETE FROM search_facets WHERE docid=?", (docid,))
        conn.execute("DELETE FROM search_docs WHERE docid=?", (docid,))
    return len(rows)


def purge_orphans(conn: sqlite3.Connection) -> int:
    """Remove index rows of items that no longer exist (deleted by a cascade)."""
    rows = conn.execute("SELECT docid FROM search_docs WHERE item_id NOT IN "
                        "(SELECT id FROM items)").fetchall()
    return _delete_docids(conn, rows)


# -- rebuilding ------------------------------------------------------------------------

def tokenizer_signature(tokenizer) -> str:
    path = getattr(tokenizer, "userdict_path", None)
    data = path.read_bytes() if path and path.exists() else b""
    return hashlib.sha256(INDEX_FORMAT.encode() + b"\0" + data).hexdigest()[:16]


def rebuild(conn: sqlite3.Connection, tokenizer, *, batch: int = 200,
            progress: Callable[[int, int], None] | None = None) -> int:
    """Drop and rebuild the whole index from ``items`` in one transaction (searches
    see the old index until it commits), then rebuild the ranked index from it.
    Returns the number of items indexed."""
    from huibian.search import tantivy_index  # deferred for start-up time (a slow import, tantivy)

    total = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    done = 0
    with transaction(conn):
        conn.execute("DELETE FROM search_facets")
        conn.execute("DELETE FROM search_docs")
        ids = [r[0] for r in conn.execute("SELECT id FROM items ORDER BY rowid")]
        for chunk in _chunks(ids, batch):
            done += index_items(conn, tokenizer, chunk)
            if progress:
                progress(done, total)
        conn.execute("INSERT OR REPLACE INTO search_meta VALUES ('tokenizer', ?)",
                     (tokenizer_signature(tokenizer),))
    tantivy_index.rebuild(conn)
    return done
