"""Each page under AppTest against a real store holding the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from huibian.store import connect
from tests.app.conftest import PASSWORD, SAMPLE
from tests.app.harness import app, errors, page

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def _ids(db: Path | str) -> dict[str, str]:
    conn = connect(db)
    out = {u or "": i for i, u in conn.execute("SELECT id, unit FROM items")}
    conn.close()
    return out


def test_sign_in_gate_and_navigation(sample_db):
    at = app()
    assert [t.value for t in at.title] == ["汇编 · 登录"]
    at.text_input(key="signin_name").input("ann")
    at.text_input(key="signin_password").input("wrong-password")
    at.button[0].click().run()
    assert "账号或密码不对。" in errors(at)
    assert "user" not in at.session_state
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[0].click().run()
    assert at.session_state["user"].name == "ann"
    assert [t.value for t in at.title] == ["检索"] and not at.exception
    assert "已登录：ann" in at.sidebar.caption[0].value


def test_empty_store_says_to_import(empty_db):
    at = page("search_page")
    assert not errors(at)
    assert any("库中还没有文档" in i.value and "导入" in i.value for i in at.info)
    for module in ("item_page", "review_page", "overview_page"):
        at = page(module)
        assert not errors(at), module
        assert any("库中还没有文档" in i.value for i in at.info), module
    at = page("import_page")
    assert not errors(at) and any("请上传文件" in i.value for i in at.info)


def test_search_with_filters(sample_db):
    conn = connect(sample_db)
    n = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    conn.close()
    at = page("search_page", role="reviewer", name="ann")
    assert not errors(at)
    assert at.caption[0].value == f"共 {n} 篇，第 1/1 页"
    at.text_input(key="search_q").input("创岗建区").run()
    hits = int(at.caption[0].value.split("共 ")[1].split(" 篇")[0])
    assert 1 <= hits < n
    assert "南昌大学第四附属医院" in at.caption[1].value  # the first result
    assert any("<mark>创岗建区</mark>" in m.value for m in at.markdown)
    # a sector filter (facet counts shown) narrows the browse list
    at.text_input(key="search_q").input("").run()
    sector = at.multiselect(key="search_f_sector")
    assert any(o.startswith("医疗卫生（") for o in sector.options)  # name and facet count
    sector.select("health").run()
    total = int(at.caption[0].value.split("共 ")[1].split(" 篇")[0])
    assert 0 < total < n
    assert "南昌大学第四附属医院" in " ".join(c.value for c in at.caption)
    assert not errors(at)


def test_search_query_error_is_a_sentence(sample_db):
    at = page("search_page")
    at.text_input(key="search_q").input("NEAR(a b)").run()
    assert not at.exception
    assert errors(at) and errors(at)[0].startswith("操作未完成")


def test_item_page_and_label_correction(sample_db):
    ids = _ids(sample_db)
    hospital = ids["南昌大学第四附属医院"]
    at = page("item_page", role="reviewer", name="ann", unit="江西省电教馆",
              query_params={"id": hospital, "q": "创岗建区"})
    assert not errors(at)
    assert at.header[0].value == "推行“创岗建区”活动 提升党建管理水平"
    assert any("南昌大学第四附属医院" in m.value for m in at.markdown)
    # correct the genre to 工作制度 (system)
    at.selectbox(key="label_axis").select("genre").run()
    at.selectbox(key="label_new_genre").select("system")
    [b for b in at.button if b.label == "保存更正"][0].click().run()
    assert not errors(at)
    assert any("已保存" in s.value for s in at.success)
    conn = connect(sample_db)
    assert [tuple(r) for r in conn.execute(
        "SELECT label, who FROM labels WHERE item_id=? AND source='human'", (hospital,))
    ] == [("system", "ann")]
    actor, action, detail = conn.execute(
        "SELECT actor, action, detail FROM audit_log WHERE target=? ORDER BY id DESC",
        (hospital,)).fetchone()
    assert (actor, action, json.loads(detail)["labels"]) == ("ann", "label.set", ["system"])
    # the search facet follows the human label
    assert conn.execute("SELECT count(*) FROM search_facets f JOIN search_docs d USING(docid) "
                        "WHERE d.item_id=? AND f.axis='genre' AND f.label='system'",
                        (hospital,)).fetchone()[0] == 1
    conn.close()


def test_review_score_and_conflict(sample_db):
    ids = _ids(sample_db)
    hospital, museum = ids["南昌大学第四附属医院"], ids["江西省电教馆"]
    at = page("review_page", role="reviewer", name="ann", unit="江西省电教馆")
    assert not errors(at)
    at.selectbox(key="review_item").select(museum).run()
    assert any("回避" in w.value for w in at.warning)
    at.selectbox(key="review_item").select(hospital).run()
    assert any("提交自己的评分后" in c.value for c in at.caption)
    # the criteria start empty (issue 17): a criterion left unset is refused
    assert [at.number_input(key=f"score_{hospital}_{c}").value
            for c in ("innovation", "effect", "replicable", "writing")] == [None] * 4
    at.number_input(key=f"score_{hospital}_innovation").set_value(9)
    at.number_input(key=f"score_{hospital}_effect").set_value(8)
    at.number_input(key=f"score_{hospital}_replicable").set_value(7)
    [b for b in at.button if b.label == "提交评分"][0].click().run()
    assert [e.value for e in at.error] == ["还有评分项没有打分：规范性。每一项都打分后才能提交。"]
    conn = connect(sample_db)
    assert conn.execute("SELECT count(*) FROM review_scores").fetchone()[0] == 0
    conn.close()
    at.number_input(key=f"score_{hospital}_writing").set_value(6)
    at.text_area(key=f"score_comment_{hospital}").input("做法具体，可推广")
    [b for b in at.button if b.label == "提交评分"][0].click().run()
    assert not errors(at)
    assert [s.value for s in at.success] == ["已提交：加权分 7.70"]
    conn = connect(sample_db)
    assert [tuple(r) for r in conn.execute(
        "SELECT reviewer, weighted, comment FROM review_scores")] == [
        ("ann", pytest.approx(7.7), "做法具体，可推广")]
    assert [tuple(r) for r in conn.execute("SELECT actor, action FROM audit_log WHERE target=?",
                                           (hospital,))] == [("ann", "score.submit")]
    conn.close()
    # the shortlist holds it, and an editor can export it
    ed = page("review_page", role="editor", name="ed")
    assert not errors(ed)
    rows = ed.dataframe[-1].value
    assert list(rows["标题"]) == ["推行“创岗建区”活动 提升党建管理水平"]
    assert list(rows["平均加权分"]) == [pytest.approx(7.7)]


def test_import_stores_then_reports_duplicate(empty_db):
    data = (SAMPLE / "002_f10f9b464623ee1e.txt").read_bytes()
    at = page("import_page")
    assert not errors(at)
    _upload(at, [("notice.txt", data)])
    at.button(key="import_go").click().run()
    assert not errors(at)
    assert "导入完成：1 个已入库，0 个重复，0 个失败" in at.success[0].value, \
        at.session_state["import_result"]
    _upload(at, [("again.txt", data), ("bad.pdf", b"%PDF-1.4 broken")])
    at.button(key="import_go").click().run()
    rows = at.session_state["import_result"]
    assert [(r["文件"], r["结果"]) for r in rows] == [("again.txt", "重复"), ("bad.pdf", "失败")]
    assert rows[0]["说明"] == "与已入库的 notice.txt 相同"
    assert rows[1]["说明"]
    # new items appear at once in search
    s = page("search_page")
    assert s.caption[0].value == "共 2 篇，第 1/1 页"


def test_import_needs_admin(sample_db):
    at = page("import_page", role="reviewer", name="ann")
    assert any("没有权限" in w.value for w in at.warning)
    assert not at.exception


def _upload(at, files) -> None:
    at.file_uploader(key="import_files").set_value(
        [(name, data, "application/octet-stream") for name, data in files]).run()


def test_review_picker_narrows_by_text_and_shortlist_export_on_request(sample_db):
    from huibian.services.people import User
    from huibian.services.review import load_rubric, submit_score
    conn = connect(sample_db)
    same = [r[0] for r in conn.execute(
        "SELECT id FROM items WHERE unit='南昌大学第四附属医院' ORDER BY rowid")]
    at = page("review_page", role="admin", name="admin")
    assert not errors(at)
    at.text_input(key="review_find").input("第四附属医院").run()
    # only that unit's items (the same article from the .txt and the .pdf), by id
    assert at.selectbox(key="review_item").options == [
        f"推行“创岗建区”活动 提升党建管理水平（南昌大学第四附属医院）· {i}" for i in same]
    hospital = at.selectbox(key="review_item").value
    assert hospital == same[0]
    rubric = load_rubric()
    submit_score(conn, User("ben", "reviewer", "中共吴江市委"), rubric, hospital,
                 {c.id: 8 for c in rubric.criteria})
    conn.close()
    at.run()
    assert not [b for b in at.get("download_button")]  # no file made on a plain redraw
    at.button(key="shortlist_prepare").click().run()
    assert not errors(at)
    assert [b.proto.label for b in at.get("download_button")] == ["下载 XLSX"]


def test_overview_counts_and_near_duplicates_on_request(sample_db):
    from tests.app.test_renditions_page import add_copy_from_another_unit

    # the sample's 000 text and its PDF rendering are one item since issue 17: the
    # same case sent by another unit makes the group
    add_copy_from_another_unit(sample_db)
    at = page("overview_page", role="reviewer", name="ann")
    assert not errors(at)
    assert not any("第 1 组" in m.value for m in at.markdown)  # not computed on a redraw
    at.button(key="overview_dupes").click().run()
    assert not errors(at)
    assert any(m.value.startswith("**第 1 组**（2 篇，来自 2 个单位") for m in at.markdown)
    at2 = page("overview_page", role="admin")  # another session: kept, no button
    assert any(m.value.startswith("**第 1 组**") for m in at2.markdown)


def test_volume_lists_its_items_with_unit_and_id_as_small_text(sample_db):
    from huibian.services import volumes as model

    conn = connect(sample_db)
    item_id, title, unit = conn.execute(
        "SELECT id, title, unit FROM items WHERE unit='江西省电教馆' ORDER BY rowid").fetchone()
    vol = model.create_volume(conn, "测试汇编")
    model.add_items(conn, vol, [item_id], section="优秀实践案例")
    conn.close()
    at = page("volume_page", role="admin")
    assert not errors(at)
    lines = [m.value for m in at.markdown if item_id in m.value]
    # Streamlit's small-text directive, not an HTML tag shown as text
    assert lines == [f"**1.** {title}  \n:small[{unit} · `{item_id}`]"]
