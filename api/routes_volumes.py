"""Volumes (汇编), for editors and admins: list, create, show, add items, and export
to DOCX/PDF as a background task (its files are downloaded from the task)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse

from huibian.api.auth import need
from huibian.services.people import User
from huibian.services.tasks import create_export_task
from huibian.services.volumes import add_items, create_volume, get_volume, list_volumes


router = APIRouter(tags=["volumes"])


def _volume(vol) -> dict:
    d = asdict(vol)
    d["item_ids"] = vol.item_ids
    return d


@router.get("/volumes", summary="The stored volumes")
def volumes(request: Request, user: User = Depends(need("volume"))) -> list:
    return list_volumes(request.app.state.hb.conn())


@router.post("/volumes", status_code=201, summary="Create a volume")
def create(request: Request, title: str = Body(..., embed=True),
           subtitle: str | None = Body(None, embed=True), date: str | None = Body(None, embed=True),
           preface: str = Body("", embed=True), sectioning: str = Body("award", embed=True),
           sections: list[str] | None = Body(None, embed=True),
           user: User = Depends(need("volume"))) -> dict:
    conn = request.app.state.hb.conn()
    vid = create_volume(conn, title, subtitle=subtitle, date=date, preface=preface,
                        sectioning=sectioning, sections=sections, actor=user)
    return _volume(get_volume(conn, vid))


@router.get("/volumes/{volume_id}", summary="A volume: sections and items in order")
def show(request: Request, volume_id: int, user: User = Depends(need("volume"))) -> dict:
    return _volume(get_volume(request.app.state.hb.conn(), volume_id))


@router.post("/volumes/{volume_id}/items", summary="Add items (in order) to a section")
def add(request: Request, volume_id: int, items: list[str] = Body(..., embed=True),
        section: str | None = Body(None, embed=True),
        position: int | None = Body(None, embed=True),
        user: User = Depends(need("volume"))) -> dict:
    conn = request.app.state.hb.conn()
    added = add_items(conn, volume_id, items, section=section, position=position, actor=user)
    return {"added": added, "volume": _volume(get_volume(conn, volume_id))}


@router.post("/volumes/{volume_id}/export", status_code=202,
             summary="Export to DOCX (and PDF) as a background task")
def export(request: Request, volume_id: int,
           formats: list[str] = Body(["docx", "pdf"], embed=True),
           user: User = Depends(need("volume"))):
    tid = create_export_task(request.app.state.hb.conn(), user, volume_id, formats)
    runner = getattr(request.app.state, "runner", None)
    if runner is not None:
        runner.wake()
    return JSONResponse({"task": tid}, status_code=202,
                        headers={"Location": f"/api/v1/tasks/{tid}"})
