"""Analysis rows in the store (migration 0002) and the ingest stage that writes them.

``load_analysis(conn, item_id)`` returns the same keys as ``huibian classify --json``
(every axis of the taxonomy); a human label (``huibian label``) overrides the model for
its axis."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

from huibian.core.stages import Prepared, Stage
from huibian.nlp.keywords import IdfTable, tfidf_from_counts
from huibian.nlp.taxonomy import Taxonomy, load_taxonomy


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def load_idf(conn: sqlite3.Connection, terms=None) -> IdfTable:
    """The collection's document frequencies: of every term, or (``terms`` given) of
    those terms only, which gives them the same ``idf`` and ``too_common`` as the whole
    table at the cost of their own lookups (ranking one item's keywords needs its
    words only; reading the whole table for every stored item made ingest slow down
    as the collection grew). Read in the caller's transaction, so the items stored
    before in it count."""
    n = conn.execute("SELECT COUNT(*) FROM term_df_items").fetchone()[0]
    if terms is None:
        df = {r[0]: r[1] for r in conn.execute("SELECT term, df FROM term_df")}
    else:
        df = dict(conn.execute(
            "SELECT term, df FROM term_df WHERE term IN (SELECT value FROM json_each(?))",
            (json.dumps(list(terms), ensure_ascii=False),)))
    return IdfTable(n, df)


def write_analysis(conn: sqlite3.Connection, item_id: str, result: dict) -> None:
    at = now_iso()
    conn.execute("DELETE FROM labels WHERE item_id=? AND source!='human'", (item_id,))
    for table in ("keywords", "entities", "named_carriers"):
        conn.execute(f"DELETE FROM {table} WHERE item_id=?", (item_id,))
    rows = []
    for axis, predictions in result["_sources"].items():  # every axis the classifier gave
        for p in predictions:
            rows.append((item_id, axis, p.label, p.score, p.reason, "final", None, at))
            if p.rule_score:
                rows.append((item_id, axis, p.label, p.rule_score, p.rule_reason, "rule", None, at))
            if p.model_score is not None:
                rows.append((item_id, axis, p.label, p.model_score, p.model_reason, "model",
                             None, at))
    conn.executemany("INSERT OR REPLACE INTO labels VALUES (?,?,?,?,?,?,?,?)", rows)
    kws = result["_keyword_scores"]
    if "_counts" in result:  # rank again with the collection's document frequencies
        kws = tfidf_from_counts(result["_counts"], load_idf(conn, result["_counts"]),
                                k=len(kws) or 10)
        result["keywords"] = [w for w, _ in kws]
    conn.executemany("INSERT INTO keywords VALUES (?,?,?,?)",
                     [(item_id, i, w, s) for i, (w, s) in enumerate(kws)])
    conn.executemany("INSERT OR IGNORE INTO entities VALUES (?,?,?,?,?)",
                     [(item_id, e["label"], e["text"], e["start"], e["end"])
                      for e in result["entities"]])
    conn.executemany("INSERT OR IGNORE INTO named_carriers VALUES (?,?,?,?)",
                     [(item_id, n["name"], n["label"], n["sentence"])
                      for n in result["named_carriers"]])
    _count_terms(conn, item_id, result["_terms"])


def _count_terms(conn, item_id: str, terms: list[str]) -> None:
    """Refresh the collection's document frequencies with this item's words."""
    _uncount_terms(conn, item_id)
    listed = json.dumps(terms, ensure_ascii=False)
    # one statement over the JSON list (in its order) instead of one per term
    conn.execute("INSERT INTO term_df SELECT value, 1 FROM json_each(?) WHERE true "
                 "ON CONFLICT(term) DO UPDATE SET df=df+1", (listed,))
    conn.execute("INSERT INTO term_df_items VALUES (?, ?)", (item_id, listed))


def _uncount_terms(conn, item_id: str) -> None:
    row = conn.execute("SELECT terms FROM term_df_items WHERE item_id=?", (item_id,)).fetchone()
    if not row:
        return
    conn.executemany("UPDATE term_df SET df=df-1 WHERE term=?", [(t,) for t in json.loads(row[0])])
    conn.execute("DELETE FROM term_df WHERE df<=0")
    conn.execute("DELETE FROM term_df_items WHERE item_id=?", (item_id,))


def delete_analysis(conn: sqlite3.Connection, item_ids: tuple[str, ...]) -> None:
    for item_id in item_ids:
        _uncount_terms(conn, item_id)
        for table in ("labels", "keywords", "entities", "named_carriers"):
            conn.execute(f"DELETE FROM {table} WHERE item_id=?", (item_id,))


def copy_analysis(conn: sqlite3.Connection, pairs: list[tuple[str, str]]) -> None:
    """Give each new item the labels, keywords and named carriers of an analysed item:
    ``pairs`` of (new item id, analysed item id). For generated collections whose items
    are built on an analysed one (the benchmarks' stores: classifying 100,000 generated
    items would take long and give the same labels). Entities are not copied (their
    offsets belong to the other text), nor the document frequencies."""
    for table, cols in (("labels", "axis, label, score, reason, source, who, at"),
                        ("keywords", "rank, word, score"),
                        ("named_carriers", "name, label, sentence")):
        conn.executemany(f"INSERT OR IGNORE INTO {table} (item_id, {cols}) SELECT ?, {cols} "
                         f"FROM {table} WHERE item_id = ?", pairs)


def set_human_label(conn: sqlite3.Connection, item_id: str, axis: str, labels: list[str],
                    who: str) -> None:
    """Replace the human labels of one axis of an item."""
    at = now_iso()
    conn.execute("DELETE FROM labels WHERE item_id=? AND axis=? AND source='human'",
                 (item_id, axis))
    conn.executemany("INSERT INTO labels VALUES (?,?,?,?,?,?,?,?)",
                     [(item_id, axis, lab, 1.0, f"human label by {who} at {at}", "human", who, at)
                      for lab in labels])


def human_labeled_units(conn: sqlite3.Connection, taxonomy: Taxonomy | None = None
                        ) -> list[dict]:
    """Items with human labels, as training units (only the axes a person labeled; a
    label id on a single-label axis of ``taxonomy``, default the models' one, a list
    of them on the others)."""
    taxonomy = taxonomy or load_taxonomy()
    units: dict[str, dict] = {}
    for r in conn.execute("SELECT l.item_id, l.axis, l.label, i.text FROM labels l "
                          "JOIN items i ON i.id=l.item_id WHERE l.source='human' "
                          "ORDER BY l.item_id, l.axis, l.label"):
        u = units.setdefault(r[0], {"id": f"human:{r[0]}", "level": "item", "text": r[3]})
        if r[1] in taxonomy.axes and not taxonomy[r[1]].multi:
            u[r[1]] = r[2]
        else:
            u.setdefault(r[1], []).append(r[2])
    return list(units.values())


def load_analysis(conn: sqlite3.Connection, item_id: str,
                  taxonomy: Taxonomy | None = None) -> dict:
    """The item's labels on every axis of ``taxonomy`` (default: the models' one), in
    its order: a single-label axis one {"label","score","reason"} (None: none), a
    multi-label axis a list; an axis stored but not in the taxonomy, a list after
    them. Then its named carriers, keywords and entities."""
    taxonomy = taxonomy or load_taxonomy()
    item = conn.execute("SELECT title FROM items WHERE id=?", (item_id,)).fetchone()
    out: dict = {"title": item[0] if item else None,
                 **{a: [] if axis.multi else None for a, axis in taxonomy.axes.items()}}
    rows = conn.execute("SELECT axis, label, score, reason, source FROM labels WHERE item_id=? "
                        "AND source IN ('final','human') ORDER BY score DESC, label",
                        (item_id,)).fetchall()
    human_axes = {r[0] for r in rows if r[4] == "human"}
    for axis, label, score, reason, source in rows:
        if (axis in human_axes) != (source == "human"):
            continue
        entry = {"label": label, "score": round(score, 3), "reason": reason}
        if axis in taxonomy.axes and not taxonomy[axis].multi:
            if out[axis] is None:
                out[axis] = entry
        else:
            out.setdefault(axis, []).append(entry)
    out["named_carriers"] = [{"name": r[0], "label": r[1], "sentence": r[2]} for r in conn.execute(
        "SELECT name, label, sentence FROM named_carriers WHERE item_id=? ORDER BY rowid",
        (item_id,))]
    out["keywords"] = [r[0] for r in conn.execute(
        "SELECT word FROM keywords WHERE item_id=? ORDER BY rank", (item_id,))]
    out["entities"] = [{"label": r[0], "text": r[1], "start": r[2], "end": r[3]} for r in conn.execute(
        "SELECT label, text, start, end FROM entities WHERE item_id=? ORDER BY start, end",
        (item_id,))]
    return out


def items_with_named_carrier(conn: sqlite3.Connection, name: str) -> list[str]:
    """The collection index: which items use this named carrier."""
    return [r[0] for r in conn.execute(
        "SELECT item_id FROM named_carriers WHERE name=? ORDER BY item_id", (name,))]


def analysis_stage(resources) -> Stage:
    """prepare: analyze every item of the Document (outside the write lock);
    write: its rows, inside the file's transaction."""

    def prepare(document, item_ids):
        return resources.analyzer.analyze(document.items)

    def write(conn, prepared: Prepared):
        results = prepared.results.get("analysis") or []
        for item_id, result in zip(prepared.item_ids, results):
            write_analysis(conn, item_id, result)

    def delete(conn, item_ids):
        delete_analysis(conn, item_ids)

    return Stage("analysis", prepare=prepare, write=write, delete=delete)


# --- re-analysis of the stored items (huibian.pipeline.reanalyze) ------------------------
# A run goes through the items in the order stored and keeps, in each batch's
# transaction, how far it got (the last item's row number, a row of the store's
# key-value table ``search_meta``). A run killed half-way leaves it, and the next run
# resumes after it; a run that finishes removes it.
REANALYSIS_MARK = "reanalysis_done_upto"


def reanalysis_begin(conn: sqlite3.Connection) -> tuple[int, bool]:
    """Where the re-analysis starts: (the row number of the last item done, whether an
    earlier run left it). Call in a transaction."""
    row = conn.execute("SELECT value FROM search_meta WHERE key=?",
                       (REANALYSIS_MARK,)).fetchone()
    if row:
        return int(row[0]), True
    conn.execute("INSERT INTO search_meta VALUES (?, ?)", (REANALYSIS_MARK, "0"))
    return 0, False


def reanalysis_todo(conn: sqlite3.Connection, after: int) -> list[tuple[int, str]]:
    """(row number, id) of the items stored after row ``after``, in the order stored."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT rowid, id FROM items WHERE rowid > ? ORDER BY rowid", (after,))]


def reanalysis_progress(conn: sqlite3.Connection, upto: int) -> None:
    """The items up to row ``upto`` are done (in the batch's transaction)."""
    conn.execute("UPDATE search_meta SET value=? WHERE key=?", (str(upto), REANALYSIS_MARK))


def reanalysis_end(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM search_meta WHERE key=?", (REANALYSIS_MARK,))


def final_labels(conn: sqlite3.Connection, item_ids: list[str]) -> dict[str, set]:
    """Each item's (axis, label) pairs given by the model (source 'final')."""
    out: dict[str, set] = {i: set() for i in item_ids}
    for k in range(0, len(item_ids), 500):
        chunk = item_ids[k:k + 500]
        marks = ",".join("?" * len(chunk))
        for iid, axis, label in conn.execute(
                f"SELECT item_id, axis, label FROM labels WHERE source='final' "
                f"AND item_id IN ({marks})", chunk):
            out[iid].add((axis, label))
    return out
