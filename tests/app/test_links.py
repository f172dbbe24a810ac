"""Pages that show one thing name it in their address (issue 17): /volume?id=N,
/review?round=N&item=ID, run under AppTest on the sample store."""

from __future__ import annotations

from huibian.services import rounds, volumes
from huibian.services.people import Accounts
from huibian.store import connect

from tests.app.harness import errors, page


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
