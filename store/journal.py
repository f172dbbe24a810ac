"""The search journal's head and trimming (search.tantivy_index applies the journal):
the two queries that differ between SQLite and PostgreSQL.

SQLite's ``sqlite_sequence`` keeps the highest seq ever given, even after the applied
rows are trimmed. PostgreSQL's sequence is not transactional (it may show a seq of a
transaction not yet committed), so the head is the highest committed row. Journal rows
are written under the store's writer lock (migrations_pg/0007), so they commit in seq
order on both stores.

A PostgreSQL store's journal is not trimmed: every node keeps its own index
(``HUIBIAN_INDEX_DIR``) and replays the journal from the seq it applied last, and no
node knows how far the others have come. Trimmed after one node's sync, the rows
another node had not applied yet were gone, and that node's index missed those items
for good (bench/scale.py's README work, issue 21; tests/postgres/test_pg_nodes.py)."""

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
    """Delete the journal rows up to ``upto`` (applied by the index); a PostgreSQL
    store's are kept (other nodes replay them: see the module's docstring)."""
    if not is_postgres(conn):
        conn.execute("DELETE FROM search_journal WHERE seq <= ?", (upto,))
