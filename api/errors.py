"""Errors as JSON: ``{"error": {"code": "E101", "message": "…"}}`` with the CLI's codes
and an HTTP status that fits; 401 and 403 answers are written to the audit log.

A request whose ``Accept-Language`` prefers Chinese (``zh``, ``zh-CN`` …) gets the
message in Chinese (models/messages_zh.json, as the app shows it: ``空.txt：文件为空（0
字节） [E101]``); the code and the shape are the same, and the audit log keeps the
English message."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from huibian.core.errors import (DataFileError, HuibianError, InputError, LimitError,
    ModelError, NotFound, PermissionDenied, QueryError, StoreError, ToolMissing)
from huibian.core.messages import zh
from huibian.services.people import User, audit
from huibian.services.sessions import client_address
from huibian.store.db import transaction

log = logging.getLogger("huibian.api")

# codes whose status is not their class's
_BY_CODE = {"E750": 401, "E751": 401, "E752": 401, "E753": 429, "E754": 403, "E756": 404,
            "E755": 404, "E310": 404, "E301": 503, "E302": 503, "E720": 401}


class ErrorDetail(BaseModel):
    code: str       # E101 … (docs/errors.md)
    message: str    # names the file or the thing, and why


class ErrorBody(BaseModel):
    error: ErrorDetail


# the error answers every endpoint may give, for the OpenAPI document
RESPONSES = {status: {"model": ErrorBody, "description": what} for status, what in (
    (401, "no token, or one that is unknown, expired or revoked (E750, E751)"),
    (403, "the account's role may not do this (E700, E72x)"),
    (404, "no such item, task or volume (E310, E755, E801 …)"),
    (422, "a request or an uploaded file that cannot be used (E1xx, E759)"),
)}


def status_of(exc: HuibianError) -> int:
    if exc.code in _BY_CODE:
        return _BY_CODE[exc.code]
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, LimitError):
        return 413
    if isinstance(exc, InputError):
        return 422 if exc.code.startswith("E1") else 400
    if isinstance(exc, QueryError):
        return 400
    if isinstance(exc, (StoreError, ToolMissing)):
        return 503
    if isinstance(exc, (ModelError, DataFileError)):
        return 500
    return 400


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def wants_chinese(request: Request) -> bool:
    """Whether the request's ``Accept-Language`` prefers Chinese: its language of the
    highest weight (the first of equal ones) is ``zh`` or a ``zh-…``."""
    best, best_q = None, 0.0
    for part in request.headers.get("accept-language", "").split(","):
        lang, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if lang and q > best_q:
            best, best_q = lang.lower(), q
    return best is not None and (best == "zh" or best.startswith("zh-"))


def _shown(request: Request, message: str) -> str:
    """A ``… [E7xx]`` message as the request asked for it."""
    return zh(message) if wants_chinese(request) else message


def _audit_denial(request: Request, status: int, code: str, message: str) -> None:
    """A 401 or 403: who (if a token said), what was asked, from where."""
    state = getattr(request.app.state, "hb", None)
    if state is None:
        return
    user = getattr(request.state, "user", None)
    actor = user if user is not None else User(getattr(request.state, "account", None)
                                               or "(anonymous)", "-")
    peer = request.client.host if request.client else None
    try:
        conn = state.conn()
        with transaction(conn):
            audit(conn, actor, "api.denied", "request", f"{request.method} {request.url.path}",
                  {"status": status, "code": code, "message": message,
                   "client": client_address(dict(request.headers), peer)})
    except Exception:  # noqa: BLE001 -- an answer is owed whatever the audit log does
        log.exception("could not audit a denied request")


def huibian_error_response(request: Request, exc: HuibianError) -> JSONResponse:
    status = status_of(exc)
    message = str(exc)
    if status in (401, 403):
        _audit_denial(request, status, exc.code, message)
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    wait = getattr(exc, "retry_after", None)
    if wait:
        headers["Retry-After"] = str(int(wait))
    shown = zh(exc) if wants_chinese(request) else message
    return JSONResponse(error_body(exc.code, shown), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(HuibianError)
    async def _huibian(request: Request, exc: HuibianError):  # noqa: ANN202
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(huibian_error_response, request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):  # noqa: ANN202
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query"))
            parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
        return JSONResponse(error_body("E759", _shown(request, "the request is not valid: "
                                                      + "; ".join(parts) + " [E759]")),
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        if exc.status_code == 404:
            code, msg = "E760", f"no such endpoint: {request.method} {request.url.path}"
        elif exc.status_code == 405:
            code, msg = "E760", f"{request.method} is not allowed on {request.url.path}"
        else:
            code, msg = "E759", str(exc.detail)
        return JSONResponse(error_body(code, _shown(request, f"{msg} [{code}]")),
                            status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):  # noqa: ANN202
        log.exception("unexpected error in %s %s", request.method, request.url.path)
        return JSONResponse(error_body("E799", _shown(request, f"unexpected error "
                                                      f"({type(exc).__name__}); it is in the "
                                                      "server's log [E799]")),
                            status_code=500)
