"""An item with everything stored about it, in the shape of ``huibian show --json``
(the CLI and the HTTP API both call ``item_details``)."""

from __future__ import annotations

import sqlite3

from huibian.ingest.confidence import stored_fields
from huibian.nlp.analysis_store import load_analysis


def item_details(conn: sqlite3.Connection, item) -> dict:
    """The item (``StoredItem``, with its text) and whatever the analysis stage and
    the field confidences stored for it."""
    d = item.as_dict(with_text=True)

    fields = stored_fields(conn, item.id)
    if fields:
        d["fields"] = fields
    d.update(load_analysis(conn, item.id) or {})
    return d
