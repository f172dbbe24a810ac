"""Pages that show one thing name it in their address (issue 17): /volume?id=N,
/review?round=N&item=ID, run under AppTest on the sample store."""

from __future__ import annotations

from huibian.services import rounds, volumes
from huibian.services.people import Accounts
from huibian.store import connect

from tests.app.harness import errors, page
import pytest

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def test_a_volume_link_opens_that_volume_and_the_page_names_it(sample_db):
    conn = connect(sample_db)
    admin = Accounts.for_store(conn).get("admin")
    first = volumes.create_volume(conn, "第一辑", actor=admin)
    second = volumes.create_volume(conn, "第二辑", actor=admin)
    conn.close()
    at = page("volume_page", role="admin", query_params={"id": str(second)})
    assert not errors(at)
    assert at.selectbox(key="vol_pick").value == second
    assert at.query_params["id"] == str(second)
    at.selectbox(key="vol_pick").set_value(first).run()
    assert at.query_params["id"] == str(first)
    assert at.selectbox(key="vol_pick").value == first


def test_a_review_link_opens_the_rounds_queue_at_that_item(sample_db):
    conn = connect(sample_db)
    acc = Accounts.for_store(conn)
    items = [conn.execute("SELECT id FROM items WHERE unit=? ORDER BY chars DESC, id",
                          (u,)).fetchone()[0]
             for u in ("中共青山湖区教育体育局委员会", "南昌大学第四附属医院")]
    rid = rounds.open_round(conn, acc.get("admin"), "初评", items, ["ann", "ben"]).round.id
    conn.close()
    at = page("review_page", role="reviewer", name="ann", unit="江西省电教馆",
              query_params={"round": str(rid), "item": items[1]})
    assert not errors(at)
    assert [m.value for m in at.markdown if m.value.startswith("**待评")] == ["**待评 2 / 2**"]
    assert at.session_state[f"queue_cur_{rid}"] == items[1]
    assert at.query_params["item"] == items[1]
    assert at.subheader[0].value == "推行“创岗建区”活动 提升党建管理水平"


def test_the_shortlists_top_goes_into_a_volume(sample_db):
    from huibian.services.review import load_rubric, submit_score

    conn = connect(sample_db)
    acc = Accounts.for_store(conn)
    admin = acc.get("admin")
    rubric = load_rubric()
    ids = [conn.execute("SELECT id FROM items WHERE unit=? ORDER BY chars DESC, id", (u,)
                        ).fetchone()[0]
           for u in ("中共青山湖区教育体育局委员会", "南昌大学第四附属医院", "中共吴江市委")]
    for iid, v in zip(ids, (9, 7, 5)):
        submit_score(conn, acc.get("ann"), rubric, iid, {c.id: v for c in rubric.criteria})
    vid = volumes.create_volume(conn, "优秀成果汇编", actor=admin)
    conn.close()
    at = page("review_page", role="editor", name="ed")
    assert not errors(at)
    at.number_input(key="shortlist_bulk_top").set_value(2)
    at.selectbox(key=f"shortlist_bulk_section_{vid}").set_value("优秀实践案例")
    at.button(key="shortlist_bulk_add").click().run()
    assert not errors(at)
    assert [s.value for s in at.success] == ["已将 2 篇加入「优秀成果汇编」。"]
    conn = connect(sample_db)
    assert [r[0] for r in conn.execute("SELECT item_id FROM volume_items WHERE volume_id=? "
                                       "ORDER BY position", (vid,))] == ids[:2]
    conn.close()


def test_chosen_search_results_export_as_csv(sample_db):
    import csv
    import io

    at = page("search_page", role="admin")
    at.text_input(key="search_q").input("创先争优").run()
    hits = [k[len("search_pick_"):] for k in at.session_state
            if k.startswith("search_pick_") and k != "search_pick_page"]
    assert len(hits) >= 3
    at.checkbox(key=f"search_pick_{hits[2]}").check().run()
    at.checkbox(key=f"search_pick_{hits[0]}").check().run()
    assert at.session_state["search_selected"] == [hits[2], hits[0]]
    assert any(s.value == "批量操作（已选 2 篇）" for s in at.subheader)
    at.button(key="search_bulk_export").click().run()
    assert not errors(at)
    _sig, data, xlsx = at.session_state["search_bulk_files"]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["序号", "编号", "标题"]
    assert [r[1] for r in rows[1:]] == [hits[2], hits[0]]
    assert xlsx[:2] == b"PK"


def test_the_shortlists_bulk_actions_label_assign_and_export(sample_db):
    """Issue 17: on 入围名单, as on search results, the chosen rows (here the top 2) get a
    label, join an open review round (assigned to its reviewers) and export as XLSX."""
    import io

    from openpyxl import load_workbook

    from huibian.services.review import load_rubric, submit_score

    conn = connect(sample_db)
    acc = Accounts.for_store(conn)
    admin = acc.get("admin")
    rubric = load_rubric()
    ids = [conn.execute("SELECT id FROM items WHERE unit=? ORDER BY chars DESC, id", (u,)
                        ).fetchone()[0]
           for u in ("中共青山湖区教育体育局委员会", "南昌大学第四附属医院", "中共吴江市委",
                     "江西省电教馆")]
    for iid, v in zip(ids, (9, 7, 5)):
        submit_score(conn, acc.get("ann"), rubric, iid, {c.id: v for c in rubric.criteria})
    rid = rounds.open_round(conn, admin, "复评", ids[3:], ["ann", "ben"]).round.id
    conn.close()
    at = page("review_page", role="admin", name="admin")
    assert not errors(at)
    assert [e.label for e in at.expander if e.label.startswith("批量操作")][0] == \
        "批量操作（已在表格中选 0 篇）"
    at.number_input(key="shortlist_bulk_top").set_value(2).run()
    assert at.radio(key="shortlist_bulk_action").options == ["加入汇编", "加入评审轮次", "设置标签",
                                                              "导出"]
    # a label on both
    at.radio(key="shortlist_bulk_action").set_value("设置标签").run()
    at.selectbox(key="shortlist_bulk_l_axis").set_value("genre").run()
    at.selectbox(key="shortlist_bulk_l_label_genre").set_value("speech")
    at.button(key="shortlist_bulk_l_set_label").click().run()
    assert not errors(at)
    assert [s.value for s in at.success] == ["已将 2 篇的文种设为“讲话 / 发言 / 表态发言”。"]
    # into the open round, assigned to its reviewers
    at.number_input(key="shortlist_bulk_top").set_value(2)
    at.radio(key="shortlist_bulk_action").set_value("加入评审轮次").run()
    at.selectbox(key="shortlist_bulk_r_round").set_value(rid)
    at.button(key="shortlist_bulk_r_round_add").click().run()
    assert not errors(at)
    assert [s.value for s in at.success] == ["已将 2 篇加入「复评」并分配给评审专家。"]
    # the XLSX of those rows
    at.number_input(key="shortlist_bulk_top").set_value(2)
    at.radio(key="shortlist_bulk_action").set_value("导出").run()
    at.button(key="shortlist_bulk_export").click().run()
    assert not errors(at)
    sheet = load_workbook(io.BytesIO(at.session_state["shortlist_bulk_file"][1]))["入围名单"]
    assert [[c.value for c in row][:3] for row in sheet.iter_rows()] == [
        ["名次", "编号", "标题"], [1, ids[0], "关于在全区教育系统党的基层组织和党员中深入开展创先争优活动的实施方案"],
        [2, ids[1], "推行“创岗建区”活动 提升党建管理水平"]]
    assert any(b.proto.label == "下载所选 XLSX" for b in at.get("download_button"))

    conn = connect(sample_db)
    human = conn.execute("SELECT item_id FROM labels WHERE axis='genre' AND source='human' "
                         "AND label='speech' ORDER BY item_id").fetchall()
    assert sorted(r[0] for r in human) == sorted(ids[:2])
    assert sorted(r[0] for r in conn.execute(
        "SELECT item_id FROM round_items WHERE round_id=?", (rid,))) == sorted(ids[:2] + ids[3:])
    assert conn.execute("SELECT count(DISTINCT item_id) FROM round_assignments WHERE round_id=? "
                        "AND item_id IN (?,?)", (rid, *ids[:2])).fetchone()[0] == 2
    conn.close()
