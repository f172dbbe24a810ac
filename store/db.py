"""Opening the store, applying migrations, and per-file transactions."""

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

DEFAULT_DB = Path("data") / "huibian.db"


def default_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--db`` wins, then ``HUIBIAN_DB``, then ``data/huibian.db``; a database server's
    address in either is refused (E304, ``core.settings.store_path``)."""
    if explicit:
        return store_path(explicit)
    configured = read_settings().db
    return configured if configured is not None else DEFAULT_DB


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _migrations() -> list[tuple[str, str]]:
    """(name, sql) of every migration file, in name order (``0001_core.sql`` …)."""
    folder = resources.files("huibian.store") / "migrations"
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
    for name, sql in _migrations():
        if name in done:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            # re-check under the write lock: another process may have just applied it
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name=?", (name,)).fetchone():
                conn.execute("COMMIT")
                continue
            for statement in _split_sql(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, now_iso()))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}") from exc
        applied.append(name)
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


def store_dir(conn: sqlite3.Connection) -> Path:
    """The folder beside the database that holds the original files."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    return Path(path).with_suffix("").parent / (Path(path).stem + "_files")


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
