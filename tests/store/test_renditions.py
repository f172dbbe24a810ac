"""One submission, one item (issue 17): the same text from the same unit, read from
another file, is another rendition of the stored item, not a new item; the
near-duplicate page's merge and "not duplicates" decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from huibian.core.records import SourceFile
from huibian.pipeline.ingestor import Ingestor, sources_from_paths
from huibian.pipeline.renditions import MIN_RATIO
from huibian.similarity.dupes import pair_ratio
from huibian.store.db import store_dir
from huibian.store.renditions import renditions
from tests.conftest import SAMPLE, SEED_PLAN, SEED_VOLUME

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

PDF = SAMPLE / "000_3d6cb0e400fd333e.pdf"
DOCX = SAMPLE / "001_034e52bbb917526e.docx"


def _ids(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM items ORDER BY rowid")]


def _src(name: str, text: str) -> SourceFile:
    return SourceFile.from_bytes(name, text.encode("utf-8"))


def _plan_lines() -> list[str]:
    return SEED_PLAN.read_text(encoding="utf-8").splitlines()


def test_pdf_after_txt_adds_renditions_not_items(conn, resources):
    from huibian.search.engine import search

    with Ingestor(conn, resources) as ing:
        first = ing.ingest(sources_from_paths([SEED_VOLUME, SEED_PLAN], ing.limits))
        txt_ids = _ids(conn)
        rep = ing.ingest(sources_from_paths([PDF, DOCX], ing.limits))
    assert first.summary() == "2 files: 2 stored (4 items), 0 duplicate, 0 failed"
    assert [r.line() for r in rep.results] == [
        f"{PDF}: rendition of {', '.join(txt_ids[:3])}",
        f"{DOCX}: rendition of {txt_ids[3]}"]
    assert rep.summary() == "2 files: 2 stored (0 items, 4 renditions), 0 duplicate, 0 failed"
    assert [r.status for r in rep.results] == ["stored", "stored"]
    assert rep.results[0].as_dict()["rendition_of"] == txt_ids[:3]
    assert rep.results[0].as_dict()["item_ids"] == [] and rep.results[0].items == 0
    assert _ids(conn) == txt_ids  # no new item
    # nothing of the demoted items is left in the other tables
    for table in ("search_docs", "sim_signatures", "keywords"):
        ids = {r[0] for r in conn.execute(f"SELECT DISTINCT item_id FROM {table}")}
        assert ids == set(txt_ids), table
    # the PDF is kept and downloadable from the item
    case = txt_ids[2]
    got = renditions(conn, case)
    assert [(r.how, r.kind, r.seq, r.ratio) for r in got] == [
        ("original", "text", 2, 1.0), ("ingest", "pdf", 2, 1.0)]
    assert got[1].name == str(PDF) and got[1].title == "推行“创岗建区”活动 提升党建管理水平"
    assert (store_dir(conn) / got[1].blob_path).read_bytes() == PDF.read_bytes()
    assert [(r.how, r.kind) for r in renditions(conn, txt_ids[3])] == [
        ("original", "text"), ("ingest", "docx")]
    # one hit, not two
    assert [h.id for h in search(conn, "创岗建区").hits] == [case]


def test_the_rule_same_unit_and_98_percent(conn):
    lines = _plan_lines()
    ing = Ingestor(conn, stages=[])
    ing.ingest(sources_from_paths([SEED_VOLUME, SEED_PLAN], ing.limits))
    plan_id = _ids(conn)[3]
    plan_text = conn.execute("SELECT text FROM items WHERE id=?", (plan_id,)).fetchone()[0]

    one_percent = "\n".join(lines[:25] + lines[26:])        # a 62-character paragraph out
    r = ing.ingest_one(_src("少一段.txt", one_percent))
    assert (r.status, r.items, r.rendition_of) == ("stored", 0, (plan_id,))
    row = conn.execute("SELECT ratio, how, chars FROM item_renditions WHERE file_sha256=?",
                       (r_sha := SourceFile.from_bytes("x", one_percent.encode()).sha256,)
                       ).fetchone()
    new_text = conn.execute("SELECT norm_text FROM files WHERE sha256=?", (r_sha,)).fetchone()[0]
    assert row[1] == "ingest" and row[2] == 6020
    assert row[0] >= MIN_RATIO and row[0] < 1.0

    rewritten = lines[:]                                     # 465 characters replaced
    rewritten[37] = rewritten[37][::-1]
    r = ing.ingest_one(_src("改一段.txt", "\n".join(rewritten)))
    assert (r.status, r.items, r.rendition_of) == ("stored", 1, ())
    assert min(pair_ratio(plan_text, r_text := conn.execute(
        "SELECT text FROM items WHERE id=?", (r.item_ids[0],)).fetchone()[0])) < MIN_RATIO
    assert len(r_text) > 6000

    other_unit = SEED_PLAN.read_text(encoding="utf-8").replace("青山湖区", "西湖区")
    r = ing.ingest_one(_src("另一单位.txt", other_unit))
    assert (r.status, r.items, r.rendition_of) == ("stored", 1, ())
    assert conn.execute("SELECT unit FROM items WHERE id=?", (r.item_ids[0],)).fetchone()[0] \
        == "中共西湖区教育体育局委员会"

    # an item without a unit repeats a stored one only as part of its whole file: the
    # 前言 of the volume alone is a new item
    preface = conn.execute("SELECT text, unit FROM items WHERE id=?", (_ids(conn)[0],)).fetchone()
    assert preface[1] is None
    r = ing.ingest_one(_src("前言.txt", preface[0]))
    assert (r.status, r.items, r.rendition_of) == ("stored", 1, ())
    assert len(_ids(conn)) == 4 + 2 + 1
    assert new_text  # the rendition's file keeps its text


def test_the_whole_volume_in_another_encoding_is_renditions(conn):
    ing = Ingestor(conn, stages=[])
    ing.ingest(sources_from_paths([SEED_VOLUME], ing.limits))
    ids = _ids(conn)
    data = SEED_VOLUME.read_text(encoding="utf-8").encode("gb18030")
    r = ing.ingest_one(SourceFile.from_bytes("汇编.txt", data))
    assert (r.status, r.items, r.rendition_of) == ("stored", 0, tuple(ids))
    assert r.line() == f"汇编.txt: rendition of {', '.join(ids)}"


def test_merge_and_not_duplicates(conn, db_path):
    from huibian.services.people import LOCAL_OPERATOR, User
    from huibian.services.renditions import mark_not_duplicates, merge_items
    from huibian.services.people import PermissionDenied
    from huibian.similarity.dupes import find_dupes

    ing = Ingestor(conn)  # with the fingerprints find_dupes reads
    try:
        ing.ingest(sources_from_paths([SEED_PLAN], ing.limits))
        r = ing.ingest_one(_src("另一单位.txt", SEED_PLAN.read_text(encoding="utf-8")
                                .replace("青山湖区", "西湖区")))
        r3 = ing.ingest_one(_src("又一单位.txt", SEED_PLAN.read_text(encoding="utf-8")
                                 .replace("青山湖区", "东湖区")))
    finally:
        ing.close()
    plan, west, east = _ids(conn)
    assert (r.item_ids, r3.item_ids) == ((west,), (east,))
    clusters = find_dupes(conn)
    assert [sorted(i["id"] for i in c.items) for c in clusters] == [sorted([plan, west, east])]

    with pytest.raises(PermissionDenied):
        merge_items(conn, User("ann", "reviewer", "江西省电教馆"), plan, west)
    mark_not_duplicates(conn, LOCAL_OPERATOR, east, plan)
    mark_not_duplicates(conn, LOCAL_OPERATOR, east, west)
    clusters = find_dupes(conn)
    assert [sorted(i["id"] for i in c.items) for c in clusters] == [sorted([plan, west])]

    ratio = merge_items(conn, LOCAL_OPERATOR, plan, west)
    assert ratio == round(min(pair_ratio(*[_text_of(conn, plan), _west_text(conn)])), 4)
    assert _ids(conn) == [plan, east]
    got = renditions(conn, plan)
    assert [(x.how, x.unit, x.name) for x in got] == [
        ("original", "中共青山湖区教育体育局委员会", str(SEED_PLAN)),
        ("merge", "中共西湖区教育体育局委员会", "另一单位.txt")]
    assert find_dupes(conn) == []
    audit = conn.execute("SELECT actor, action, target, detail FROM audit_log ORDER BY id"
                         ).fetchall()
    assert [(a[1], a[2]) for a in audit] == [
        ("import.distinct", min(east, plan)), ("import.distinct", min(east, west)),
        ("import.merge", plan)]
    for table in ("search_docs", "sim_signatures", "labels"):
        assert west not in {x[0] for x in conn.execute(f"SELECT item_id FROM {table}")}


def _text_of(conn, iid: str) -> str:
    return conn.execute("SELECT text FROM items WHERE id=?", (iid,)).fetchone()[0]


def _west_text(conn) -> str:
    sha, seq = conn.execute("SELECT file_sha256, seq FROM item_renditions WHERE how='merge'"
                            ).fetchone()
    from huibian.pipeline.ingestor import process_file

    data = (store_dir(conn) / conn.execute("SELECT blob_path FROM files WHERE sha256=?",
                                           (sha,)).fetchone()[0]).read_bytes()
    return process_file(SourceFile.from_bytes("w.txt", data)).items[seq].text


def test_make_run_sample_store_finds_the_case_once(tmp_path):
    """``make run`` ingests corpora/sample (each PDF/DOCX beside its TXT): the
    acceptance of issue 17, through the command line."""
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, HUIBIAN_DB=str(tmp_path / "h.db"))
    run = [sys.executable, "-m", "huibian.cli"]
    r = subprocess.run(run + ["ingest", str(SAMPLE)], capture_output=True, env=env, text=True)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[-1] == "5 files: 5 stored (6 items, 4 renditions), 0 duplicate, 0 failed"
    assert [ln.split(": ", 1)[1].split(" of ")[0] for ln in lines[:-1]] == [
        "stored 3 items", "rendition", "stored 1 item", "rendition", "stored 2 items"]
    r = subprocess.run(run + ["search", "创岗建区", "--json"], capture_output=True, env=env,
                       text=True)
    found = json.loads(r.stdout)
    assert found["total"] == 1
    assert [h["unit"] for h in found["hits"]] == ["南昌大学第四附属医院"]
