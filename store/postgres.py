"""A PostgreSQL store behind the same small connection interface the product uses
with SQLite (``execute``/``executemany``/``cursor``, rows by index and by name,
``lastrowid``, ``rowcount``, explicit ``BEGIN``/``COMMIT``/``ROLLBACK``/savepoints).

Each statement is translated by ``store.pg_sql``. Transactions keep SQLite's meaning:

* ``BEGIN IMMEDIATE`` (a writer) begins a read-committed transaction and takes the
  store's transaction-scoped advisory lock, so writers of one store run one after the
  other, on every node, as SQLite's write lock makes them; each statement sees what was
  committed before it (a check such as "is this file stored?" made under the lock is
  final until the commit);
* ``BEGIN`` (a reader) begins a repeatable-read transaction: one snapshot for all its
  statements, as a SQLite read transaction has.

Errors are raised as the DB-API classes the product already catches (``sqlite3``'s
``IntegrityError``, ``OperationalError``, ``DatabaseError``), the server's error
attached as the cause, so a duplicate's unique violation is handled in one way for
both stores.

PostgreSQL's text cannot hold a NUL character, which SQLite's can: every text
parameter is sent with U+FFFD in place of each NUL (one character for one, so offsets
hold), as a document's text is stored on both stores (``store.documents.storable_text``).
A note, a query or a name a user typed with a NUL in it is stored, or looked up, with
the replacement rather than refused by the server.
"""

from __future__ import annotations

import decimal
import re
import sqlite3
from pathlib import Path
from typing import Any, Iterator, Sequence

from huibian.core.errors import StoreError
from huibian.store.pg_sql import TableInfo, begin_statement, translate

# the advisory lock key of "the store's writer" (any constant: one lock per database)
WRITER_LOCK = 0x68756962  # "huib"
_CACHE_SIZE = 512


def _pg():
    """The psycopg module."""
    # deferred: psycopg takes a few tenths of a second to import, paid only by a
    # process that opens a PostgreSQL store (every command imports the store layer)
    import psycopg

    return psycopg


class Row(tuple):
    """A result row: a tuple (index, unpack, compare) whose values are also found by
    column name, as ``sqlite3.Row``."""

    _names: tuple[str, ...] = ()

    def __new__(cls, values, names: tuple[str, ...]):
        row = super().__new__(cls, values)
        row._names = names
        return row

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names.index(key))
            except ValueError:
                lowered = key.lower()
                for k, name in enumerate(self._names):
                    if name.lower() == lowered:
                        return tuple.__getitem__(self, k)
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)


def _value(v: Any) -> Any:
    """A value as SQLite gives it: ``sum``/``avg`` of integers come back from the
    server as ``numeric``; SQLite gives an int (whole) or a float."""
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, memoryview):
        return bytes(v)
    return v


def _row_factory(cursor):
    names = tuple(d.name for d in cursor.description or ())

    def make(values: Sequence[Any]) -> Row:
        return Row((_value(v) for v in values), names)
    return make


def _row_factory_without_rowid(cursor):
    """Rows of a ``SELECT *``: the ``rowid`` column left out, as SQLite's ``*`` does."""
    described = [d.name for d in cursor.description or ()]
    keep = [k for k, name in enumerate(described) if name != "rowid"]
    if len(keep) == len(described):
        return _row_factory(cursor)
    names = tuple(described[k] for k in keep)

    def make(values: Sequence[Any]) -> Row:
        return Row((_value(values[k]) for k in keep), names)
    return make


def _nul_safe(params):
    """``params`` with U+FFFD for each NUL in its text values (see the module
    docstring); ``params`` itself when none has one (the common case, checked in C)."""
    values = params.values() if isinstance(params, dict) else params
    if not any(isinstance(v, str) and "\x00" in v for v in values):
        return params
    fix = (lambda v: v.replace("\x00", "\ufffd") if isinstance(v, str) else v)
    if isinstance(params, dict):
        return {k: fix(v) for k, v in params.items()}
    return [fix(v) for v in params]


def _db_error(exc: Exception) -> sqlite3.Error:
    psycopg = _pg()
    if isinstance(exc, psycopg.IntegrityError):
        cls = sqlite3.IntegrityError
    elif isinstance(exc, (psycopg.OperationalError, psycopg.errors.LockNotAvailable,
                          psycopg.errors.UndefinedTable, psycopg.errors.UndefinedColumn)):
        cls = sqlite3.OperationalError
    elif isinstance(exc, psycopg.DataError):  # a value the server will not hold
        cls = sqlite3.DataError
    elif isinstance(exc, psycopg.errors.RaiseException):  # a trigger refused the rows
        cls = sqlite3.DatabaseError
    elif isinstance(exc, psycopg.ProgrammingError):
        cls = sqlite3.OperationalError
    else:
        cls = sqlite3.DatabaseError
    err = cls(str(exc).strip())
    err.sqlstate = getattr(exc, "sqlstate", None)
    return err


class Cursor:
    """The result of one statement (or a cursor made by ``Connection.cursor``)."""

    def __init__(self, conn: "Connection") -> None:
        self.connection = conn
        self._cur = conn.raw.cursor(row_factory=_row_factory)
        self.lastrowid: int | None = None
        self.row_factory = None  # accepted and ignored: rows are always ``Row``
        self._rows: list | None = None

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    @property
    def description(self):
        return self._cur.description

    def execute(self, sql: str, params: Sequence | dict = ()) -> "Cursor":
        begin = begin_statement(sql)
        if begin is not None:
            self.connection.begin(immediate=begin == "immediate")
            return self
        t = self.connection.translated(sql)
        args = params = _nul_safe(params)
        if t.named and not isinstance(params, dict):
            args = {f"p{k}": v for k, v in enumerate(params, 1)}
        self._cur.row_factory = _row_factory_without_rowid if t.hide_rowid else _row_factory
        try:
            self._cur.execute(t.sql, args)
        except _pg().Error as exc:
            raise _db_error(exc) from exc
        self._rows = None
        if t.sets_identity:
            self.connection.follow_identity(*t.sets_identity)
        if t.returning:
            self._rows = self._cur.fetchall()
            if self._rows:
                self.lastrowid = self._rows[-1][0]
            self._rows = []
        return self

    def executemany(self, sql: str, seq: Sequence) -> "Cursor":
        t = self.connection.translated(sql, many=True)
        rows = [_nul_safe(r) for r in seq]
        if t.named:
            rows = [{f"p{k}": v for k, v in enumerate(r, 1)} for r in rows]
        if not rows:
            return self
        try:
            self._cur.executemany(t.sql, rows)
        except _pg().Error as exc:
            raise _db_error(exc) from exc
        if t.sets_identity:
            self.connection.follow_identity(*t.sets_identity)
        self._rows = []
        return self

    def fetchone(self):
        if self._rows is not None:
            return self._rows.pop(0) if self._rows else None
        try:
            return self._cur.fetchone()
        except _pg().ProgrammingError:  # a statement without a result
            return None

    def fetchall(self) -> list:
        if self._rows is not None:
            rows, self._rows = self._rows, []
            return rows
        try:
            return self._cur.fetchall()
        except _pg().ProgrammingError:
            return []

    def fetchmany(self, size: int = 1) -> list:
        if self._rows is not None:
            rows, self._rows = self._rows[:size], self._rows[size:]
            return rows
        try:
            return self._cur.fetchmany(size)
        except _pg().ProgrammingError:
            return []

    def __iter__(self) -> Iterator:
        while (row := self.fetchone()) is not None:
            yield row

    def close(self) -> None:
        self._cur.close()


class Connection:
    """A PostgreSQL store's connection (``store.db.connect`` opens one)."""

    dialect = "postgresql"

    def __init__(self, url: str, raw, *, files: Path | None,
                 node_dir: Path) -> None:
        self.url = url
        self.raw = raw
        self.files = files
        self.node_dir = node_dir
        self.tables: dict[str, TableInfo] = {}
        self.row_factory = None  # accepted and ignored, as on the cursor
        self._translated: dict[tuple[str, bool], Any] = {}

    def shared_dir(self) -> Path:
        """``HUIBIAN_FILES``: the originals and shared files of this store."""
        if self.files is None:
            raise StoreError(f"{safe_url(self.url)}: a PostgreSQL store keeps the original "
                             "files in a folder every node mounts; set HUIBIAN_FILES to it",
                             code="E305")
        return self.files

    # -- statements ----------------------------------------------------------------
    def translated(self, sql: str, *, many: bool = False):
        key = (sql, many)
        t = self._translated.get(key)
        if t is None:
            if len(self._translated) >= _CACHE_SIZE:
                self._translated.clear()
            t = self._translated[key] = translate(sql, self.tables, many=many)
        return t

    def cursor(self) -> Cursor:
        return Cursor(self)

    def execute(self, sql: str, params: Sequence | dict = ()) -> Cursor:
        return Cursor(self).execute(sql, params)

    def executemany(self, sql: str, seq: Sequence) -> Cursor:
        return Cursor(self).executemany(sql, seq)

    def follow_identity(self, table: str, column: str) -> None:
        """After rows were inserted with their identity given: the next identity is
        above the highest (SQLite's next rowid is max + 1 likewise)."""
        try:
            self.raw.execute(
                f'SELECT setval(pg_get_serial_sequence(%s, %s), '
                f'(SELECT coalesce(max("{column}"), 0) + 1 FROM "{table}"), false)',
                (table, column))
        except _pg().Error as exc:
            raise _db_error(exc) from exc

    def run_script(self, sql: str) -> None:
        """A PostgreSQL script as written (a migration: functions, triggers), no
        translation, no parameters."""
        try:
            self.raw.execute(sql.encode("utf-8"))
        except _pg().Error as exc:
            raise _db_error(exc) from exc

    # -- transactions --------------------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != _pg().pq.TransactionStatus.IDLE

    def begin(self, *, immediate: bool) -> None:
        try:
            if immediate:
                self.raw.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
                self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            else:
                self.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        except _pg().Error as exc:
            raise _db_error(exc) from exc

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        """As ``sqlite3.Connection``'s: commit (or roll back on an error) an open
        transaction; the connection stays open."""
        if exc_type is None:
            self.commit()
        else:
            self.rollback()

    # -- the schema ----------------------------------------------------------------
    def read_tables(self) -> None:
        """Read every table's columns, primary key and identity column (after a
        migration changed them)."""
        cols: dict[str, list[str]] = {}
        ident: dict[str, str] = {}
        for table, column, is_identity in self.raw.execute(
                "SELECT table_name, column_name, is_identity FROM information_schema.columns "
                "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"):
            cols.setdefault(table, []).append(column)
            if is_identity == "YES":
                ident[table] = column
        keys: dict[str, list[str]] = {}
        for table, column in self.raw.execute(
                "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc "
                "JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = "
                "tc.constraint_name AND kcu.table_schema = tc.table_schema "
                "WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema() "
                "ORDER BY tc.table_name, kcu.ordinal_position"):
            keys.setdefault(table, []).append(column)
        self.tables = {t: TableInfo(tuple(c), tuple(keys.get(t, ())), ident.get(t))
                       for t, c in cols.items()}
        self._translated.clear()


class ConnectFailed(Exception):
    """The server could not be reached or refused the connection."""


def safe_url(url: str) -> str:
    """The address without its password (for messages)."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def default_node_dir(url: str, cache_dir: Path) -> Path:
    """``<cache dir>/pg/<host>_<port>_<database>``: this node's folder of a store's
    index and caches when ``HUIBIAN_INDEX_DIR`` is not set."""
    info = _pg().conninfo.conninfo_to_dict(url)
    parts = [str(info.get(k) or d) for k, d in (("host", "local"), ("port", "5432"),
                                                 ("dbname", "db"))]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", "_".join(parts))
    return cache_dir / "pg" / name


def open_connection(url: str, *, files: Path | None, node_dir: Path | None,
                    cache_dir: Path) -> Connection:
    """Connect to ``url`` (autocommit: transactions are begun explicitly) and make the
    migrations' bookkeeping table under the writer lock (two nodes starting at once)."""
    psycopg = _pg()
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=30)
    except _pg().Error as exc:
        raise ConnectFailed(str(exc).strip().splitlines()[0] if str(exc).strip()
                            else type(exc).__name__) from exc
    conn = Connection(url, raw, files=files,
                      node_dir=node_dir or default_node_dir(url, cache_dir))
    try:
        with raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            raw.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        conn.read_tables()
    except _pg().Error as exc:
        raw.close()
        raise ConnectFailed(str(exc).strip()) from exc
    return conn
