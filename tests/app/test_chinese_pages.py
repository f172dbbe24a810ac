"""Issue 17 on single pages (AppTest, the sample store): errors in Chinese with their
code, label reasons as Chinese sentences, entity tags in Chinese and a switch to hide
them, times in the campaign's zone, audit records in Chinese, and the audit log's
date filter by days of that zone."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from huibian.core.errors import InputError
from huibian.services import audit
from huibian.services.people import Accounts
from huibian.services.review import correct_labels
from huibian.nlp.taxonomy import load_taxonomy
from huibian.store import connect
from tests.app.harness import errors, page

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _hospital(db) -> str:
    conn = connect(db)
    [(item,)] = conn.execute("SELECT id FROM items WHERE unit='南昌大学第四附属医院'").fetchall()
    conn.close()
    return item


def test_a_query_error_is_a_chinese_sentence_with_its_code(sample_db):
    at = page("search_page")
    at.text_input(key="search_q").input("党员 OR").run()
    assert errors(at) == ["操作未完成：OR 两边都需要检索词，例如：党员 OR 团员 \\[E400\\]"]


def test_reasons_tags_and_a_human_label_in_chinese(sample_db):
    item = _hospital(sample_db)
    conn = connect(sample_db)
    admin = Accounts.for_store(sample_db).get("admin")
    correct_labels(conn, admin, load_taxonomy(), item, "theme", ["org_building"])
    at_utc = conn.execute("SELECT at FROM labels WHERE item_id=? AND source='human'",
                          (item,)).fetchone()[0]
    conn.close()
    at = page("item_page", query_params={"id": item, "q": "创岗建区"})
    assert not errors(at)
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "")  # md() escapes
    local = dt.datetime.fromisoformat(at_utc).astimezone(
        dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
    assert f"- 基层组织建设 （1.00）— 人工标注：admin，{local}" in shown
    assert "命中提示词“责任区”（5 处）、“党员先锋岗”（2 处）、“红旗责任区”（1 处）、“创岗建区”（1 处）" in shown
    assert "模型依据：" in shown and "14 段中 14 段符合；最强一段：" in shown
    for english in ("rule ", "model ", "strongest features", "paragraphs", "human label",
                    "+00:00", "struct:"):
        assert english not in shown, english
    # the text with its tags in Chinese; the switch hides all but the search terms
    text = "\n".join(h.proto.body for h in at.get("html"))
    assert "检索词" in text and "组织" in text
    assert not re.search(r"\b(ORG|GPE|PERSON|CARRIER|ACTIVITY|SEARCH)\b", text)
    at.toggle(key="item_entities").set_value(False).run()
    text = "\n".join(h.proto.body for h in at.get("html"))
    assert "检索词" in text and ">组织<" not in text.replace(" ", "")
    assert [c.value for c in at.caption if c.value.startswith("黄色")] == ["黄色为检索词"]


def test_audit_times_and_days_in_the_campaigns_zone(sample_db):
    conn = connect(sample_db)
    admin = Accounts.for_store(sample_db).get("admin")
    item = _hospital(sample_db)
    correct_labels(conn, admin, load_taxonomy(), item, "genre", ["case"])
    # 23:30 UTC on 1 March is 07:30 on 2 March in Asia/Shanghai
    conn.execute("UPDATE audit_log SET at='2024-03-01T23:30:00+00:00' WHERE action='label.set'")
    conn.commit()
    flt = dict(actor="admin", kind="label")
    assert audit.count(conn, admin, since="2024-03-02", until="2024-03-02", **flt) == 0
    assert audit.count(conn, admin, audit.AuditFilter(since="2024-03-02", until="2024-03-02",
                                                      tz="Asia/Shanghai", **flt)) == 1
    assert audit.count(conn, admin, audit.AuditFilter(since="2024-03-01", until="2024-03-01",
                                                      tz="Asia/Shanghai", **flt)) == 0
    conn.close()
    at = page("audit_page")
    assert not errors(at)
    rows = at.dataframe[0].value
    mine = rows[rows["操作"] == "修改标注"].iloc[0]
    assert mine["时间"] == "2024-03-02 07:30"
    assert mine["对象"] == f"文档 {item}"
    assert mine["详情"] == "维度：文种；原为：实践案例 / 经验材料；标签：实践案例 / 经验材料"
    first = rows[rows["操作"] == "新建账号"]
    assert set(first["操作人"]) == {"本机命令行"}
    assert set(first["详情"]) >= {"角色：管理员；单位：无", "角色：评审专家；单位：江西省电教馆"}
    assert all(TIME.fullmatch(t) for t in rows["时间"])


def test_a_bad_time_zone_is_refused_by_name():
    from huibian.core.settings import read_settings

    try:
        read_settings({"HUIBIAN_TZ": "Mars/Olympus"})
    except InputError:  # pragma: no cover - a SettingsError is not an InputError
        raise
    except Exception as exc:  # noqa: BLE001
        assert str(exc) == ("HUIBIAN_TZ='Mars/Olympus' is not a time zone; use a name such as "
                            "Asia/Shanghai [E901]")
    else:
        raise AssertionError("HUIBIAN_TZ='Mars/Olympus' was taken")
