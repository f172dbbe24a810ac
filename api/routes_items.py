"""Reading stored items: ``GET /items`` (paged, the ``ls --json`` fields),
``GET /items/{id}`` (the ``show --json`` fields), ``GET /items/{id}/original``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse

from huibian.api.auth import need
from huibian.core.errors import NotFound
from huibian.services.items import item_details
from huibian.services.people import User
from huibian.store.catalog import original_path
from huibian.store.db import store_dir
from huibian.store.documents import get_item
from huibian.store.item_pages import page_items


router = APIRouter(tags=["items"])
MAX_PAGE_SIZE = 100


@router.get("/items", summary="Stored items, a page at a time (the ls --json fields)")
def list_items(request: Request, page: int = Query(1, ge=1),
               page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
               user: User = Depends(need("read"))) -> dict:
    total, items = page_items(request.app.state.hb.conn(), (page - 1) * page_size, page_size)
    return {"total": total, "page": page, "page_size": page_size,
            "items": [it.summary() for it in items]}


@router.get("/items/{item_id}", summary="One item with its analysis (the show --json fields)")
def show_item(request: Request, item_id: str, text: bool = False,
              user: User = Depends(need("read"))) -> dict:
    conn = request.app.state.hb.conn()
    d = item_details(conn, get_item(conn, item_id))
    if not text:
        d.pop("text", None)
    return d


@router.get("/items/{item_id}/original", summary="The original file the item came from",
            response_class=FileResponse)
def original(request: Request, item_id: str, user: User = Depends(need("read"))):
    conn = request.app.state.hb.conn()
    item = get_item(conn, item_id)
    rel = original_path(conn, item.file_sha256)
    path = store_dir(conn) / rel if rel else None
    if path is None or not path.is_file():
        raise NotFound(f"the original of item {item.id} is not kept in the store",
                       file=item.source, code="E323")
    name = item.source.rsplit("!", 1)[-1].rsplit("/", 1)[-1] or item.file_sha256
    return FileResponse(path, filename=name, media_type="application/octet-stream")
