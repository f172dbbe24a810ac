"""Uploads as background tasks: ``POST /documents`` (202 ``{"task"}``),
``GET /tasks/{id}`` (its status and each file's result), ``GET /tasks/{id}/files/NAME``
(a file an export task wrote)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from huibian.api.auth import current_user, need
from huibian.core.errors import LimitError
from huibian.core.limits import Limits
from huibian.services.people import User
from huibian.services.tasks import create_upload_task, task_dict, task_file as find


router = APIRouter(tags=["documents"])


@router.post("/documents", status_code=202,
             summary="Upload files (one or more 'file' fields) to be stored in the background")
def upload(request: Request, file: list[UploadFile] = File(...),
           unit: str | None = Form(None), campaign: str | None = Form(None),
           user: User = Depends(need("import"))):
    limits = Limits.from_env()
    uploads = []
    for f in file:
        name = f.filename or f"upload-{len(uploads) + 1}"
        data = f.file.read(limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:
            raise LimitError(f"the file is over the {limits.max_file_bytes / 1048576:.0f} MB "
                             "limit (HUIBIAN_MAX_FILE_MB); nothing of this upload was queued",
                             file=name, code="E111")
        uploads.append((name, data))
    state = request.app.state.hb
    tid = create_upload_task(state.conn(), user, uploads, unit=unit, campaign=campaign)
    runner = getattr(request.app.state, "runner", None)
    if runner is not None:
        runner.wake()
    return JSONResponse({"task": tid}, status_code=202,
                        headers={"Location": f"/api/v1/tasks/{tid}"})


@router.get("/tasks/{task_id}", summary="A task's status and each file's result")
def task_status(request: Request, task_id: str, user: User = Depends(current_user)) -> dict:
    return task_dict(request.app.state.hb.conn(), user, task_id)


@router.get("/tasks/{task_id}/files/{name}", summary="A file an export task wrote",
            response_class=FileResponse)
def task_file(request: Request, task_id: str, name: str, user: User = Depends(current_user)):
    path = find(request.app.state.hb.conn(), user, task_id, name)
    media = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf"}.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    return FileResponse(path, filename=name, media_type=media)
