"""The similarity check: ``GET /items/{id}/check`` for a stored item and
``POST /check`` for an uploaded file (read, not stored); the ``check --json`` shape,
or the report as ``format=html`` or ``format=pdf``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from huibian.api.auth import need
from huibian.api.reports import html_to_pdf
from huibian.core.errors import InputError, LimitError
from huibian.core.limits import Limits
from huibian.core.records import SourceFile
from huibian.ingest.archive import is_zip_archive
from huibian.pipeline.workers import FileWorkers, WorkerBug
from huibian.services.people import User
from huibian.similarity.html_report import render
from huibian.similarity.pdf_report import report_numbers
from huibian.similarity.report import (CheckOptions, Checker, submission_for_document,
    submission_for_item)
from huibian.store.documents import get_item


router = APIRouter(tags=["check"])
FORMATS = ("json", "html", "pdf")


def _answer(report, sub, fmt: str):
    data = report.as_dict()
    if fmt == "json":
        return data

    html = render(data, sub.text, report.source_texts(), sub.name,
                  counts=report_numbers(report))  # 字数 as an item's 字数
    if fmt == "html":
        return HTMLResponse(html)

    return Response(html_to_pdf(html, sub.name), media_type="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="check-report.pdf"'})


def _checker(conn, min_chars: int, common_units: int):
    return Checker(conn, options=CheckOptions(min_chars=min_chars, common_units=common_units))


@router.get("/items/{item_id}/check", summary="Similarity check of a stored item")
def check_item(request: Request, item_id: str,
               format: Literal["json", "html", "pdf"] = Query("json"),
               min_chars: int = Query(13, ge=5), common_units: int = Query(3, ge=2),
               user: User = Depends(need("read"))):
    conn = request.app.state.hb.conn()
    sub = submission_for_item(conn, get_item(conn, item_id).id)
    return _answer(_checker(conn, min_chars, common_units).check(sub), sub, format)


@router.post("/check", summary="Similarity check of an uploaded file (not stored)")
def check_file(request: Request, file: UploadFile = File(...),
               format: Literal["json", "html", "pdf"] = Query("json"),
               min_chars: int = Query(13, ge=5), common_units: int = Query(3, ge=2),
               user: User = Depends(need("read"))):
    name = file.filename or "upload"
    limits = Limits.from_env()
    data = file.file.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise LimitError(f"the file is over the {limits.max_file_bytes / 1048576:.0f} MB "
                         "limit (HUIBIAN_MAX_FILE_MB)", file=name, code="E111")
    if not data:
        raise InputError("the file is empty (0 bytes)", file=name, code="E101")
    if is_zip_archive(data):
        raise InputError("a zip archive cannot be checked as one document; check its files "
                         "one by one", file=name, code="E102")
    src = SourceFile.from_bytes(name, data)
    # read in a worker process under the per-file time limit, as the app's check page
    with FileWorkers(limits, processes=1) as workers:
        try:
            doc = workers.process(src)
        except WorkerBug as exc:
            raise InputError(f"unexpected error while reading ({exc.type_name}); save it as "
                             "PDF or DOCX and try again", file=name, code="E117") from exc
    sub = submission_for_document(doc)
    conn = request.app.state.hb.conn()
    return _answer(_checker(conn, min_chars, common_units).check(sub), sub, format)
