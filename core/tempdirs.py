"""Working folders in the system temp directory that a killed process cannot leave
behind for good.

A volume export renders its drafts in ``huibian-volume-*``, LibreOffice runs with a
profile in ``huibian-lo-*``, a legacy Word conversion works in ``huibian-doc-*``. A
``with`` block removes its folder, but a SIGKILL (or the OOM killer) skips that: the
folders stayed, up to 9 MB each. ``workdir`` names each folder after the process that
made it (``huibian-volume-<pid>-<random>``), and ``sweep`` -- run each time a new one
is made -- removes the folders whose process is gone (and, from before folders carried
a pid, any older than a day)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PREFIXES = ("huibian-lo-profile-", "huibian-volume-", "huibian-doc-", "huibian-lo-")
_PID = re.compile(r"(\d+)-")
UNNAMED_AGE = 24 * 3600.0  # a folder without a pid: removed once this old


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def sweep(root: str | os.PathLike | None = None, now: float | None = None) -> list[Path]:
    """Remove our working folders in ``root`` (the system temp directory) whose process
    has ended. Returns what was removed."""
    root = Path(root or tempfile.gettempdir())
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        prefix = next((p for p in PREFIXES if entry.name.startswith(p)), None)
        if prefix is None:
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            m = _PID.match(entry.name[len(prefix):])
            if m:
                gone = int(m.group(1)) != os.getpid() and not _alive(int(m.group(1)))
            else:
                gone = now - entry.stat(follow_symlinks=False).st_mtime > UNNAMED_AGE
        except OSError:
            continue
        if gone:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def make(prefix: str) -> Path:
    """A new working folder ``<prefix><pid>-<random>`` (after sweeping dead ones); the
    caller removes it (``workdir`` does)."""
    assert prefix in PREFIXES, prefix
    sweep()
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))


@contextmanager
def workdir(prefix: str) -> Iterator[str]:
    """``tempfile.TemporaryDirectory`` for our folders: named after this process, and
    dead processes' folders swept first."""
    path = make(prefix)
    try:
        yield str(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)
