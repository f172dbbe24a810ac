"""An item with everything stored about it, in the shape of ``huibian show --json``
(the CLI and the HTTP API both call ``item_details``)."""

from __future__ import annotations

import sqlite3

from huibian.ingest.confidence import stored_fields
from huibian.nlp.analysis_store import load_analysis
from huibian.core.errors import NotFound
from huibian.pipeline.resources import Resources
from huibian.store.db import transaction


def item_details(conn: sqlite3.Connection, item) -> dict:
    """The item (``StoredItem``, with its text) and whatever the analysis stage and
    the field confidences stored for it."""
    d = item.as_dict(with_text=True)

    fields = stored_fields(conn, item.id)
    if fields:
        d["fields"] = fields
    d.update(load_analysis(conn, item.id) or {})
    return d


def delete_items(conn: sqlite3.Connection, user, item_ids, resources=None) -> list[dict]:
    """An admin deletes stored items (issue 17): every row derived from them (search
    index, labels, fingerprints …) and their places in 汇编 volumes go; their files and
    originals are kept (a file already stored is not read again as new), and so are
    the scores given to them. Audited in the same transaction (``item.delete``, with
    title, unit and file). Returns what was deleted: [{"id", "title", "unit"}]."""
    # deferred for start-up time (argon2; the pipeline's stages load the models)
    # deferred for start-up time (datasketch, numpy, scipy)
    from huibian.pipeline.process import stages_for
    # deferred for start-up time (datasketch, numpy, scipy)
    from huibian.pipeline.renditions import remove_items
    from huibian.services.people import audit, require  # deferred for start-up time (argon2)

    require(user, "import")
    ids = list(dict.fromkeys(i for i in item_ids if i))
    rows = []
    for iid in ids:
        r = conn.execute("SELECT id, title, unit, file_sha256 FROM items WHERE id=?",
                         (iid,)).fetchone()
        if r is None:
            raise NotFound(f"no item with id {iid!r}; 'huibian ls' lists the ids")
        rows.append(r)
    if not rows:
        return []
    stages = stages_for(resources or Resources())
    with transaction(conn):
        remove_items(conn, ids, stages)
        conn.executemany("DELETE FROM volume_items WHERE item_id=?", [(i,) for i in ids])
        for r in rows:
            audit(conn, user, "item.delete", "item", r["id"],
                  {"title": r["title"], "unit": r["unit"], "file": r["file_sha256"]})
    return [{"id": r["id"], "title": r["title"], "unit": r["unit"]} for r in rows]
