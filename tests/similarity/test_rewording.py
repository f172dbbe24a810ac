"""Reworded copies (issue 22): a swapped, a reordered and a spliced case pinned with
exact offsets on both sides, on two documents of our own ingested through the real
pipeline; the exact-only switch (library, CLI, HTML); the thesaurus data files."""

import json

import pytest

from huibian.cli import main
from huibian.core.errors import DataFileError
from huibian.similarity.html_report import render
from huibian.similarity.report import CheckOptions, Checker, Submission
from huibian.similarity.thesaurus import build_thesaurus, load_domain, thesaurus
from tests.similarity.conftest import ingest_paths

DOC_A = ("金湖社区党员联系户工作纪实\n\n金湖社区党委\n\n"
         "近年来，社区党委坚持把服务群众作为基层党建的出发点和落脚点，认真开展党员联系户活动。"
         "每名党员固定联系十户居民，每月至少上门走访一次，及时了解群众的实际困难。"
         "对走访中发现的问题，社区党委实行台账管理，明确责任人和办结时限，做到件件有回音。\n")
DOC_B = ("青山中学党员示范课评比活动总结\n\n青山中学党总支\n\n"
         "学校党总支围绕提高教育教学质量这一中心任务，组织党员教师开展示范课评比活动。"
         "每学期每名党员教师至少上一节公开示范课，课后由教研组集体评议，评议结果记入党员教师业务档案。"
         "通过这项活动，青年教师的课堂教学能力得到明显提升，学校的办学水平不断提高。\n")

SWAPPED = "近年来，社区党委坚持把效劳民众当成一线党建的出发点和落脚点，仔细展开党员联系户行动。"
REORDERED = ("通过这项行动，青年教师的课堂教学水平得到显著提升，学校的办学能力持续提高。"
             "学校党总支围绕提升教育教学质量这一重心任务，组织党员教师展开示范课评比行动。")
SPLICED = ("学校党总支围绕提升教育教学质量这一重心任务，组织党员教师展开示范课评比行动。"
           "近年来，社区党委坚持把效劳民众当成一线党建的出发点和落脚点，仔细展开党员联系户行动。")


pytestmark = pytest.mark.both_stores


@pytest.fixture
def store(tmp_path, db_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    a, b = folder / "a.txt", folder / "b.txt"
    a.write_text(DOC_A, encoding="utf-8")
    b.write_text(DOC_B, encoding="utf-8")
    db = db_path
    conn = ingest_paths(db, [a, b])
    texts = {r[0]: r[1] for r in conn.execute("SELECT title, text FROM items")}
    yield db, conn, texts
    conn.close()


def _swaps(p):
    return [(w["text"], w["start"], w["end"], w["source_text"], w["source_start"],
             w["source_end"]) for w in p["swaps"]]


def test_swapped_words_are_a_reworded_passage_the_exact_check_misses(store):
    _db, conn, texts = store
    chk = Checker(conn)
    exact = chk.check(Submission(text=SWAPPED), reworded=False).as_dict()
    assert exact["copied_chars"] == 0 and exact["sources"] == []
    data = chk.check(Submission(text=SWAPPED)).as_dict()
    assert (data["chars"], data["copied_chars"], data["exact_chars"], data["reworded_chars"]) == \
        (39, 39, 0, 39)
    assert data["ratios"]["total"] == data["ratios"]["reworded_copy"] == 1.0
    assert data["ratios"]["exact_copy"] == 0.0
    [src] = data["sources"]
    assert src["title"] == "金湖社区党员联系户工作纪实"
    assert (src["ratio"], src["exact_ratio"], src["reworded_ratio"]) == (1.0, 0.0, 1.0)
    [p] = src["passages"]
    assert (p["kind"], p["start"], p["end"], p["source_start"], p["source_end"]) == \
        ("reworded", 0, 41, 21, 62)
    assert p["text"] == SWAPPED[0:41]
    assert texts[src["title"]][21:62] == \
        "近年来，社区党委坚持把服务群众作为基层党建的出发点和落脚点，认真开展党员联系户活动"
    assert _swaps(p) == [("效劳", 11, 13, "服务", 32, 34), ("民众", 13, 15, "群众", 34, 36),
                         ("一线", 17, 19, "基层", 38, 40), ("仔细", 30, 32, "认真", 51, 53),
                         ("展开", 32, 34, "开展", 53, 55), ("行动", 39, 41, "活动", 60, 62)]
    # 当成 for 作为 is no synonym the thesaurus knows: an edit inside the passage
    assert [(e["kind"], e["text"], e["start"], e["source_text"], e["source_start"])
            for e in p["edits"]] == [("replace", "当成", 15, "作为", 36)]


def test_reordered_sentences_each_align_to_their_source_sentence(store):
    _db, conn, texts = store
    data = Checker(conn).check(Submission(text=REORDERED)).as_dict()
    assert (data["chars"], data["copied_chars"], data["reworded_chars"]) == (70, 70, 70)
    [src] = data["sources"]
    assert src["title"] == "青山中学党员示范课评比活动总结"
    first, second = src["passages"]
    # the submission's first sentence is the source's last, and the other way round
    assert (first["start"], first["end"], first["source_start"], first["source_end"]) == \
        (0, 36, 108, 144)
    assert (second["start"], second["end"], second["source_start"], second["source_end"]) == \
        (37, 74, 24, 61)
    source = texts[src["title"]]
    assert source[108:144] == "通过这项活动，青年教师的课堂教学能力得到明显提升，学校的办学水平不断提高"
    assert source[24:61] == "学校党总支围绕提高教育教学质量这一中心任务，组织党员教师开展示范课评比活动"
    assert _swaps(first) == [("行动", 4, 6, "活动", 112, 114), ("水平", 16, 18, "能力", 124, 126),
                             ("显著", 20, 22, "明显", 128, 130), ("能力", 30, 32, "水平", 138, 140),
                             ("持续", 32, 34, "不断", 140, 142)]
    assert _swaps(second) == [("提升", 44, 46, "提高", 31, 33), ("重心", 54, 56, "中心", 41, 43),
                              ("展开", 65, 67, "开展", 52, 54), ("行动", 72, 74, "活动", 59, 61)]


def test_spliced_sources_are_both_reported_with_their_shares(store):
    _db, conn, _texts = store
    data = Checker(conn).check(Submission(text=SPLICED)).as_dict()
    assert (data["chars"], data["copied_chars"]) == (75, 75)
    assert [(s["title"], s["ratio"]) for s in data["sources"]] == [
        ("金湖社区党员联系户工作纪实", 0.52), ("青山中学党员示范课评比活动总结", 0.48)]
    assert data["ratios"]["max_single_source"]["ratio"] == 0.52
    a, b = ([(p["start"], p["end"], p["source_start"], p["source_end"]) for p in s["passages"]]
            for s in data["sources"])
    assert a == [(38, 79, 21, 62)] and b == [(0, 37, 24, 61)]
    assert SPLICED[38:79].startswith("近年来") and SPLICED[0:37].endswith("评比行动")
    assert _swaps(data["sources"][0]["passages"][0])[0] == ("效劳", 49, 51, "服务", 32, 34)


def test_exact_only_switch_in_options_cli_and_html(store, tmp_path, capsys):
    db, conn, _texts = store
    assert Checker(conn, options=CheckOptions(reworded=False)).check(
        Submission(text=SPLICED)).as_dict()["copied_chars"] == 0
    path = tmp_path / "spliced.txt"
    path.write_text(SPLICED + "\n", encoding="utf-8")
    assert main(["check", str(path), "--json", "--db", str(db)]) == 0
    full = json.loads(capsys.readouterr().out)
    assert full["reworded_chars"] == 75 and full["ratios"]["reworded_copy"] == 1.0
    assert main(["check", str(path), "--json", "--exact-only", "--db", str(db)]) == 0
    exact = json.loads(capsys.readouterr().out)
    assert exact["copied_chars"] == 0 and exact["ratios"]["reworded_copy"] == 0.0
    assert main(["check", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "exact copy (原文复制) 0.0%, reworded copy (改写复制) 100.0%" in out
    assert "1 passages (0 common, 1 reworded)" in out
    report = Checker(conn).check(Submission(text=SWAPPED))
    page = render(report.as_dict(), SWAPPED, report.source_texts(), "改写")
    assert "id='exact-only'" in page and "改写复制 100.0%" in page
    # the swapped word on both sides, each pointing at the other's word
    assert "title='原词：服务'>效劳</a></mark>" in page
    assert "title='改为：效劳'>服务</a></mark>" in page
    assert "class='s0 rw swap'" in page


def test_thesaurus_classes_and_the_domain_list(tmp_path):
    th = thesaurus()
    for a, b in [("开展", "展开"), ("加强", "增强"), ("问题", "难题"), ("服务", "效劳")]:
        assert th.classes[a] == th.classes[b], (a, b)
    assert th.classes["开展"] != th.classes["乐观"]  # 开展 in its 进行 sense (Cilin has both)
    assert th.same_group("开展", "乐观")
    bad = tmp_path / "syn.txt"
    bad.write_text("开展 展开\n加强\n", encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        load_domain(bad)
    assert e.value.code == "E213" and ":2" in str(e.value)
    bad.write_text("开展 展开\n展开 进行\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="already in the class of line 1"):
        load_domain(bad)
    small = build_thesaurus([["甲乙", "丙丁"]], [("Aa01A01=", ["甲乙", "戊己", "x"])], freq={})
    assert small.classes == {"甲乙": 0, "丙丁": 0, "戊己": 1}
    assert small.same_group("甲乙", "戊己") and not small.same_group("丙丁", "戊己")
