"""Issue 21, the Dask part: ``--cluster`` against a real ``dask.distributed``
LocalCluster of worker processes and a real SQLite store (PostgreSQL where marked), on
files made here.

- ``huibian ingest --cluster local:2`` prints the same lines, exits with the same code
  and stores the same items, labels and keywords as the local ingest of the same folder
  (a corrupt PDF, an empty file and a duplicate in it);
- a worker process killed (SIGKILL) while it prepares files: the batch completes, every
  file stored once (on SQLite and on PostgreSQL);
- ``dupes`` on the cluster gives the clusters of the local run (on both stores);
- ``reanalyze`` after a taxonomy change (a fifth axis in a copy of models/) changes the
  labels, on the cluster exactly as locally."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.architecture.test_fifth_axis import FUNDING, TEXTS
from tests.conftest import SAMPLE, SEED_NOTICE, SEED_PLAN, SEED_VOLUME

HUIBIAN = [sys.executable, "-m", "huibian.cli"]


def make_folder(folder: Path) -> list[str]:
    """A folder of submissions; returns the names of the good files (not the
    duplicate nor the bad ones)."""
    folder.mkdir(parents=True)
    names = []
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
    for k, seed in enumerate((SEED_VOLUME, SEED_PLAN, SEED_NOTICE)):
        (folder / f"seed{k}.txt").write_bytes(seed.read_bytes())
        names.append(f"seed{k}.txt")
    (folder / "扫描件卷一.pdf").write_bytes((SAMPLE / "000_3d6cb0e400fd333e.pdf").read_bytes())
    names.append("扫描件卷一.pdf")
    lines = SEED_PLAN.read_text(encoding="utf-8").splitlines()
    (folder / "方案改写.txt").write_text(
        "\n".join(lines[:len(lines) * 3 // 5]) + "\n\n五、其他事项\n本方案由区教育体育局党委负责解释，"
        "自印发之日起施行。各单位要结合实际认真组织实施，确保各项任务落到实处。\n", encoding="utf-8")
    names.append("方案改写.txt")
    (folder / "zz_copy_of_seed1.txt").write_bytes(SEED_PLAN.read_bytes())  # a duplicate
    (folder / "坏文件.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>\ngarbage without xref\n")
    (folder / "空.txt").write_bytes(b"")
    return names


def run(*args, db):
    env = dict(os.environ, HUIBIAN_DB=str(db))
    return subprocess.run(HUIBIAN + list(args), capture_output=True, env=env, timeout=900)


def start(*args, db) -> subprocess.Popen:
    env = dict(os.environ, HUIBIAN_DB=str(db))
    return subprocess.Popen(HUIBIAN + list(args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)


def finish(proc: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = proc.communicate(timeout=900)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


STORED = {
    "files": "SELECT sha256 FROM files",
    "names": "SELECT name, sha256 FROM file_names",
    "items": "SELECT id, file_sha256, seq, title, unit, date, region, doc_number, chars, "
             "text FROM items",
    "labels": "SELECT item_id, axis, label, score, reason, source FROM labels",
    "keywords": "SELECT item_id, rank, word, score FROM keywords",
    "carriers": "SELECT item_id, name, label FROM named_carriers",
    "facets": "SELECT d.item_id, f.axis, f.label FROM search_facets f "
              "JOIN search_docs d ON d.docid = f.docid",
}


def stored(db: Path | str) -> dict:
    """What an ingest stored, on either store (sorted here: the stores order alike)."""
    from huibian.store import connect

    c = connect(db)
    try:
        return {key: sorted(tuple(r) for r in c.execute(sql)) for key, sql in STORED.items()}
    finally:
        c.close()


def test_cli_ingest_on_a_cluster_equals_the_local_ingest(tmp_path):
    folder = tmp_path / "投稿"
    make_folder(folder)
    # both at once (the same code: a change of the work tree between them cannot differ)
    later = start("ingest", "--cluster", "local:2", str(folder), db=tmp_path / "dask" / "h.db")
    local = run("ingest", str(folder), db=tmp_path / "local" / "h.db")
    cluster = finish(later)
    assert local.returncode == cluster.returncode == 1  # the bad files failed
    lines = local.stdout.decode("utf-8").splitlines()
    assert cluster.stdout.decode("utf-8").splitlines() == lines, cluster.stderr.decode()
    assert lines[-1] == "11 files: 8 stored (10 items, 3 renditions), 1 duplicate, 2 failed"
    assert f"{folder}/坏文件.pdf: failed: " in "\n".join(lines)
    assert any(line.startswith(f"{folder}/空.txt: failed: the file is empty (0 bytes) [E101]")
               for line in lines)
    assert any(line.startswith(f"{folder}/zz_copy_of_seed1.txt: duplicate of ")
               for line in lines)
    a, b = stored(tmp_path / "local" / "h.db"), stored(tmp_path / "dask" / "h.db")
    assert len(a["items"]) == 10 and len(a["labels"]) > 10 * 4
    for key in a:
        assert a[key] == b[key], key

    # dupes: the same clusters, printed the same
    later = start("dupes", "--min-ratio", "0.3", "--cluster", "local:2",
                  db=tmp_path / "local" / "h.db")
    local = run("dupes", "--min-ratio", "0.3", db=tmp_path / "local" / "h.db")
    cluster = finish(later)
    assert local.returncode == cluster.returncode == 0, cluster.stderr.decode()
    assert local.stdout.decode("utf-8").startswith("cluster 1: 2 items, units: ")
    assert cluster.stdout == local.stdout

    # a bad --cluster: usage message with its code, exit 1, nothing stored
    bad = run("ingest", "--cluster", "local:zero", str(folder), db=tmp_path / "bad" / "h.db")
    assert bad.returncode == 1
    assert "[E950]" in bad.stderr.decode("utf-8")


@pytest.fixture(scope="module")
def cluster():
    from huibian.pipeline.cluster import Cluster

    with Cluster("local:2") as c:
        yield c


def _run_on_live_workers(client, fn, timeout: float = 120.0):
    """``client.run(fn)`` once the scheduler has let go of a killed worker: right after
    the kill it may still list the dead address for a moment (the run then fails with a
    closed connection, seen once in a full run under load); retried until it answers."""
    # deferred: distributed is imported by the cluster fixture only
    from distributed.comm.core import CommClosedError

    deadline = time.monotonic() + timeout
    while True:
        try:
            return client.run(fn)
        except (CommClosedError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
            client.wait_for_workers(2, timeout=timeout)


@pytest.mark.both_stores
def test_a_worker_killed_mid_batch_loses_nothing(tmp_path, cluster, db_path):
    """On SQLite and on PostgreSQL (issue 21's acceptance: a killed worker during a
    cluster ingest loses nothing)."""
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.store import connect

    folder = tmp_path / "投稿"
    good = make_folder(folder)
    conn = connect(db_path)
    client = cluster.client
    killed: list = []

    def kill_a_busy_worker() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            busy = {addr: keys for addr, keys in client.processing().items()
                    if any(str(k).startswith("huibian-prepare-") for k in keys)}
            if busy:
                addr = sorted(busy)[0]
                pid = client.run(os.getpid, workers=[addr])[addr]
                os.kill(pid, signal.SIGKILL)
                killed.append((addr, pid, list(busy[addr])))
                return
            time.sleep(0.05)

    from huibian.pipeline.cluster_tasks import reader_pools

    killer = threading.Thread(target=kill_a_busy_worker)
    with Ingestor(conn, cluster=cluster) as ingestor:
        readers = client.run(reader_pools)  # the worker plugin started them
        assert sorted(len(pids) for pids in readers.values()) == [1, 1]
        killer.start()
        report = ingestor.ingest(sources_from_paths([str(folder)], ingestor.limits))
    killer.join()
    assert killed, "no worker was found preparing a file"
    statuses = {Path(r.name).name: r.status for r in report.results}
    assert [n for n in good if statuses[n] != "stored"] == [], [r.line() for r in report.results]
    assert statuses["zz_copy_of_seed1.txt"] == "duplicate"
    assert statuses["坏文件.pdf"] == statuses["空.txt"] == "failed"
    files = conn.execute("SELECT count(*) FROM files").fetchone()[0]
    items = conn.execute("SELECT count(*), count(DISTINCT id) FROM items").fetchone()
    assert files == len(good) == 8
    assert tuple(items) == (10, 10)
    assert sum(r.items for r in report.results) == 10
    # every stored item has its analysis and search rows (nothing half-stored)
    assert conn.execute("SELECT count(*) FROM items WHERE id NOT IN "
                        "(SELECT item_id FROM labels WHERE source='final')").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM search_docs").fetchone()[0] == 10
    # the worker that was not killed read its files with the one reader it started
    # with (models loaded once); the restarted one has one reader of its own again. The
    # nanny's restart loads every model again: on a busy 2-core machine (the other
    # test worker running beside it) it once took longer than 120 s, so this waits
    # longer, after what was stored has been checked
    client.wait_for_workers(2, timeout=300)  # the nanny brings the killed one back
    after = _run_on_live_workers(client, reader_pools, timeout=300)
    survivor = [addr for addr in readers if addr != killed[0][0]]
    assert [after[a] for a in survivor] == [readers[a] for a in survivor]
    assert sorted(len(pids) for pids in after.values()) == [1, 1]
    conn.close()
    # the nanny brought the killed worker back; the cluster still has two
    client.wait_for_workers(2, timeout=120)


@pytest.mark.both_stores
def test_dupes_on_the_cluster_equal_local_dupes(tmp_path, cluster, db_path):
    from huibian.pipeline.cluster import DupesOnCluster
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.similarity.dupes import find_dupes
    from huibian.store import connect

    folder = tmp_path / "投稿"
    make_folder(folder)
    conn = connect(db_path)
    with Ingestor(conn) as ingestor:
        ingestor.ingest(sources_from_paths([str(folder)], ingestor.limits))
    runner = DupesOnCluster(cluster)
    found = {}
    for ratio in (0.3, 0.5, 0.1):
        local = [c.as_dict() for c in find_dupes(conn, min_ratio=ratio)]
        remote = [c.as_dict() for c in find_dupes(conn, min_ratio=ratio, runner=runner)]
        assert remote == local
        found[ratio] = len(local)
    assert found[0.3] == 1 and found[0.5] == 0  # the plan and its shortened rewrite
    conn.close()


def test_reanalyze_after_a_taxonomy_change(tmp_path, cluster):
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.pipeline.reanalyze import reanalyze
    from huibian.pipeline.resources import Resources
    from huibian.store import connect

    folder = tmp_path / "投稿"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    first = tmp_path / "a" / "h.db"
    conn = connect(first)
    with Ingestor(conn) as ingestor:
        ingestor.ingest(sources_from_paths([str(folder)], ingestor.limits))
    assert conn.execute("SELECT count(*) FROM labels WHERE axis='funding'").fetchone()[0] == 0
    conn.close()
    second = tmp_path / "b" / "h.db"
    second.parent.mkdir()
    shutil.copy(first, second)

    models = tmp_path / "models"
    shutil.copytree(Path(__file__).resolve().parents[2] / "models", models,
                    ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    taxonomy = json.loads((models / "taxonomy.json").read_text(encoding="utf-8"))
    taxonomy["axes"].append(FUNDING)
    (models / "taxonomy.json").write_text(json.dumps(taxonomy, ensure_ascii=False),
                                          encoding="utf-8")
    resources = Resources(models)

    def funding(db: Path) -> dict:
        c = connect(db)
        try:
            return {t: sorted(r[0] for r in c.execute(
                "SELECT l.label FROM labels l JOIN items i ON i.id = l.item_id "
                "WHERE l.axis='funding' AND l.source='final' AND i.title = ?", (t,)))
                for (t,) in c.execute("SELECT title FROM items")}
        finally:
            c.close()

    conn = connect(first)
    on_cluster = reanalyze(conn, resources, cluster=cluster)
    conn.close()
    conn = connect(second)
    local = reanalyze(conn, resources, processes=2)
    conn.close()
    assert (on_cluster.items, on_cluster.changed) == (local.items, local.changed) == (3, 2)
    assert funding(first) == {"关于保障村级党组织活动经费的实施方案": ["fiscal"],
                              "社区党员志愿服务站建设情况汇报": ["self_raised"],
                              "浅谈新时期高校学生党员的教育管理": []}
    a, b = stored(first), stored(second)
    for key in ("labels", "keywords", "carriers", "facets"):
        assert [r[:4] for r in a[key]] == [r[:4] for r in b[key]], key
    assert any(f[1:] == ("funding", "fiscal") for f in a["facets"])

    # nothing left to resume
    conn = connect(first)
    assert conn.execute("SELECT count(*) FROM search_meta WHERE key='reanalysis_done_upto'"
                        ).fetchone()[0] == 0
    conn.close()


def test_reanalyze_stopped_half_way_resumes(tmp_path):
    """A run stopped after its first batch (one item a batch) keeps that batch; the
    next run analyzes the two other items only, and then leaves no mark."""
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.pipeline.reanalyze import reanalyze
    from huibian.store import connect

    folder = tmp_path / "投稿"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    conn = connect(tmp_path / "s" / "h.db")
    with Ingestor(conn, processes=1) as ingestor:
        ingestor.ingest(sources_from_paths([str(folder)], ingestor.limits))

    class Stop(Exception):
        pass

    def stop(done: int, total: int) -> None:
        assert (done, total) == (1, 3)
        raise Stop

    with pytest.raises(Stop):
        reanalyze(conn, processes=1, batch=1, on_batch=stop)
    first = conn.execute("SELECT rowid FROM items ORDER BY rowid LIMIT 1").fetchone()[0]
    assert conn.execute("SELECT value FROM search_meta WHERE key='reanalysis_done_upto'"
                        ).fetchone()[0] == str(first)
    seen = []
    report = reanalyze(conn, processes=1, batch=1, on_batch=lambda d, t: seen.append((d, t)))
    assert (report.items, report.changed, report.resumed) == (2, 0, True)
    assert seen == [(1, 2), (2, 2)]
    assert conn.execute("SELECT count(*) FROM search_meta WHERE key='reanalysis_done_upto'"
                        ).fetchone()[0] == 0
    report = reanalyze(conn, processes=1)  # a new run: every item
    assert (report.items, report.resumed) == (3, False)
    conn.close()


def test_time_limit_on_the_cluster_as_locally(tmp_path, cluster):
    """A file over HUIBIAN_FILE_TIMEOUT (1 s here) is stopped and reported [E115] on the
    cluster with the local ingest's line; the next file is stored."""
    from dataclasses import replace

    from huibian.core.limits import Limits
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.store import connect

    folder = tmp_path / "投稿"
    folder.mkdir()
    paragraph = TEXTS["经费保障方案.txt"].split("\n\n")[1]
    (folder / "a_长文.txt").write_text("关于长文的报告\n\n" + "\n".join(
        f"{k}、{paragraph}" for k in range(12000)), encoding="utf-8")
    (folder / "b_短文.txt").write_text(TEXTS["志愿服务站汇报.txt"], encoding="utf-8")
    limits = replace(Limits.from_env(), max_seconds_per_file=1.0)
    lines = {}
    for where in ("local", "cluster"):
        conn = connect(tmp_path / where / "h.db")
        with Ingestor(conn, limits=limits, processes=1,
                      cluster=cluster if where == "cluster" else None) as ingestor:
            report = ingestor.ingest(sources_from_paths([str(folder)], ingestor.limits))
        lines[where] = [r.line() for r in report.results]
        conn.close()
    assert lines["cluster"] == lines["local"]
    assert lines["local"] == [
        f"{folder}/a_长文.txt: failed: processing the file took longer than 1 s and was "
        f"stopped (HUIBIAN_FILE_TIMEOUT); the rest of the batch goes on [E115]",
        f"{folder}/b_短文.txt: stored 1 item"]
