"""Labels and review scores, under the app's rules (``huibian.services.review``):
``PUT /items/{id}/labels`` (editors and admins), ``GET /rubric``,
``GET|PUT /items/{id}/review`` (the signed-in reviewer's own score: conflict of
interest and the blind rule apply) and ``GET /items/{id}/reviews`` (everyone's, once
the reviewer has scored; seeing them locks the reviewer's own score)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Body, Depends, Request

from huibian.api.auth import need, need_role
from huibian.core.errors import InputError
from huibian.nlp.analysis_store import load_analysis
from huibian.services.people import User
from huibian.services.review import (correct_labels, item_scores, load_rubric, my_score,
    submit_score)
from huibian.store.documents import get_item


router = APIRouter(tags=["review"])


@router.put("/items/{item_id}/labels",
            summary="Set an item's labels, axis by axis (editors and admins)")
def put_labels(request: Request, item_id: str,
               labels: dict[str, list[str] | str] = Body(
                   ..., examples=[{"theme": ["party_building"], "genre": "plan"}]),
               user: User = Depends(need_role("admin", "editor"))) -> dict:
    state = request.app.state.hb
    conn = state.conn()
    item = get_item(conn, item_id)
    taxonomy = state.taxonomy()
    if not labels:
        raise InputError("give at least one axis, e.g. {\"theme\": [\"…\"]}", code="E732")
    unknown = [a for a in labels if a not in taxonomy.axes]
    if unknown:  # before anything is changed
        raise InputError(f"unknown axis {', '.join(unknown)}; axes: {', '.join(taxonomy.axes)}",
                         code="E730")
    for axis, value in labels.items():
        correct_labels(conn, user, taxonomy, item.id, axis,
                       [value] if isinstance(value, str) else list(value), state.tokenizer())
    analysis = load_analysis(conn, item.id)
    return {"id": item.id, **{a: analysis.get(a) for a in taxonomy.axes if a in analysis}}


@router.get("/rubric", summary="The review rubric: criteria, weights and scale")
def rubric(user: User = Depends(need("read"))) -> dict:
    r = load_rubric()
    return {"title": r.title, "min": r.min, "max": r.max, "step": r.step, "version": r.version,
            "criteria": [asdict(c) for c in r.criteria]}


@router.get("/items/{item_id}/review", summary="The signed-in reviewer's own score")
def my_review(request: Request, item_id: str, user: User = Depends(need("score"))) -> dict:
    conn = request.app.state.hb.conn()
    s = my_score(conn, user, get_item(conn, item_id).id)
    return {"score": asdict(s) if s else None}


@router.put("/items/{item_id}/review", summary="Submit or change the signed-in reviewer's score")
def put_review(request: Request, item_id: str,
               scores: dict[str, float] = Body(..., embed=True),
               comment: str = Body("", embed=True),
               user: User = Depends(need("score"))) -> dict:
    conn = request.app.state.hb.conn()
    s = submit_score(conn, user, load_rubric(), get_item(conn, item_id).id, scores, comment)
    return {"score": asdict(s)}


@router.get("/items/{item_id}/reviews",
            summary="Everyone's scores (a reviewer: after scoring; this locks their own)")
def all_reviews(request: Request, item_id: str, user: User = Depends(need("read"))) -> dict:
    conn = request.app.state.hb.conn()
    return {"scores": [asdict(s) for s in item_scores(conn, user, get_item(conn, item_id).id)]}
