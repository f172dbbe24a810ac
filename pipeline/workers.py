"""Reading and preparing files in worker processes, each file under a time limit.

A pathological file (a PDF whose content streams make the parser spin, a DOCX that
takes minutes to lay out, a reader bug that loops) must not stop a batch of thousands.
``FileWorkers`` keeps a few worker processes (two by default, one per core on the
machines we target); each reads one file at a time with ``process_file``. When a file
takes longer than ``limits.max_seconds_per_file`` (``HUIBIAN_FILE_TIMEOUT``), its worker
and everything it started (LibreOffice) are killed with SIGKILL, the file is reported
with a ``LimitError`` [E115], and a fresh worker takes the next file. A worker that
dies on a file (a crash in a C library, the kernel's OOM killer) gives an
``InputError`` [E116] for that file only.

Given a ``StagePlan`` (what ``huibian.pipeline.ingestor.Ingestor`` passes), a worker also runs
every stage's ``prepare`` (analysis, search views, fingerprints) on the file it read,
under the same time limit, and returns a ``Prepared`` instead of a ``Document``: the
CPU work of ingest runs in the workers, in parallel, and a pathological input that
makes a stage spin is stopped like a reader that spins. Each worker builds its own
stages from the plan (``plan.factory(Resources(plan.models_dir))``) once, when it
starts, and says so (a "ready" message); a file's clock starts no earlier than that, so
loading the models is not charged to the first file.

Workers are started from a ``forkserver`` (not plain ``fork``): the app and the tests
run threads, and forking a threaded process can copy a held lock into the child.

Errors the reader raises on purpose (``HuibianError``) come back as the same class,
message, file and code. Anything else is a bug in a reader: it comes back as a
``WorkerBug`` (not a ``HuibianError``) carrying the original type name and traceback,
so callers can report it and fuzzing can count it as a failure."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import time
import traceback
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from huibian.core.errors import HuibianError, InputError, LimitError
from huibian.core.records import Document, SourceFile
from huibian.core.stages import Prepared
from huibian.core.limits import Limits
from huibian.ingest.progress import listening
from huibian.ingest.split import Splitter
# PRELOAD: what the forkserver imports; _without_main_module (pipeline.cluster uses it too)
from huibian.pipeline.forking import PRELOAD, start_forkserver
from huibian.pipeline.forking import without_main_module as _without_main_module
from huibian.pipeline.process import prepare_file, process_file
from huibian.pipeline.resources import Resources


class WorkerBug(Exception):
    """A reader raised something that is not a documented ``HuibianError``."""

    def __init__(self, type_name: str, message: str, tb: str):
        self.type_name = type_name
        self.message = message
        self.traceback = tb
        super().__init__(f"{type_name}: {message}")


# A worker that has not said "ready" (still loading its stages' models) gets this long
# on top of the per-file limit before its file is given up.
WARMUP_SECONDS = 300.0


@dataclass(frozen=True)
class StagePlan:
    """How a worker builds the stages whose ``prepare`` it runs: ``factory`` is a
    module-level function (sent by reference) called with a ``Resources`` for
    ``models_dir``; ``huibian.pipeline.ingestor.stages_for`` for ingest."""

    factory: Callable[[Any], list]
    models_dir: str | None  # None: the packaged model files (HUIBIAN_MODELS may replace any)


def timeout_error(name: str, seconds: float) -> LimitError:
    return LimitError(f"processing the file took longer than {seconds:g} s and was stopped "
                      f"(HUIBIAN_FILE_TIMEOUT); the rest of the batch goes on", file=name,
                      code="E115")


# --- the worker side -----------------------------------------------------------------

# A small document every worker reads and prepares before it says "ready": the models
# the stages load on first use (the classifier, the lexicons' automata, spaCy's
# pipeline) are loaded then, not charged to -- and timed against -- the first file.
WARMUP_TEXT = ("关于开展党员先锋岗创建活动的实施方案\n"
               "某某大学党委\n"
               "为深入推进基层党组织建设，学校在各支部开展“创岗建区”和公开承诺活动，"
               "教师党员立足岗位，发挥先锋模范作用。\n")


@dataclass(frozen=True)
class Job:
    """Work other than reading a file, sent to a worker like a file and run under the
    same time limit: ``fn(resources, *args)`` with the worker's ``Resources`` (its
    models loaded once, for every job); ``fn`` is a module-level function.
    ``huibian reanalyze`` sends its batches of stored items as jobs."""

    name: str
    fn: Callable[..., Any]
    args: tuple = ()


def _build_stages(plan: StagePlan | None) -> tuple[list, Resources | None]:
    """The plan's stages with their models loaded (``WARMUP_TEXT`` is read and
    prepared once by every stage), so that a file's time is spent on the file; and
    the ``Resources`` they were built with (for jobs)."""
    if plan is None:
        return [], None
    resources = Resources(Path(plan.models_dir) if plan.models_dir is not None else None)
    stages = plan.factory(resources)
    prepare_file(process_file(SourceFile.from_bytes("warm-up.txt",
                                                    WARMUP_TEXT.encode("utf-8"))), stages)
    return stages, resources


def _worker_main(conn, plan: StagePlan | None = None) -> None:
    """Read (and prepare) files sent over ``conn`` until it closes. Runs in its own
    process group so that killing the group also kills helper programs it started."""
    try:
        os.setsid()
    except OSError:
        pass
    stages: list = []
    resources: Resources | None = None
    failed: tuple | None = None  # the stages could not be built: every file says why
    try:
        stages, resources = _build_stages(plan)
    except HuibianError as exc:
        failed = ("error", (type(exc), exc.message, exc.file, exc.code))
    except Exception as exc:  # noqa: BLE001 - sent back as a WorkerBug
        failed = ("bug", (type(exc).__name__, str(exc)[:2000], traceback.format_exc()))
    try:
        conn.send((0, "ready", None))
    except (EOFError, OSError, BrokenPipeError):
        return
    splitter = None
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        tid, src, limits, readers = msg
        try:
            if failed:
                raise _Failed()
            if isinstance(src, Job):
                out: tuple = (tid, "ok", src.fn(resources or Resources(), *src.args))
            else:
                splitter = splitter or Splitter()

                def forward(step: str, done: int, total: int, tid=tid) -> None:
                    conn.send((tid, "progress", (step, done, total)))

                with listening(forward):
                    doc = process_file(src, limits=limits, splitter=splitter, readers=readers)
                out = (tid, "ok", doc if plan is None else prepare_file(doc, stages))
        except _Failed:
            out = (tid, *failed)
        except HuibianError as exc:
            out = (tid, "error", (type(exc), exc.message, exc.file, exc.code))
        except Exception as exc:  # noqa: BLE001 - sent back as a WorkerBug
            out = (tid, "bug", (type(exc).__name__, str(exc)[:2000], traceback.format_exc()))
        try:
            conn.send(out)
        except (EOFError, OSError, BrokenPipeError):
            return
        except Exception as exc:  # noqa: BLE001 - the result would not pickle
            conn.send((tid, "bug", (type(exc).__name__, f"result not sendable: {exc}",
                                    traceback.format_exc())))


class _Failed(Exception):
    pass


def _rebuild(cls: type, message: str, file: str | None, code: str) -> HuibianError:
    exc = cls.__new__(cls)
    exc.message, exc.file, exc.code = message, file, code
    Exception.__init__(exc, str(exc))
    return exc


# --- the parent side -----------------------------------------------------------------

class _Worker:
    def __init__(self, ctx, plan: StagePlan | None = None):
        parent, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, plan), daemon=True,
                                name="huibian-reader")
        with _without_main_module():
            self.proc.start()
        child.close()
        self.conn = parent
        self.busy = False
        self.ready = False  # said "ready": its stages are built

    def kill(self) -> None:
        pid = self.proc.pid
        if pid is not None:
            for kill in (lambda: os.killpg(pid, signal.SIGKILL),
                         lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    kill()
                except (ProcessLookupError, PermissionError, OSError):
                    pass
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


@dataclass
class Ticket:
    """A file handed to a worker; ``FileWorkers.result(ticket)`` waits for it."""

    src: SourceFile
    worker: _Worker
    tid: int
    deadline: float
    seconds: float
    done: bool = False
    reply: tuple | None = None  # the worker's answer, received early by ``finished``
    progress: tuple | None = None  # the last progress report: (step, done, total)


def _shutdown(workers: list[_Worker]) -> None:
    for w in workers:
        w.stop()
    workers.clear()


class FileWorkers:
    """A small pool of reader processes with a per-file time limit.

    ``process(src)`` reads one file and returns its ``Document`` or raises: the
    reader's ``HuibianError``, ``LimitError`` [E115] on timeout, ``InputError`` [E116]
    when the worker died, ``WorkerBug`` for any other exception. ``submit``/``result``
    let a caller keep up to ``processes`` files in flight. Workers start on first use
    and stop on ``close()`` (or when the pool is garbage-collected, or at exit).
    With a ``plan``, results are ``Prepared`` (the document and every stage's
    prepared results) instead of ``Document``."""

    def __init__(self, limits: Limits | None = None, *, processes: int = 2,
                 readers: tuple | None = None, context: str = "forkserver",
                 plan: StagePlan | None = None):
        self.limits = limits or Limits.from_env()
        self.processes = max(1, processes)
        self.readers = readers
        self.plan = plan
        # called as on_progress(name, step, done, total) for each progress report
        self.on_progress: Callable[[str, str, int, int], None] | None = None
        self._ctx = multiprocessing.get_context(context)
        if context == "forkserver":
            self._ctx.set_forkserver_preload(PRELOAD)
        self._workers: list[_Worker] = []
        self._ids = itertools.count(1)
        self._finalizer = weakref.finalize(self, _shutdown, self._workers)
        if plan is not None and context == "forkserver":
            # start the forkserver now (it does not wait for it): it imports PRELOAD
            # while the caller goes on loading its own stages
            start_forkserver()

    # -- lifecycle
    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> "FileWorkers":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def idle(self) -> int:
        return sum(not w.busy for w in self._workers) + self.processes - len(self._workers)

    def _idle_worker(self) -> _Worker:
        for w in self._workers:
            if not w.busy:
                return w
        if len(self._workers) < self.processes:
            w = _Worker(self._ctx, self.plan)
            self._workers.append(w)
            return w
        raise RuntimeError("all reader workers are busy; collect a result first")

    def start(self, wait: bool = False) -> float:
        """Start every worker now (they build their stages in parallel) instead of on
        first use; with ``wait``, until each has said "ready". Returns the seconds
        waited."""
        t0 = time.monotonic()
        while len(self._workers) < self.processes:
            self._workers.append(_Worker(self._ctx, self.plan))
        if wait:
            deadline = t0 + WARMUP_SECONDS
            for w in self._workers:
                while not w.ready and not w.busy:
                    try:
                        if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                            break
                        tid, status, payload = w.conn.recv()
                    except (EOFError, OSError):
                        break  # dead: the first file sent to it reports that
                    if status == "ready":
                        w.ready = True
        return time.monotonic() - t0

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        if worker in self._workers:
            self._workers.remove(worker)

    # -- work
    def submit(self, src: SourceFile) -> Ticket:
        seconds = self.limits.max_seconds_per_file
        worker = self._idle_worker()
        tid = next(self._ids)
        worker.busy = True
        try:
            worker.conn.send((tid, src, self.limits, self.readers))
        except (OSError, BrokenPipeError):
            # the worker died while idle (killed from outside): one retry on a new one
            self._replace(worker)
            worker = self._idle_worker()
            worker.busy = True
            worker.conn.send((tid, src, self.limits, self.readers))
        return Ticket(src, worker, tid, time.monotonic() + seconds, seconds)

    def finished(self, ticket: Ticket) -> bool:
        """Whether ``result(ticket)`` would answer without waiting for the worker (it
        has answered, died, or the file's time is up). Never blocks."""
        if ticket.done or ticket.reply is not None:
            return True
        w = ticket.worker
        while True:
            try:
                if not w.conn.poll(0):
                    return time.monotonic() >= ticket.deadline and w.ready
                reply = w.conn.recv()
            except (EOFError, OSError):
                return True  # died: ``result`` reports it
            if reply[1] == "progress":
                self._progress(ticket, reply[2])
                continue
            if reply[1] != "ready":
                ticket.reply = reply
                return True
            w.ready = True  # the file's clock starts now at the earliest
            ticket.deadline = max(ticket.deadline, time.monotonic() + ticket.seconds)

    def stuck_loading(self, ticket: Ticket) -> bool:
        """The ticket's worker has not finished loading its models within
        ``WARMUP_SECONDS`` past the file's limit (``result`` then gives up on it)."""
        return not ticket.worker.ready and time.monotonic() >= ticket.deadline + WARMUP_SECONDS

    def wait_any(self, tickets: list[Ticket], timeout: float | None = None) -> bool:
        """Block until one of ``tickets`` is ``finished`` (answered, its worker died,
        or its time is up), or ``timeout`` seconds pass. Returns whether one is.
        Lets a caller waiting for one file collect another worker's file, and hand that
        worker the next one, in the meantime."""
        from multiprocessing.connection import wait

        end = None if timeout is None else time.monotonic() + timeout
        while True:
            live = [t for t in tickets if not t.done]
            if not live or any(self.finished(t) for t in live):
                return bool(live)
            now = time.monotonic()
            # a worker still loading its models has not started the file's clock: wake
            # up at the warm-up limit at the latest (``finished`` re-checks it)
            wake = min(t.deadline if t.worker.ready else now + WARMUP_SECONDS
                       for t in live)
            if end is not None:
                if now >= end:
                    return False
                wake = min(wake, end)
            wait([t.worker.conn for t in live], max(0.0, wake - now) + 0.001)

    def result(self, ticket: Ticket) -> Document | Prepared:
        if ticket.done:
            raise RuntimeError("result already collected")
        ticket.done = True
        w = ticket.worker
        if ticket.reply is not None:
            (tid, status, payload), ticket.reply = ticket.reply, None
        else:
            tid, status, payload = self._receive(ticket)
        if status is None:
            w.proc.join(5)
            code = w.proc.exitcode
            self._replace(w)
            how = (f"signal {signal.Signals(-code).name}" if code is not None and code < 0
                   and -code in signal.valid_signals() else f"exit status {code}")
            raise InputError(f"the reader stopped unexpectedly on this file ({how}); "
                             f"the file was skipped", file=ticket.src.name, code="E116")
        w.busy = False
        assert tid == ticket.tid, (tid, ticket.tid)
        if status == "ok":
            return payload
        if status == "error":
            raise _rebuild(*payload)
        raise WorkerBug(*payload)

    def _receive(self, ticket: Ticket) -> tuple:
        """The worker's answer for ``ticket`` ((None, None, None) when it died); on
        timeout the worker is killed and ``LimitError`` [E115] raised."""
        w = ticket.worker
        while True:
            remaining = max(0.0, ticket.deadline - time.monotonic())
            if not w.ready:  # still building its stages: the file has not started
                remaining += WARMUP_SECONDS
            try:
                ready = w.conn.poll(remaining)
            except (OSError, EOFError):
                ready = True
            if not ready:
                self._replace(w)
                raise timeout_error(ticket.src.name, ticket.seconds)
            try:
                tid, status, payload = w.conn.recv()
            except (EOFError, OSError):
                tid = status = payload = None
            if status == "progress":
                self._progress(ticket, payload)
                continue
            if status != "ready":
                return tid, status, payload
            w.ready = True  # the file's clock starts now at the earliest
            ticket.deadline = max(ticket.deadline, time.monotonic() + ticket.seconds)

    def _progress(self, ticket: Ticket, payload: tuple) -> None:
        """A worker's progress report on a file (``huibian.ingest.progress``): kept on the
        ticket and passed to ``on_progress(name, step, done, total)`` when set."""
        ticket.progress = tuple(payload)
        if self.on_progress is not None:
            self.on_progress(ticket.src.name, *ticket.progress)

    def process(self, src: SourceFile) -> Document | Prepared:
        return self.result(self.submit(src))

    def discard(self, ticket: Ticket) -> None:
        """Wait for a result nobody needs (its file turned out to be a duplicate)."""
        try:
            self.result(ticket)
        except (HuibianError, WorkerBug):
            pass
