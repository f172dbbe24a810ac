"""Two ingest processes on overlapping folders, while a thread searches and writes
reviewers' scores through huibian.review: no 'database is locked' reaches anyone,
nothing is stored twice, every score is kept."""

import os
import subprocess
import sys
import threading
import time

from tests.conftest import SEEDS

N_FILES = 10
IN_A, IN_B = range(0, 6), range(3, 10)  # files 3, 4, 5 are in both folders


def _folders(tmp_path):
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for k in range(N_FILES):
        text = seeds[k % 3] + f"\n附：第{k}份材料的补充说明。\n"
        if k in IN_A:
            (a / f"f{k:03d}.txt").write_text(text, encoding="utf-8")
        if k in IN_B:
            (b / f"g{k:03d}.txt").write_text(text, encoding="utf-8")
    return a, b


def test_two_ingests_searches_and_scores_at_once(tmp_path, resources):
    from huibian.people import User
    from huibian.review import load_rubric, submit_score
    from search.engine import search
    from store import connect

    a, b = _folders(tmp_path)
    db = tmp_path / "h.db"
    connect(db).close()
    env = dict(os.environ, HUIBIAN_DB=str(db))
    cmd = [sys.executable, "-m", "huibian.cli", "ingest"]
    procs = [subprocess.Popen(cmd + [str(folder)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for folder in (a, b)]

    rubric = load_rubric()
    kept: dict[tuple[str, str], dict] = {}
    errors: list[BaseException] = []
    searches = []
    done = threading.Event()

    def reviewer_and_reader():
        conn = connect(db, check_same_thread=False)
        k = 0
        try:
            while not done.is_set() or k < 40:
                res = search(conn, "创先争优 活动", tokenizer=resources.tokenizer)
                searches.append(res.total)
                ids = [r[0] for r in conn.execute("SELECT id FROM items ORDER BY rowid")]
                if ids:
                    name = f"评审{k % 5}"
                    iid = ids[k % len(ids)]
                    scores = {c.id: (k % 10) + 1 for c in rubric.criteria}
                    submit_score(conn, User(name, "reviewer"), rubric, iid, scores, f"第{k}次")
                    kept[(iid, name)] = scores
                k += 1
                time.sleep(0.02)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            conn.close()

    t = threading.Thread(target=reviewer_and_reader)
    t.start()
    outs = [p.communicate(timeout=240) for p in procs]
    done.set()
    t.join(60)

    assert errors == []
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, (out[-800:], err[-800:])
        assert "locked" not in out + err and "Traceback" not in err
    lines = [ln for out, _ in outs for ln in out.splitlines() if ": " in ln]
    stored = [ln for ln in lines if ": stored " in ln]
    dup = [ln for ln in lines if ": duplicate of " in ln]
    assert len(stored) == N_FILES and len(dup) == 3  # each shared file stored by one of them

    c = connect(db)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert c.execute("SELECT COUNT(*) FROM files").fetchone()[0] == N_FILES
    per_kind = {0: 3, 1: 1, 2: 2}
    assert c.execute("SELECT COUNT(*) FROM items").fetchone()[0] == sum(
        per_kind[k % 3] for k in range(N_FILES))
    assert c.execute("SELECT COUNT(*) FROM file_names").fetchone()[0] == N_FILES
    assert c.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0] == \
        c.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    import json

    got = {(r[0], r[1]): json.loads(r[2]) for r in c.execute(
        "SELECT item_id, reviewer, scores FROM review_scores")}
    assert len(kept) > 5 and got == {k: {c_: float(v) for c_, v in s.items()}
                                     for k, s in kept.items()}
    audits = c.execute("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'score.%'"
                       ).fetchone()[0]
    c.close()
    assert audits >= len(kept)
    assert searches and searches[-1] > 0
