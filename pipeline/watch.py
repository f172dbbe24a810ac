"""A watched folder: every file that appears in it is ingested once its size and
modification time have stopped changing, then moved to ``done/`` (stored or a
duplicate) or ``failed/`` (with ``NAME.log`` beside it saying why). The folder itself
is the state: a file still in it after a restart is taken again (a file stored just
before a crash, not yet moved, comes back as a duplicate and goes to ``done/``).

Only the folder's own regular files are taken (not subfolders, hidden files, names
ending ``.part``, ``.tmp`` or ``.crdownload`` that a copy is still writing, nor
symbolic links, which are reported once and left)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from huibian.core.errors import InputError
from huibian.core.names import stored_name
from huibian.core.records import SourceFile
from huibian.pipeline.ingestor import FileResult, Ingestor
from huibian.pipeline.sources import sources_from_bytes

PARTIAL = (".part", ".tmp", ".crdownload", ".partial")


@dataclass
class Handled:
    path: Path          # where the file went (in done/ or failed/)
    ok: bool
    lines: list[str]    # the ingest's line for each file (each member of a zip)
    item_ids: list[str] = field(default_factory=list)


class FolderWatch:
    def __init__(self, conn: sqlite3.Connection, folder: str | os.PathLike, *,
                 done: str | os.PathLike | None = None, failed: str | os.PathLike | None = None,
                 settle: float = 2.0, ingestor=None):
        self.conn = conn
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise InputError("no such folder to watch", file=str(folder), code="E105")
        self.done = Path(done) if done else self.folder / "done"
        self.failed = Path(failed) if failed else self.folder / "failed"
        self.done.mkdir(parents=True, exist_ok=True)
        self.failed.mkdir(parents=True, exist_ok=True)
        self.settle = settle
        self._ingestor = ingestor
        self._seen: dict[Path, tuple[int, int, float]] = {}  # size, mtime_ns, since
        self._links_told: set[Path] = set()

    @property
    def ingestor(self):
        if self._ingestor is None:
            self._ingestor = Ingestor(self.conn)
        return self._ingestor

    def close(self) -> None:
        if self._ingestor is not None:
            self._ingestor.close()

    def candidates(self) -> list[Path]:
        out = []
        skip = {self.done.resolve(), self.failed.resolve()}
        for p in sorted(self.folder.iterdir()):
            if p.name.startswith(".") or p.name.lower().endswith(PARTIAL):
                continue
            if p.is_symlink():
                if p not in self._links_told:
                    self._links_told.add(p)
                    self.on_skip(p, "a symbolic link; not followed [E107]")
                continue
            if p.is_file() and p.resolve() not in skip:
                out.append(p)
        return out

    def on_skip(self, path: Path, why: str) -> None:  # replaced by callers that report
        pass

    def ready(self, now: float | None = None) -> list[Path]:
        """The files whose size and modification time have not changed for
        ``settle`` seconds (noted at earlier calls)."""
        now = time.monotonic() if now is None else now
        present = self.candidates()
        out = []
        for p in present:
            try:
                st = p.stat()
            except OSError:
                continue
            key = (st.st_size, st.st_mtime_ns)
            seen = self._seen.get(p)
            if seen is None or seen[:2] != key:
                self._seen[p] = (*key, now)
            elif now - seen[2] >= self.settle:
                out.append(p)
        for p in set(self._seen) - set(present):
            del self._seen[p]
        return out

    def handle(self, path: Path) -> Handled:
        """Ingest one file (each member of a zip) and move it where it belongs."""
        name = stored_name(path.name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            results_lines = [f"{name}: failed: cannot read ({exc.strerror}) [E106]"]
            return self._move(path, False, results_lines, [])

        results = []
        if not data:
            results.append(FileResult(name, "failed", error="the file is empty (0 bytes) [E101]"))
        else:
            for src in sources_from_bytes(name, data, self.ingestor.limits):
                if isinstance(src, SourceFile):
                    results.append(self.ingestor.ingest_one(src))
                else:
                    results.append(FileResult(src.name, "failed",
                                              error=f"{src.error.message} [{src.error.code}]"))
        ok = bool(results) and all(r.status != "failed" for r in results)
        ids = [i for r in results for i in r.item_ids]
        self._seen.pop(path, None)
        return self._move(path, ok, [r.line() for r in results], ids)

    def _move(self, path: Path, ok: bool, lines: list[str], ids: list[str]) -> Handled:
        target_dir = self.done if ok else self.failed
        dest = target_dir / path.name
        n = 1
        while dest.exists() or dest.with_name(dest.name + ".log").exists():
            dest = target_dir / f"{path.stem}.{n}{path.suffix}"
            n += 1
        shutil.move(str(path), dest)
        if not ok:
            dest.with_name(dest.name + ".log").write_text("\n".join(lines) + "\n",
                                                          encoding="utf-8")
        return Handled(dest, ok, lines, ids)

    def run(self, *, interval: float = 1.0, once: bool = False,
            on_handled: Callable[[Handled], None] | None = None,
            stop: Callable[[], bool] | None = None) -> list[Handled]:
        """Watch until ``stop()`` says so (or, ``once``, until every file present at
        the start has been handled); returns what was handled."""
        handled: list[Handled] = []
        first = set(self.candidates()) if once else set()
        while True:
            for p in self.ready():
                h = self.handle(p)
                handled.append(h)
                first.discard(p)
                if on_handled:
                    on_handled(h)
            if once:
                first &= set(self.candidates())
                if not first:
                    return handled
            if stop is not None and stop():
                return handled
            time.sleep(interval)
