"""Writing a prepared document into the store, and reading items back."""

from __future__ import annotations

import array
import hashlib
import json
import os
import sqlite3
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from huibian.core.errors import NotFound, StoreError
from huibian.core.records import Document, OutlineEntry
from huibian.core.stages import Prepared, Stage
from huibian.store.db import now_iso, store_dir


def storable_text(text: str) -> str:
    """Extracted text as both stores hold it: a NUL character (U+0000, which a
    PostgreSQL text value cannot hold; a text file may have one past the 4 KB its
    reader sniffs) becomes U+FFFD, one character for one, so every offset into the
    text holds. Normalization drops NUL from the normalized text and the items."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def item_id(file_sha256: str, seq: int) -> str:
    """Content-hash id: the same file always gives its items the same ids."""
    return hashlib.sha256(f"{file_sha256}:{seq}".encode()).hexdigest()[:16]


def item_ids(doc: Document) -> tuple[str, ...]:
    return tuple(item_id(doc.source.sha256, it.seq) for it in doc.items)


def find_file(conn: sqlite3.Connection, sha256: str) -> str | None:
    """The first name a stored file was ingested under, or None when not stored."""
    row = conn.execute("SELECT name FROM file_names WHERE sha256=? ORDER BY first_seen, name "
                       "LIMIT 1", (sha256,)).fetchone()
    if row:
        return row[0]
    row = conn.execute("SELECT 1 FROM files WHERE sha256=?", (sha256,)).fetchone()
    return "(unnamed)" if row else None


def pack_offsets(offs: tuple[int, ...]) -> bytes:
    return zlib.compress(array.array("I", offs).tobytes(), 1)  # as small as at 6


def unpack_offsets(blob: bytes) -> tuple[int, ...]:
    a = array.array("I")
    a.frombytes(zlib.decompress(blob))
    return tuple(a)


def save_original(conn: sqlite3.Connection, data: bytes, sha256: str) -> str:
    """Keep the original file under its content-hash name (never a name the uploader
    chose), written atomically. Returns the path relative to the store folder."""
    return save_original_at(store_dir(conn), data, sha256)


ORPHAN_AGE = 3600.0  # seconds: an ingest commits its originals' rows within seconds


def sweep_orphans(conn: sqlite3.Connection, older_than: float = ORPHAN_AGE,
                  now: float | None = None) -> list[str]:
    """Remove originals that no stored file names (an ingest killed between writing
    the original and committing its row left them) and half-written ``.tmp-`` files,
    once they are ``older_than`` seconds old (a running ingest's are newer). Returns
    the paths removed, relative to the store folder."""
    import time

    root = store_dir(conn)
    now = time.time() if now is None else now
    kept = {r[0] for r in conn.execute("SELECT blob_path FROM files WHERE blob_path IS NOT "
                                       "NULL")}
    kept |= {str(Path(s[:2]) / s) for (s,) in conn.execute("SELECT sha256 FROM files")}
    removed: list[str] = []
    hexdigits = set("0123456789abcdef")
    for sub in sorted(root.glob("[0-9a-f][0-9a-f]")):
        if not sub.is_dir() or sub.is_symlink():
            continue
        for f in sub.iterdir():
            rel = str(Path(sub.name) / f.name)
            ours = (len(f.name) == 64 and set(f.name) <= hexdigits) or f.name.startswith(".tmp-")
            if not ours or rel in kept:
                continue
            try:
                if f.is_file() and now - f.stat().st_mtime > older_than:
                    # a row committed after the listing above keeps its file
                    if not f.name.startswith(".tmp-") and conn.execute(
                            "SELECT 1 FROM files WHERE sha256=?", (f.name,)).fetchone():
                        continue
                    f.unlink()
                    removed.append(rel)
            except OSError:
                continue
    return removed


def save_original_at(root: Path, data: bytes, sha256: str) -> str:
    """``save_original`` into the store folder ``root`` (no connection: callable from
    another thread)."""
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise StoreError(f"not a content hash: {sha256[:80]!r}", code="E303")
    rel = Path(sha256[:2]) / sha256
    path = root / rel
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    return str(rel)


def write_document(conn: sqlite3.Connection, prepared: Prepared, stages: list[Stage],
                   blob_path: str | None) -> None:
    """Insert the file, its name, its items and every stage's rows. Call inside a
    transaction (``store.transaction``): all of it is stored or none."""
    doc = prepared.document
    src = doc.source
    now = now_iso()
    conn.execute(
        "INSERT INTO files (sha256, kind, size, pages, raw_text, norm_text, offset_map, "
        "furniture, blob_path, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (src.sha256, doc.kind, len(src.data), doc.extracted.page_count,
         storable_text(doc.extracted.text), storable_text(doc.normalized.text),
         prepared.offsets_blob or pack_offsets(doc.normalized.to_raw),
         json.dumps(list(doc.extracted.furniture), ensure_ascii=False), blob_path, now))
    conn.execute("INSERT INTO file_names (sha256, name, first_seen) VALUES (?,?,?)",
                 (src.sha256, src.name, now))
    rows = []
    for iid, it in zip(prepared.item_ids, doc.items):
        rows.append((
            iid, src.sha256, it.seq, it.title, it.unit,
            json.dumps(list(it.authors), ensure_ascii=False), it.doc_number, it.date, it.region,
            json.dumps(list(it.subject_words), ensure_ascii=False), it.chars,
            it.pages[0] if it.pages else None, it.pages[1] if it.pages else None,
            it.lines[0] if it.lines else None, it.lines[1] if it.lines else None,
            it.start, it.end, it.body_start, it.kind_hint,
            json.dumps([o.__dict__ for o in it.outline], ensure_ascii=False), it.text, now))
    conn.executemany(
        "INSERT INTO items (id, file_sha256, seq, title, unit, authors, doc_number, date, "
        "region, subject_words, chars, page_first, page_last, line_first, line_last, start, "
        "end, body_start, kind_hint, outline, text, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    for stage in stages:
        if stage.write:
            stage.write(conn, prepared)


def delete_file(conn: sqlite3.Connection, sha256: str, stages: list[Stage]) -> int:
    """Remove a stored file and everything derived from it (call in a transaction)."""
    ids = tuple(r[0] for r in conn.execute("SELECT id FROM items WHERE file_sha256=?", (sha256,)))
    for stage in stages:
        if stage.delete and ids:
            stage.delete(conn, ids)
    conn.execute("DELETE FROM items WHERE file_sha256=?", (sha256,))
    conn.execute("DELETE FROM files WHERE sha256=?", (sha256,))
    return len(ids)


@dataclass(frozen=True)
class StoredItem:
    id: str
    file_sha256: str
    seq: int
    source: str
    title: str
    unit: str | None
    authors: list[str]
    doc_number: str | None
    date: str | None
    region: str | None
    subject_words: list[str]
    chars: int
    pages: list[int] | None
    lines: list[int] | None
    body_start: int
    kind_hint: str | None
    outline: list[OutlineEntry]
    text: str

    def summary(self) -> dict:
        return {"id": self.id, "title": self.title, "unit": self.unit, "date": self.date,
                "source": self.source, "chars": self.chars}

    def as_dict(self, with_text: bool = True) -> dict:
        d = {"id": self.id, "source": self.source, "title": self.title, "unit": self.unit,
             "authors": self.authors, "doc_number": self.doc_number, "date": self.date,
             "region": self.region, "subject_words": self.subject_words, "chars": self.chars,
             "pages": self.pages, "lines": self.lines, "file_sha256": self.file_sha256,
             "outline": [o.__dict__ for o in self.outline]}
        if with_text:
            d["text"] = self.text
        return d


_ITEM_SQL = ("SELECT i.*, (SELECT name FROM file_names n WHERE n.sha256=i.file_sha256 "
             "ORDER BY first_seen, name LIMIT 1) AS source FROM items i")


def _row_to_item(r: sqlite3.Row) -> StoredItem:
    pages = [r["page_first"], r["page_last"]] if r["page_first"] is not None else None
    lines = [r["line_first"], r["line_last"]] if r["line_first"] is not None else None
    return StoredItem(
        id=r["id"], file_sha256=r["file_sha256"], seq=r["seq"], source=r["source"] or "",
        title=r["title"], unit=r["unit"], authors=json.loads(r["authors"]),
        doc_number=r["doc_number"], date=r["date"], region=r["region"],
        subject_words=json.loads(r["subject_words"]), chars=r["chars"], pages=pages,
        lines=lines, body_start=r["body_start"], kind_hint=r["kind_hint"],
        outline=[OutlineEntry(**o) for o in json.loads(r["outline"])], text=r["text"])


def get_item(conn: sqlite3.Connection, iid: str) -> StoredItem:
    row = conn.execute(_ITEM_SQL + " WHERE i.id=?", (iid,)).fetchone()
    if row is None and len(iid) >= 4:
        rows = conn.execute(_ITEM_SQL + " WHERE i.id LIKE ? LIMIT 2", (iid + "%",)).fetchall()
        if len(rows) == 1:
            row = rows[0]
    if row is None:
        raise NotFound(f"no item with id {iid!r}; 'huibian ls' lists the ids")
    return _row_to_item(row)


def list_items(conn: sqlite3.Connection, limit: int | None = None) -> list[StoredItem]:
    sql = _ITEM_SQL + " ORDER BY i.rowid"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_row_to_item(r) for r in conn.execute(sql)]


def get_items(conn: sqlite3.Connection, ids: list[str]) -> list[StoredItem]:
    """The stored items of ``ids`` (exact ids), in that order; missing ones left out."""
    found: dict[str, StoredItem] = {}
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(_ITEM_SQL + f" WHERE i.id IN ({marks})", chunk):
            found[r["id"]] = _row_to_item(r)
    return [found[i] for i in ids if i in found]
