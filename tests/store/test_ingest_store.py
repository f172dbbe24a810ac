"""Ingest into a real SQLite store: idempotent, per-file transactions, bad input reported
by name while the good files of the batch are stored."""

import io
import sqlite3
import zipfile

from huibian.pipeline.ingestor import Ingestor, sources_from_paths
from huibian.store.db import integrity_check
from huibian.store.documents import list_items
from tests.conftest import SAMPLE, SEED_PLAN, SEEDS
import pytest

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def snapshot(conn):
    return [tuple(r) for r in conn.execute("SELECT id, title, text FROM items ORDER BY id")]


def test_ingest_sample_then_again_stores_nothing_new(conn):
    ing = Ingestor(conn, stages=[])
    rep = ing.ingest(sources_from_paths([SAMPLE / p.name for p in SEEDS], ing.limits))
    assert [r.status for r in rep.results] == ["stored"] * 3
    assert [r.items for r in rep.results] == [3, 1, 2]
    before = snapshot(conn)
    rep2 = ing.ingest(sources_from_paths([SEED_PLAN], ing.limits))
    assert rep2.results[0].status == "duplicate"
    assert rep2.results[0].duplicate_of.endswith("001_034e52bbb917526e.txt")
    assert snapshot(conn) == before
    assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 3


def test_ids_are_content_hashes(tmp_path, db_path):
    """The same file gives the same ids in another store (on the PostgreSQL run: in
    the PostgreSQL store and in a SQLite file alike)."""
    from huibian.store import connect

    ids = []
    for db in (db_path, tmp_path / "s1.db"):
        c = connect(db)
        Ingestor(c, stages=[]).ingest(sources_from_paths([SEED_PLAN], Ingestor(c, stages=[]).limits))
        ids.append([i.id for i in list_items(c)])
        c.close()
    assert ids[0] == ids[1] and len(ids[0][0]) == 16


def _bad_batch(tmp_path):
    from PIL import Image

    d = tmp_path / "batch"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "zero.docx").write_bytes(b"")
    png = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(png, format="PNG")
    (d / "scan.pdf").write_bytes(png.getvalue())
    (d / "good.txt").write_bytes(SEED_PLAN.read_bytes())
    from huibian.testkit.pdfmaker import make_pdf

    blocks = ["创先争优活动开展以来，全省教育系统认真贯彻中央、教育部和省委的要求。"] * 40
    (d / "truncated.pdf").write_bytes(make_pdf(blocks)[:3000])
    (d / "locked.pdf").write_bytes(make_pdf(blocks, user_password="secret"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ok/notice.txt", (SAMPLE / "002_f10f9b464623ee1e.txt").read_bytes())
        zf.writestr("../evil.txt", "逃逸路径的文件内容，不应被存储。")
        zf.writestr("empty.txt", b"")
    (d / "mixed.zip").write_bytes(buf.getvalue())
    (d / "gbk.txt").write_bytes("加强师德师风建设的实践与思考\n某某市第一中学\n我校坚持把师德师风建设作为学校发展的根本任务，开展了一系列活动。\n".encode("gb18030"))
    return d


def test_bad_input_named_good_files_stored_nothing_changed(conn, tmp_path):
    ing = Ingestor(conn, stages=[])
    ing.ingest(sources_from_paths([SEED_PLAN.parent / "000_3d6cb0e400fd333e.txt"], ing.limits))
    before = snapshot(conn)
    rep = ing.ingest(sources_from_paths([_bad_batch(tmp_path)], ing.limits))
    by_name = {r.name.split("batch/")[-1]: r for r in rep.results}
    assert by_name["empty.txt"].status == "failed" and "empty" in by_name["empty.txt"].error
    assert by_name["zero.docx"].status == "failed" and "empty" in by_name["zero.docx"].error
    assert by_name["scan.pdf"].status == "failed"
    assert "image renamed .pdf" in by_name["scan.pdf"].error
    assert by_name["good.txt"].status == "stored" and by_name["good.txt"].items == 1
    assert by_name["truncated.pdf"].status == "failed"
    assert "corrupt or truncated PDF" in by_name["truncated.pdf"].error
    assert by_name["locked.pdf"].status == "failed"
    assert "encrypted PDF" in by_name["locked.pdf"].error
    assert by_name["gbk.txt"].status == "stored"
    assert by_name["mixed.zip!ok/notice.txt"].status == "stored"
    assert by_name["mixed.zip!ok/notice.txt"].items == 2
    assert by_name["mixed.zip!../evil.txt"].status == "failed"
    assert "unsafe path" in by_name["mixed.zip!../evil.txt"].error
    assert by_name["mixed.zip!empty.txt"].status == "failed"
    assert rep.failed == 7
    for line in (r.line() for r in rep.results if r.status == "failed"):
        assert "\n" not in line and ": failed: " in line
    assert integrity_check(conn) == "ok"
    after = snapshot(conn)
    assert set(before) <= set(after)
    gbk = [i for i in list_items(conn) if i.source.endswith("gbk.txt")]
    assert gbk[0].title == "加强师德师风建设的实践与思考" and gbk[0].unit == "某某市第一中学"
    assert not list((tmp_path).rglob("evil.txt"))


def test_failure_inside_transaction_leaves_nothing(conn):
    from huibian.core.stages import Stage

    def boom(c, prepared):
        raise sqlite3.OperationalError("disk I/O error (simulated in the test)")

    ing = Ingestor(conn, stages=[Stage("boom", write=boom)])
    try:
        ing.ingest(sources_from_paths([SEED_PLAN], ing.limits))
    except sqlite3.OperationalError:
        pass
    assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0
    rep = Ingestor(conn, stages=[]).ingest(sources_from_paths([SEED_PLAN], ing.limits))
    assert rep.results[0].status == "stored"


def test_zip_limits(conn, tmp_path):
    from huibian.core.limits import Limits

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", "党" * 400_000)
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as z2:
            deeper = io.BytesIO()
            with zipfile.ZipFile(deeper, "w") as z3:
                z3.writestr("x.txt", "内容")
            z2.writestr("deeper.zip", deeper.getvalue())
        zf.writestr("nested.zip", inner.getvalue())
    p = tmp_path / "bomb.zip"
    p.write_bytes(buf.getvalue())
    limits = Limits(max_unpacked_bytes=500_000, max_zip_depth=1)
    ing = Ingestor(conn, stages=[], limits=limits)
    rep = ing.ingest(sources_from_paths([p], limits))
    assert [r.status for r in rep.results] == ["failed"]
    assert "zip bomb" in rep.results[0].error
    limits = Limits(max_zip_depth=1)
    rep = Ingestor(conn, stages=[], limits=limits).ingest(sources_from_paths([p], limits))
    errors = {r.name: r.error for r in rep.results if r.status == "failed"}
    assert any("nested more than 1 deep" in e for e in errors.values())


def test_originals_kept_under_content_hash_names(conn):
    from huibian.store.db import store_dir

    Ingestor(conn, stages=[]).ingest(sources_from_paths([SEED_PLAN], Ingestor(conn, stages=[]).limits))
    sha = conn.execute("SELECT sha256 FROM files").fetchone()[0]
    kept = store_dir(conn) / sha[:2] / sha
    assert kept.read_bytes() == SEED_PLAN.read_bytes()


def test_a_nul_character_past_the_sniffed_head_is_stored_alike(conn, tmp_path):
    """A text file with a NUL byte past the 4 KB its reader sniffs is text: it is
    stored on both stores alike (PostgreSQL's text cannot hold U+0000; before, its
    INSERT failed the whole batch there): the extracted text keeps U+FFFD in the NUL's
    place, one character for one; the normalized text and the item have none."""
    from huibian.store.documents import unpack_offsets

    head = "关于加强党员教育管理的通知\n\n某某单位\n\n"
    body = "为进一步加强党员教育管理工作，现就有关事项通知如下。" * 200
    path = tmp_path / "nul.txt"
    path.write_bytes((head + body + "\x00第一条内容。\n").encode("utf-8"))
    ing = Ingestor(conn, stages=[])
    rep = ing.ingest(sources_from_paths([path], ing.limits))
    assert [(r.status, r.items) for r in rep.results] == [("stored", 1)]
    raw, norm, blob = conn.execute("SELECT raw_text, norm_text, offset_map FROM files").fetchone()
    at = len(head + body)
    assert len(raw) == at + 8 and raw[at] == "\ufffd" and "\x00" not in raw
    assert raw[:at] == head + body and raw[at + 1:] == "第一条内容。\n"
    assert "\x00" not in norm and "\ufffd" not in norm
    offsets = unpack_offsets(blob)
    k = norm.index("第一条内容")
    assert raw[offsets[k]:offsets[k] + 5] == "第一条内容"
    (text,) = conn.execute("SELECT text FROM items").fetchone()
    assert text.endswith("通知如下。\n第一条内容。") and "\x00" not in text
