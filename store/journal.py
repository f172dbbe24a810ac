"""The search journal's head and trimming (search.tantivy_index applies the journal):
the two queries that differ between SQLite and PostgreSQL.

SQLite's ``sqlite_sequence`` keeps the highest seq ever given, even after the applied
rows are trimmed. PostgreSQL's sequence is not transactional (it may show a seq of a
transaction not yet committed), so the head is the highest committed row. Journal rows
are written under the store's writer lock (migrations_pg/0007), so they commit in seq
order on both stores.

A PostgreSQL store has many indexes, one a node (``HUIBIAN_INDEX_DIR``), each replaying
the journal from the seq it applied last, and no node knows how far the others have
come: trimmed up to one node's seq, the rows another node had not applied yet were
gone, and that node's index missed those items for good (issue 21;
tests/postgres/test_pg_nodes.py). Its journal is trimmed of the rows that have a later
row of the same item instead: a sync only takes the ids of the items changed after its
seq and reads their current rows, and an item whose row past some seq is dropped still
has its latest row past that seq, so every node sees the same items as before; the
journal keeps at most one row an item."""

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
    """Delete the journal rows up to ``upto`` (applied by the index); of a PostgreSQL
    store's, only those an item's later row repeats (see the module's docstring)."""
    if is_postgres(conn):
        conn.execute("DELETE FROM search_journal AS j WHERE j.seq <= ? AND EXISTS ("
                     "SELECT 1 FROM search_journal AS k WHERE k.item_id = j.item_id "
                     "AND k.seq > j.seq)", (upto,))
    else:
        conn.execute("DELETE FROM search_journal WHERE seq <= ?", (upto,))
