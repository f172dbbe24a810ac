"""A server killed (SIGKILL, with its worker processes) while it stores an upload task
is started again: the task is resumed and finishes, every file of it stored whole
(each stored file has all its items, nothing half), none lost."""

from __future__ import annotations

import time

import pytest

from huibian.core.records import SourceFile
from huibian.ingest.split import Splitter
from huibian.pipeline.process import process_file
from tests.api.conftest import ROOT, SEED_PLAN, Server, make_store, wait_task

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def _files() -> list[tuple[str, bytes]]:
    """Eight distinct submissions (real documents of corpora/understanding)."""
    docs = ROOT / "corpora" / "understanding" / "docs"
    return [(f"报送{k + 1}.txt", (docs / f"w1_{k + 1:03d}.txt").read_bytes()) for k in range(8)]


def test_a_killed_server_resumes_its_upload_task(db_path, store_kind, tmp_path):
    db = make_store(db_path, seeds=())
    server = Server(db, tmp_path / "serve.log").start()
    try:
        with server.client("admin") as c:
            r = c.post("/documents", files=[("file", f) for f in _files()])
            task_id = r.json()["task"]
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                task = c.get(f"/tasks/{task_id}").json()
                if task["files"]:
                    break
                time.sleep(0.05)
        server.kill()
        assert task["status"] == "running"
        done_before = len(task["files"])
        assert 1 <= done_before < 8  # killed in the middle of the task
    finally:
        server.kill()

    server = Server(db, tmp_path / "serve2.log").start()
    try:
        with server.client("admin") as c:
            task = wait_task(c, task_id)
            items = c.get("/items", params={"page_size": 100}).json()
    finally:
        server.stop()
    assert task["status"] == "done"
    assert task["attempts"] == 2
    assert [f["name"] for f in task["files"]] == [f"报送{k + 1}.txt" for k in range(8)]
    assert {f["status"] for f in task["files"]} == {"stored"}
    ids = [i for f in task["files"] for i in f["items"]]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(i["id"] for i in items["items"]) and items["total"] == len(ids)
    # every file whole: as many items as splitting it again gives (read and split
    # in this process, as ``huibian split`` does in its worker: no CLI start-up per file)
    splitter = Splitter()
    for name, data in _files():
        split = process_file(SourceFile.from_bytes(str(tmp_path / name), data),
                             splitter=splitter).items
        mine = next(f for f in task["files"] if f["name"] == name)
        assert len(mine["items"]) == len(split)
    # the spooled upload is gone once the task is done (the tasks folder is beside the
    # SQLite file; in HUIBIAN_FILES, pg_store's tmp_path/files, for PostgreSQL)
    folder = tmp_path / ("files" if store_kind == "postgresql" else "store")
    assert (folder / "huibian_tasks").is_dir()
    assert not (folder / "huibian_tasks" / task_id).exists()


def test_a_task_interrupted_too_often_is_failed_visibly(db_path):
    from huibian.services import tasks
    from huibian.services.people import Accounts
    from huibian.store import connect

    db = make_store(db_path, seeds=())
    conn = connect(db)
    admin = Accounts.for_store(conn).get("admin")
    tid = tasks.create_upload_task(conn, admin, [("a.txt", SEED_PLAN.read_bytes())])
    for _ in range(tasks.MAX_ATTEMPTS):
        claimed = tasks.claim_next(conn)
        assert claimed["id"] == tid
        conn.execute("UPDATE api_tasks SET runner='elsewhere:1:dead' WHERE id=?", (tid,))
        assert tasks.recover(conn) == [tid]  # its server is gone: queued again
    assert tasks.claim_next(conn) is None
    task = tasks.task_dict(conn, admin, tid)
    assert task["status"] == "failed" and task["error"]["code"] == "E758"
    assert not (tasks.tasks_dir(conn) / tid).exists()


def test_a_task_left_by_a_stopping_server_is_queued_again(db_path):
    from huibian.services import tasks
    from huibian.services.people import Accounts
    from huibian.store import connect

    db = make_store(db_path, seeds=())
    conn = connect(db)
    admin = Accounts.for_store(conn).get("admin")
    tid = tasks.create_upload_task(conn, admin, [("a.txt", SEED_PLAN.read_bytes())])
    assert tasks.claim_next(conn)["attempts"] == 1
    assert tasks.recover(conn) == []  # its runner (this process) is alive: left alone
    tasks.requeue(conn, tid)          # the server stops between two files
    task = tasks.task_dict(conn, admin, tid)
    assert (task["status"], task["attempts"]) == ("queued", 0)  # a stop is no interruption
    assert tasks.claim_next(conn)["attempts"] == 1
    conn.close()
