"""The near-duplicate page's two decisions on a pair of items (issue 17): merge them
(one item with two renditions: the merged item's file stays, downloadable from the
kept item's page) or mark them "not duplicates" (the grouping no longer pairs them).
Both are for admins (the ``import`` permission: they change what the collection
holds) and audited in the same transaction (``import.merge``, ``import.distinct``)."""

from __future__ import annotations

import sqlite3

from huibian.core.errors import NotFound
from huibian.pipeline.renditions import merge
from huibian.pipeline.resources import Resources
from huibian.pipeline.process import stages_for
from huibian.services.people import User, audit, require
from huibian.store.db import transaction
from huibian.store.renditions import mark_distinct


def _titles(conn: sqlite3.Connection, *ids: str) -> dict[str, str]:
    marks = ",".join("?" * len(ids))
    return {r[0]: r[1] for r in conn.execute(f"SELECT id, title FROM items WHERE id IN ({marks})",
                                             ids)}


def merge_items(conn: sqlite3.Connection, user: User, keep: str, merged: str,
                resources: Resources | None = None) -> float:
    """``merged`` becomes a rendition of ``keep``; returns the share of the same text."""
    require(user, "import")
    titles = _titles(conn, keep, merged)
    for iid in (keep, merged):
        if iid not in titles:
            raise NotFound(f"no item with id {iid!r}; 'huibian ls' lists the ids")
    if keep == merged:
        raise NotFound(f"an item cannot be merged into itself ({keep})")
    stages = stages_for(resources or Resources())
    with transaction(conn):
        ratio = merge(conn, keep, merged, stages, actor=user.name)
        audit(conn, user, "import.merge", "item", keep,
              {"merged": merged, "title": titles[merged], "ratio": ratio})
    return ratio


def mark_not_duplicates(conn: sqlite3.Connection, user: User, a: str, b: str) -> None:
    require(user, "import")
    titles = _titles(conn, a, b)
    for iid in (a, b):
        if iid not in titles:
            raise NotFound(f"no item with id {iid!r}; 'huibian ls' lists the ids")
    with transaction(conn):
        mark_distinct(conn, a, b, user.name)
        audit(conn, user, "import.distinct", "item", min(a, b), {"other": max(a, b)})
