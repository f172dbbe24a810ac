"""The batch work on a Dask cluster (issue 21): ``--cluster local:N`` starts a
``LocalCluster`` of N worker processes on this machine, ``--cluster tcp://HOST:8786``
connects to a running scheduler. The workers read and prepare files
(``ClusterWorkers``, the ``FileWorkers`` interface the ``Ingestor`` drives), analyze
stored items (``huibian reanalyze``) and find near-duplicate candidates and their
ratios (``DupesOnCluster``); the store is written only here, in the client process, by
the one writer, as in a local run (so the store behind it may be SQLite today or
another store layer later).

A worker lost mid-batch (killed, its machine gone) is Dask's to handle: the scheduler
gives its unfinished tasks to another worker (up to
``distributed.scheduler.allowed-failures`` times, then the file fails [E116]); a task
that raised is retried (``RETRIES``). Nothing is written before a task's result is
back, so no file is half-stored. Workers of a ``tcp://`` cluster must run with
``DASK_DISTRIBUTED__WORKER__DAEMON=False`` (they start reader processes) and the
client's reading and analysis settings (``core.settings.PREPARE_VARIABLES``), with
huibian installed; the check is made before any work is sent [E952].

``dask``/``distributed`` are imported inside functions: they are heavy, and only a
command given ``--cluster`` needs them."""

from __future__ import annotations

import contextlib
import logging
import uuid
from dataclasses import dataclass, field

from huibian.core.errors import ClusterError, InputError
from huibian.core.limits import Limits
from huibian.core.records import SourceFile
from huibian.core.settings import prepare_settings
from huibian.pipeline.workers import Job, StagePlan, WorkerBug, _rebuild, _without_main_module

RETRIES = 2  # a task that raised (not a file's error: those are results) runs again
CONNECT_SECONDS = 30.0


def parse_cluster(spec: str) -> tuple[str, int | str]:
    """``local:N`` -> ("local", N); ``tcp://HOST:PORT`` -> ("tcp", the address)."""
    spec = (spec or "").strip()
    if spec.startswith("local:"):
        n = spec[len("local:"):]
        if n.isdigit() and int(n) >= 1:
            return "local", int(n)
    elif spec.startswith("tcp://") and ":" in spec[len("tcp://"):]:
        return "tcp", spec
    raise ClusterError(f"--cluster takes local:N (N worker processes on this machine) or "
                       f"tcp://HOST:PORT (a running Dask scheduler), not {spec!r}",
                       code="E950")


class Cluster:
    """A client of a Dask cluster, and the ``LocalCluster`` it started for ``local:N``
    (closed with it)."""

    def __init__(self, spec: str, *, connect_seconds: float = CONNECT_SECONDS):
        kind, arg = parse_cluster(spec)
        # deferred for start-up time: dask.distributed is heavy, only --cluster needs it
        import dask
        from distributed import Client, LocalCluster

        self.spec = spec
        self.local = None
        self.plugins: set = set()  # the worker plugins registered (ClusterWorkers)
        try:
            if kind == "local":
                # the workers start reader processes: they may not be daemons. Set for
                # the process (not a ``with``): the nannies run here and read it again
                # when they restart a worker that was lost
                dask.config.set({"distributed.worker.daemon": False})
                # the worker processes are spawned: they must not re-run this process's
                # main script (a Streamlit page, AppTest's temporary script); hidden for
                # the cluster's whole life, since the nannies start lost workers again
                self._main_hidden = contextlib.ExitStack()
                self._main_hidden.enter_context(_without_main_module())
                self.local = LocalCluster(n_workers=int(arg), threads_per_worker=1,
                                          processes=True, dashboard_address=None,
                                          silence_logs=logging.ERROR)
                self.client = Client(self.local)
            else:
                self.client = Client(arg, timeout=connect_seconds)
                self.client.wait_for_workers(1, timeout=connect_seconds)
        except ClusterError:
            raise
        except Exception as exc:  # noqa: BLE001 - no scheduler, no worker, a bad address
            self.close()
            raise ClusterError(f"cannot use the Dask cluster {spec}: "
                               f"{type(exc).__name__}: {exc}", code="E951") from exc
        self.check()

    def threads(self) -> int:
        """Worker threads in the cluster now (at least 1)."""
        info = self.client.scheduler_info(n_workers=-1) if _takes_n_workers(self.client) \
            else self.client.scheduler_info()
        return max(1, sum(w.get("nthreads", 1) for w in info["workers"].values()))

    def check(self) -> None:
        """Every worker can do the client's work (``worker_problem``), else E952."""
        # deferred: imports distributed (see the module's docstring)
        from huibian.pipeline.cluster_tasks import worker_problem

        problems = self.client.run(worker_problem, prepare_settings())
        bad = {addr: why for addr, why in problems.items() if why}
        if bad:
            addr, why = sorted(bad.items())[0]
            raise ClusterError(f"worker {addr}: {why}", code="E952")

    def close(self) -> None:
        client, self.client = getattr(self, "client", None), None
        if client is not None:
            client.close()
        if self.local is not None:
            self.local.close()
            self.local = None
        hidden, self._main_hidden = getattr(self, "_main_hidden", None), None
        if hidden is not None:
            hidden.close()

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _takes_n_workers(client) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters


@dataclass
class ClusterTicket:
    src: SourceFile
    future: object
    done: bool = False
    progress: tuple | None = field(default=None)


class ClusterWorkers:
    """``huibian.pipeline.workers.FileWorkers``'s interface over a Dask cluster: each
    file is a task (``cluster_tasks.prepare_remote``) whose result is the file's
    ``Prepared`` or the error its reader raised, rebuilt here as the local pool does.
    Up to two files per worker thread are in flight."""

    def __init__(self, cluster: Cluster, limits: Limits, *, plan: StagePlan | None,
                 readers: tuple | None = None):
        # deferred: imports distributed (see the module's docstring)
        from huibian.pipeline.cluster_tasks import Preload

        self.cluster = cluster
        self.client = cluster.client
        self.limits = limits
        self.plan = plan
        self.readers = readers
        self.processes = cluster.threads()
        self.on_progress = None  # no page-by-page progress from a cluster
        self._settings = prepare_settings()
        self._inflight = 0
        # once per cluster and kind of work: registering it again would restart every
        # worker's readers (and load their models again)
        plugin = Preload(plan, limits, readers)
        if (plugin.name, plan, limits, readers) not in cluster.plugins:
            self.client.register_plugin(plugin)
            cluster.plugins.add((plugin.name, plan, limits, readers))

    def close(self) -> None:
        pass  # the cluster is the caller's (``Cluster.close``)

    def __enter__(self) -> "ClusterWorkers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def idle(self) -> int:
        return max(0, 2 * self.processes - self._inflight)

    def start(self, wait: bool = False) -> float:
        return 0.0  # the Preload plugin started every worker's readers

    def submit(self, src: SourceFile | Job) -> ClusterTicket:
        # deferred: imports distributed (see the module's docstring)
        from huibian.pipeline.cluster_tasks import prepare_remote

        future = self.client.submit(prepare_remote, src, self.limits, self.plan,
                                    self._settings, self.readers, pure=False,
                                    retries=RETRIES,
                                    key=f"huibian-prepare-{getattr(src, 'sha256', 'job')[:12]}-"
                                        f"{uuid.uuid4().hex}")
        self._inflight += 1
        return ClusterTicket(src, future)

    def finished(self, ticket: ClusterTicket) -> bool:
        return ticket.done or ticket.future.done()

    def stuck_loading(self, ticket: ClusterTicket) -> bool:
        return False  # each worker's readers say ready before their file's clock starts

    def wait_any(self, tickets: list, timeout: float | None = None) -> bool:
        from distributed import wait  # deferred: dask is heavy (module docstring)

        live = [t.future for t in tickets if not t.done]
        if not live:
            return False
        if any(f.done() for f in live):
            return True
        try:
            wait(live, timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return False
        return True

    def result(self, ticket: ClusterTicket):
        from distributed.scheduler import KilledWorker  # deferred: dask is heavy

        if ticket.done:
            raise RuntimeError("result already collected")
        ticket.done = True
        self._inflight -= 1
        try:
            status, payload = ticket.future.result()
        except KilledWorker as exc:
            raise InputError(f"the reader stopped unexpectedly on this file (it took down "
                             f"the cluster's workers that read it: {exc}); the file was "
                             f"skipped", file=ticket.src.name, code="E116") from None
        except Exception as exc:  # noqa: BLE001 - the task itself failed after its retries
            raise WorkerBug(type(exc).__name__, str(exc)[:2000], "") from None
        finally:
            ticket.future.release()
        if status == "ok":
            return payload
        if status == "error":  # the file's own error (a worker's E952 fails the file)
            raise _rebuild(*payload)
        raise WorkerBug(*payload)

    def process(self, src: SourceFile):
        return self.result(self.submit(src))

    def discard(self, ticket: ClusterTicket) -> None:
        if not ticket.done:
            ticket.done = True
            self._inflight -= 1
            ticket.future.cancel()


class DupesOnCluster:
    """The heavy parts of ``huibian.similarity.dupes.find_dupes`` on a cluster: the
    LSH candidate pairs (the bands split among the workers) and each candidate's
    ratios (pairs in chunks). Same parameters, same answers as the local run."""

    BANDS_PER_TASK = 4
    PAIRS_PER_TASK = 200

    def __init__(self, cluster: Cluster):
        self.client = cluster.client

    def candidates(self, minhashes: dict, lsh_threshold: float) -> set:
        import numpy as np
        from datasketch import MinHashLSH

        # deferred: imports distributed (see the module's docstring)
        from huibian.pipeline.cluster_tasks import band_pairs

        if not minhashes:
            return set()
        ids = list(minhashes)
        first = next(iter(minhashes.values()))
        ranges = MinHashLSH(threshold=lsh_threshold, num_perm=len(first.hashvalues)).hashranges
        matrix = np.stack([minhashes[k].hashvalues for k in ids])
        [ids_f, matrix_f] = self.client.scatter([ids, matrix], broadcast=True)
        futures = [self.client.submit(band_pairs, ids_f, matrix_f,
                                      list(ranges[i:i + self.BANDS_PER_TASK]), pure=False,
                                      retries=RETRIES)
                   for i in range(0, len(ranges), self.BANDS_PER_TASK)]
        out: set = set()
        for part in self.client.gather(futures):
            out |= part
        return out

    def ratios(self, pairs: list[tuple[str, str]], texts: dict[str, str],
               min_chars: int) -> list[tuple[float, float]]:
        # deferred: imports distributed (see the module's docstring)
        from huibian.pipeline.cluster_tasks import pair_ratios

        futures = []
        for i in range(0, len(pairs), self.PAIRS_PER_TASK):
            chunk = pairs[i:i + self.PAIRS_PER_TASK]
            needed = {x: texts[x] for pair in chunk for x in pair}
            futures.append(self.client.submit(pair_ratios, chunk, needed, min_chars,
                                              pure=False, retries=RETRIES))
        out: list = []
        for part in self.client.gather(futures):
            out.extend(part)
        return out
