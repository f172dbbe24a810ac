"""One page of the stored items at a time, for the HTTP API's item list."""

from __future__ import annotations

import sqlite3

from huibian.store.documents import StoredItem, get_item


def page_items(conn: sqlite3.Connection, offset: int, limit: int
               ) -> tuple[int, list[StoredItem]]:
    """(how many items are stored, the ``limit`` items after the first ``offset``) in
    the order ``list_items`` gives them (the order stored)."""
    total = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    ids = [r[0] for r in conn.execute("SELECT id FROM items ORDER BY rowid LIMIT ? OFFSET ?",
                                      (max(0, int(limit)), max(0, int(offset))))]
    return total, [get_item(conn, i) for i in ids]
