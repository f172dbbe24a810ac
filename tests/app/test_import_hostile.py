"""Issue 18: the app's import page unpacks uploads in the Streamlit process. A nested
zip bomb uploaded beside a good file: the bomb's members are refused with their codes
(stopped while inflating), the good file is stored, the store is sound."""

from __future__ import annotations

import pytest

from huibian.store import connect
from huibian.store.db import integrity_check
from huibian.testkit.zipmaker import nested_bomb
from tests.app.conftest import SAMPLE
from tests.app.harness import errors, page

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def test_import_page_refuses_a_nested_bomb_and_stores_the_rest(empty_db):
    bomb = nested_bomb(width=10, member_mb=1000, levels=3)  # 10 TB inflated, 26 KB
    good = (SAMPLE / "002_f10f9b464623ee1e.txt").read_bytes()
    at = page("import_page")
    at.file_uploader(key="import_files").set_value(
        [("炸弹.zip", bomb, "application/zip"), ("notice.txt", good, "text/plain")]).run()
    at.button(key="import_go").click().run()
    assert not errors(at)
    rows = at.session_state["import_result"]
    assert len(rows) == 101
    assert rows[-1] == {"文件": "notice.txt", "结果": "已入库", "条目数": 2, "说明": ""}
    refused = rows[:-1]
    assert {r["结果"] for r in refused} == {"失败"}
    assert all(r["说明"].endswith("[E138]") for r in refused)
    assert refused[0]["文件"] == "炸弹.zip!l2_0.zip!l1_0.zip"
    assert "导入完成：1 个已入库，0 个重复，100 个失败" in at.success[0].value
    conn = connect(empty_db)
    assert integrity_check(conn) == "ok"
    assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == 1
    conn.close()
