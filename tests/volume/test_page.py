"""The 汇编 page under AppTest: create a volume, add items by id, no errors shown."""

from __future__ import annotations

import pytest

from tests.app.harness import errors, page
from tests.volume.conftest import CASE_NET, PLAN, ingest_sample, sample_ids
from huibian.services import volumes as model


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "store" / "huibian.db"
    ingest_sample(path).close()
    monkeypatch.setenv("HUIBIAN_DB", str(path))
    return path


def test_create_volume_and_add_items(db):
    from huibian.store import connect

    at = page("volume_page", role="editor")
    assert not errors(at)
    at.text_input(key="vol_new_title").input("测试汇编")
    at.button[0].click().run()  # the form's submit
    assert not errors(at)
    conn = connect(db)
    assert [v["title"] for v in model.list_volumes(conn)] == ["测试汇编"]
    vid = model.list_volumes(conn)[0]["id"]
    ids = sample_ids(conn)
    at.text_area(key=f"add_ids_{vid}").input(f"{ids[CASE_NET]} {ids[PLAN]}")
    at.selectbox(key=f"add_sec_{vid}").select("优秀实践案例")
    at.button(key=f"add_go_{vid}").click().run()
    assert not errors(at)
    vol = model.get_volume(conn, vid)
    assert vol.sections[0].entries and vol.item_ids == [ids[CASE_NET], ids[PLAN]]
    assert any(CASE_NET in m.value for m in at.markdown)


def test_reviewer_may_not_build_volumes(db):
    at = page("volume_page", role="reviewer")
    assert any("没有权限" in w.value for w in at.warning)


@pytest.fixture
def dup_db(tmp_path, monkeypatch):
    """The seeds plus the PDF rendering of the first one: every item of that file is
    stored twice, with the same title and unit under different ids."""
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.core.limits import Limits
    from huibian.store import connect
    from tests.app.conftest import SAMPLE
    from tests.volume.conftest import SEEDS

    path = tmp_path / "store" / "huibian.db"
    conn = connect(path)
    pdf = SAMPLE / "000_3d6cb0e400fd333e.pdf"
    report = Ingestor(conn, stages=[]).ingest(sources_from_paths([*SEEDS, pdf], Limits()))
    assert report.failed == 0, report.summary()
    conn.close()
    monkeypatch.setenv("HUIBIAN_DB", str(path))
    return path


def test_items_with_the_same_title_are_picked_by_id_and_the_edits_audited(dup_db):
    from huibian.services.audit import query
    from huibian.services.people import User
    from huibian.store import connect

    conn = connect(dup_db)
    twins = [r["id"] for r in conn.execute(
        "SELECT id FROM items WHERE title=? ORDER BY id", (CASE_NET,))]
    assert len(twins) == 2
    vid = model.create_volume(conn, "同名测试", actor=User("ed", "editor"))
    at = page("volume_page", role="editor", name="ed")
    at.text_input(key=f"add_find_{vid}").input("网络资源").run()
    pick = at.multiselect(key=f"add_pick_{vid}")
    # both twins are offered, each labelled title（unit）· full id
    shown = [o for o in pick.options if CASE_NET in o]
    assert sorted(shown) == sorted(f"{CASE_NET}（江西省电教馆）· {t}" for t in twins)
    pick.select(twins[1])
    at.selectbox(key=f"add_sec_{vid}").select("优秀实践案例")
    at.button(key=f"add_go_{vid}").click().run()
    assert not errors(at)
    assert model.get_volume(conn, vid).item_ids == [twins[1]]  # exactly the one picked
    log = query(conn, User("root", "admin"), kind="volume")
    assert [(e["actor"], e["action"]) for e in log] == [("ed", "volume.items.add"),
                                                        ("ed", "volume.create")]
    assert log[0]["detail"]["items"] == [twins[1]]
    assert log[0]["detail"]["sections"] == {"优秀实践案例": [twins[1]]}
