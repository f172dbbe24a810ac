"""``GET /search``: the ``huibian search --json`` answer, with the same filters."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request

from huibian.api.auth import need
from huibian.core.errors import QueryError
from huibian.search.engine import Filters, search as run
from huibian.services.people import User


router = APIRouter(tags=["search"])
SORTS = ("relevance", "date", "date_asc", "length", "length_asc")


def _range(value: str | None, what: str, example: str) -> tuple[int | None, int | None]:
    """``2010``, ``2010:2012``, ``2010:`` or ``:2012`` (a year, or characters)."""
    if not value:
        return None, None
    a, sep, b = value.partition(":")
    try:
        lo = int(a) if a.strip() else None
        hi = (int(b) if b.strip() else None) if sep else (lo if what == "year" else None)
    except ValueError:
        raise QueryError(f"{what}={value!r}: give a range like {example}",
                         code="E401") from None
    return lo, hi


@router.get("/search", summary="Full-text search with filters and facet counts")
def search(request: Request, q: str = Query("", description="words, \"phrase\", -word, OR"),
           genre: list[str] = Query([]), sector: list[str] = Query([]),
           theme: list[str] = Query([]), carrier: list[str] = Query([]),
           named_carrier: list[str] = Query([]), region: list[str] = Query([]),
           unit: list[str] = Query([]), collection: list[str] = Query([]),
           year: str | None = Query(None, description="2010 or 2010:2012"),
           chars: str | None = Query(None, description="1000:3000"),
           sort: Literal["relevance", "date", "date_asc", "length", "length_asc"] = Query("relevance"),
           page: int = Query(1, ge=1), page_size: int = Query(20, ge=1, le=100),
           facets: int = Query(20, ge=0, description="labels per facet axis (0: all)"),
           user: User = Depends(need("read"))) -> dict:
    years = _range(year, "year", "2010:2012")
    span = _range(chars, "chars", "1000:3000")
    filters = Filters(genre=tuple(genre), sector=tuple(sector), theme=tuple(theme),
                      carrier=tuple(carrier), named_carrier=tuple(named_carrier),
                      region=tuple(region), unit=tuple(unit), collection=tuple(collection),
                      year_from=years[0], year_to=years[1], chars_min=span[0],
                      chars_max=span[1])
    state = request.app.state.hb
    result = run(state.conn(), q.strip() or None, tokenizer=state.tokenizer(), filters=filters, sort=sort,
                 limit=page_size, offset=(page - 1) * page_size, facet_limit=facets or None)
    return result.to_json()
