"""Stored volumes: sections, ordering, moving, removing, overrides; an item is never in
a volume twice (checked by the model and by the schema)."""

from __future__ import annotations

import sqlite3

import pytest

from huibian.core.errors import NotFound
from tests.volume.conftest import (CASE_HOSP, CASE_NET, NOTICE, OPINION, PLAN,
                                   build_sample_volume, sample_ids)
from huibian.services import volumes as model
from huibian.services.volumes import AWARD_SECTIONS, VolumeError

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def titles(conn, vid):
    vol = model.get_volume(conn, vid)
    ids = {v: k for k, v in sample_ids(conn).items()}
    return [(s.title, [ids[e.item_id] for e in s.entries]) for s in vol.sections]


def test_new_volume_has_the_three_award_sections(store):
    vid = model.create_volume(store, "汇编")
    vol = model.get_volume(store, vid)
    assert [s.title for s in vol.sections] == list(AWARD_SECTIONS)
    assert vol.sectioning == "award" and vol.preface == ""


def test_sample_volume_order(store):
    vid = build_sample_volume(store)
    assert titles(store, vid) == [("优秀实践案例", [CASE_NET, CASE_HOSP]),
                                  ("优秀理论文章", [OPINION]),
                                  ("优秀工作制度", [PLAN, NOTICE])]
    assert model.get_volume(store, vid).preface.startswith("在党的基层组织和党员中深入开展")


def test_same_item_twice_is_refused(store):
    ids = sample_ids(store)
    vid = model.create_volume(store, "汇编")
    model.add_items(store, vid, [ids[PLAN]], section="优秀工作制度")
    with pytest.raises(VolumeError, match="already in volume"):
        model.add_items(store, vid, [ids[PLAN]], section="优秀理论文章")
    with pytest.raises(VolumeError, match="given twice"):
        model.add_items(store, vid, [ids[NOTICE], ids[NOTICE]], section=1)
    # nothing half-added
    assert titles(store, vid) == [("优秀实践案例", []), ("优秀理论文章", []),
                                  ("优秀工作制度", [PLAN])]


def test_schema_refuses_the_same_item_twice(store):
    ids = sample_ids(store)
    vid = model.create_volume(store, "汇编")
    model.add_items(store, vid, [ids[PLAN]], section=3)
    sec = model.get_volume(store, vid).sections[0]
    with pytest.raises(sqlite3.IntegrityError):
        store.execute("INSERT INTO volume_items (volume_id, section_id, position, item_id,"
                      " added_at) VALUES (?, ?, 9, ?, 'now')", (vid, sec.id, ids[PLAN]))


def test_schema_refuses_a_section_of_another_volume(store):
    ids = sample_ids(store)
    a, b = model.create_volume(store, "甲"), model.create_volume(store, "乙")
    other = model.get_volume(store, b).sections[0]
    with pytest.raises(sqlite3.IntegrityError):
        store.execute("INSERT INTO volume_items (volume_id, section_id, position, item_id,"
                      " added_at) VALUES (?, ?, 1, ?, 'now')", (a, other.id, ids[PLAN]))


def test_section_must_be_named_when_there_are_several(store):
    ids = sample_ids(store)
    vid = model.create_volume(store, "汇编")
    with pytest.raises(VolumeError, match="say which section"):
        model.add_items(store, vid, [ids[PLAN]])
    with pytest.raises(VolumeError, match="no section '优秀论文'"):
        model.add_items(store, vid, [ids[PLAN]], section="优秀论文")


def test_unknown_item_and_prefix(store):
    ids = sample_ids(store)
    vid = model.create_volume(store, "汇编", sectioning="manual", sections=["全部"])
    with pytest.raises(NotFound):
        model.add_items(store, vid, ["0000000000000000"])
    model.add_items(store, vid, [ids[PLAN][:8]])  # a unique prefix, one section: no --section
    assert model.get_volume(store, vid).item_ids == [ids[PLAN]]


def test_add_at_position_move_reorder_remove(store):
    ids = sample_ids(store)
    vid = build_sample_volume(store)
    model.remove_items(store, vid, [ids[CASE_NET]])
    model.add_items(store, vid, [ids[CASE_NET]], section="优秀实践案例", position=1)
    model.move_item(store, vid, ids[NOTICE], section="优秀理论文章", position=1)
    assert titles(store, vid) == [("优秀实践案例", [CASE_NET, CASE_HOSP]),
                                  ("优秀理论文章", [NOTICE, OPINION]),
                                  ("优秀工作制度", [PLAN])]
    model.move_item(store, vid, ids[CASE_NET], position=99)
    model.reorder_section(store, vid, "优秀理论文章", [ids[OPINION], ids[NOTICE]])
    assert titles(store, vid) == [("优秀实践案例", [CASE_HOSP, CASE_NET]),
                                  ("优秀理论文章", [OPINION, NOTICE]),
                                  ("优秀工作制度", [PLAN])]
    vol = model.get_volume(store, vid)
    assert [[e.position for e in s.entries] for s in vol.sections] == [[1, 2], [1, 2], [1]]
    model.remove_items(store, vid, [ids[CASE_HOSP]])
    assert [e.position for e in model.get_volume(store, vid).sections[0].entries] == [1]
    with pytest.raises(VolumeError, match="exactly once"):
        model.reorder_section(store, vid, 2, [ids[OPINION]])


def test_sections_add_rename_move_remove(store):
    ids = sample_ids(store)
    vid = model.create_volume(store, "汇编", sectioning="manual", sections=["甲", "乙"])
    model.add_section(store, vid, "丙", position=1)
    model.rename_section(store, vid, "乙", "丁")
    model.move_section(store, vid, "甲", 3)
    assert [s.title for s in model.get_volume(store, vid).sections] == ["丙", "丁", "甲"]
    model.add_items(store, vid, [ids[PLAN]], section="丁")
    with pytest.raises(VolumeError, match="holds 1 items"):
        model.remove_section(store, vid, "丁")
    model.remove_section(store, vid, "丁", force=True)
    vol = model.get_volume(store, vid)
    assert [(s.position, s.title) for s in vol.sections] == [(1, "丙"), (2, "甲")]
    assert vol.item_ids == []


def test_region_sections_are_made_from_item_regions(store):
    ids = sample_ids(store)
    vid = model.create_volume(store, "按地区", sectioning="region")
    model.add_items(store, vid, [ids[CASE_NET], ids[PLAN], ids[OPINION]])
    regions = {r["id"]: r["region"] or model.NO_REGION
               for r in store.execute("SELECT id, region FROM items")}
    vol = model.get_volume(store, vid)
    assert {e.item_id: s.title for s in vol.sections for e in s.entries} == {
        i: regions[i] for i in (ids[CASE_NET], ids[PLAN], ids[OPINION])}


def test_override_leaves_the_stored_item_alone(store):
    ids = sample_ids(store)
    vid = build_sample_volume(store)
    model.set_override(store, vid, ids[OPINION], title="关于深入开展创先争优活动的指导意见",
                       unit="吴江市委创先争优活动领导小组办公室")
    compiled = model.compile_volume(store, vid)
    item = compiled.sections[1].items[0]
    assert (item.title, item.unit) == ("关于深入开展创先争优活动的指导意见",
                                       "吴江市委创先争优活动领导小组办公室")
    row = store.execute("SELECT title, unit FROM items WHERE id = ?", (ids[OPINION],)).fetchone()
    assert row["title"] == OPINION and row["unit"] != item.unit
    model.set_override(store, vid, ids[OPINION], title="")
    assert model.compile_volume(store, vid).sections[1].items[0].title == OPINION


def test_compile_uses_body_and_outline_and_reports_a_vanished_item(store):
    ids = sample_ids(store)
    vid = build_sample_volume(store)
    compiled = model.compile_volume(store, vid)
    net = compiled.sections[0].items[0]
    row = store.execute("SELECT text, body_start FROM items WHERE id = ?",
                        (ids[CASE_NET],)).fetchone()
    assert net.body == row["text"][row["body_start"]:]
    first = net.outline[0]
    assert (first.level, net.body[first.start:first.end]) == (1, "一、成效和反响")
    store.execute("DELETE FROM items WHERE id = ?", (ids[PLAN],))
    with pytest.raises(NotFound, match="no longer in the store"):
        model.compile_volume(store, vid)
    model.remove_items(store, vid, [ids[PLAN]])
    assert len(model.compile_volume(store, vid).sections[2].items) == 1


def test_empty_sections_are_left_out_of_the_export(store):
    ids = sample_ids(store)
    vid = model.create_volume(store, "汇编")
    model.add_items(store, vid, [ids[PLAN]], section="优秀工作制度")
    assert [s.title for s in model.compile_volume(store, vid).sections] == ["优秀工作制度"]


def test_delete_volume_keeps_items(store):
    vid = build_sample_volume(store)
    model.delete_volume(store, vid)
    with pytest.raises(NotFound):
        model.get_volume(store, vid)
    assert store.execute("SELECT count(*) FROM volume_items").fetchone()[0] == 0
    assert store.execute("SELECT count(*) FROM items").fetchone()[0] == 6
