"""Issue 17, one submission one item, in the app: the item page lists the other
renditions with their downloads; the near-duplicate groups of the overview can merge
two items or mark them not duplicates (admins only); the import table says which
stored item a file repeats."""

from __future__ import annotations

from pathlib import Path

from tests.app.harness import errors, page
import pytest

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

HOSPITAL = "南昌大学第四附属医院"
OTHER = "南昌大学第五附属医院"


def add_copy_from_another_unit(db: Path) -> tuple[str, str]:
    """The sample's hospital case sent again by another unit: (its id, the copy's id)."""
    from huibian.core.records import SourceFile
    from huibian.pipeline.ingestor import Ingestor
    from huibian.store import connect

    conn = connect(db)
    try:
        iid, text = conn.execute("SELECT id, text FROM items WHERE unit=?", (HOSPITAL,)
                                 ).fetchone()
        with Ingestor(conn, processes=1) as ing:
            r = ing.ingest_one(SourceFile.from_bytes(
                "另一医院.txt", text.replace(HOSPITAL, OTHER).encode("utf-8")))
        assert (r.status, r.items) == ("stored", 1)
        return iid, r.item_ids[0]
    finally:
        conn.close()


def test_the_sample_store_holds_each_submission_once(sample_db):
    from huibian.store import connect
    from huibian.store.renditions import renditions

    conn = connect(sample_db)
    units = [r[0] for r in conn.execute("SELECT unit FROM items ORDER BY rowid")]
    case = conn.execute("SELECT id FROM items WHERE unit=?", (HOSPITAL,)).fetchone()[0]
    kinds = [(r.how, r.kind) for r in renditions(conn, case)]
    conn.close()
    assert units == [None, "江西省电教馆", HOSPITAL, "中共青山湖区教育体育局委员会",
                     "中共吴江市委", "中共吴江市委"]
    # the folder is read in name order: the PDF first, the TXT is its rendition
    assert kinds == [("original", "pdf"), ("ingest", "text")]
    at = page("item_page", query_params={"id": case})
    assert not errors(at)
    assert any(m.value.startswith("**其他版本**（同一稿件的另外 1 个文件）") for m in at.markdown)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载原文件", "下载 000_3d6cb0e400fd333e.txt"]


def test_merge_and_not_duplicates_from_the_overview(sample_db):
    from huibian.store import connect

    case, copy = add_copy_from_another_unit(sample_db)
    at = page("overview_page", role="reviewer", name="ann")
    at.button(key="overview_dupes").click().run()
    assert not errors(at)
    assert not [b for b in at.button if b.key.startswith("dupes_merge_")]  # admins only
    at = page("overview_page", role="admin")
    assert any(m.value.startswith("**第 1 组**（2 篇，来自 2 个单位）") for m in at.markdown)
    at.button(key="dupes_distinct_1_0").click().run()
    assert not errors(at)
    assert [s.value for s in at.success] == ["已标记为不是重复。"]
    assert not any(m.value.startswith("**第 1 组**") for m in at.markdown)
    conn = connect(sample_db)
    assert [tuple(r) for r in conn.execute("SELECT item_a, item_b FROM dupe_verdicts")] == [
        tuple(sorted((case, copy)))]
    conn.execute("DELETE FROM dupe_verdicts")
    conn.commit()
    conn.close()
    import streamlit as st

    st.cache_resource.clear()  # the groups are kept per process until the next import
    st.cache_data.clear()

    at = page("overview_page", role="admin")
    at.button(key="overview_dupes").click().run()
    pair = [m.value for m in at.markdown if "文字重合" in m.value]
    assert len(pair) == 1 and HOSPITAL in pair[0] and OTHER in pair[0]
    at.button(key="dupes_merge_1_0").click().run()
    assert not errors(at)
    assert [s.value for s in at.success] == ["已合并为一篇：另一文件成为其另一版本。"]
    conn = connect(sample_db)
    left = {r[0] for r in conn.execute("SELECT id FROM items WHERE id IN (?,?)", (case, copy))}
    merged = [tuple(r) for r in conn.execute(
        "SELECT item_id, how, unit FROM item_renditions WHERE how='merge'")]
    conn.close()
    keep, gone = sorted((case, copy))  # the pair is shown (a, b) in id order; a is kept
    assert left == {keep}
    assert merged == [(keep, "merge", OTHER if gone == copy else HOSPITAL)]


def test_the_import_table_names_the_item_a_file_repeats(empty_db):
    from tests.app.conftest import SAMPLE

    txt = SAMPLE / "000_3d6cb0e400fd333e.txt"
    pdf = SAMPLE / "000_3d6cb0e400fd333e.pdf"
    at = page("import_page")
    at.file_uploader(key="import_files").set_value(
        [(txt.name, txt.read_bytes(), "text/plain"),
         (pdf.name, pdf.read_bytes(), "application/pdf")]).run()
    at.button(key="import_go").click().run()
    assert not errors(at)
    rows = at.session_state["import_result"]
    assert [(r["文件"], r["结果"], r["条目数"], r["说明"]) for r in rows] == [
        (txt.name, "已入库", 3, ""),
        (pdf.name, "已入库", 0, "为已入库文档的另一版本：前言（未署单位）；"
                                "做好学科课程网络资源，促进义务教育均衡发展（江西省电教馆）；"
                                f"推行“创岗建区”活动 提升党建管理水平（{HOSPITAL}）")]
