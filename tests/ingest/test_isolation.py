"""Files are read in worker processes with a real per-file timeout: a file that hangs
its reader is stopped (with whatever the reader started), reported as failed with a
clear message, and the batch goes on. The slow/crashing readers below are test
readers plugged in through ``readers=``; the timeout and kill are the real ones."""

import os
import signal
import subprocess
import time

import pytest

from huibian.core.errors import InputError, LimitError
from huibian.pipeline.ingestor import Ingestor, sources_from_paths
from huibian.core.records import Extracted, SourceFile
from huibian.pipeline.workers import FileWorkers, WorkerBug
from huibian.core.limits import Limits
from huibian.ingest.readers import default_readers
from huibian.ingest.readers.text import TextReader
from tests.conftest import SEED_NOTICE, SEED_PLAN

pytestmark = pytest.mark.both_stores  # the tests that store (db_path): SQLite and PostgreSQL


class MisbehavingReader:
    """Takes files whose bytes start with a command word and misbehaves as told."""

    kind = "txt"

    def score(self, src: SourceFile) -> int:
        return 100 if src.data[:5] in (b"SLEEP", b"CHILD", b"CRASH", b"BUGGY") else 0

    def read(self, src: SourceFile, limits: Limits) -> Extracted:
        word = src.data[:5]
        if word == b"SLEEP":
            time.sleep(60)
        elif word == b"CHILD":  # starts a helper (like LibreOffice), then hangs
            proc = subprocess.Popen(["sleep", "120"])
            pidfile = src.data[5:].decode().strip()
            with open(pidfile, "w") as fh:
                fh.write(str(proc.pid))
            time.sleep(60)
        elif word == b"CRASH":
            os.kill(os.getpid(), signal.SIGSEGV)
        elif word == b"BUGGY":
            raise ValueError("a reader bug")
        return TextReader().read(src, limits)


READERS = (MisbehavingReader(),) + default_readers()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child not yet reaped by init shows as a zombie
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().split()[2] != "Z"


def test_slow_file_stopped_batch_goes_on(conn, tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a.txt").write_bytes(SEED_PLAN.read_bytes())
    (d / "b_slow.txt").write_bytes(b"SLEEP forever")
    (d / "c.txt").write_bytes(SEED_NOTICE.read_bytes())
    limits = Limits(max_seconds_per_file=2.0)
    t0 = time.monotonic()
    with Ingestor(conn, stages=[], limits=limits, readers=READERS) as ing:
        rep = ing.ingest(sources_from_paths([d], limits))
    elapsed = time.monotonic() - t0
    by = {r.name.rsplit("/", 1)[-1]: r for r in rep.results}
    assert [by[n].status for n in ("a.txt", "b_slow.txt", "c.txt")] == [
        "stored", "failed", "stored"]
    assert by["b_slow.txt"].error == (
        "processing the file took longer than 2 s and was stopped (HUIBIAN_FILE_TIMEOUT); "
        "the rest of the batch goes on [E115]")
    assert by["c.txt"].items == 2
    assert elapsed < 20  # not the reader's 60 s
    assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 2


def test_timeout_kills_what_the_reader_started(tmp_path):
    pidfile = tmp_path / "child.pid"
    with FileWorkers(Limits(max_seconds_per_file=1.5), readers=READERS) as workers:
        with pytest.raises(LimitError) as err:
            workers.process(SourceFile.from_bytes("hang.txt", b"CHILD" + str(pidfile).encode()))
        assert err.value.code == "E115" and err.value.file == "hang.txt"
        child = int(pidfile.read_text())
        deadline = time.monotonic() + 5
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child)
        # the pool carries on with a fresh worker
        doc = workers.process(SourceFile.from_bytes("ok.txt", SEED_PLAN.read_bytes()))
        assert len(doc.items) == 1


def test_crash_and_bug_reported_per_file(tmp_path):
    with FileWorkers(Limits(max_seconds_per_file=30), readers=READERS) as workers:
        with pytest.raises(InputError) as err:
            workers.process(SourceFile.from_bytes("crash.txt", b"CRASH"))
        assert err.value.code == "E116"
        assert "stopped unexpectedly on this file (signal SIGSEGV)" in err.value.message
        with pytest.raises(WorkerBug) as bug:
            workers.process(SourceFile.from_bytes("bug.txt", b"BUGGY"))
        assert bug.value.type_name == "ValueError" and "a reader bug" in bug.value.traceback
        with pytest.raises(InputError) as empty:
            workers.process(SourceFile.from_bytes("empty.txt", b""))
        assert (type(empty.value), empty.value.code, str(empty.value)) == (
            InputError, "E101", "empty.txt: the file is empty (0 bytes) [E101]")
        assert len(workers.process(SourceFile.from_bytes("n.txt", SEED_NOTICE.read_bytes())).items) == 2


def test_ingest_reports_crash_and_bug_and_stores_the_rest(conn, tmp_path):
    d = tmp_path / "b"
    d.mkdir()
    (d / "1.txt").write_bytes(b"CRASH")
    (d / "2.txt").write_bytes(b"BUGGY")
    (d / "3.txt").write_bytes(SEED_PLAN.read_bytes())
    with Ingestor(conn, stages=[], readers=READERS) as ing:
        rep = ing.ingest(sources_from_paths([d], ing.limits))
    assert [r.status for r in rep.results] == ["failed", "failed", "stored"]
    assert rep.results[0].error.endswith("(signal SIGSEGV); the file was skipped [E116]")
    assert rep.results[1].error == ("unexpected error while processing (ValueError: a reader bug); "
                                    "please report it with the file")


def test_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("HUIBIAN_FILE_TIMEOUT", "7.5")
    assert Limits.from_env().max_seconds_per_file == 7.5


# --- stage prepare runs in the worker, under the same per-file limit -----------------

SPIN = "这一行让测试阶段陷入死循环"


def _spin_prepare(doc, item_ids):
    """A stage that never finishes on one pathological input (like an analysis that
    goes quadratic on a giant paragraph)."""
    if SPIN in doc.normalized.text:
        while True:
            pass
    return [len(it.text) for it in doc.items]


def _record_lengths(conn, prepared):
    conn.executemany("INSERT INTO spin_lengths VALUES (?, ?)",
                     zip(prepared.item_ids, prepared.results["spin"]))


def spin_stages(resources):
    """A module-level stage factory, so a worker can build it by reference."""
    from huibian.core.stages import Stage

    return [Stage("spin", prepare=_spin_prepare, write=_record_lengths)]


def test_a_stage_that_hangs_is_stopped_and_the_batch_goes_on(conn, tmp_path):
    conn.execute("CREATE TABLE spin_lengths (item_id TEXT PRIMARY KEY, chars INTEGER)")
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a.txt").write_bytes(SEED_PLAN.read_bytes())
    (d / "b.txt").write_text(SEED_PLAN.read_text(encoding="utf-8") + "\n" + SPIN + "\n",
                             encoding="utf-8")
    (d / "c.txt").write_bytes(SEED_NOTICE.read_bytes())
    limits = Limits(max_seconds_per_file=3.0)
    t0 = time.monotonic()
    with Ingestor(conn, limits=limits, stage_factory=spin_stages) as ing:
        assert ing.workers.plan is not None  # prepared in the workers
        rep = ing.ingest(sources_from_paths([d], limits))
    elapsed = time.monotonic() - t0
    assert [(r.name.rsplit("/", 1)[-1], r.status) for r in rep.results] == [
        ("a.txt", "stored"), ("b.txt", "failed"), ("c.txt", "stored")]
    assert rep.results[1].error == (
        "processing the file took longer than 3 s and was stopped (HUIBIAN_FILE_TIMEOUT); "
        "the rest of the batch goes on [E115]")
    assert elapsed < 30
    # the prepared results of the other files came back from the workers and were written
    assert tuple(conn.execute("SELECT COUNT(*), SUM(chars) FROM spin_lengths").fetchone()) == \
        tuple(conn.execute("SELECT COUNT(*), SUM(LENGTH(text)) FROM items").fetchone())
    assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3


def test_workers_return_prepared_with_a_plan():
    from huibian.core.stages import Prepared
    from huibian.pipeline.workers import StagePlan
    from huibian.store.documents import item_ids

    with FileWorkers(Limits(max_seconds_per_file=30), processes=1,
                     plan=StagePlan(spin_stages, "models")) as workers:
        out = workers.process(SourceFile.from_bytes("n.txt", SEED_NOTICE.read_bytes()))
    assert isinstance(out, Prepared)
    assert out.item_ids == item_ids(out.document) and len(out.item_ids) == 2
    assert out.results == {"spin": [len(it.text) for it in out.document.items]}


class LoggingReader:
    """Reads text files, appending "start NAME TIME" and "end NAME TIME" to ``log``;
    a file whose text starts with "PAUSE" takes ``pause`` seconds first."""

    kind = "txt"

    def __init__(self, log: str, pause: float):
        self.log, self.pause = log, pause

    def score(self, src: SourceFile) -> int:
        return 50  # below MisbehavingReader's commands

    def read(self, src: SourceFile, limits: Limits) -> Extracted:
        name = src.name.rsplit("/", 1)[-1]
        with open(self.log, "a") as fh:
            fh.write(f"start {name} {time.time()}\n")
        if src.data.startswith("PAUSE".encode()):
            time.sleep(self.pause)
        out = TextReader().read(src, limits)
        with open(self.log, "a") as fh:
            fh.write(f"end {name} {time.time()}\n")
        return out


def _events(log) -> dict[tuple[str, str], float]:
    return {(w[0], w[1]): float(w[2]) for w in (l.split() for l in log.read_text().splitlines())}


def test_a_worker_is_refilled_while_the_batch_waits_for_a_slow_file(conn, tmp_path):
    """Head-of-line: while the first file takes 3 s in one worker, the other worker
    reads the next files one after another (it is given each as it finishes, not after
    the slow file), and the files are still stored and reported in source order."""
    d = tmp_path / "batch"
    d.mkdir()
    text = SEED_NOTICE.read_text(encoding="utf-8")
    (d / "a_slow.txt").write_text("PAUSE\n" + SEED_PLAN.read_text(encoding="utf-8"),
                                  encoding="utf-8")
    for k in range(4):
        (d / f"b{k}.txt").write_text(f"第{k}份\n" + text, encoding="utf-8")
    log = tmp_path / "reads.log"
    with Ingestor(conn, stages=[], readers=(LoggingReader(str(log), 3.0),),
                  processes=2) as ing:
        rep = ing.ingest(sources_from_paths([d], Limits()))
    assert [(r.name.rsplit("/", 1)[-1], r.status) for r in rep.results] == [
        ("a_slow.txt", "stored")] + [(f"b{k}.txt", "stored") for k in range(4)]
    ev = _events(log)
    # every later file was read while the slow one was still being read
    assert all(ev[("end", f"b{k}.txt")] < ev[("end", "a_slow.txt")] for k in range(4))


def test_the_write_lock_is_not_held_while_waiting_for_a_slow_file(tmp_path, db_path):
    """A file stored before a slow one is committed within ``GROUP_SECONDS`` of the
    wait, so another writer (the app, a second ingest) is not locked out for the
    slow file's time: on SQLite, the file's write lock is free (``BEGIN IMMEDIATE``
    with no wait); on PostgreSQL, the store's writer lock (the advisory lock
    ``BEGIN IMMEDIATE`` takes, store.postgres) is free."""
    import sqlite3
    import threading

    from huibian.store import connect
    from huibian.store.db import is_postgres
    from huibian.store.postgres import WRITER_LOCK

    path = db_path
    conn = connect(path)
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a.txt").write_bytes(SEED_NOTICE.read_bytes())
    (d / "b_slow.txt").write_text("PAUSE\n" + SEED_PLAN.read_text(encoding="utf-8"),
                                  encoding="utf-8")
    log = tmp_path / "reads.log"
    seen: dict = {}

    def other_writer():
        while not log.exists() or ("start", "b_slow.txt") not in _events(log):
            time.sleep(0.02)
        time.sleep(1.5)  # the slow file takes 4 s; GROUP_SECONDS is 0.5
        if is_postgres(conn):
            other = connect(path)
            with other.raw.transaction():  # read committed, as a writer's transaction
                if other.raw.execute("SELECT pg_try_advisory_xact_lock(%s)",
                                     (WRITER_LOCK,)).fetchone()[0]:
                    seen["stored"] = other.execute("SELECT COUNT(*) FROM files").fetchone()[0]
                else:
                    seen["error"] = "the writer lock is held"
            other.close()
            return
        other = sqlite3.connect(path, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            seen["stored"] = other.execute("SELECT COUNT(*) FROM files").fetchone()[0]
            other.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            seen["error"] = str(exc)
        other.close()

    t = threading.Thread(target=other_writer)
    t.start()
    with Ingestor(conn, stages=[], readers=(LoggingReader(str(log), 4.0),),
                  processes=2) as ing:
        rep = ing.ingest(sources_from_paths([d], Limits()))
    t.join()
    assert [r.status for r in rep.results] == ["stored", "stored"]
    assert seen == {"stored": 1}  # the lock was free, and a.txt committed


def record_stages(log: str, resources):
    """A stage that records, in the worker, the name of every file it prepares."""
    from huibian.core.stages import Stage

    def prepare(doc, item_ids):
        with open(log, "a") as fh:
            fh.write(doc.source.name + "\n")
        return None

    return [Stage("record", prepare=prepare)]


def test_a_worker_warms_every_stage_before_it_says_ready(tmp_path):
    """Models a stage loads on first use are loaded on a built-in warm-up document
    before the worker is ready, not on (and timed against) the first file."""
    from functools import partial

    from huibian.pipeline.workers import StagePlan

    log = tmp_path / "prepared.log"
    with FileWorkers(Limits(max_seconds_per_file=30), processes=1,
                     plan=StagePlan(partial(record_stages, str(log)), "models")) as workers:
        workers.start(wait=True)
        assert log.read_text() == "warm-up.txt\n"
        workers.process(SourceFile.from_bytes("n.txt", SEED_NOTICE.read_bytes()))
    assert log.read_text() == "warm-up.txt\nn.txt\n"


def test_a_worker_crash_while_the_batch_waits_for_a_slow_file(conn, tmp_path):
    """A later file's worker dies while the batch waits for the slow first file: that
    file is reported failed (E116) in its place, a fresh worker reads the next one, and
    the slow file is stored."""
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a_slow.txt").write_text("PAUSE\n" + SEED_PLAN.read_text(encoding="utf-8"),
                                  encoding="utf-8")
    (d / "b_crash.txt").write_bytes(b"CRASH now")
    (d / "c.txt").write_bytes(SEED_NOTICE.read_bytes())
    log = tmp_path / "reads.log"
    readers = (MisbehavingReader(), LoggingReader(str(log), 2.0))
    with Ingestor(conn, stages=[], readers=readers, processes=2) as ing:
        rep = ing.ingest(sources_from_paths([d], Limits()))
    assert [(r.name.rsplit("/", 1)[-1], r.status) for r in rep.results] == [
        ("a_slow.txt", "stored"), ("b_crash.txt", "failed"), ("c.txt", "stored")]
    assert rep.results[1].error.startswith("the reader stopped unexpectedly on this file "
                                           "(signal SIGSEGV)")
    ev = _events(log)
    assert ev[("end", "c.txt")] < ev[("end", "a_slow.txt")]  # read during the wait
    assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 2
