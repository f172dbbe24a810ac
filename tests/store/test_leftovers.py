"""Issue 18: a killed ``volume export`` left ``huibian-volume-*`` and ``huibian-lo-*``
folders in the system temp directory, and a crash between writing an original and
committing its row left the original without a row. Both are cleaned on the next run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from huibian.core import tempdirs
from tests.conftest import ROOT, SEED_NOTICE, SEED_PLAN
import pytest

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_working_folders_of_dead_processes_are_swept(tmp_path):
    dead = _dead_pid()
    stale = [tmp_path / f"huibian-volume-{dead}-abc", tmp_path / f"huibian-lo-{dead}-x",
             tmp_path / f"huibian-lo-profile-{dead}-y", tmp_path / f"huibian-doc-{dead}-z"]
    for d in stale:
        (d / "sub").mkdir(parents=True)
        (d / "sub" / "volume.docx").write_bytes(b"x" * 1000)
    live = tmp_path / f"huibian-volume-{os.getpid()}-mine"
    live.mkdir()
    old_unnamed = tmp_path / "huibian-volume-k2j3h4"  # made before folders had a pid
    old_unnamed.mkdir()
    os.utime(old_unnamed, (time.time() - 2 * 86400,) * 2)
    new_unnamed = tmp_path / "huibian-lo-q9w8e7"
    new_unnamed.mkdir()
    other = tmp_path / f"other-{dead}-x"
    other.mkdir()
    removed = tempdirs.sweep(tmp_path)
    assert sorted(removed) == sorted(stale + [old_unnamed])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [live.name, new_unnamed.name, other.name])


def test_a_killed_volume_export_leaves_nothing_after_the_next_run(tmp_path):
    """A process killed inside ``workdir`` (as ``volume export`` is, mid-render) leaves
    its folder; the next ``workdir`` removes it."""
    env = dict(os.environ, TMPDIR=str(tmp_path))
    script = ("import os, sys, time\n"
              "from huibian.core import tempdirs\n"
              "with tempdirs.workdir('huibian-volume-') as tmp:\n"
              "    open(os.path.join(tmp, 'volume.docx'), 'wb').write(b'x' * 100000)\n"
              "    print(tmp, flush=True)\n"
              "    time.sleep(60)\n")
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env,
                         cwd=ROOT)
    left = Path(p.stdout.readline().decode().strip())
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert left.exists() and left.parent == tmp_path
    r = subprocess.run([sys.executable, "-c", "from huibian.core import tempdirs\n"
                        "with tempdirs.workdir('huibian-lo-') as t: print(t)"],
                       capture_output=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr.decode()
    assert not left.exists()
    assert list(tmp_path.iterdir()) == []  # and its own folder is gone too


def test_originals_without_a_row_are_swept_on_the_next_ingest(tmp_path):
    db = tmp_path / "store" / "huibian.db"
    env = dict(os.environ, HUIBIAN_DB=str(db))
    run = [sys.executable, "-m", "huibian.cli", "ingest"]
    r = subprocess.run(run + [str(SEED_PLAN)], capture_output=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr.decode()
    store = db.parent / "huibian_files"  # huibian.store.db.store_dir
    # what a crash between the original's write and its row's commit leaves
    orphan_sha = "ab" + "1" * 62
    orphan = store / "ab" / orphan_sha
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"an original whose row was never committed")
    half = store / "ab" / ".tmp-x1y2z3"
    half.write_bytes(b"half written")
    young = store / "cd" / ("cd" + "2" * 62)  # an ingest running now: not touched
    young.parent.mkdir(exist_ok=True)
    young.write_bytes(b"just written")
    hour_ago = time.time() - 2 * 3600
    for f in (orphan, half):
        os.utime(f, (hour_ago, hour_ago))
    conn = sqlite3.connect(db)
    (kept_rel,) = conn.execute("SELECT blob_path FROM files").fetchone()
    conn.close()
    os.utime(store / kept_rel, (hour_ago, hour_ago))
    r = subprocess.run(run + [str(SEED_NOTICE)], capture_output=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr.decode()
    assert "removed 2 originals left without a row by an interrupted ingest" in \
        r.stderr.decode()
    assert r.stdout.decode().splitlines()[-1] == \
        "1 file: 1 stored (2 items), 0 duplicate, 0 failed"
    assert not orphan.exists() and not half.exists()
    assert young.exists() and (store / kept_rel).exists()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for (rel,) in conn.execute("SELECT blob_path FROM files"):
        assert (store / rel).exists()
    conn.close()
