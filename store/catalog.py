"""Small read queries about the stored items, for the interfaces (the app's pickers,
the collection stamp its caches are keyed on, an item's original file): the pages and
commands call these instead of writing SQL."""

from __future__ import annotations

import sqlite3
from typing import Sequence

ORDERS = {"rowid": "rowid", "title": "title, unit, id"}


def _like(needle: str) -> str:
    """``needle`` as a LIKE pattern matching it anywhere, taken literally (``%``, ``_``
    and ``\\`` escaped with ``\\``)."""
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def find_items(conn: sqlite3.Connection, needle: str, limit: int, *, order: str = "rowid"
               ) -> list[tuple[str, str, str | None]]:
    """[(id, title, unit)] of at most ``limit`` items whose title, unit or id holds
    ``needle`` literally (every item for an empty needle), in the order stored
    (``order="rowid"``) or by title, unit and id (``order="title"``)."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}: use one of {', '.join(ORDERS)}")
    rows = conn.execute(
        "SELECT id, title, unit FROM items WHERE title LIKE ?1 ESCAPE '\\' OR "
        "unit LIKE ?1 ESCAPE '\\' OR id LIKE ?1 ESCAPE '\\' "
        f"ORDER BY {ORDERS[order]} LIMIT ?2", (_like(needle), int(limit))).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def item_titles(conn: sqlite3.Connection, item_ids: Sequence[str]
                ) -> dict[str, tuple[str, str | None]]:
    """{id: (title, unit)} of those of ``item_ids`` that are stored, in the order
    given (ids not stored are left out)."""
    found: dict[str, tuple[str, str | None]] = {}
    ids = list(dict.fromkeys(item_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT id, title, unit FROM items WHERE id IN ({marks})",
                              chunk):
            found[r[0]] = (r[1], r[2])
    return {i: found[i] for i in ids if i in found}


def collection_stamp(conn: sqlite3.Connection) -> tuple[int, str | None, int | None]:
    """(number of items, newest ``created_at``, highest rowid): changes whenever items
    are added or removed, so a cache keyed on it is never older than the collection."""
    row = conn.execute("SELECT count(*), max(created_at), max(rowid) FROM items").fetchone()
    return (row[0], row[1], row[2])


def original_path(conn: sqlite3.Connection, file_sha256: str) -> str | None:
    """Where the original of a stored file is kept, relative to the store folder
    (``store.db.store_dir``); None when the file or its original is not stored."""
    row = conn.execute("SELECT blob_path FROM files WHERE sha256=?",
                       (file_sha256,)).fetchone()
    return row[0] if row else None
