"""Renditions of an item (issue 17, "one submission, one item"): the same text stored
again from another file (the PDF of an article stored from its TXT) is recorded here
against the item it repeats, not as a new item; and pairs of items marked "not
duplicates". Reads and writes of the two tables (migration 0016); deciding what is a
rendition is ``huibian.pipeline.renditions``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from huibian.store.db import now_iso


@dataclass(frozen=True)
class Rendition:
    """One file an item was read from: ``original`` is the file the item was stored
    from (the first), the others were matched to it at ingest or merged into it."""

    item_id: str
    file_sha256: str
    seq: int
    name: str            # the file's first name (``archive.zip!member.pdf`` for a member)
    kind: str            # pdf, docx, text, …
    blob_path: str | None
    title: str
    unit: str | None
    chars: int
    ratio: float         # 1.0 for the original
    how: str             # 'original' | 'ingest' | 'merge'
    added_at: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def add_rendition(conn: sqlite3.Connection, item_id: str, file_sha256: str, seq: int,
                  title: str, unit: str | None, chars: int, ratio: float, how: str,
                  actor: str | None = None) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO item_renditions (file_sha256, seq, item_id, title, unit, "
        "chars, ratio, how, actor, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (file_sha256, seq, item_id, title, unit, chars, round(float(ratio), 4), how, actor,
         now_iso()))


def move_renditions(conn: sqlite3.Connection, from_item: str, to_item: str) -> int:
    """Every rendition of ``from_item`` becomes one of ``to_item`` (a merge)."""
    return conn.execute("UPDATE item_renditions SET item_id=? WHERE item_id=?",
                        (to_item, from_item)).rowcount


def _file_name(conn: sqlite3.Connection, sha256: str) -> str:
    row = conn.execute("SELECT name FROM file_names WHERE sha256=? ORDER BY first_seen, name "
                       "LIMIT 1", (sha256,)).fetchone()
    return row[0] if row else ""


def renditions(conn: sqlite3.Connection, item_id: str) -> list[Rendition]:
    """The files an item was read from: its own file first, then the renditions in the
    order they were added. Empty when the item is not stored."""
    row = conn.execute(
        "SELECT i.file_sha256, i.seq, i.title, i.unit, i.chars, i.created_at, f.kind, "
        "f.blob_path FROM items i JOIN files f ON f.sha256=i.file_sha256 WHERE i.id=?",
        (item_id,)).fetchone()
    if row is None:
        return []
    out = [Rendition(item_id, row[0], row[1], _file_name(conn, row[0]), row[6], row[7],
                     row[2], row[3], row[4], 1.0, "original", row[5])]
    for r in conn.execute(
            "SELECT r.file_sha256, r.seq, r.title, r.unit, r.chars, r.ratio, r.how, "
            "r.added_at, f.kind, f.blob_path FROM item_renditions r JOIN files f ON "
            "f.sha256=r.file_sha256 WHERE r.item_id=? ORDER BY r.added_at, r.rowid",
            (item_id,)):
        out.append(Rendition(item_id, r[0], r[1], _file_name(conn, r[0]), r[8], r[9], r[2],
                             r[3], r[4], r[5], r[6], r[7]))
    return out


def rendition_of(conn: sqlite3.Connection, file_sha256: str, seq: int) -> str | None:
    """The item that ``file_sha256``'s item ``seq`` is a rendition of, or None."""
    row = conn.execute("SELECT item_id FROM item_renditions WHERE file_sha256=? AND seq=?",
                       (file_sha256, seq)).fetchone()
    return row[0] if row else None


def mark_distinct(conn: sqlite3.Connection, a: str, b: str, actor: str) -> None:
    """Record that items ``a`` and ``b`` are not duplicates (either order)."""
    a, b = sorted((a, b))
    conn.execute("INSERT OR REPLACE INTO dupe_verdicts (item_a, item_b, verdict, actor, at) "
                 "VALUES (?,?,'distinct',?,?)", (a, b, actor, now_iso()))


def distinct_pairs(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """The pairs (sorted ids) marked not duplicates."""
    return {(r[0], r[1]) for r in conn.execute(
        "SELECT item_a, item_b FROM dupe_verdicts WHERE verdict='distinct'")}
