"""Ratios, quotes, same-unit, references, self-exclusion, dupes and HTML."""

import json

from huibian.cli import main
from huibian.similarity.common import add_reference, list_references, remove_reference
from huibian.similarity.dupes import find_dupes
from huibian.similarity.html_report import render
from huibian.similarity.report import Checker, Submission, submission_for_document
from tests.similarity.conftest import ingest_paths, read_doc, seed_path
import pytest

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

CASE = ("接受任务以后，我馆就义务教育学科课程网络资源建设工作通过座谈会、调研等形式，就教师选拔、"
        "学科课程数量、课程建设模式和制作经费等进行了认真的研究核算。")


def _case_text(conn):
    return conn.execute("SELECT text FROM items WHERE unit = '江西省电教馆'").fetchone()[0]


def test_quoted_copy_is_outside_the_quote_ratio_and_same_unit_apart(seeded):
    text = "正如该馆所说：“" + CASE + "”我们也要学习。"
    rep = Checker(seeded).check(Submission(text=text, units=frozenset({"江西省电教馆"})))
    data = rep.as_dict()
    p = data["sources"][0]["passages"][0]
    assert p["quoted"] is True and p["common"] is False
    assert data["ratios"]["total"] > 0.8
    assert data["ratios"]["excluding_quotes"] == 0.0
    assert data["ratios"]["excluding_same_unit"] == 0.0  # the source is the same unit
    other = Checker(seeded).check(Submission(text=text, units=frozenset({"某某中学"}))).as_dict()
    assert other["ratios"]["excluding_same_unit"] == other["ratios"]["total"]
    assert data["copied_chars"] == round(data["ratios"]["total"] * data["chars"])


def test_reference_texts_make_passages_common(tmp_path):
    conn = ingest_paths(tmp_path / "s.db", [seed_path("000")])
    text = "我们的做法：" + CASE + "今后继续努力。"
    before = Checker(conn).check(Submission(text=text)).as_dict()
    assert before["ratios"]["excluding_common"] == before["ratios"]["total"] > 0.8
    ref = add_reference(conn, "中央文件", "……" + CASE[10:] + "……")
    assert add_reference(conn, "again", "……" + CASE[10:] + "……") == ref
    after = Checker(conn).check(Submission(text=text)).as_dict()
    assert after["ratios"]["total"] == before["ratios"]["total"]
    assert after["ratios"]["excluding_common"] < 0.2
    remove_reference(conn, ref)
    assert list_references(conn) == []


def test_same_text_in_another_file_is_reported_but_not_the_file_itself(tmp_path):
    # the same text from the same unit is one item since issue 17 (a rendition): the
    # copy here is sent by another unit
    copy = tmp_path / "copy_of_001.txt"
    copy.write_text(seed_path("001").read_text(encoding="utf-8").replace("青山湖区", "西湖区"),
                    encoding="utf-8")
    conn = ingest_paths(tmp_path / "s.db", [seed_path("001"), copy])
    data = Checker(conn).check(submission_for_document(read_doc(seed_path("001")))).as_dict()
    assert [s["source"] for s in data["sources"]] == [str(copy)]
    assert data["ratios"]["max_single_source"]["ratio"] > 0.99


def test_dupes_cluster_near_identical_texts_of_different_units(tmp_path, capsys):
    case = read_doc(seed_path("000")).items[1].text
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    body = case.split("\n", 2)[2]
    a.write_text("学科资源建设经验\n\n甲县电教站\n\n" + body, encoding="utf-8")
    b.write_text("学科资源建设经验\n\n乙县电教站\n\n" + body.replace("座谈会", "研讨会")
                 .replace("资源拍摄点", "录制点"), encoding="utf-8")
    db = tmp_path / "s.db"
    conn = ingest_paths(db, [seed_path("001"), a, b])
    clusters = find_dupes(conn, min_ratio=0.5)
    assert len(clusters) == 1
    names = sorted(it["source"] for it in clusters[0].items)
    assert names == [str(a), str(b)]
    assert clusters[0].pairs[0].ratio > 0.9
    assert main(["dupes", "--json", "--db", str(db)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 1 and len(out[0]["items"]) == 2


def test_html_colours_each_source_and_escapes_everything():
    report = {"chars": 10, "copied_chars": 6,
              "ratios": {"total": 0.6, "excluding_quotes": 0.6, "excluding_same_unit": 0.6,
                         "excluding_common": 0.3, "max_single_source": {"id": "s1", "ratio": 0.3}},
              "sources": [
                  {"id": "s1", "source": "a<b>.txt", "title": "<i>t</i>", "unit": "u", "date": None,
                   "ratio": 0.3, "passages": [{"start": 0, "end": 3, "source_start": 1,
                                               "source_end": 4, "text": "<s>", "common": False,
                                               "quoted": False, "edits": []}]},
                  {"id": "s2", "source": "b.txt", "title": "t2", "unit": None, "date": None,
                   "ratio": 0.3, "passages": [{"start": 3, "end": 6, "source_start": 0,
                                               "source_end": 3, "text": "abc", "common": True,
                                               "quoted": False, "edits": []}]}]}
    page = render(report, "<s>abc</script>", {"s1": "x<s>y", "s2": "abc"}, "<title>")
    assert "<script" not in page and "<s>" not in page and "<i>" not in page
    assert "&lt;/script&gt;" in page and "a&lt;b&gt;.txt" in page
    assert "<mark class='s0' style='background:#ffd6d6'><a id='sub-0-0' href='#src-0-0'>&lt;s&gt;" \
        in page
    assert "<mark class='common' style=''><a id='sub-1-0' href='#src-1-0'>abc</a></mark>" in page
    assert "id='src-0-0' href='#sub-0-0'>&lt;s&gt;</a>" in page
    # sources by number, title and unit, never by hex id (issue 17)
    assert "<a href='#src-0'>[1]</a></td><td>&lt;i&gt;t&lt;/i&gt;</td>" in page
    assert "<td>30.0% [1] &lt;i&gt;t&lt;/i&gt;（u）</td>" in page
    assert "s1" not in page.replace("class='s1'", "")


def test_html_shows_edits_as_titles_on_the_passage():
    report = {"chars": 4, "copied_chars": 4,
              "ratios": {"total": 1.0, "excluding_quotes": 1.0, "excluding_same_unit": 1.0,
                         "excluding_common": 1.0, "max_single_source": {"id": "s", "ratio": 1}},
              "sources": [{"id": "s", "source": "", "title": "", "unit": None, "date": None,
                           "ratio": 1.0, "passages": [
                               {"start": 0, "end": 4, "source_start": 0, "source_end": 4,
                                "text": "甲乙丙丁", "common": False, "quoted": False,
                                "edits": [{"kind": "replace", "start": 1, "end": 2, "text": "乙",
                                           "source_start": 1, "source_end": 2,
                                           "source_text": "<b>"}]}]}]}
    page = render(report, "甲乙丙丁", {"s": "甲<b>丙丁"})
    assert "title='乙 ← &lt;b&gt;'" in page


def test_references_commands(tmp_path, capsys):
    db = tmp_path / "s.db"
    ref = tmp_path / "central.txt"
    ref.write_text("中央文件\n\n" + CASE + "\n", encoding="utf-8")
    assert main(["references", "add", str(ref), "--db", str(db)]) == 0
    assert main(["references", "list", "--json", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    listed = json.loads(out[out.index("["):])
    assert [r["title"] for r in listed] == ["central.txt"]
    assert main(["references", "remove", str(listed[0]["id"]), "--db", str(db)]) == 0
    assert main(["references", "remove", "999", "--db", str(db)]) == 1


def test_check_by_item_id_prefix_and_min_chars(seeded_db, capsys):
    from huibian.store import connect

    conn = connect(seeded_db)
    item_id = conn.execute("SELECT id FROM items WHERE unit LIKE '中共青山湖区%'").fetchone()[0]
    conn.close()
    assert main(["check", item_id[:8], "--db", str(seeded_db)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("关于在全区教育系统")
    assert item_id not in out  # not its own source
    assert main(["check", item_id, "--json", "--db", str(seeded_db)]) == 0
    d13 = json.loads(capsys.readouterr().out)
    assert main(["check", item_id, "--json", "--min-chars", "30", "--db", str(seeded_db)]) == 0
    d30 = json.loads(capsys.readouterr().out)
    lengths = [p["end"] - p["start"] for s in d30["sources"] for p in s["passages"]]
    assert lengths and min(lengths) >= 30
    assert d30["copied_chars"] < d13["copied_chars"]
    assert main(["check", item_id, "--min-chars", "3", "--db", str(seeded_db)]) == 2
