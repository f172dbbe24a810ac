"""Backup and restore of a PostgreSQL store with PostgreSQL's own tools.

``backup`` writes, beside ``OUT`` as for a SQLite store, the originals (``OUT_files/``)
and the accounts (``OUT_users.json``); ``OUT`` itself is a ``pg_dump`` archive (custom
format). The dump, the counts and the list of originals are taken from one snapshot:
the store's connection begins a repeatable-read transaction, exports its snapshot, and
``pg_dump --snapshot`` reads that same instant while ingests keep writing.

``restore`` checks the archive (``pg_restore --list``: a huibian store's tables) and the
originals (present, with their content hash) first, refuses to replace a store that
holds anything unless ``force`` is given, copies the originals into ``HUIBIAN_FILES``,
then restores with ``pg_restore --clean --single-transaction``: the store is replaced
whole, or not at all. A SQLite backup is not restored into a PostgreSQL store (nor the
other way): ``huibian export --jsonl`` and ``import --jsonl`` move a collection between
the two."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from huibian.core.errors import StoreError, ToolMissing
from huibian.pipeline.backup import (BackupReport, _beside_backup, _copy_original, _counts,
                                     _originals, _safe_blob, _sha256_file, _temp_beside,
                                     files_dir_for, users_file_for)
from huibian.store.db import connect, integrity_check, migrate, store_dir, store_file
from huibian.store.postgres import safe_url

MAGIC = b"PGDMP"  # the first bytes of a pg_dump custom-format archive
_BIN_DIRS = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
             "/usr/lib/postgresql/15/bin")


def _tool(name: str) -> str:
    for d in _BIN_DIRS:
        if (Path(d) / name).exists():
            return str(Path(d) / name)
    found = shutil.which(name)
    if found is None:
        raise ToolMissing(f"{name} is not installed; a PostgreSQL store is backed up and "
                          "restored with PostgreSQL's client tools (Debian package "
                          "postgresql-client)", code="E601")
    return found


def _run(cmd: list[str], what: str, url: str) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise StoreError(f"{safe_url(url)}: {what} failed: "
                         f"{(out.stderr or out.stdout).strip()[-600:]}", code="E321")
    return out


def is_dump(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def backup(conn, out: str | os.PathLike, *, overwrite: bool = False) -> BackupReport:
    """Back up the open PostgreSQL store to ``out`` (plus ``OUT_files/`` and
    ``OUT_users.json``)."""
    out = Path(out)
    tmp = _temp_beside(out, overwrite)
    try:
        conn.execute("BEGIN")  # repeatable read: the snapshot pg_dump reads too
        try:
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            files, items = _counts(conn)
            originals = _originals(conn)
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--snapshot={snapshot}",
                  f"--file={tmp}", f"--dbname={conn.url}"], "pg_dump", conn.url)
        finally:
            conn.execute("COMMIT")
        accounts = _beside_backup(out, store_dir(conn), originals,
                                  users_file_for(store_file(conn)))
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return BackupReport(out, files, items, len(originals), accounts)


def _listed_tables(path: Path, url: str) -> set[str]:
    listing = _run([_tool("pg_restore"), "--list", str(path)], "pg_restore --list", url).stdout
    return {line.split()[-2] for line in listing.splitlines()
            if " TABLE DATA " in line and len(line.split()) >= 2}


def _holds_anything(conn) -> bool:
    for t in ("files", "volumes", "review_scores", "audit_log", "sim_references"):
        if conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone():
            return True
    return False


def restore(backup_path: Path, url: str, *, force: bool = False) -> BackupReport:
    """Restore the ``pg_dump`` archive at ``backup_path`` into the PostgreSQL store at
    ``url``."""
    if not backup_path.is_file():
        raise StoreError(f"no backup at {backup_path}", code="E301")
    if not is_dump(backup_path):
        raise StoreError(f"{backup_path} is not a backup of a PostgreSQL store (a SQLite "
                         "store's backup is restored into a SQLite store; use huibian export "
                         "--jsonl and import --jsonl to move a collection); nothing was "
                         "restored", code="E321")
    if not {"schema_migrations", "files", "items"} <= _listed_tables(backup_path, url):
        raise StoreError(f"{backup_path}: not a huibian store", code="E321")
    dest = connect(url)
    try:
        users = users_file_for(store_file(dest))
        if (_holds_anything(dest) or users.exists()) and not force:
            raise StoreError(f"{safe_url(url)} is not empty; restoring would replace it. "
                             "Back it up first, then run restore again with --force",
                             code="E324")
        src_root = files_dir_for(backup_path)
        # the originals the archive names: checked and copied before any row is replaced
        scratch = tempfile.mkdtemp(prefix="huibian-restore-")
        try:
            listed = _run([_tool("pg_restore"), "--data-only", "--table=files",
                           f"--file={Path(scratch) / 'files.sql'}", str(backup_path)],
                          "pg_restore", url)
            del listed
            originals = _originals_in_dump(Path(scratch) / "files.sql")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        for sha, rel in originals:
            blob = _safe_blob(src_root, rel, sha)
            if not blob.is_file() or _sha256_file(blob) != sha:
                raise StoreError(f"{backup_path}: the original {blob} is missing or changed; "
                                 "nothing was restored", code="E323")
        dst_root = store_dir(dest)
        for sha, rel in originals:
            _copy_original(_safe_blob(src_root, rel, sha), _safe_blob(dst_root, rel, sha), sha)
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--single-transaction", f"--dbname={url}", str(backup_path)], "pg_restore", url)
        dest.close()
        dest = connect(url)  # migrates a backup of an older version; reads the schema
        migrate(dest)
        ok = integrity_check(dest)
        if ok != "ok":
            raise StoreError(f"the restored store failed its integrity check ({ok})",
                             code="E321")
        files, items = _counts(dest)
        # deferred for start-up time (tantivy)
        from huibian.search.tantivy_index import rebuild

        rebuild(dest)  # this node's ranked index is derived: rebuilt from the rows
    finally:
        dest.close()
    accounts = users_file_for(backup_path).exists()
    if accounts:
        tmp = users.with_suffix(".json.tmp")
        shutil.copy2(users_file_for(backup_path), tmp)
        os.replace(tmp, users)
    return BackupReport(Path(backup_path), files, items, len(originals), accounts)


def _originals_in_dump(sql_file: Path) -> list[tuple[str, str]]:
    """(sha256, blob_path) of the ``files`` rows in a data-only dump of that table
    (``COPY public.files (sha256, …, blob_path, …) FROM stdin;`` then tab-separated
    rows)."""
    out: list[tuple[str, str]] = []
    columns: list[str] | None = None
    for line in sql_file.read_text(encoding="utf-8").splitlines():
        if columns is None:
            if line.startswith("COPY ") and " FROM stdin" in line:
                head = line[line.index("(") + 1:line.index(")")]
                columns = [c.strip().strip('"') for c in head.split(",")]
            continue
        if line == "\\.":
            break
        values = line.split("\t")
        row = dict(zip(columns, values))
        if row.get("blob_path") not in (None, "\\N"):
            out.append((row["sha256"], row["blob_path"]))
    return sorted(out)
