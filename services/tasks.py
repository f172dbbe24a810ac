"""Background tasks of the HTTP API, kept in the store (``api_tasks``,
``api_task_files``) so that they outlive the server that accepted them.

An upload task's files are spooled beside the store (``data/huibian_tasks/ID/``,
fsynced) before the task row is committed, so an accepted upload is never lost. The
task runner (``huibian.api.tasks``, one thread, one writer) claims a queued task and
stores each of its sources through the ``Ingestor`` (worker processes read and
prepare; each file is stored whole or not at all). Before a source is written its
SHA-256 is recorded as in flight; after its commit, its result. A server killed
mid-task leaves the task ``running`` with a dead runner: ``recover`` queues it again,
and resuming it settles each in-flight source by looking in the store (stored whole,
so its items are there; or absent, so it is stored again). A task interrupted
``MAX_ATTEMPTS`` times is failed (E758). A volume export task just runs again.

Task dicts (``task_dict``) are the API's shape: ``{"id", "kind", "status",
"created_at", "started_at", "finished_at", "params", "files": [{"name", "status",
"items", "rendition_of", "duplicate_of", "error"}], "error", "result"}``; errors are
``{"code", "message"}``."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
from pathlib import Path
from typing import Callable, Sequence

from huibian.core.errors import HuibianError, NotFound, PermissionDenied
from huibian.core.names import printable
from huibian.core.records import SourceFile
from huibian.pipeline.sources import sources_from_bytes
from huibian.search.index import refresh_facets
from huibian.services.people import Accounts, User, audit, require
from huibian.services.review import item_unit, resolve_unit
from huibian.services.volumes import compile_volume, get_volume, record_export
from huibian.store.db import now_iso, store_file, transaction
from huibian.store.documents import find_file
from huibian.volume.pdf_export import export_volume

MAX_ATTEMPTS = 3
_CODE = re.compile(r"\s*\[(E\d{3})\]\s*$")


class TaskError(HuibianError):
    code = "E758"


def tasks_dir(conn: sqlite3.Connection) -> Path:
    """The folder beside the store for task files: ``data/huibian.db`` ->
    ``data/huibian_tasks/``."""
    db = store_file(conn)
    return db.with_name(db.stem + "_tasks")


def error_dict(error: str | HuibianError | None, name: str | None = None) -> dict | None:
    """``{"code", "message"}`` of an error or of a result line's reason
    (``the file is empty (0 bytes) [E101]``); the message names the file ``name``."""
    if error is None:
        return None
    if isinstance(error, HuibianError):
        return {"code": error.code, "message": str(error)}
    m = _CODE.search(error)
    where = f"{printable(name)}: " if name and not error.startswith(f"{name}:") else ""
    return {"code": m.group(1) if m else "E000", "message": where + error}


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def runner_id() -> str:
    """Who runs a task: host, process id and a random boot tag (a reused pid after a
    restart is not taken for the old server)."""
    return f"{socket.gethostname()}:{os.getpid()}:{_BOOT}"


_BOOT = secrets.token_hex(4)


def _runner_alive(runner: str | None) -> bool:
    if not runner:
        return False
    try:
        host, pid, boot = runner.rsplit(":", 2)
        pid_n = int(pid)
    except ValueError:
        return False
    if runner == runner_id():
        return True
    if host != socket.gethostname() or pid_n == os.getpid():
        return False  # another host cannot be checked; our own pid with another tag: dead
    try:
        os.kill(pid_n, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- creating ------------------------------------------------------------------------

def create_upload_task(conn: sqlite3.Connection, user: User,
                       uploads: Sequence[tuple[str, bytes]], *, unit: str | None = None,
                       campaign: str | None = None) -> str:
    """Queue the uploaded files (name, bytes) as one task; returns its id. Admins only
    (the app's ``import`` permission). The bytes are on disk before the task exists."""
    require(user, "import")
    if not uploads:
        raise TaskError("no file in the upload: send one or more 'file' fields", code="E758")
    tid = secrets.token_hex(8)
    folder = tasks_dir(conn) / tid
    folder.mkdir(parents=True, exist_ok=False)
    for k, (_name, data) in enumerate(uploads):
        _fsync_write(folder / f"{k:05d}", data)
    params = {"unit": (unit or "").strip() or None, "campaign": (campaign or "").strip() or None}
    with transaction(conn):
        conn.execute("INSERT INTO api_tasks (id, kind, status, account, params, created_at) "
                     "VALUES (?,?,?,?,?,?)",
                     (tid, "upload", "queued", user.name,
                      json.dumps(params, ensure_ascii=False), now_iso()))
        conn.executemany("INSERT INTO api_task_files (task_id, upload, member, name) "
                         "VALUES (?,?,?,?)",
                         [(tid, k, -1, name) for k, (name, _d) in enumerate(uploads)])
    return tid


def create_export_task(conn: sqlite3.Connection, user: User, volume_id: int,
                       formats: Sequence[str]) -> str:
    """Queue the export of a volume (``docx``, and ``pdf`` when asked); editors and
    admins."""
    require(user, "volume")

    vol = get_volume(conn, volume_id)  # NotFound now, not later in the task
    bad = [f for f in formats if f not in ("docx", "pdf")]
    if bad or not formats:
        raise TaskError(f"formats are docx and pdf, not {', '.join(bad) or 'none'}",
                        code="E757")
    tid = secrets.token_hex(8)
    with transaction(conn):
        conn.execute("INSERT INTO api_tasks (id, kind, status, account, params, created_at) "
                     "VALUES (?,?,?,?,?,?)",
                     (tid, "volume_export", "queued", user.name,
                      json.dumps({"volume": vol.id, "formats": sorted(set(formats))}),
                      now_iso()))
    return tid


# -- reading -------------------------------------------------------------------------

def _task_row(conn: sqlite3.Connection, task_id: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM api_tasks WHERE id=?", (task_id,)).fetchone()
    if row is None:
        raise NotFound(f"no task with id {task_id!r}", code="E755")
    return row


def task_dict(conn: sqlite3.Connection, user: User, task_id: str) -> dict:
    """The task in the API's shape. Its owner and admins may see it."""
    require(user, "read")
    row = _task_row(conn, task_id)
    if row["account"] != user.name and not user.can("manage_users"):
        raise NotFound(f"no task with id {task_id!r}", code="E755")  # not told it exists
    files = []
    for r in conn.execute("SELECT * FROM api_task_files WHERE task_id=? AND member>=0 "
                          "ORDER BY upload, member", (task_id,)):
        if r["status"] is None:
            continue  # in flight: reported once stored
        items, same = _items_of(r["items"])
        files.append({"name": r["name"], "status": r["status"], "items": items,
                      "rendition_of": same, "duplicate_of": r["duplicate_of"],
                      "error": json.loads(r["error"]) if r["error"] else None})
    pending = conn.execute("SELECT count(*) FROM api_task_files WHERE task_id=? AND member=-1 "
                           "AND status IS NULL", (task_id,)).fetchone()[0]
    return {"id": row["id"], "kind": row["kind"], "status": row["status"],
            "created_at": row["created_at"], "started_at": row["started_at"],
            "finished_at": row["finished_at"], "attempts": row["attempts"],
            "params": json.loads(row["params"]), "files": files, "uploads_pending": pending,
            "error": json.loads(row["error"]) if row["error"] else None,
            "result": json.loads(row["result"]) if row["result"] else None}


def task_file(conn: sqlite3.Connection, user: User, task_id: str, name: str) -> Path:
    """A file an export task wrote (``result.files``), for download."""
    task = task_dict(conn, user, task_id)
    names = [f["name"] for f in (task["result"] or {}).get("files", [])]
    if name not in names:
        raise NotFound(f"task {task_id} has no file {name!r}", code="E755")
    return tasks_dir(conn) / task_id / name


# -- running -------------------------------------------------------------------------

def recover(conn: sqlite3.Connection) -> list[str]:
    """Queue again every task left running by a server that is gone. Returns their ids."""
    back = []
    for r in conn.execute("SELECT id, runner FROM api_tasks WHERE status='running'").fetchall():
        if not _runner_alive(r["runner"]):
            with transaction(conn):
                cur = conn.execute("UPDATE api_tasks SET status='queued', runner=NULL "
                                   "WHERE id=? AND status='running' AND runner IS ?",
                                   (r["id"], r["runner"]))
            if cur.rowcount:
                back.append(r["id"])
    return back


def claim_next(conn: sqlite3.Connection) -> sqlite3.Row | None:
    """The oldest queued task, now running here (None when there is none). A task that
    has been started ``MAX_ATTEMPTS`` times already is failed instead."""
    me = runner_id()
    while True:
        with transaction(conn):
            row = conn.execute("SELECT * FROM api_tasks WHERE status='queued' "
                               "ORDER BY created_at, id LIMIT 1").fetchone()
            if row is None:
                return None
            if row["attempts"] >= MAX_ATTEMPTS:
                err = {"code": "E758", "message": f"the task was interrupted {row['attempts']} "
                       "times (the server stopped while running it); upload the files "
                       "that are not listed as stored again [E758]"}
                conn.execute("UPDATE api_tasks SET status='failed', finished_at=?, error=? "
                             "WHERE id=?", (now_iso(), json.dumps(err), row["id"]))
                failed = row["id"]
            else:
                conn.execute("UPDATE api_tasks SET status='running', runner=?, "
                             "attempts=attempts+1, started_at=coalesce(started_at, ?) "
                             "WHERE id=?", (me, now_iso(), row["id"]))
                return conn.execute("SELECT * FROM api_tasks WHERE id=?",
                                    (row["id"],)).fetchone()
        _drop_spool(conn, failed, keep_results=False)


def requeue(conn: sqlite3.Connection, task_id: str) -> None:
    """Put a task this server started back in the queue (the server is stopping); the
    next start resumes it where it stopped."""
    with transaction(conn):
        conn.execute("UPDATE api_tasks SET status='queued', runner=NULL, "
                     "attempts=max(attempts-1, 0) WHERE id=? AND status='running'", (task_id,))


def finish(conn: sqlite3.Connection, task_id: str, status: str, *, error: dict | None = None,
           result: dict | None = None) -> None:
    with transaction(conn):
        conn.execute("UPDATE api_tasks SET status=?, finished_at=?, error=?, result=?, "
                     "runner=NULL WHERE id=?",
                     (status, now_iso(), json.dumps(error, ensure_ascii=False) if error else None,
                      json.dumps(result, ensure_ascii=False) if result else None, task_id))


def _drop_spool(conn: sqlite3.Connection, task_id: str, *, keep_results: bool) -> None:
    folder = tasks_dir(conn) / task_id
    if not folder.is_dir():
        return
    if not keep_results:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for p in folder.iterdir():
        if re.fullmatch(r"\d{5}", p.name):
            p.unlink(missing_ok=True)


def run_task(conn: sqlite3.Connection, ingestor, task: sqlite3.Row, *,
             on_file: Callable[[], None] | None = None) -> None:
    """Run a claimed task to its end (done or failed). ``ingestor``: an open
    ``huibian.pipeline.ingestor.Ingestor`` on ``conn`` (uploads only)."""
    try:
        try:
            user = Accounts.for_store(conn).get(task["account"])
        except NotFound:
            raise PermissionDenied(f"the account {task['account']!r} that queued the task no "
                                   "longer exists", code="E700") from None
        if task["kind"] == "upload":
            require(user, "import")
            _run_upload(conn, ingestor, task, user, on_file)
            finish(conn, task["id"], "done")
            _drop_spool(conn, task["id"], keep_results=False)
        elif task["kind"] == "volume_export":
            finish(conn, task["id"], "done", result=_run_export(conn, task, user))
        else:
            raise TaskError(f"unknown task kind {task['kind']!r}")
    except HuibianError as exc:
        finish(conn, task["id"], "failed", error=error_dict(exc))
        if task["kind"] == "upload":
            _drop_spool(conn, task["id"], keep_results=False)


def _file_items(conn: sqlite3.Connection, sha256: str) -> tuple[list[str], list[str]]:
    """(the stored file's own items, the stored items its other items are renditions
    of), in the file's order."""
    own = [r[0] for r in conn.execute("SELECT id FROM items WHERE file_sha256=? ORDER BY seq",
                                      (sha256,))]
    same = [r[0] for r in conn.execute("SELECT item_id FROM item_renditions WHERE "
                                       "file_sha256=? ORDER BY seq", (sha256,))]
    return own, same


def _items_json(items, rendition_of=()) -> str:
    """``api_task_files.items``: the list of item ids, or, for a file some of whose items
    are renditions of stored ones (one submission, one item), ``{"items", "rendition_of"}``."""
    if rendition_of:
        return json.dumps({"items": list(items), "rendition_of": list(rendition_of)})
    return json.dumps(list(items))


def _items_of(raw: str) -> tuple[list[str], list[str]]:
    value = json.loads(raw or "[]")
    if isinstance(value, dict):
        return list(value.get("items", [])), list(value.get("rendition_of", []))
    return list(value), []


def _record(conn: sqlite3.Connection, tid: str, upload: int, member: int, name: str,
            sha256: str | None, status: str | None, items=(), duplicate_of=None,
            error: dict | None = None, rendition_of=()) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT INTO api_task_files (task_id, upload, member, name, sha256, status, items, "
            "duplicate_of, error) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(task_id, upload, "
            "member) DO UPDATE SET name=excluded.name, sha256=excluded.sha256, "
            "status=excluded.status, items=excluded.items, duplicate_of=excluded.duplicate_of, "
            "error=excluded.error",
            (tid, upload, member, name, sha256, status, _items_json(items, rendition_of),
             duplicate_of, json.dumps(error, ensure_ascii=False) if error else None))


def _run_upload(conn: sqlite3.Connection, ingestor, task: sqlite3.Row, user: User,
                on_file: Callable[[], None] | None) -> None:
    tid = task["id"]
    params = json.loads(task["params"] or "{}")
    folder = tasks_dir(conn) / tid
    uploads = conn.execute("SELECT upload, name, status FROM api_task_files WHERE task_id=? "
                           "AND member=-1 ORDER BY upload", (tid,)).fetchall()
    for up in uploads:
        if up["status"] is not None:
            continue
        k = up["upload"]
        done: dict[int, sqlite3.Row] = {}
        for r in conn.execute("SELECT * FROM api_task_files WHERE task_id=? AND upload=? AND "
                              "member>=0", (tid, k)).fetchall():
            if r["status"] is None:  # in flight when the server stopped: settle it
                if r["sha256"] and find_file(conn, r["sha256"]) is not None:
                    ids, same = _file_items(conn, r["sha256"])
                    _record(conn, tid, k, r["member"], r["name"], r["sha256"], "stored", ids,
                            rendition_of=same)
                    with transaction(conn):
                        audit(conn, user, "import", "file", r["name"],
                              {"items": ids, "task": tid, "resumed": True})
                    _apply_params(conn, ingestor, user, params, ids)
                    done[r["member"]] = r
                continue
            done[r["member"]] = r
        data = (folder / f"{k:05d}").read_bytes()
        for m, src in enumerate(sources_from_bytes(up["name"], data, ingestor.limits)):
            if m in done:
                continue
            if not isinstance(src, SourceFile):  # Refused: its reason
                _record(conn, tid, k, m, src.name, None, "failed",
                        error=error_dict(src.error, src.name))
                continue
            if find_file(conn, src.sha256) is None:
                _record(conn, tid, k, m, src.name, src.sha256, None)  # in flight
            result = ingestor.ingest_one(src)
            _record(conn, tid, k, m, result.name, src.sha256, result.status,
                    result.item_ids, result.duplicate_of, error_dict(result.error, result.name),
                    rendition_of=result.rendition_of)
            if result.status == "stored":
                with transaction(conn):
                    audit(conn, user, "import", "file", result.name,
                          {"items": list(result.item_ids), "task": tid})
                _apply_params(conn, ingestor, user, params, list(result.item_ids))
            if on_file:
                on_file()
        with transaction(conn):
            conn.execute("UPDATE api_task_files SET status='done' WHERE task_id=? AND upload=? "
                         "AND member=-1", (tid, k))


def _apply_params(conn: sqlite3.Connection, ingestor, user: User, params: dict,
                  item_ids: list[str]) -> None:
    """What the upload said of its files, applied to the items just stored from one:
    ``campaign`` is their collection (search's ``collection`` filter and facet);
    ``unit``, said by the admin who uploaded, is the unit of those whose unit was not
    found in the text (``review.resolve_unit``: reviewers' conflicts are checked
    against it)."""
    if params.get("campaign") and item_ids:
        set_collection(conn, item_ids, params["campaign"], ingestor.resources.tokenizer)
    if params.get("unit"):
        for iid in item_ids:
            if not item_unit(conn, iid)[1]:
                resolve_unit(conn, user, iid, params["unit"])


def set_collection(conn: sqlite3.Connection, item_ids: list[str], collection: str,
                   tokenizer) -> None:
    """Put stored items in a collection (campaign) and refresh their search facets."""
    marks = ",".join("?" * len(item_ids))
    with transaction(conn):
        conn.execute(f"UPDATE items SET collection=? WHERE id IN ({marks})",
                     (collection, *item_ids))
        refresh_facets(conn, tokenizer, item_ids)


def _run_export(conn: sqlite3.Connection, task: sqlite3.Row, user: User) -> dict:
    params = json.loads(task["params"])
    folder = tasks_dir(conn) / task["id"]
    folder.mkdir(parents=True, exist_ok=True)
    compiled = compile_volume(conn, params["volume"])
    docx = folder / f"volume-{params['volume']}.docx"
    pdf = folder / f"volume-{params['volume']}.pdf" if "pdf" in params["formats"] else None
    result = export_volume(compiled, docx, pdf)
    formats = ["docx"] + (["pdf"] if result.pdf else [])
    record_export(conn, params["volume"], formats, actor=user,
                  pages=result.page_count if result.pdf else None)
    files = [{"name": docx.name, "url": f"/api/v1/tasks/{task['id']}/files/{docx.name}"}]
    if result.pdf:
        files.append({"name": pdf.name, "url": f"/api/v1/tasks/{task['id']}/files/{pdf.name}"})
    return {"files": files, "pages": result.page_count if result.pdf else None,
            "warnings": list(result.warnings)}
