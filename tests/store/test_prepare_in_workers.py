"""Stage prepare (analysis, search views, fingerprints) runs in the reader workers now:
the store it gives is the same, row for row, as preparing in the ingesting process."""

import sqlite3

from huibian.pipeline.ingestor import Ingestor, sources_from_paths, stages_for
from huibian.core.limits import Limits
from huibian.store import connect
from tests.conftest import SAMPLE
import pytest

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

# every table a stage writes, with the columns that are not times
TABLES = {
    "labels": "item_id, axis, label, score, reason, source, who",
    "keywords": "item_id, rank, word, score",
    "entities": "item_id, label, text, start, end",
    "named_carriers": "item_id, name, label, sentence",
    "term_df": "term, df",
    "term_df_items": "item_id, terms",
    "search_docs": "docid, item_id, date, year, chars, terms",
    "search_facets": "axis, label, docid",
    "sim_signatures": "item_id, version, chars, minhash, grams",
    "items": "id, file_sha256, seq, title, text",
}


def _dump(conn: sqlite3.Connection) -> dict:
    out = {}
    for table, cols in TABLES.items():
        out[table] = conn.execute(f"SELECT {cols} FROM {table} ORDER BY {cols}").fetchall()
        out[table] = [tuple(r) for r in out[table]]
    return out


def test_worker_prepare_stores_the_same_rows(tmp_path, resources):
    paths = sorted(SAMPLE.glob("*.txt"))
    dumps = []
    for name, explicit in (("workers", False), ("here", True)):
        conn = connect(tmp_path / name / "h.db")
        stages = stages_for(resources) if explicit else None
        with Ingestor(conn, resources, Limits(), stages) as ing:
            assert (ing.workers.plan is None) == explicit
            rep = ing.ingest(sources_from_paths(paths, Limits()))
        assert [r.status for r in rep.results] == ["stored"] * len(paths)
        dumps.append(_dump(conn))
        conn.close()
    workers, here = dumps
    assert all(workers[t] for t in TABLES)  # every stage wrote something
    for table in TABLES:
        assert workers[table] == here[table], table
