"""Issue 21, first milestone: the ``huibian`` CLI, run as a user runs it, on a real
throwaway PostgreSQL server (``--db postgresql://…``), against the same commands on a
SQLite store."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from huibian.store import connect
from tests.conftest import SAMPLE

HUIBIAN = [sys.executable, "-m", "huibian.cli"]
FILES = sorted(p for p in SAMPLE.iterdir() if p.is_file())
CASE_TXT = SAMPLE / "000_3d6cb0e400fd333e.txt"  # stored; its cases are the PDF's items


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(HUIBIAN + list(args), capture_output=True, text=True,
                          env=dict(os.environ), timeout=600)


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(HUIBIAN + list(args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ))


def _count(url: str, sql: str) -> int:
    conn = connect(url)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def ingested(pg_store):
    r = run("ingest", str(SAMPLE), "--db", pg_store)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == \
        "5 files: 5 stored (6 items, 4 renditions), 0 duplicate, 0 failed"
    return pg_store


def test_ingest_stores_each_item_once_and_the_originals_in_huibian_files(ingested, tmp_path):
    assert _count(ingested, "SELECT count(*) FROM items") == 6
    assert _count(ingested, "SELECT count(*) FROM files") == 5
    conn = connect(ingested)
    shas = [r[0] for r in conn.execute("SELECT sha256 FROM files ORDER BY sha256")]
    blobs = [r[0] for r in conn.execute("SELECT blob_path FROM files ORDER BY sha256")]
    conn.close()
    assert blobs == [f"{s[:2]}/{s}" for s in shas]
    stored = sorted(p.relative_to(tmp_path / "files").as_posix()
                    for p in (tmp_path / "files").rglob("*") if p.is_file())
    assert stored == blobs

    again = run("ingest", str(SAMPLE), "--db", ingested)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == "5 files: 0 stored (0 items), 5 duplicate, 0 failed"
    assert _count(ingested, "SELECT count(*) FROM items") == 6
    assert _count(ingested, "SELECT count(*) FROM files") == 5


def test_two_processes_ingesting_the_same_files_store_each_once(pg_store):
    """Two processes ingest the same five files at the same time: the content hash
    decides, under the store's writer lock; no error, no item twice."""
    procs = [start("ingest", *map(str, FILES), "--db", pg_store) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    lines = [line for out, _ in outs for line in out.splitlines()[:-1]]
    for f in FILES:
        about = [line for line in lines if line.startswith(f"{f}: ")]
        assert len(about) == 2, about
        # one process stored it (as new items, or as renditions of stored ones)
        assert sum(": stored " in line or ": rendition of " in line
                   for line in about) == 1, about
        assert sum(": duplicate of " in line for line in about) == 1, about
    assert _count(pg_store, "SELECT count(*) FROM files") == 5
    assert _count(pg_store, "SELECT count(*) FROM items") == 6
    assert _count(pg_store, "SELECT count(*) FROM item_renditions") == 4
    assert _count(pg_store, "SELECT count(*) FROM (SELECT DISTINCT file_sha256, seq "
                            "FROM items) d") == 6


def test_search_finds_the_named_carrier(ingested):
    r = run("search", "创岗建区", "--json", "--db", ingested)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["total"] == 1
    assert [h["title"] for h in data["hits"]] == ["推行“创岗建区”活动 提升党建管理水平"]
    assert data["facets"]["named_carrier"] == {"创岗建区": 1}


def test_check_of_a_stored_seed_reports_it_copied(ingested):
    r = run("check", str(CASE_TXT), "--json", "--db", ingested)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["ratios"]["total"] >= 0.90
    assert data["copied_chars"] == data["chars"] == 6629
    assert {s["title"] for s in data["sources"][:2]} == {
        "做好学科课程网络资源，促进义务教育均衡发展", "推行“创岗建区”活动 提升党建管理水平"}


ROWS = {  # what an ingest derives, in an order both stores give alike
    "items": "SELECT id, file_sha256, seq, title, unit, authors, doc_number, date, region, "
             "subject_words, chars, page_first, page_last, line_first, line_last, start, "
             "end, body_start, kind_hint, outline, text, collection FROM items ORDER BY id",
    "labels": "SELECT item_id, axis, label, score, reason, source, who FROM labels "
              "ORDER BY item_id, axis, label, source",
    "keywords": "SELECT item_id, rank, word, score FROM keywords ORDER BY item_id, rank",
    "entities": "SELECT item_id, label, text, start, end FROM entities "
                "ORDER BY item_id, start, end, label",
    "named_carriers": "SELECT item_id, name, label, sentence FROM named_carriers "
                      "ORDER BY item_id, name",
    "item_fields": "SELECT item_id, field, source, confidence FROM item_fields "
                   "ORDER BY item_id, field",
    "renditions": "SELECT file_sha256, seq, item_id, title, unit, chars, ratio, how "
                  "FROM item_renditions ORDER BY file_sha256, seq",
    "facets": "SELECT f.axis, f.label, d.item_id FROM search_facets f JOIN search_docs d "
              "ON d.docid = f.docid ORDER BY f.axis, f.label, d.item_id",
    "files": "SELECT sha256, kind, size, pages, raw_text, norm_text, offset_map, furniture, "
             "blob_path FROM files ORDER BY sha256",
    "term_df": "SELECT term, df FROM term_df ORDER BY term",
}


def test_labels_and_metadata_equal_a_sqlite_ingest(ingested, tmp_path):
    sqlite_db = tmp_path / "sqlite" / "h.db"
    r = run("ingest", str(SAMPLE), "--db", str(sqlite_db))
    assert r.returncode == 0, r.stderr
    pg, lite = connect(ingested), connect(sqlite_db)
    try:
        for name, sql in ROWS.items():
            got = [tuple(r) for r in pg.execute(sql)]
            want = [tuple(r) for r in lite.execute(sql)]
            assert got, name
            assert got == want, name
    finally:
        pg.close()
        lite.close()
    r = run("ls", "--json", "--db", ingested)
    r2 = run("ls", "--json", "--db", str(sqlite_db))
    assert json.loads(r.stdout) == json.loads(r2.stdout)


def test_a_second_node_with_an_empty_index_folder_finds_and_checks(ingested, tmp_path,
                                                                    monkeypatch):
    """Another node (its own empty HUIBIAN_INDEX_DIR, the same store and files) builds
    its index from the shared store at its first search."""
    monkeypatch.setenv("HUIBIAN_INDEX_DIR", str(tmp_path / "node2"))
    r = run("search", "创岗建区", "--json", "--db", ingested)
    assert r.returncode == 0, r.stderr
    assert [h["title"] for h in json.loads(r.stdout)["hits"]] == [
        "推行“创岗建区”活动 提升党建管理水平"]
    assert (tmp_path / "node2" / "huibian_index").is_dir()
    r = run("check", str(CASE_TXT), "--json", "--db", ingested)
    assert json.loads(r.stdout)["ratios"]["total"] >= 0.90
