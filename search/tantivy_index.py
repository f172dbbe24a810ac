"""The ranked index: a tantivy index beside the store, derived from ``search_docs`` and
``search_facets``.

SQLite stays the truth. The search stage writes an item's views and facet rows in
the ingest transaction, and triggers (``store/migrations/0007_search_journal.sql``)
journal the item in ``search_journal`` in that same transaction. ``sync()`` applies
the journal to the tantivy index after the commit — delete the item's document, add
it again from its current rows if it still exists — and records the last applied
journal seq inside the same tantivy commit (a metadata document), so the index is
always exactly "the store as of seq N". A crash between the SQLite commit and the
tantivy commit leaves journal rows past N, which the next ``sync()`` applies; a
search syncs first, so an item is searchable as soon as its transaction commits.

The index lives in ``<store stem>_index/`` beside the database. It can always be
thrown away: ``rebuild()`` (and ``huibian reindex``) recreates it from the rows.

Fields: the word and gram views of title, unit/named carriers and body as in
``huibian.search.analyze`` (white-space tokenized, lower-cased, with positions so a gram
phrase is "these characters, contiguous"); ``all_g`` is every gram view of the item
in one field (separated by a token no gram equals) so one phrase query decides a
match; one raw fast field per facet axis that is not a taxonomy axis (named carriers,
region, year, unit, collection), and one, ``label``, for the labels of every taxonomy
axis (``axis\x1flabel``, so an axis added to the taxonomy needs no new field);
integers for filters and sorting.

In the gram fields every Chinese run is followed by a run-break token (``RUN_BREAK``,
after the run's last character, the one gram of length one). With it, two bigrams two
positions apart can only be characters of one run: the position between them is a
bigram of that run too, never its last character followed by the next run. So a long
phrase needs only the bigrams that cover it (``创先争优`` is ``创先`` at 0 and ``争优``
at 2) instead of all of them: fewer position lists read, the same matches
(``huibian.search.tantivy_query``).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sqlite3
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import tantivy

from huibian.core.errors import StoreError
from huibian.search.analyze import HAN_CLASS
from huibian.store import journal as store_journal
from huibian.store.db import node_file

SCHEMA_VERSION = "4"
META_ID = "\x00meta"
SEPARATOR = "\x01"  # between the gram views in all_g: no gram equals it
RUN_BREAK = "\x02"  # after each Chinese run in the gram fields: no gram equals it
TOKENIZER = "hb_ws"
WORD_FIELDS = ("title_w", "named_w", "body_w")
GRAM_FIELDS = ("title_g", "named_g", "all_g")
FACET_FIELDS = ("named_carrier", "region", "year", "unit", "collection")
# the labels of every taxonomy axis in one field, as "axis\x1flabel": the schema does not
# change when a taxonomy adds an axis (search.index.label_axes names the axes)
LABEL_FIELD = "label"
LABEL_SEP = "\x1f"
NO_DATE_DESC = 0          # items without a date sort last, newest first
NO_DATE_ASC = 99_999_999  # ... and last, oldest first
WRITER_HEAP = 64_000_000
# indexing threads of a sync (each fills its own segments; a big sync -- after an ingest,
# a rebuild -- uses both cores of the machines we target)
WRITER_THREADS = max(1, min(2, os.cpu_count() or 1))
LOCK_WAIT = 30.0  # seconds to wait for another process's writer


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("item_id", stored=True, tokenizer_name="raw")
    sb.add_text_field("kind", tokenizer_name="raw")  # "item" or "meta"
    for name in WORD_FIELDS + GRAM_FIELDS:
        sb.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
    for name in FACET_FIELDS + (LABEL_FIELD,):
        sb.add_text_field(name, tokenizer_name="raw", fast=True)
    sb.add_text_field("date", stored=True, tokenizer_name="raw")
    sb.add_integer_field("chars", stored=True, indexed=True, fast=True)
    sb.add_integer_field("year_n", indexed=True, fast=True)
    sb.add_integer_field("datekey", indexed=True, fast=True)
    sb.add_integer_field("datekey_asc", indexed=True, fast=True)
    sb.add_integer_field("seq", stored=True)
    sb.add_text_field("meta", stored=True, tokenizer_name="raw")
    return sb.build()


SCHEMA = build_schema()


def _analyzer():
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
            .filter(tantivy.Filter.lowercase()).build())


def index_dir(conn: sqlite3.Connection) -> Path:
    """``<store stem>_index/`` beside the database file (a PostgreSQL store's: in this
    node's ``HUIBIAN_INDEX_DIR``, ``store.db.node_file``)."""
    path = node_file(conn)
    if not path:
        raise StoreError("the search index needs a store on disk, not an in-memory one",
                         code="E310")
    p = Path(path)
    return p.parent / (p.stem + "_index")


def discard(db_path: str | Path) -> None:
    """Throw away the ranked index of the store at ``db_path`` (after a restore: the
    next sync rebuilds it from the rows)."""
    p = Path(db_path)
    shutil.rmtree(p.parent / (p.stem + "_index"), ignore_errors=True)
    _open_cached.cache_clear()


@dataclass
class RankedIndex:
    """An open ranked index. Cheap to open (about a millisecond); open one per use."""

    index: tantivy.Index
    path: Path

    @property
    def schema(self) -> tantivy.Schema:
        return SCHEMA

    def searcher(self) -> tantivy.Searcher:
        self.index.reload()
        return self.index.searcher()

    def applied(self) -> tuple[int, str | None]:
        """(last applied journal seq, schema version) from the metadata document;
        (-1, None) for an empty index."""
        s = self.searcher()
        r = s.search(tantivy.Query.term_query(SCHEMA, "kind", "meta"), 1, count=False)
        if not r.hits:
            return -1, None
        doc = s.doc(r.hits[0][1])
        meta = json.loads(doc["meta"][0])
        return int(doc["seq"][0]), meta.get("schema")


def open_index(conn: sqlite3.Connection) -> RankedIndex:
    """The ranked index of this store (created empty if missing). Opening one costs a
    few milliseconds, so open handles are kept per folder (and folder identity: a
    folder deleted and recreated, e.g. by a restore, is opened afresh)."""
    path = index_dir(conn)
    path.mkdir(parents=True, exist_ok=True)
    st = path.stat()
    ri = _open_cached(str(path), st.st_ino, st.st_dev)
    if not (path / "meta.json").exists():  # recreated under the same inode
        _open_cached.cache_clear()
        ri = _open_cached(str(path), st.st_ino, st.st_dev)
    return ri


@functools.lru_cache(maxsize=16)
def _open_cached(path_str: str, inode: int, device: int) -> RankedIndex:
    path = Path(path_str)
    try:
        index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
    except (OSError, ValueError) as exc:
        # an index from another schema, or damaged files: it is derived data, rebuild
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)
        try:
            index = tantivy.Index(SCHEMA, path=str(path), reuse=False)
        except (OSError, ValueError) as exc2:
            raise StoreError(f"{path}: cannot create the search index ({exc2}; "
                             f"first error {exc})", code="E311") from exc2
    index.register_tokenizer(TOKENIZER, _analyzer())
    return RankedIndex(index, path)


# -- documents -------------------------------------------------------------------------

def _datekey(date: str | None) -> int | None:
    if not date:
        return None
    digits = "".join(c for c in date if c.isdigit())[:8]
    if len(digits) < 4:
        return None
    return int(digits.ljust(8, "0"))


# the empty place just after a one-character Chinese gram: matched without a group, so
# the replacement is a plain string (a group reference costs a Python call per match)
_RUN_END = re.compile(f"(?<=(?<!\\S)[{HAN_CLASS}])(?!\\S)")


def with_run_breaks(gram_view: str) -> str:
    """The gram view with ``RUN_BREAK`` after the last character of each Chinese run
    (the only one-character Chinese gram: ``创岗 岗建 建区 区`` -> ``… 区 \\x02``)."""
    return _RUN_END.sub(f" {RUN_BREAK}", gram_view)


def make_document(item_id: str, date: str | None, year: int | None, chars: int,
                  cols: list[str], facets: list[tuple[str, str]]) -> tantivy.Document:
    """A tantivy document from an item's ``search_docs`` row (``cols``: the six view
    texts title_w, named_w, body_w, title_g, named_g, body_g) and its facet rows."""
    d = tantivy.Document()
    d.add_text("item_id", item_id)
    d.add_text("kind", "item")
    d.add_text("title_w", cols[0])
    d.add_text("named_w", cols[1])
    d.add_text("body_w", cols[2])
    grams = [with_run_breaks(c) for c in (cols[3], cols[4], cols[5])]
    d.add_text("title_g", grams[0])
    d.add_text("named_g", grams[1])
    d.add_text("all_g", f" {SEPARATOR} ".join(grams))
    for axis, label in facets:
        if not label:
            continue
        if axis in FACET_FIELDS:
            d.add_text(axis, label)
        else:  # a label axis of the taxonomy
            d.add_text(LABEL_FIELD, label_term(axis, label))
    d.add_text("date", date or "")
    d.add_integer("chars", int(chars or 0))
    if year:
        d.add_integer("year_n", int(year))
    key = _datekey(date)
    d.add_integer("datekey", key if key is not None else NO_DATE_DESC)
    d.add_integer("datekey_asc", key if key is not None else NO_DATE_ASC)
    return d


def label_term(axis: str, label: str) -> str:
    """The ``LABEL_FIELD`` term of a label on a taxonomy axis."""
    return f"{axis}{LABEL_SEP}{label}"


def split_label_term(term: str) -> tuple[str, str]:
    """(axis, label) of a ``LABEL_FIELD`` term."""
    axis, _, label = term.partition(LABEL_SEP)
    return axis, label


def _meta_document(seq: int) -> tantivy.Document:
    d = tantivy.Document()
    d.add_text("item_id", META_ID)
    d.add_text("kind", "meta")
    d.add_integer("seq", int(seq))
    d.add_text("meta", json.dumps({"schema": SCHEMA_VERSION}))
    return d


def _chunks(seq: list, n: int):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _documents(conn: sqlite3.Connection, item_ids: list[str]):
    """item_id -> document for the ids still in search_docs."""
    out = {}
    for chunk in _chunks(item_ids, 500):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"SELECT docid, item_id, date, year, chars, terms FROM search_docs "
                            f"WHERE item_id IN ({marks})", chunk).fetchall()
        if not rows:
            continue
        facets: dict[int, list[tuple[str, str]]] = {}
        docids = [r[0] for r in rows]
        dmarks = ",".join("?" * len(docids))
        for axis, label, docid in conn.execute(
                f"SELECT axis, label, docid FROM search_facets WHERE docid IN ({dmarks})",
                docids):
            facets.setdefault(docid, []).append((axis, label))
        for docid, item_id, date, year, chars, blob in rows:
            cols = json.loads(zlib.decompress(blob))
            out[item_id] = make_document(item_id, date, year, chars, cols,
                                         sorted(facets.get(docid, [])))
    return out


# -- keeping it current ----------------------------------------------------------------

def journal_head(conn: sqlite3.Connection) -> int:
    return store_journal.journal_head(conn)


def _writer(ri: RankedIndex, wait: float):
    deadline = time.monotonic() + wait
    while True:
        try:
            return ri.index.writer(WRITER_HEAP, WRITER_THREADS)
        except ValueError as exc:
            if "LockBusy" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def sync(conn: sqlite3.Connection, *, wait: float = LOCK_WAIT,
         ri: RankedIndex | None = None, trim: bool = False) -> int:
    """Apply the journal to the ranked index; returns the number of items applied.
    Rebuilds from scratch when the index is missing, of another schema version, or
    ahead of the journal (a restored store). Waits up to ``wait`` seconds for a
    writer held by another process; returns -1 if it is still busy (the journal keeps
    the work for the next sync). ``trim`` then deletes the applied journal rows
    (a write: the ingesting process does it, never a search)."""
    ri = ri or open_index(conn)
    applied, version = ri.applied()
    head = journal_head(conn)
    if applied == head and version == SCHEMA_VERSION:
        return 0
    try:
        writer = _writer(ri, wait)
    except ValueError:
        return -1
    applied, version = ri.applied()  # another process may have synced meanwhile
    n = 0
    try:
        own = not conn.in_transaction
        if own:
            conn.execute("BEGIN")  # one snapshot of the journal and the rows
        try:
            head = journal_head(conn)
            if version != SCHEMA_VERSION or applied > head or applied < 0:
                writer.delete_all_documents()
                ids = [r[0] for r in conn.execute("SELECT item_id FROM search_docs")]
            else:
                ids = list(dict.fromkeys(r[0] for r in conn.execute(
                    "SELECT item_id FROM search_journal WHERE seq > ? ORDER BY seq",
                    (applied,))))
                for item_id in ids:
                    writer.delete_documents_by_term("item_id", item_id)
            for chunk in _chunks(ids, 500):
                for doc in _documents(conn, chunk).values():
                    writer.add_document(doc)
                    n += 1
        finally:
            if own:
                conn.execute("COMMIT")
        writer.delete_documents_by_term("item_id", META_ID)
        writer.add_document(_meta_document(head))
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        try:
            writer.rollback()
        except Exception:  # noqa: BLE001 - the writer is dropped anyway
            pass
        raise
    finally:
        del writer
    if trim and not conn.in_transaction:
        _trim(conn, head)
    return n


def _trim(conn: sqlite3.Connection, upto: int) -> None:
    """Drop journal rows the index has applied (best effort: they are harmless)."""
    try:
        store_journal.trim_journal(conn, upto)
    except sqlite3.OperationalError:
        pass


def rebuild(conn: sqlite3.Connection) -> int:
    """Recreate the ranked index from the rows."""
    discard(node_file(conn))
    return sync(conn, trim=True)
