"""The search journal's head and trimming (search.tantivy_index applies the journal):
the two queries that differ between SQLite and PostgreSQL.

SQLite's ``sqlite_sequence`` keeps the highest seq ever given, even after the applied
rows are trimmed. PostgreSQL's sequence is not transactional (it may show a seq of a
transaction not yet committed), so the head is the highest committed row, and trimming
keeps that row: the head never goes back. Journal rows are written under the store's
writer lock (migrations_pg/0007), so they commit in seq order on both stores."""

from __future__ import annotations

from huibian.store.db import is_postgres


def journal_head(conn) -> int:
    """The highest seq journaled (0: none yet)."""
    if is_postgres(conn):
        row = conn.execute("SELECT max(seq) FROM search_journal").fetchone()
    else:
        row = conn.execute("SELECT seq FROM sqlite_sequence "
                           "WHERE name='search_journal'").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def trim_journal(conn, upto: int) -> None:
    """Delete the journal rows up to ``upto`` (applied by the index)."""
    if is_postgres(conn):
        conn.execute("DELETE FROM search_journal WHERE seq < ?", (upto,))
    else:
        conn.execute("DELETE FROM search_journal WHERE seq <= ?", (upto,))
