"""Backup and restore of a whole store.

A store is three things side by side: the SQLite file (``data/huibian.db``), the
originals under content-hash names (``data/huibian_files/``), and the accounts file
(``data/huibian_users.json``). ``backup`` writes the same three beside ``OUT``, so a
backup is itself a store (``huibian --db OUT ls`` works on it).

The database is copied with SQLite's online backup API in one step: one read
transaction on a WAL database, so ingests and reviewers keep writing while it runs and
the copy is the store as it was at one instant. The originals listed by that copy are
then copied (hard-linked when on the same file system; they never change once
written) and checked against their content hash.

``restore`` checks the backup first (``PRAGMA integrity_check``, a huibian schema, every
original present with the right hash) and refuses to overwrite a store that holds
anything unless ``force`` is given. It writes through the backup API into the live
database, so a running app sees the restored store, never a half-copied file."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from huibian.core.errors import StoreError
from huibian.store.db import connect, is_postgres, is_postgres_address, migrate, store_dir


@dataclass(frozen=True)
class BackupReport:
    path: Path
    files: int
    items: int
    originals: int
    accounts: bool

    def line(self) -> str:
        return (f"{self.path}: {self.files} files, {self.items} items, {self.originals} "
                f"originals{', accounts' if self.accounts else ''}")


def files_dir_for(db: Path) -> Path:
    """Where the originals of the store at ``db`` live (as ``huibian.store.db.store_dir``)."""
    return db.parent / (db.stem + "_files")


def users_file_for(db: Path) -> Path:
    return db.with_name(db.stem + "_users.json")


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _safe_blob(root: Path, rel: str, sha256: str) -> Path:
    """The original's path under ``root``; only ``xx/<sha256>`` names are accepted, so a
    tampered blob_path in a backup cannot point outside the folder."""
    expected = Path(sha256[:2]) / sha256
    if Path(rel) != expected or not all(c in "0123456789abcdef" for c in sha256) \
            or len(sha256) != 64:
        raise StoreError(f"original of {sha256[:12]} stored under an unexpected path "
                         f"{rel!r}", code="E322")
    return root / expected


def _copy_original(src: Path, dst: Path, sha256: str) -> None:
    if dst.exists() and _sha256_file(dst) == sha256:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=".tmp-")
    os.close(fd)
    os.unlink(tmp)
    try:
        try:
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
        if _sha256_file(Path(tmp)) != sha256:
            raise StoreError(f"the original {src} does not match its content hash; the "
                             "store's folder was changed by hand", code="E323")
        os.replace(tmp, dst)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _originals(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT sha256, blob_path FROM files WHERE blob_path IS NOT NULL ORDER BY sha256")]


def _counts(conn: sqlite3.Connection) -> tuple[int, int]:
    return (conn.execute("SELECT COUNT(*) FROM files").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM items").fetchone()[0])


def _temp_beside(out: Path, overwrite: bool) -> Path:
    """An empty temporary file beside ``out``, renamed over it once the backup is
    whole; E325 when ``out`` exists and ``overwrite`` is not given."""
    if out.exists() and not overwrite:
        raise StoreError(f"{out} already exists; choose a new name (or --force to replace "
                         "it)", code="E325")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    return Path(tmp_name)


def _beside_backup(out: Path, src_root: Path, originals: list[tuple[str, str]],
                   users: Path) -> bool:
    """The originals into ``OUT_files/`` (E323 when one is missing, each checked
    against its hash) and the accounts file into ``OUT_users.json`` when the store has
    one; whether it has."""
    dst_root = files_dir_for(out)
    for sha, rel in originals:
        src = _safe_blob(src_root, rel, sha)
        if not src.exists():
            raise StoreError(f"the original of a stored file is missing: {src}", code="E323")
        _copy_original(src, _safe_blob(dst_root, rel, sha), sha)
    if users.exists():
        shutil.copy2(users, users_file_for(out))
        return True
    return False


def backup(conn: sqlite3.Connection, out: str | os.PathLike, *,
           overwrite: bool = False) -> BackupReport:
    """Back up the open store to ``out`` (plus ``OUT_files/`` and ``OUT_users.json``);
    a PostgreSQL store with ``pg_dump`` (``pipeline.backup_pg``)."""
    if is_postgres(conn):
        # deferred: backup_pg builds on this module's helpers (a cycle at import time)
        from huibian.pipeline import backup_pg

        return backup_pg.backup(conn, out, overwrite=overwrite)
    out = Path(out)
    src_db = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    if out.resolve() == src_db.resolve():
        raise StoreError(f"{out} is the store itself; choose another file", code="E325")
    tmp = _temp_beside(out, overwrite)
    try:
        dest = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.backup(dest)  # all pages in one step: one consistent snapshot
            dest.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise StoreError(f"the backup failed its integrity check ({ok})", code="E321")
            files, items = _counts(dest)
            originals = _originals(dest)
        finally:
            dest.close()
        accounts = _beside_backup(out, store_dir(conn), originals, users_file_for(src_db))
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return BackupReport(out, files, items, len(originals), accounts)


def check_backup(path: str | os.PathLike) -> tuple[int, int]:
    """Verify a backup file; returns (files, items). Raises ``StoreError`` when it is not
    a readable huibian store, fails ``integrity_check`` or misses an original."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no backup at {path}", code="E301")
    try:
        c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = [r[0] for r in c.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise StoreError(f"{path}: the backup is damaged (integrity_check: "
                                 f"{'; '.join(result[:3])}); nothing was restored",
                                 code="E321")
            tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master "
                                              "WHERE type='table'")}
            if not {"schema_migrations", "files", "items"} <= tables:
                raise StoreError(f"{path}: not a huibian store", code="E321")
            counts = _counts(c)
            root = files_dir_for(path)
            for sha, rel in _originals(c):
                blob = _safe_blob(root, rel, sha)
                if not blob.is_file() or _sha256_file(blob) != sha:
                    raise StoreError(f"{path}: the original {blob} is missing or changed; "
                                     "nothing was restored", code="E323")
        finally:
            c.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a readable store ({exc}); nothing was restored",
                         code="E321") from exc
    return counts


def store_is_empty(db: Path) -> bool:
    if users_file_for(db).exists():
        import json

        try:
            if json.loads(users_file_for(db).read_text(encoding="utf-8")).get("users"):
                return False
        except ValueError:
            return False
    if not db.exists() or db.stat().st_size == 0:
        return True
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for t in ("files", "volumes", "review_scores", "audit_log", "sim_references"):
            if t in tables and c.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone():
                return False
    finally:
        c.close()
    return True


def restore(backup_path: str | os.PathLike, db: str | os.PathLike, *,
            force: bool = False) -> BackupReport:
    """Restore the backup at ``backup_path`` into the store at ``db`` (a PostgreSQL
    store's address: with ``pg_restore``, ``pipeline.backup_pg``)."""
    if is_postgres_address(db):
        # deferred: backup_pg builds on this module's helpers (a cycle at import time)
        from huibian.pipeline import backup_pg

        return backup_pg.restore(Path(backup_path), str(db), force=force)
    backup_path, db = Path(backup_path), Path(db)
    if db.exists() and backup_path.resolve() == db.resolve():
        raise StoreError("the backup is the store itself", code="E325")
    files, items = check_backup(backup_path)
    if not store_is_empty(db) and not force:
        raise StoreError(f"{db} is not empty; restoring would replace it. Back it up "
                         "first, then run restore again with --force", code="E324")
    src = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    originals = _originals(src)
    src_root = files_dir_for(backup_path)
    dest = connect(db)
    try:
        dst_root = store_dir(dest)
        for sha, rel in originals:  # first: every file the restored rows point to exists
            _copy_original(_safe_blob(src_root, rel, sha), _safe_blob(dst_root, rel, sha), sha)
        src.backup(dest)
        # deferred for start-up time (tantivy)
        from huibian.search.tantivy_index import discard

        discard(db)  # the ranked index is derived: rebuilt from the restored rows
        migrate(dest)  # a backup from an older version gets the newer tables
        ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise StoreError(f"the restored store failed its integrity check ({ok})",
                             code="E321")
    finally:
        src.close()
        dest.close()
    accounts = users_file_for(backup_path).exists()
    if accounts:
        tmp = users_file_for(db).with_suffix(".json.tmp")
        shutil.copy2(users_file_for(backup_path), tmp)
        os.replace(tmp, users_file_for(db))
    return BackupReport(db, files, items, len(originals), accounts)
