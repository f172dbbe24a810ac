"""An item with everything stored about it, in the shape of ``huibian show --json``
(the CLI and the HTTP API both call ``item_details``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from huibian.ingest.confidence import stored_fields
from huibian.nlp.analysis_store import load_analysis
from huibian.core.errors import NotFound
from huibian.pipeline.resources import Resources
from huibian.store import purge
from huibian.store.db import store_dir, transaction


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


def purge_files(conn: sqlite3.Connection, user, *, dry_run: bool = False) -> dict:
    """An admin removes the stored files no item references any more (issue 17: a
    deleted item's files are kept until this purge): their rows and their originals on
    disk, never a file a live item references (``huibian.store.purge``). Audited
    (``file.purge``, with the count and the bytes) in the transaction that deletes the
    rows. ``dry_run``: only report what would go. Returns {"files", "bytes", "sha256"}."""
    from huibian.services.people import audit, require  # deferred for start-up time (argon2)

    require(user, "manage_users")  # admins only, as for accounts
    root = store_dir(conn)
    if dry_run:
        todo = purge.unreferenced(conn)
        live = purge.live_paths(conn)
        size = 0
        for sha, blob in todo:
            rel = str(Path(blob)) if blob else str(Path(sha[:2]) / sha)
            path = root / rel
            if rel not in live and path.is_file() and not path.is_symlink():
                size += path.stat().st_size
        return {"files": len(todo), "bytes": size, "sha256": [s for s, _ in todo]}
    stashed: list = []
    try:
        with transaction(conn):
            todo = purge.unreferenced(conn)
            stashed = purge.stash(root, todo, purge.live_paths(conn))
            rows = purge.purge_rows(conn, [s for s, _ in todo])
            size = sum(s.size for s in stashed)
            audit(conn, user, "file.purge", "file", str(rows),
                  {"count": rows, "bytes": size})
    except BaseException:
        purge.restore(stashed)
        raise
    _files, freed = purge.finish(conn, stashed)
    return {"files": rows, "bytes": freed, "sha256": [s for s, _ in todo]}
