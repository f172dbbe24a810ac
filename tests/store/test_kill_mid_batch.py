"""SIGKILL an ingest mid-batch: every file is fully stored or absent, the store is
intact, and the next run completes the rest with every file stored once."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.conftest import SEEDS


def _batch(folder, n):
    folder.mkdir()
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    for k in range(n):
        text = seeds[k % 3] + f"\n附：第{k}份材料的补充说明。\n"
        (folder / f"f{k:03d}.txt").write_text(text, encoding="utf-8")
    return {0: 3, 1: 1, 2: 2}


def _check(db):
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    files = c.execute("SELECT sha256 FROM files").fetchall()
    per_file = dict(c.execute("SELECT file_sha256, COUNT(*) FROM items GROUP BY file_sha256"))
    names = c.execute("SELECT COUNT(*) FROM file_names").fetchone()[0]
    c.close()
    # each stored file has all its items (3, 1 or 2) and one name; none half-written
    assert all(per_file.get(sha) in (1, 2, 3) for (sha,) in files)
    assert names == len(files)
    return len(files)


def test_kill_at_random_points_then_complete(tmp_path):
    folder = tmp_path / "batch"
    _batch(folder, 24)
    db = tmp_path / "h.db"
    env = dict(os.environ, HUIBIAN_DB=str(db))
    cmd = [sys.executable, "-m", "huibian.cli", "ingest", str(folder)]
    stored = []
    for delay in (2.0, 3.0, 4.5):
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        if db.exists():
            stored.append(_check(db))
    r = subprocess.run(cmd, env=env, capture_output=True)
    assert r.returncode == 0, r.stdout.decode()[-500:]
    assert _check(db) == 24
    c = sqlite3.connect(db)
    assert c.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 8 * 3 + 8 * 1 + 8 * 2
    c.close()
    assert stored == sorted(stored)
