"""Fields below their calibrated confidence are 待定: ``huibian ls --pending`` lists the
items most uncertain first, ``show --json`` gives each field's confidence, the overview
lists them and the item page marks them."""

from __future__ import annotations

import json

import pytest

from huibian.cli import main
from huibian.store import connect
from tests.app.harness import errors, page

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

# an article that names no unit anywhere (so its unit is 待定) beside a notice whose
# unit, date and 文号 are all found in their usual places
NO_UNIT = ("浅谈新时代学校党建工作的几个着力点\n\n学校党建工作要把握正确方向，这是一个需要长期思考的问题。"
           "我们认为应当从制度建设入手，逐步完善各项工作机制，让党组织的作用落到教学一线。\n")
NOTICE = ("青溪县教育局文件\n青教发〔2013〕8号\n\n关于开展师德承诺活动的通知\n\n各中小学：\n"
          "为加强师德建设，经研究，决定在全县中小学开展师德承诺活动。请各校认真组织实施。\n\n"
          "青溪县教育局\n2013年3月5日\n")


def _ingest(tmp_path, db):
    a = tmp_path / "article.txt"
    a.write_text(NO_UNIT, encoding="utf-8")
    b = tmp_path / "notice.txt"
    b.write_text(NOTICE, encoding="utf-8")
    assert main(["--db", str(db), "ingest", str(a), str(b)]) == 0


def test_ls_pending_lists_only_the_uncertain_item(db_path, tmp_path, capsys):
    db = db_path
    _ingest(tmp_path, db)
    capsys.readouterr()
    assert main(["--db", str(db), "ls", "--pending", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["title"] for r in rows] == ["浅谈新时代学校党建工作的几个着力点"]
    assert rows[0]["pending"] == ["unit"] and rows[0]["lowest_confidence"] < 0.5
    conn = connect(db)
    notice_id = conn.execute("SELECT id FROM items WHERE title LIKE '关于开展%'").fetchone()[0]
    conn.close()
    assert main(["--db", str(db), "show", notice_id, "--json"]) == 0
    fields = {f["field"]: f for f in json.loads(capsys.readouterr().out)["fields"]}
    assert fields["unit"]["source"] == "banner" and not fields["unit"]["pending"]
    assert fields["doc_number"]["source"] == "header" and not fields["doc_number"]["pending"]
    assert fields["date"]["source"] == "signature" and not fields["date"]["pending"]


def test_overview_and_item_page_show_pending(db_path, tmp_path, monkeypatch):
    from huibian.services.people import LOCAL_OPERATOR, Accounts
    from tests.app.conftest import PASSWORD

    db = db_path
    conn = connect(db)
    Accounts.for_store(db).add(LOCAL_OPERATOR, "admin", PASSWORD, "admin", conn=conn)
    conn.close()
    _ingest(tmp_path, db)
    monkeypatch.setenv("HUIBIAN_DB", str(db))
    at = page("overview_page")
    assert not errors(at)
    assert "待核对（待定字段）" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if "待定字段" in d.value.columns)
    assert list(table["标题"]) == ["浅谈新时代学校党建工作的几个着力点"]
    assert list(table["待定字段"]) == ["单位"]
    item_id = table["编号"][0]
    at = page("item_page", query_params={"id": item_id})
    assert not errors(at)
    assert any("待定（未识别出" in m.value for m in at.markdown)
