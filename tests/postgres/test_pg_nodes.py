"""Two nodes of one PostgreSQL store, each with its own index (``HUIBIAN_INDEX_DIR``):
an ingest on one node, which syncs its index and trims the journal, must not take from
the other node the journal rows that node has not applied yet (issue 21: the journal was
trimmed up to the ingesting node's seq, and the lagging node's index missed those items
for good). The journal is trimmed to one row an item instead."""

import json
import os
import subprocess
import sys

from huibian.store import connect
from tests.conftest import SAMPLE

HUIBIAN = [sys.executable, "-m", "huibian.cli"]
FIRST = SAMPLE / "000_3d6cb0e400fd333e.txt"  # 3 items
LATER = [SAMPLE / "001_034e52bbb917526e.txt", SAMPLE / "002_f10f9b464623ee1e.txt"]  # 3 items


def on_node(node, url, *args):
    env = dict(os.environ, HUIBIAN_INDEX_DIR=str(node))
    r = subprocess.run(HUIBIAN + ["--db", url, *args], capture_output=True, text=True,
                       env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    return r.stdout


def found(node, url, query):
    return sorted(h["id"] for h in json.loads(on_node(node, url, "search", query, "--json",
                                                      "-n", "50"))["hits"])


def test_a_node_behind_sees_what_another_node_ingested_after_its_last_search(pg_store,
                                                                            tmp_path):
    a, b, fresh = tmp_path / "node_a", tmp_path / "node_b", tmp_path / "node_c"
    assert on_node(a, pg_store, "ingest", str(FIRST)).splitlines()[-1] == \
        "1 file: 1 stored (3 items), 0 duplicate, 0 failed"
    assert len(found(b, pg_store, "党")) == 3  # node b's index: the journal up to here
    assert on_node(a, pg_store, "ingest", *map(str, LATER)).splitlines()[-1] == \
        "2 files: 2 stored (3 items), 0 duplicate, 0 failed"
    on_a = found(a, pg_store, "党")
    assert len(on_a) == 6
    assert found(b, pg_store, "党") == on_a  # was 4: the trimmed rows never reached b
    assert found(fresh, pg_store, "党") == on_a
    conn = connect(pg_store)
    try:  # trimmed all the same: one row an item (the last), none twice
        rows, items = conn.execute("SELECT count(*), count(DISTINCT item_id) "
                                   "FROM search_journal").fetchone()
        docs = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    finally:
        conn.close()
    assert rows == items == docs == 6
