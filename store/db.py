"""Opening the store, applying migrations, and per-file transactions.

The store is a SQLite file or a PostgreSQL server (``store.postgres``: the same
connection interface; ``store.pg_sql`` translates the SQL). This module is where the
two differ in what the rest of the product sees: which migrations apply, and where a
store's files are (its originals, its shared files, a node's index and caches).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Iterator

from huibian.core.errors import StoreError
from huibian.core.settings import read_settings, store_path
from huibian.store import postgres

DEFAULT_DB = Path("data") / "huibian.db"


def default_db_path(explicit: str | os.PathLike | None = None) -> Path | str:
    """``--db`` wins, then ``HUIBIAN_DB``, then ``data/huibian.db``: a SQLite file's
    ``Path``, or a PostgreSQL server's address (a ``str``); another server's address in
    either is refused (E304, ``core.settings.store_path``)."""
    if explicit:
        return store_path(explicit)
    configured = read_settings().db
    return configured if configured is not None else DEFAULT_DB


def resolved_db(explicit: str | os.PathLike | None = None) -> Path | str:
    """``default_db_path`` made absolute (a file's path; a server's address as given),
    to name the store to another process or to key a cache by it."""
    target = default_db_path(explicit)
    return target if isinstance(target, str) else target.resolve()


def store_exists(explicit: str | os.PathLike | None = None) -> bool:
    """A store is there to open: the SQLite file exists (a server's address: the
    server is asked when the store is opened)."""
    target = default_db_path(explicit)
    return isinstance(target, str) or target.exists()


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def is_postgres(conn) -> bool:
    """The store is a PostgreSQL server (``store.postgres.Connection``)."""
    return isinstance(conn, postgres.Connection)


def is_connection(obj) -> bool:
    """``obj`` is an open store connection (SQLite's or PostgreSQL's), not a path, an
    address or a function giving one."""
    return isinstance(obj, (sqlite3.Connection, postgres.Connection))


def is_postgres_address(db: str | os.PathLike) -> bool:
    """``db`` (as ``--db`` takes it) names a PostgreSQL server, not a SQLite file."""
    return isinstance(db, str) and isinstance(store_path(db), str)


def _migrations(folder_name: str = "migrations") -> list[tuple[str, str]]:
    """(name, sql) of every migration file, in name order (``0001_core.sql`` …): the
    SQLite set in ``migrations/``, PostgreSQL's in ``migrations_pg/`` (the same names,
    the same tables)."""
    folder = resources.files("huibian.store") / folder_name
    found = sorted((p.name, p.read_text(encoding="utf-8"))
                   for p in folder.iterdir() if p.name.endswith(".sql"))
    return found


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded in ``schema_migrations``; each in its own
    transaction. Safe to run any number of times. Returns the names applied."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                 "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
    applied = []
    pg = is_postgres(conn)
    for name, sql in _migrations("migrations_pg" if pg else "migrations"):
        if name in done:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            # re-check under the write lock: another process may have just applied it
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name=?", (name,)).fetchone():
                conn.execute("COMMIT")
                continue
            if pg:
                conn.run_script(sql)  # functions and triggers: run as written
            else:
                for statement in _split_sql(sql):
                    conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, now_iso()))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}") from exc
        applied.append(name)
    if pg:
        conn.read_tables()
    return applied


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements (sqlite3.complete_statement keeps triggers whole)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def connect(path: str | os.PathLike | None = None, *, create: bool = True,
            check_same_thread: bool = True) -> sqlite3.Connection:
    """Open (and migrate) the store. WAL mode so searches run while an ingest writes;
    a generous busy timeout so concurrent writers wait instead of failing."""
    db = default_db_path(path)
    if isinstance(db, str):
        return _connect_postgres(db)
    if not create and not db.exists():
        raise StoreError(f"no store at {db}; run 'huibian ingest' first or pass --db",
                         code="E301")
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(db, timeout=60, isolation_level=None,
                               check_same_thread=check_same_thread)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=60000")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{db}: cannot open the store ({exc})", code="E302") from exc
    return conn


def _connect_postgres(url: str) -> postgres.Connection:
    """Open (and migrate) a PostgreSQL store."""
    settings = read_settings()
    try:
        conn = postgres.open_connection(url, files=settings.files,
                                        node_dir=settings.index_dir,
                                        cache_dir=settings.cache_dir)
    except postgres.ConnectFailed as exc:
        raise StoreError(f"{postgres.safe_url(url)}: cannot open the store ({exc})",
                         code="E302") from exc
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def store_dir(conn) -> Path:
    """The folder of the original files: beside a SQLite file (``data/huibian.db`` ->
    ``data/huibian_files/``); a PostgreSQL store's is ``HUIBIAN_FILES``, a folder every
    node mounts (E305 when it is not set)."""
    if is_postgres(conn):
        return conn.shared_dir()
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    return Path(path).with_suffix("").parent / (Path(path).stem + "_files")


def store_file(conn) -> Path | None:
    """The name the store's shared side files are derived from (the accounts file, the
    API's task folder): the SQLite file itself (None: an in-memory store); for a
    PostgreSQL store, ``huibian.db`` in ``HUIBIAN_FILES`` (no such file is made)."""
    if is_postgres(conn):
        return conn.shared_dir() / "huibian.db"
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    return Path(path) if path else None


def store_file_of(db: str | os.PathLike) -> Path:
    """``store_file`` of the store named by a path or address, without connecting: a
    SQLite file's path; for a PostgreSQL address, ``huibian.db`` in ``HUIBIAN_FILES``
    (E305 when it is not set)."""
    target = default_db_path(db)
    if isinstance(target, str):
        files = read_settings().files
        if files is None:
            raise StoreError(f"{postgres.safe_url(target)}: a PostgreSQL store keeps its "
                             "shared files in a folder every node mounts; set HUIBIAN_FILES "
                             "to it", code="E305")
        return files / "huibian.db"
    return target


def store_address(conn) -> str:
    """What ``--db`` names this store by: the SQLite file's path, or the server's
    address."""
    if is_postgres(conn):
        return conn.url
    return conn.execute("PRAGMA database_list").fetchone()[2]


def node_file(conn) -> Path | None:
    """The name this node's derived files are named after (the ranked search index,
    the similarity caches): the SQLite file itself (None: in memory); for a PostgreSQL
    store, ``huibian.db`` in ``HUIBIAN_INDEX_DIR`` (no such file is made; the folder
    is, as a SQLite file's folder is there: a cache written beside the name needs it)."""
    if is_postgres(conn):
        conn.node_dir.mkdir(parents=True, exist_ok=True)
        return conn.node_dir / "huibian.db"
    return store_file(conn)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: everything inside is stored, or nothing is."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def table_names(conn) -> set[str]:
    """The store's tables (and views)."""
    if is_postgres(conn):
        return {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()")}
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                       "WHERE type IN ('table', 'view')")}


def column_names(conn, table: str) -> list[str]:
    """A table's columns in order (empty: no such table). A PostgreSQL table's
    ``rowid`` column (SQLite's implicit one, made explicit) is not listed."""
    if is_postgres(conn):
        return [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = ? AND column_name <> 'rowid' "
            "ORDER BY ordinal_position", (table,))]
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def has_table(conn, name: str) -> bool:
    """The store has a table (or view) of that name."""
    if is_postgres(conn):
        return conn.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = "
                            "current_schema() AND table_name = ?", (name,)).fetchone() is not None
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') "
                        "AND name=?", (name,)).fetchone() is not None


def integrity_check(conn) -> str:
    """``ok``, or what is wrong: SQLite's ``PRAGMA integrity_check``; on PostgreSQL,
    which checks its constraints at every write, every table of the store is read
    through once (a damaged page or a missing table fails the read)."""
    if is_postgres(conn):
        try:
            for table in sorted(table_names(conn)):
                conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        except sqlite3.DatabaseError as exc:
            return str(exc)
        return "ok"
    return conn.execute("PRAGMA integrity_check").fetchone()[0]
