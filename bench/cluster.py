"""Ingest on a Dask cluster against the local ingest, on the same files, in one run
(issue 21): the time of ``Ingestor(conn, cluster=Cluster("local:N"))`` over the time of
the local ``Ingestor`` with N reader processes (the baseline), each into a fresh store.

Both are warmed before the clock starts, as a long-running ingest is: the local readers
are started and have loaded their models; the cluster has started and each of its
workers' readers has read a warm-up file (the cluster's start-up is printed apart).
What the ratio measures is then the price of the cluster's way (files and prepared
results pickled through the scheduler and workers instead of a pipe) on one machine;
more machines add workers, not speed per worker. Inputs: generated text files
(huibian.testkit.corpus_vocab), kept in bench/out/.

    python bench/cluster.py [--quick] [--files 60] [--workers 2] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from huibian.testkit.benchlib import emit, result
from huibian.testkit.samples import ROOT

OUT = ROOT / "bench" / "out"


def text_folder(n_files: int, seed: int = 21) -> Path:
    """``n_files`` text files of two generated items each."""
    from huibian.testkit.corpus_vocab import CorpusGenerator, item_text

    folder = OUT / f"cluster_texts_{n_files}_{seed}"
    done = folder / ".done"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        gen = CorpusGenerator(seed)
        for k in range(n_files):
            text = "\n\n".join(item_text(t, p) for t, p in gen.items(2, max_chars=4000))
            (folder / f"{k:04d}.txt").write_text(text, encoding="utf-8")
        done.write_text("ok")
    return folder


def timed_ingest(folder: Path, make_ingestor, store: Path | str) -> tuple[float, int]:
    """Seconds to ingest ``folder`` into a fresh store (the ingestor made and warmed
    before the clock starts), and the items stored. ``store``: a folder (made afresh,
    the SQLite store ``h.db`` in it) or a fresh PostgreSQL database's address."""
    from huibian.pipeline.ingestor import sources_from_paths
    from huibian.store import connect

    if isinstance(store, str):
        conn = connect(store)
    else:
        shutil.rmtree(store, ignore_errors=True)
        conn = connect(store / "h.db")
    with make_ingestor(conn) as ingestor:
        ingestor.workers.start(wait=True)
        t0 = time.perf_counter()
        report = ingestor.ingest(sources_from_paths([str(folder)], ingestor.limits))
        seconds = time.perf_counter() - t0
    conn.close()
    assert report.failed == 0, [r.line() for r in report.results if r.status == "failed"]
    return seconds, sum(r.items for r in report.results)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="8 files, one run")
    ap.add_argument("--files", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    if args.quick:
        args.files, args.runs = 8, 1

    from huibian.pipeline.cluster import Cluster
    from huibian.pipeline.ingestor import Ingestor

    folder = text_folder(args.files)
    warm = text_folder(2 * args.workers, seed=22)
    tmp = Path(tempfile.mkdtemp(prefix="huibian-bench-cluster-"))
    try:
        local_runs, cluster_runs = [], []

        def local(conn):
            return Ingestor(conn, processes=args.workers)

        t0 = time.perf_counter()
        with Cluster(f"local:{args.workers}") as cluster:
            started = time.perf_counter() - t0

            def on_cluster(conn):
                return Ingestor(conn, cluster=cluster)

            # every worker's reader loads its models on a warm-up file first
            timed_ingest(warm, on_cluster, tmp / "warm")
            for run in range(args.runs):
                s, n_local = timed_ingest(folder, local, tmp / "local")
                local_runs.append(s)
                s, n_cluster = timed_ingest(folder, on_cluster, tmp / "cluster")
                cluster_runs.append(s)
                assert n_local == n_cluster
                print(f"run {run + 1}: local {local_runs[-1]:.2f} s, cluster "
                      f"{cluster_runs[-1]:.2f} s ({n_local} items, {args.files} files)",
                      flush=True)
        print(f"cluster start-up (scheduler, {args.workers} workers): {started:.1f} s")
        ratio = sorted(cluster_runs)[len(cluster_runs) // 2] / \
            sorted(local_runs)[len(local_runs) // 2]
        print(f"cluster / local ingest time: {ratio:.2f}")
        emit("cluster", [result(
            f"ingest of {args.files} text files on a LocalCluster of {args.workers} workers "
            f"(seconds; the table's ratio is local / cluster, the printed one cluster / "
            f"local)", cluster_runs, "s",
            baseline=f"local Ingestor with {args.workers} reader processes",
            baseline_runs=local_runs, lower_is_better=True,
            goal="cluster / local <= 1.5 on one machine", holds=ratio <= 1.5)])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
