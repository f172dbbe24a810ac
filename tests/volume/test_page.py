"""The 汇编 page under AppTest: create a volume, add items by id, no errors shown."""

from __future__ import annotations

import pytest

from tests.app.harness import errors, page
from tests.volume.conftest import CASE_NET, PLAN, ingest_sample, sample_ids
from huibian.services import volumes as model


pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


@pytest.fixture
def db(db_path, monkeypatch):
    path = db_path
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
def dup_db(db_path, monkeypatch):
    """The seeds plus a second version of the first one whose first case has a
    paragraph rewritten (not the same text, so not a rendition: issue 17): that case
    is stored twice, with the same title and unit under different ids. (The PDF of
    the same seed is one item with the text since issue 17.)"""
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.core.limits import Limits
    from huibian.core.records import SourceFile
    from huibian.store import connect
    from tests.app.conftest import SAMPLE
    from tests.volume.conftest import SEEDS

    path = db_path
    conn = connect(path)
    pdf = SAMPLE / "000_3d6cb0e400fd333e.pdf"
    ing = Ingestor(conn, stages=[])
    report = ing.ingest(sources_from_paths([*SEEDS, pdf], Limits()))
    assert report.failed == 0, report.summary()
    assert report.results[-1].rendition_of and not report.results[-1].items
    text = SEEDS[0].read_text(encoding="utf-8")
    lines = text.splitlines()
    for k in sorted((i for i, ln in enumerate(lines) if "网络" in ln),
                    key=lambda i: -len(lines[i]))[:3]:  # the case's three longest paragraphs
        lines[k] = lines[k][::-1]
    r = ing.ingest_one(SourceFile.from_bytes("第二稿.txt", "\n".join(lines).encode("utf-8")))
    # the rewritten case is new; the hospital case repeats its unit's stored one; the
    # unit-less 前言 is new too (its file is no longer a copy of the stored file)
    assert (r.items, len(r.rendition_of)) == (2, 1), r.line()
    conn.close()
    monkeypatch.setenv("HUIBIAN_DB", str(path))
    return path


def test_items_with_the_same_title_are_picked_by_title_and_file_and_the_edits_audited(dup_db):
    from huibian.services.audit import query
    from huibian.services.people import User
    from huibian.store import connect

    conn = connect(dup_db)
    twins = [(r["id"], r["chars"]) for r in conn.execute(
        "SELECT id, chars FROM items WHERE title=? ORDER BY rowid", (CASE_NET,))]
    assert len(twins) == 2
    vid = model.create_volume(conn, "同名测试", actor=User("ed", "editor"))
    at = page("volume_page", role="editor", name="ed")
    at.text_input(key=f"add_find_{vid}").input("网络资源").run()
    pick = at.multiselect(key=f"add_pick_{vid}")
    # both twins are offered, labelled title（unit）· their file · length: no hex id
    shown = sorted(o for o in pick.options if CASE_NET in o)
    assert shown == sorted([f"{CASE_NET}（江西省电教馆）· 000_3d6cb0e400fd333e.txt · "
                            f"{twins[0][1]}字",
                            f"{CASE_NET}（江西省电教馆）· 第二稿.txt · {twins[1][1]}字"])
    twins = [t for t, _ in twins]
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
