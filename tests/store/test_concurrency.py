"""For a minute, two ingest lanes (each runs ``huibian ingest`` on one folder after
another, the two lanes' folders overlapping) while a thread searches and writes
reviewers' scores through huibian.services.review: no 'database is locked' reaches anyone,
nothing is stored twice, every score is kept.

Runs on both stores (the ``db_path`` fixture) with ``pytest --both-stores``; not marked
both_stores, as its PostgreSQL half adds its minute (more than the ~25 s a marked
module's second half may take)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time

from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from huibian.ingest.split import Splitter
from tests.store.test_kill_mid_batch import make_batch

SECONDS = 60.0
CHUNK, STEP = 40, 30  # lane A: files [30k, 30k+40); lane B: [30k+15, 30k+55)
OFFSET = {"a": 0, "b": 15}
POOL = 1500


def _lane(name, pool, tmp_path, env, deadline, runs):
    k = 0
    while time.monotonic() < deadline:
        first = k * STEP + OFFSET[name]
        files = pool[first:first + CHUNK]
        if not files:
            break
        folder = tmp_path / f"{name}{k:03d}"
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f"{name}_{f.name}")
        r = subprocess.run([sys.executable, "-m", "huibian.cli", "ingest", str(folder)],
                           env=env, capture_output=True, text=True, timeout=600)
        runs.append((name, [f.name for f in files], r.returncode, r.stdout, r.stderr))
        k += 1


def test_two_ingests_searches_and_scores_for_a_minute(tmp_path, db_path, resources):
    from huibian.services.people import User
    from huibian.services.review import load_rubric, submit_score
    from huibian.search.engine import search
    from huibian.store import connect
    from huibian.store.db import integrity_check

    make_batch(tmp_path / "pool", POOL, 7)
    pool = sorted((tmp_path / "pool").iterdir())
    db = db_path
    connect(db).close()
    env = dict(os.environ, HUIBIAN_DB=str(db))

    rubric = load_rubric()
    kept: dict[tuple[str, str], dict] = {}
    errors: list[BaseException] = []
    searches: list[int] = []
    runs: list[tuple] = []
    t0 = time.monotonic()
    deadline = t0 + SECONDS
    lanes_done = threading.Event()

    def reviewer_and_reader():
        conn = connect(db, check_same_thread=False)
        k = 0
        try:
            while not lanes_done.is_set() or k < 40:
                res = search(conn, "创先争优 活动", tokenizer=resources.tokenizer)
                searches.append(res.total)
                ids = [r[0] for r in conn.execute("SELECT id FROM items ORDER BY rowid")]
                if ids:
                    name = f"评审{k % 5}"
                    iid = ids[(k * 7) % len(ids)]
                    scores = {c.id: (k % 10) + 1 for c in rubric.criteria}
                    submit_score(conn, User(name, "reviewer"), rubric, iid, scores, f"第{k}次")
                    kept[(iid, name)] = scores
                k += 1
                time.sleep(0.02)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            conn.close()

    reviewer = threading.Thread(target=reviewer_and_reader)
    reviewer.start()
    lanes = [threading.Thread(target=_lane, args=(n, pool, tmp_path, env, deadline, runs))
             for n in ("a", "b")]
    for t in lanes:
        t.start()
    for t in lanes:
        t.join()
    elapsed = time.monotonic() - t0
    lanes_done.set()
    reviewer.join(120)

    assert errors == []
    assert elapsed >= SECONDS and {r[0] for r in runs} == {"a", "b"}
    for name, _, code, out, err in runs:
        assert code == 0, (name, out[-800:], err[-800:])
        assert "locked" not in out + err and "Traceback" not in err
    # every distinct file was stored by exactly one of the two lanes, once
    used = sorted({f for _, files, *_ in runs for f in files})
    lines = [ln for _, _, _, out, _ in runs for ln in out.splitlines() if ": " in ln]
    stored = [ln for ln in lines if ": stored " in ln]
    dup = [ln for ln in lines if ": duplicate of " in ln]
    assert len(stored) == len(used)
    assert len(dup) == sum(len(files) for _, files, *_ in runs) - len(used) > 0
    assert {ln.split(": stored")[0].rsplit("_", 1)[-1] for ln in stored} == set(used)

    splitter = Splitter()
    expected_items = 0
    for name in used:
        p = tmp_path / "pool" / name
        expected_items += len(process_file(SourceFile.from_bytes(name, p.read_bytes()),
                                           splitter=splitter).items)
    c = connect(db)
    assert integrity_check(c) == "ok"
    assert c.execute("SELECT COUNT(*) FROM files").fetchone()[0] == len(used)
    assert c.execute("SELECT COUNT(*) FROM file_names").fetchone()[0] == len(used)
    assert c.execute("SELECT COUNT(*) FROM items").fetchone()[0] == expected_items
    assert c.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0] == expected_items
    assert c.execute("SELECT COUNT(*) FROM sim_signatures").fetchone()[0] == expected_items
    got = {(r[0], r[1]): json.loads(r[2]) for r in c.execute(
        "SELECT item_id, reviewer, scores FROM review_scores")}
    assert len(kept) > 20 and got == {k: {c_: float(v) for c_, v in s.items()}
                                      for k, s in kept.items()}
    audits = c.execute("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'score.%'"
                       ).fetchone()[0]
    c.close()
    assert audits >= len(kept)
    assert searches and searches[-1] > 0 and len(searches) > 100
    print(f"{elapsed:.0f} s: {len(runs)} ingest runs, {len(used)} files, "
          f"{len(dup)} duplicates, {len(searches)} searches, {len(kept)} scores kept")
