"""The 汇编 page under AppTest: create a volume, add items by id, no errors shown."""

from __future__ import annotations

import pytest

from tests.app.harness import errors, page
from tests.volume.conftest import CASE_NET, PLAN, ingest_sample, sample_ids
from volume import model


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "store" / "huibian.db"
    ingest_sample(path).close()
    monkeypatch.setenv("HUIBIAN_DB", str(path))
    return path


def test_create_volume_and_add_items(db):
    from store import connect

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
