"""The task runner: one thread of the API server that takes queued tasks from the
store, oldest first, and runs them to the end (``huibian.services.tasks``). Uploads
are stored by one ``Ingestor`` -- its worker processes read and prepare the files,
this thread alone writes them -- started on the first upload and closed again after
``IDLE_SECONDS`` without one (its workers hold the models). At start the runner queues again the tasks a stopped server left
running (resumed where they stopped)."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from huibian.pipeline.ingestor import Ingestor
from huibian.search import tantivy_index
from huibian.services import tasks
from huibian.store.db import connect
from huibian.store.documents import sweep_orphans

log = logging.getLogger("huibian.api")


class _Stopping(BaseException):
    """The server is stopping: leave the task for the next start (it resumes)."""


class TaskRunner:
    POLL_SECONDS = 0.5
    IDLE_SECONDS = 300.0

    def __init__(self, db_path: Path, resources):
        self.db_path = db_path
        self.resources = resources
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ingestor = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="huibian-tasks", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """A task was queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _main(self) -> None:
        conn = connect(self.db_path, check_same_thread=False)
        try:
            back = tasks.recover(conn)
            if back:
                log.warning("resuming %d task(s) a stopped server left running: %s",
                            len(back), ", ".join(back))
            sweep_orphans(conn)  # originals a killed ingest left without a row
            busy = time.monotonic()
            while not self._stop.is_set():
                task = tasks.claim_next(conn)
                if task is None:
                    if self._ingestor is not None and \
                            time.monotonic() - busy > self.IDLE_SECONDS:
                        self._ingestor.close()
                        self._ingestor = None
                    self._wake.wait(self.POLL_SECONDS)
                    self._wake.clear()
                    continue
                busy = time.monotonic()
                try:
                    ingestor = self._ingestor_for(conn) if task["kind"] == "upload" else None
                    tasks.run_task(conn, ingestor, task, on_file=self._check_stop)
                    if task["kind"] == "upload":
                        tantivy_index.sync(conn, trim=True)
                    busy = time.monotonic()
                except _Stopping:
                    tasks.requeue(conn, task["id"])
                    break
                except Exception:  # noqa: BLE001 -- one task's bug must not stop the runner
                    log.exception("task %s failed unexpectedly", task["id"])
                    tasks.finish(conn, task["id"], "failed",
                                 error={"code": "E799", "message": "unexpected error while "
                                        "running the task; it is in the server's log [E799]"})
        finally:
            if self._ingestor is not None:
                self._ingestor.close()
            conn.close()

    def _check_stop(self) -> None:
        if self._stop.is_set():
            raise _Stopping()

    def _ingestor_for(self, conn):
        if self._ingestor is None:
            self._ingestor = Ingestor(conn, self.resources)
        return self._ingestor
