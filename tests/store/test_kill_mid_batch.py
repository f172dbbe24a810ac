"""SIGKILL ``huibian ingest`` at 20 random (seeded) points of a 200-file batch: after
each kill the store passes its integrity check (``store.db.integrity_check``: SQLite's
``PRAGMA integrity_check`` and foreign-key check), no item is half-stored (its text,
labels, keywords, term counts, search index row and fingerprint are all there or none
are), and running ingest again completes the batch with every file stored once.

The files are small, distinct texts made of real sentences from corpora/sample
recombined (seeded), so that the 21 runs of the real command, with every real stage,
stay short. A kill point is "k files of the batch stored, then 0-30 ms more": the
ingest is killed while it writes or prepares the next file.

Runs on both stores with ``pytest --both-stores`` (``db_path``): on PostgreSQL a killed
writer's open transaction is rolled back by the server, and the same checks hold. Not
marked both_stores: its PostgreSQL half is 21 more runs of the command (44 min on a
heavily loaded machine)."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from huibian.ingest.split import Splitter
from huibian.store import connect
from huibian.store.db import integrity_check, is_postgres
from tests.conftest import SAMPLE

N_FILES = 200
N_KILLS = 20
SEED = 20240509

# the tables an item's derived rows live in, keyed by item id
PER_ITEM = ("labels", "keywords", "entities", "named_carriers", "term_df_items",
            "search_docs", "sim_signatures")
# those every item has at least one row in (the others may be empty for a short item)
REQUIRED = ("labels", "keywords", "term_df_items", "search_docs", "sim_signatures")


def make_batch(folder: Path, n: int, seed: int) -> None:
    """n distinct small texts: a numbered title line and 3-6 real sentences."""
    sentences = []
    for p in sorted(SAMPLE.glob("*.txt")):
        for s in re.split(r"[。\n]", p.read_text(encoding="utf-8")):
            if len(s.strip()) >= 12:
                sentences.append(s.strip() + "。")
    rng = random.Random(seed)
    folder.mkdir()
    for k in range(n):
        body = "".join(rng.sample(sentences, rng.randint(3, 6)))
        (folder / f"f{k:03d}.txt").write_text(f"第{k}号材料\n{body}\n", encoding="utf-8")


def assert_all_or_none(db: Path, expected_items: dict[str, int]) -> dict[str, int]:
    """The store is intact and every item is either fully stored or absent: returns
    {file sha256: items stored}. ``expected_items`` is how many items each file splits
    into; a stored file must have exactly that many."""
    c = connect(db)
    try:
        assert integrity_check(c) == "ok"
        if not is_postgres(c):  # PostgreSQL checks its foreign keys at every write
            assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        items = {r[0]: r[1] for r in c.execute("SELECT id, file_sha256 FROM items")}
        for iid, text in c.execute("SELECT id, text FROM items"):
            assert text, iid
        for table in PER_ITEM:
            ids = {r[0] for r in c.execute(f"SELECT DISTINCT item_id FROM {table}")}
            assert ids <= set(items), (table, sorted(ids - set(items))[:5])  # no orphans
            if table in REQUIRED:
                assert ids == set(items), (table, sorted(set(items) - ids)[:5])
        # search facets point at indexed items only
        assert c.execute("SELECT COUNT(*) FROM search_facets WHERE docid NOT IN "
                         "(SELECT docid FROM search_docs)").fetchone()[0] == 0
        # the collection's document frequencies count exactly the stored items' terms
        df: dict[str, int] = {}
        for (terms,) in c.execute("SELECT terms FROM term_df_items"):
            for t in json.loads(terms):
                df[t] = df.get(t, 0) + 1
        assert dict(c.execute("SELECT term, df FROM term_df")) == df
        # each stored file: all its items, one name, its text; no file without items
        per_file: dict[str, int] = {}
        for sha in items.values():
            per_file[sha] = per_file.get(sha, 0) + 1
        files = [r[0] for r in c.execute("SELECT sha256 FROM files")]
        assert sorted(files) == sorted(per_file)
        for sha in files:
            assert per_file[sha] == expected_items[sha], sha
        names = c.execute("SELECT sha256, COUNT(*) FROM file_names GROUP BY sha256").fetchall()
        assert sorted(map(tuple, names)) == sorted((sha, 1) for sha in files)
        return per_file
    finally:
        c.close()


def _run_until(cmd, env, stored_target: int, rng: random.Random) -> int:
    """Run ingest; SIGKILL it once ``stored_target`` files of this run are stored (plus
    0-30 ms). Returns how many 'stored' lines it printed."""
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True)
    stored = 0
    for line in p.stdout:
        if ": stored " in line:
            stored += 1
        if stored >= stored_target:
            time.sleep(rng.uniform(0, 0.03))
            break
    p.send_signal(signal.SIGKILL)
    p.wait()
    p.stdout.close()
    return stored


def test_kill_at_20_random_points_of_a_200_file_batch(tmp_path, db_path):
    folder = tmp_path / "batch"
    make_batch(folder, N_FILES, SEED)
    splitter = Splitter()
    expected = {}
    for f in sorted(folder.iterdir()):
        src = SourceFile.from_bytes(str(f), f.read_bytes())
        expected[src.sha256] = len(process_file(src, splitter=splitter).items)
    assert len(expected) == N_FILES  # all distinct

    db = db_path
    env = dict(os.environ, HUIBIAN_DB=str(db))
    cmd = [sys.executable, "-m", "huibian.cli", "ingest", str(folder)]
    rng = random.Random(SEED)
    points = sorted(rng.sample(range(1, N_FILES), N_KILLS))  # files stored at each kill
    t0 = time.monotonic()
    before = 0
    progress = []
    for point in points:
        _run_until(cmd, env, max(1, point - before), rng)
        stored = assert_all_or_none(db, expected)
        assert len(stored) >= before  # nothing stored was lost
        before = len(stored)
        progress.append(before)
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - t0
    assert r.returncode == 0, r.stdout[-800:]
    assert r.stdout.splitlines()[-1] == (
        f"{N_FILES} files: {N_FILES - before} stored "
        f"({sum(expected.values()) - sum(list(stored.values()))} items), "
        f"{before} duplicate, 0 failed")
    final = assert_all_or_none(db, expected)
    assert final == expected  # every file stored, each once, with all its items
    # each run got further than the one before (the kills landed across the batch)
    assert progress == sorted(progress) and progress[-1] >= points[-1] - 1
    print(f"{N_KILLS} kills at {points}; stored after each: {progress}; {elapsed:.0f} s")
