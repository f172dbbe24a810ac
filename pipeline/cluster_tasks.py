"""What a Dask worker runs for ``huibian ingest|reanalyze|dupes --cluster`` (the client
side is ``huibian.pipeline.cluster``). This module imports ``distributed`` at the top:
only the workers and a client that uses a cluster import it.

Reading and preparing a file on a worker is the local ingest's own code: each Dask
worker thread keeps a ``FileWorkers`` pool of one reader process
(``huibian.pipeline.workers``) that builds the stages (jieba's dictionaries, the
classifier, the lexicons) once, when it starts, and reads file after file; a file
that takes longer than ``HUIBIAN_FILE_TIMEOUT`` or crashes its reader is reported as
in a local ingest ([E115], [E116]) and only that reader is replaced. The pools are kept
per worker process, keyed by the stage plan (models folder) and limits, and started by
the ``Preload`` worker plugin as soon as a worker joins (a worker that joins later, or
one the nanny restarted, gets it too). ``huibian reanalyze`` sends its batches to the
same pools as ``Job``s (the analyzer loaded once in each)."""

from __future__ import annotations

import multiprocessing
import threading

from distributed import WorkerPlugin

from huibian.core.errors import ClusterError, HuibianError
from huibian.core.limits import Limits
from huibian.core.records import SourceFile
from huibian.core.settings import prepare_settings
from huibian.pipeline.workers import FileWorkers, Job, StagePlan, WorkerBug

_LOCK = threading.Lock()
_FREE: dict[tuple, list[FileWorkers]] = {}  # idle pools by (plan, limits, readers)
_ALL: list[FileWorkers] = []


def worker_problem(settings: dict[str, str]) -> str | None:
    """Why this worker cannot do the client's work (None: it can): its settings that
    shape reading and analysis differ from the client's, or it runs as a daemon
    process (which may not start the reader processes)."""
    if multiprocessing.current_process().daemon:
        return ("the Dask worker runs as a daemon process and cannot start reader "
                "processes: start workers with DASK_DISTRIBUTED__WORKER__DAEMON=False")
    mine = prepare_settings()
    differ = [f"{k}={mine[k]!r} (the client has {v!r})" for k, v in settings.items()
              if mine.get(k) != v]
    if differ:
        return "the worker's settings differ from the client's: " + ", ".join(differ)
    return None


def reader_pools() -> list[int]:
    """The reader processes alive in this worker's pools, one pid a pool (each
    loaded its models once, when it started)."""
    with _LOCK:
        pools = list(_ALL)
    return sorted(w.proc.pid for pool in pools for w in pool._workers if w.proc.is_alive())


def _checkout(key: tuple) -> FileWorkers:
    with _LOCK:
        free = _FREE.setdefault(key, [])
        if free:
            return free.pop()
    plan, limits, readers = key
    pool = FileWorkers(limits, processes=1, readers=readers, plan=plan)
    with _LOCK:
        _ALL.append(pool)
    return pool


def _checkin(key: tuple, pool: FileWorkers) -> None:
    with _LOCK:
        _FREE.setdefault(key, []).append(pool)


def prepare_remote(src: SourceFile | Job, limits: Limits, plan: StagePlan | None,
                   settings: dict[str, str], readers: tuple | None = None) -> tuple:
    """Read and prepare one file on this worker, as a local reader worker does (or
    run a ``Job``: a batch of ``huibian reanalyze``):
    ``("ok", Prepared | Document)``, ``("error", (class, message, file, code))`` for
    the file's ``HuibianError`` (its E115 time limit included), ``("bug", (type,
    message, traceback))`` for anything else."""
    problem = worker_problem(settings)
    if problem:
        return "error", (ClusterError, problem, src.name, "E952")
    key = (plan, limits, readers)
    pool = _checkout(key)
    try:
        return "ok", pool.process(src)
    except HuibianError as exc:
        return "error", (type(exc), exc.message, exc.file, exc.code)
    except WorkerBug as exc:
        return "bug", (exc.type_name, exc.message, exc.traceback)
    finally:
        _checkin(key, pool)


class Preload(WorkerPlugin):
    """Starts a worker's reader pools (one per thread) when it joins, so that their
    models load before the first file arrives; closes them when it leaves."""

    def __init__(self, plan: StagePlan | None, limits: Limits, readers: tuple | None = None):
        self.plan, self.limits, self.readers = plan, limits, readers
        # one plugin per kind of work (ingest's stages, re-analysis): registering it
        # again replaces it
        self.name = f"huibian-preload-{getattr(plan and plan.factory, '__name__', 'read')}"

    def setup(self, worker) -> None:
        if multiprocessing.current_process().daemon:
            return  # prepare_remote says why, file by file
        key = (self.plan, self.limits, self.readers)
        threads = getattr(getattr(worker, "state", None), "nthreads", None) or 1
        pools = [_checkout(key) for _ in range(threads)]
        for pool in pools:
            pool.start()  # builds its stages in its own process, while the worker waits
            _checkin(key, pool)

    def teardown(self, worker) -> None:
        with _LOCK:
            pools = list(_ALL)
            _ALL.clear()
            _FREE.clear()
        for pool in pools:
            pool.close()


# --- near-duplicates ------------------------------------------------------------------

def band_pairs(ids: list[str], hashvalues, ranges: list[tuple[int, int]]) -> set:
    """Candidate pairs of the LSH bands ``ranges`` (slices of the MinHash): two items
    whose hash values agree on a whole band share that band's bucket, as in
    ``MinHashLSH`` (``huibian.similarity.dupes.candidate_pairs``)."""
    pairs: set = set()
    for start, end in ranges:
        buckets: dict[bytes, list[str]] = {}
        for key, row in zip(ids, hashvalues):
            buckets.setdefault(row[start:end].tobytes(), []).append(key)
        for members in buckets.values():
            if len(members) > 1:
                members = sorted(members)
                for i, a in enumerate(members):
                    for b in members[i + 1:]:
                        pairs.add((a, b))
    return pairs


def pair_ratios(pairs: list[tuple[str, str]], texts: dict[str, str],
                min_chars: int) -> list[tuple[float, float]]:
    """``huibian.similarity.dupes.pair_ratio`` of each pair."""
    from huibian.similarity.dupes import pair_ratio  # deferred: numpy's passages, on the worker only

    return [pair_ratio(texts[a], texts[b], min_chars=min_chars) for a, b in pairs]
