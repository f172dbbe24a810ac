"""The ingest pipeline: file -> Document (read, normalize, split) -> stages -> store.

The ``Ingestor`` takes sources (``huibian.pipeline.sources``), has the worker
processes read and prepare them (``huibian.pipeline.process``, run in
``huibian.pipeline.workers``) and writes each through the store, one writer. Each file is stored whole or not at all (its own savepoint; a batch commits a few files
at a time): if the process dies mid-batch, every file is either fully stored or
absent, only committed files have been reported, and the next run completes the
rest."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from huibian.core.errors import HuibianError
from huibian.core.limits import Limits
from huibian.core.names import printable
from huibian.core.records import SourceFile
from huibian.core.stages import Prepared, Stage
from huibian.ingest.archive import Refused
from huibian.ingest.ocr_record import file_note
from huibian.pipeline.process import (  # noqa: F401 -- re-exported: callers import them with the Ingestor
    check_chars, prepare_file, process_file, stages_for)
from huibian.pipeline.renditions import demote, find_matches
from huibian.pipeline.resources import Resources
from huibian.pipeline.sources import (  # noqa: F401 -- re-exported likewise
    SUPPORTED_SUFFIXES, sources_from_bytes, sources_from_paths)
from huibian.pipeline.workers import FileWorkers, StagePlan, WorkerBug
from huibian.store.db import store_dir, transaction
from huibian.store.documents import (find_file, save_original, save_original_at,
                                     write_document)


@dataclass(frozen=True)
class FileResult:
    name: str
    status: str  # "stored" | "duplicate" | "failed" (a file kept as renditions: "stored")
    items: int = 0
    duplicate_of: str | None = None
    error: str | None = None
    item_ids: tuple[str, ...] = ()
    ocr: str | None = None  # "OCR" or "OCR, page 4 low confidence" (huibian.ingest.ocr_record)
    # the stored items this file's other items are renditions of (issue 17: the same
    # text from the same unit is one item; ``huibian.pipeline.renditions``)
    rendition_of: tuple[str, ...] = ()

    def line(self) -> str:
        """One line for a terminal or a log: control characters in the names (an
        escape sequence, a line break) are escaped (``huibian.core.names.printable``).
        A file whose items all repeat stored items: ``x.pdf: rendition of <id>``."""

        name = printable(self.name)
        if self.status == "stored":
            ocr = f", {self.ocr}" if self.ocr else ""
            same = f"rendition of {', '.join(self.rendition_of)}" if self.rendition_of else ""
            if same and not self.items:
                return f"{name}: {same}{ocr}"
            same = f", {same}" if same else ""
            return f"{name}: stored {self.items} item{'s' if self.items != 1 else ''}{same}{ocr}"
        if self.status == "duplicate":
            return f"{name}: duplicate of {printable(self.duplicate_of)}"
        return f"{name}: failed: {printable(self.error)}"

    def as_dict(self) -> dict:
        return {"name": self.name, "status": self.status, "items": self.items,
                "duplicate_of": self.duplicate_of, "error": self.error,
                "item_ids": list(self.item_ids), "ocr": self.ocr,
                "rendition_of": list(self.rendition_of)}


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(r.status == "failed" for r in self.results)

    def summary(self) -> str:
        stored = [r for r in self.results if r.status == "stored"]
        dup = sum(r.status == "duplicate" for r in self.results)
        same = sum(len(r.rendition_of) for r in stored)
        same = f", {same} rendition{'s' if same != 1 else ''}" if same else ""
        return (f"{len(self.results)} file{'s' if len(self.results) != 1 else ''}: "
                f"{len(stored)} stored ({sum(r.items for r in stored)} items{same}), "
                f"{dup} duplicate, {self.failed} failed")


class Ingestor:
    """Ingests sources into an open store, file by file, each stored whole or not at
    all (``ingest`` commits a few files per transaction; ``ingest_one`` one).

    Files are read in worker processes (``huibian.pipeline.workers.FileWorkers``), up to
    ``processes`` at a time, and each stage's ``prepare`` (analysis, search views,
    fingerprints) runs there too, on the file just read: reading and preparing a file
    are stopped together after ``limits.max_seconds_per_file``, so no input can hang
    the batch, and the CPU work is spread over the workers. The workers build their
    stages with ``stage_factory`` (a module-level function of a ``Resources``;
    ``stages_for`` by default) for the same models folder as ``resources``. The store
    is written here, in this process, in source order, by the same stages.

    ``stages`` given explicitly (tests: ``[]``, a failing stage) are prepared in this
    process instead, without the time limit. ``close()`` (or ``with``) stops the
    workers. ``readers`` replaces the default readers (tests). With ``cluster`` (a
    ``huibian.pipeline.cluster.Cluster``) the files are read and prepared on its Dask
    workers by the same code, and written here as always."""

    def __init__(self, conn: sqlite3.Connection, resources: Resources | None = None,
                 limits: Limits | None = None, stages: list[Stage] | None = None, *,
                 processes: int = 2, readers: tuple | None = None,
                 stage_factory: Callable[[Resources], list[Stage]] | None = None,
                 cluster=None):

        self.conn = conn
        self.resources = resources or Resources()
        self.limits = limits or Limits.from_env()
        plan = None
        if stages is None:
            factory = stage_factory or stages_for
            stages = factory(self.resources)
            models_dir = self.resources.models_dir
            plan = StagePlan(factory, str(models_dir) if models_dir is not None else None)
        self.stages = stages
        if cluster is not None:  # a huibian.pipeline.cluster.Cluster: read on its workers
            # deferred for start-up time: the cluster side imports dask
            from huibian.pipeline.cluster import ClusterWorkers

            self.workers = ClusterWorkers(cluster, self.limits, plan=plan, readers=readers)
        else:
            self.workers = FileWorkers(self.limits, processes=processes, readers=readers,
                                       plan=plan)

    def close(self) -> None:
        self.workers.close()

    def __enter__(self) -> "Ingestor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # a batch commits its stored files together, every GROUP_FILES files or
    # GROUP_SECONDS, and before it would wait for a worker past GROUP_SECONDS (a commit
    # rewrites the pages the files share -- the term counts above all -- and was most
    # of the write time with one commit per file)
    GROUP_FILES = 32
    GROUP_SECONDS = 0.5

    def ingest(self, sources: Iterable[SourceFile | Refused],
               on_result: Callable[[FileResult], None] | None = None,
               on_progress: Callable[[str, str, int, int], None] | None = None
               ) -> IngestReport:
        """Store ``sources`` in order. Up to two files per worker are read ahead; a
        worker that has finished its file gets the next one before the parent writes
        (the workers keep preparing while this process writes).

        Each file is written inside its own savepoint of a transaction that commits a
        few files together (``GROUP_FILES``, ``GROUP_SECONDS``), held while waiting for
        a worker only until the group's ``GROUP_SECONDS`` are up: every file is stored
        whole or not at all, and a file is reported (``on_result``, the report) only
        once its transaction has committed. ``on_progress(name, step, done, total)``
        hears a worker's progress on a file (``huibian.ingest.progress``: OCR page by page)."""
        from collections import deque


        self.workers.on_progress = on_progress
        report = IngestReport()
        pending: deque[_Pending] = deque()  # in source order, read ahead in the workers
        todo = iter(sources)
        ahead = 2 * self.workers.processes
        exhausted = False
        group = _Group(self.conn)

        def fill() -> None:
            nonlocal exhausted
            for p in pending:  # collect what finished, freeing its worker
                if p.ticket is not None and not p.collected and self.workers.finished(p.ticket):
                    p.collect(self)
            while not exhausted and self.workers.idle and len(pending) < ahead:
                src = next(todo, None)
                if src is None:
                    exhausted = True
                    break
                reading = (isinstance(src, SourceFile)
                           and find_file(self.conn, src.sha256) is None)
                pending.append(_Pending(src, self.workers.submit(src) if reading else None))

        def publish(results: list[FileResult]) -> None:
            for result in results:
                report.results.append(result)
                if on_result:
                    on_result(result)

        try:
            while True:
                fill()
                if not pending:
                    publish(group.commit())
                    return report
                head = pending.popleft()
                if head.ticket is not None and not head.collected:
                    # Wait for the head's worker holding the open transaction only
                    # until the group's GROUP_SECONDS are up, then commit and wait on
                    # (the lock is never held longer for a slow file). Meanwhile a
                    # worker that finishes a later file is collected and given the next
                    # one at once (else it would idle behind a long head file).
                    while not self.workers.finished(head.ticket):
                        if self.workers.stuck_loading(head.ticket):
                            break  # ``collect`` reports it (the worker is killed)
                        budget = None
                        if group.open:
                            budget = self.GROUP_SECONDS - group.age()
                            if budget <= 0:
                                publish(group.commit())
                                continue
                        self.workers.wait_any([head.ticket] + [
                            p.ticket for p in pending if p.ticket is not None
                            and not p.collected], budget)
                        fill()
                    head.collect(self)  # waits for its worker (if still loading)
                    fill()  # that worker takes the next file before this one is written
                group.add(self._store_in_group(group, head))
                if group.open and (len(group.results) >= self.GROUP_FILES
                                   or group.age() >= self.GROUP_SECONDS):
                    publish(group.commit())
                elif not group.open:
                    publish(group.commit())  # nothing written: report it at once
        except BaseException:
            publish(group.abort())  # the files written whole before the error
            raise
        finally:
            group.close()

    def _store_in_group(self, group: "_Group", head: "_Pending") -> FileResult:
        src = head.src
        checked = self._check(src, head.ticket, head.outcome)
        if isinstance(checked, FileResult):
            return checked
        blob = group.save_original(src)  # fsynced in a thread, before the commit
        group.begin()
        self.conn.execute("SAVEPOINT huibian_file")
        try:
            result = self._write(src, checked, blob)
        except sqlite3.IntegrityError as exc:
            self.conn.execute("ROLLBACK TO huibian_file")
            self.conn.execute("RELEASE huibian_file")
            first = find_file(self.conn, src.sha256)  # another process stored it first
            return (FileResult(src.name, "duplicate", duplicate_of=first) if first
                    else _refused_by_store(src, exc))  # a constraint, not a duplicate
        except Exception as exc:
            # the store refused this file's rows (a value it cannot hold, a bug in
            # the write): undo the file and go on, when its savepoint could be undone;
            # an OperationalError (disk full, I/O, connection lost) or a transaction
            # the error ended stops the batch, the files before it committed
            if group.failed_file() and not isinstance(exc, sqlite3.OperationalError):
                return _refused_by_store(src, exc)
            raise
        except BaseException:
            group.failed_file()
            raise
        self.conn.execute("RELEASE huibian_file")
        return result

    def _prepare(self, src: SourceFile, ticket) -> "Prepared | FileResult":
        """The file's prepared results from its worker (or here, for explicit
        stages), or its failed ``FileResult``."""

        try:
            out = self.workers.result(ticket or self.workers.submit(src))
            if isinstance(out, Prepared):  # prepared in the worker
                return out
            return prepare_file(out, self.stages)
        except HuibianError as exc:
            return FileResult(src.name, "failed", error=_reason(exc))
        except WorkerBug as exc:  # a reader or stage bug must not stop the batch
            return FileResult(src.name, "failed",
                              error=f"unexpected error while processing ({exc.type_name}: "
                                    f"{exc.message}); please report it with the file")
        except Exception as exc:  # a stage bug must not stop the batch either
            return FileResult(src.name, "failed",
                              error=f"unexpected error while processing ({type(exc).__name__}: "
                                    f"{exc}); please report it with the file")

    def _check(self, src: SourceFile | Refused, ticket,
               outcome: "Prepared | FileResult | None") -> "Prepared | FileResult":
        """A refused, duplicate or failed source's ``FileResult``; else its
        ``Prepared``."""

        if isinstance(src, Refused):
            return FileResult(src.name, "failed", error=_reason(src.error))
        first = find_file(self.conn, src.sha256)
        if first is not None:
            if ticket is not None and outcome is None:
                self.workers.discard(ticket)
            return FileResult(src.name, "duplicate", duplicate_of=first)
        return outcome if outcome is not None else self._prepare(src, ticket)

    def _write(self, src: SourceFile, prepared: Prepared, blob: str) -> FileResult:
        """Write one prepared file (inside the caller's transaction)."""

        if find_file(self.conn, src.sha256) is not None:  # another process won
            return FileResult(src.name, "duplicate", duplicate_of=find_file(
                self.conn, src.sha256))

        # one submission, one item: items repeating a stored item of the same unit
        # become its renditions (matched before this file's items are written)
        matches = find_matches(self.conn, prepared)
        write_document(self.conn, prepared, self.stages, blob)
        if matches:
            demote(self.conn, prepared, matches, self.stages)
        same = {m.index for m in matches}
        kept = tuple(iid for k, iid in enumerate(prepared.item_ids) if k not in same)
        return FileResult(src.name, "stored", items=len(kept), item_ids=kept,
                          ocr=file_note(prepared.document.extracted),
                          rendition_of=tuple(m.item_id for m in matches))

    def ingest_one(self, src: SourceFile | Refused, ticket=None,
                   outcome: "Prepared | FileResult | None" = None) -> FileResult:
        """Store one source in its own transaction (``ticket``: it is being read by
        a worker; ``outcome``: what that gave, already collected)."""

        checked = self._check(src, ticket, outcome)
        if isinstance(checked, FileResult):
            return checked
        blob = save_original_of(self.conn, src)
        try:
            with transaction(self.conn):
                return self._write(src, checked, blob)
        except sqlite3.IntegrityError as exc:
            first = find_file(self.conn, src.sha256)
            return (FileResult(src.name, "duplicate", duplicate_of=first) if first
                    else _refused_by_store(src, exc))
        except sqlite3.OperationalError:
            raise
        except Exception as exc:  # rolled back whole: this file failed (see above)
            return _refused_by_store(src, exc)


def save_original_of(conn: sqlite3.Connection, src: SourceFile) -> str:

    return save_original(conn, src.data, src.sha256)


class _Group:
    """The open write transaction of ``Ingestor.ingest`` and the results of the files
    written in it (reported once it commits). Results of files that wrote nothing
    (failed, duplicate) wait in order behind the written ones."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.open = False
        self.results: list[FileResult] = []
        self._since = 0.0
        self._saving: list = []  # futures of the originals being written
        self._pool = None
        self._root = None

    def save_original(self, src: SourceFile) -> str:
        """Start keeping the original (written and fsynced in a thread, overlapping
        the row writes); ``commit`` waits for it first, so a committed row never
        names a file not on disk. Returns its path relative to the store folder."""
        from concurrent.futures import ThreadPoolExecutor


        if self._pool is None:
            self._pool = ThreadPoolExecutor(4, thread_name_prefix="huibian-original")
            self._root = store_dir(self.conn)
        self._saving.append(self._pool.submit(save_original_at, self._root, src.data,
                                              src.sha256))
        return str(Path(src.sha256[:2]) / src.sha256)

    def _saved(self) -> None:
        saving, self._saving = self._saving, []
        for f in saving:
            f.result()  # raises what writing the original raised

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def begin(self) -> None:
        if not self.open:
            import time

            self.conn.execute("BEGIN IMMEDIATE")
            self.open = True
            self._since = time.monotonic()

    def age(self) -> float:
        import time

        return time.monotonic() - self._since

    def add(self, result: FileResult) -> None:
        self.results.append(result)

    def commit(self) -> list[FileResult]:
        if self.open:
            try:
                self._saved()
            except BaseException:
                self._rollback()
                raise
            self.conn.execute("COMMIT")
            self.open = False
        out, self.results = self.results, []
        return out

    def failed_file(self) -> bool:
        """Writing a file raised: undo that file only (the earlier ones stay for
        ``abort`` to commit). False when that could not be done."""
        try:
            self.conn.execute("ROLLBACK TO huibian_file")
            self.conn.execute("RELEASE huibian_file")
        except sqlite3.Error:  # the error ended the whole transaction (SQLite does, on
            self._rollback()  # some I/O errors): the earlier files are not stored
            return False
        return True

    def abort(self) -> list[FileResult]:
        """On an error: commit the files written whole before it (when the
        transaction is still usable) and return their results."""
        if not self.open:
            out, self.results = self.results, []
            return out
        try:
            self._saved()
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()  # keeps the results of files that wrote nothing
        self.open = False
        out, self.results = self.results, []
        return out

    def _rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        self.open = False
        self.results = [r for r in self.results if r.status != "stored"]


class _Pending:
    """A source in ``Ingestor.ingest``'s read-ahead: its worker ticket (None: not
    read, e.g. refused or already stored) and, once collected, what it gave."""

    __slots__ = ("src", "ticket", "outcome")

    def __init__(self, src, ticket) -> None:
        self.src = src
        self.ticket = ticket
        self.outcome = None

    @property
    def collected(self) -> bool:
        return self.outcome is not None

    def collect(self, ingestor: Ingestor) -> None:
        self.outcome = ingestor._prepare(self.src, self.ticket)


def _refused_by_store(src: SourceFile, exc: Exception) -> FileResult:
    """A file whose rows the store would not take: failed, nothing of it stored."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return FileResult(src.name, "failed",
                      error=f"the store did not take this file ({type(exc).__name__}"
                            f"{': ' + text if text else ''}); nothing of it was stored "
                            f"[E306]")


def _reason(exc: HuibianError) -> str:
    """The reason alone (the file name is already at the start of the line)."""
    return f"{exc.message} [{exc.code}]"
