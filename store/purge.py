"""Stored files no item needs any more (issue 17): deleting an item keeps its file (the
original, or a rendition's) until an admin purges. A file is unreferenced when no item
was split out of it (``items.file_sha256``) and no item has it as a rendition
(``item_renditions``); purging removes its row (and its names) and its original under
the content-hash name, never a file a live item references.

The rows go inside the caller's transaction (``purge_rows``), the originals are first
moved aside under a ``.purge-`` name (``stash``) and removed once the transaction is
committed (``finish``): an original whose file was stored again meanwhile (the same
content uploaded while the purge ran) is put back instead."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

_UNREFERENCED = ("SELECT f.sha256, f.blob_path FROM files f "
                 "WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.file_sha256 = f.sha256) "
                 "AND NOT EXISTS (SELECT 1 FROM item_renditions r "
                 "WHERE r.file_sha256 = f.sha256) ORDER BY f.sha256")
_LIVE_BLOBS = ("SELECT f.sha256, f.blob_path FROM files f "
               "WHERE EXISTS (SELECT 1 FROM items i WHERE i.file_sha256 = f.sha256) "
               "OR EXISTS (SELECT 1 FROM item_renditions r WHERE r.file_sha256 = f.sha256)")
STASH_PREFIX = ".purge-"


@dataclass(frozen=True)
class Stashed:
    sha256: str
    path: Path        # where the original was
    stash: Path       # where it waits for the commit
    size: int


def unreferenced(conn: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """(sha256, original's path relative to the store folder) of every stored file no
    item references."""
    return [(r[0], r[1]) for r in conn.execute(_UNREFERENCED)]


def live_paths(conn: sqlite3.Connection) -> set[str]:
    """The originals' paths (relative, and the content-hash path) of every file an item
    references: never removed."""
    out: set[str] = set()
    for sha, blob in conn.execute(_LIVE_BLOBS):
        out.add(str(Path(sha[:2]) / sha))
        if blob:
            out.add(str(Path(blob)))
    return out


def purge_rows(conn: sqlite3.Connection, shas: list[str]) -> int:
    """Delete the rows of these files if still unreferenced (checked again in the same
    statement); their names go with them (ON DELETE CASCADE). Returns rows deleted."""
    n = 0
    for sha in shas:
        n += conn.execute(
            "DELETE FROM files WHERE sha256 = ? "
            "AND NOT EXISTS (SELECT 1 FROM items i WHERE i.file_sha256 = files.sha256) "
            "AND NOT EXISTS (SELECT 1 FROM item_renditions r "
            "WHERE r.file_sha256 = files.sha256)", (sha,)).rowcount
    return n


def stash(root: Path, files: list[tuple[str, str | None]], live: set[str]) -> list[Stashed]:
    """Move each file's original (if there is one on disk) aside, skipping any path a
    live item references."""
    out = []
    for sha, blob in files:
        rel = str(Path(blob)) if blob else str(Path(sha[:2]) / sha)
        if rel in live or str(Path(sha[:2]) / sha) in live:
            continue
        path = Path(root) / rel
        if path.is_symlink() or not path.is_file():
            continue
        aside = path.with_name(f"{STASH_PREFIX}{path.name}")
        size = path.stat().st_size
        os.replace(path, aside)
        out.append(Stashed(sha, path, aside, size))
    return out


def restore(stashed: list[Stashed]) -> None:
    """Put every stashed original back (the transaction was rolled back)."""
    for s in stashed:
        if s.stash.exists() and not s.path.exists():
            os.replace(s.stash, s.path)


def finish(conn: sqlite3.Connection, stashed: list[Stashed]) -> tuple[int, int]:
    """After the commit: remove the stashed originals, putting back any whose file is
    stored again. Returns (files removed, bytes freed)."""
    files = freed = 0
    for s in stashed:
        again = conn.execute("SELECT 1 FROM files WHERE sha256 = ?", (s.sha256,)).fetchone()
        if again:
            if not s.path.exists():
                os.replace(s.stash, s.path)
            else:
                s.stash.unlink(missing_ok=True)
            continue
        s.stash.unlink(missing_ok=True)
        files += 1
        freed += s.size
    return files, freed
