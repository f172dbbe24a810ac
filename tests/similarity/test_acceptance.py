"""The acceptance cases of issue 5, on the real seed documents ingested into a real
store through the real pipeline."""

import json

from huibian.cli import main
from huibian.similarity.report import Checker, submission_for_document, submission_for_item
from huibian.similarity.shingles import make_view
from tests.similarity.conftest import item_by_unit, read_doc, seed_path
import pytest

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

INSERTED = ("周末的天气预报说，明天上午多云转晴，下午有小雨，气温在十八到二十五度之间，"
            "出门记得带伞。晚饭可以做一道番茄炒蛋：鸡蛋打散炒至凝固盛出，番茄切块炒软，"
            "再把鸡蛋倒回去加盐翻炒均匀即可。")

EDITS = {  # paragraph index in the item text -> (old, new) word replacements
    16: [("座谈会", "研讨会"), ("认真的研究核算", "细致的测算分析"), ("帮助解决难题", "协助破解难点")],
    20: [("集中授课", "集体讲授"), ("多渠道、多形式", "多途径、多方式")],
}


def _edited_case(conn):
    """Seed 000's case by 江西省电教馆 with two paragraphs edited and one inserted;
    returns (text, replaced view chars)."""
    case_id = item_by_unit(conn, "江西省电教馆")
    text = conn.execute("SELECT text FROM items WHERE id = ?", (case_id,)).fetchone()[0]
    paras = text.split("\n")
    replaced = 0
    for idx, reps in EDITS.items():
        for old, new in reps:
            assert old in paras[idx], (idx, old)
            paras[idx] = paras[idx].replace(old, new, 1)
            replaced += len(make_view(new))
    paras.insert(10, INSERTED)
    return case_id, "\n".join(paras) + "\n", replaced


def test_edited_case_is_reported_with_the_true_ratio_and_insertion_unmarked(seeded, tmp_path):
    case_id, text, replaced = _edited_case(seeded)
    path = tmp_path / "edited_case.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_doc(path)
    report = Checker(seeded).check(submission_for_document(doc))
    data = report.as_dict()

    n = data["chars"]
    assert n == len(make_view(doc.normalized.text))
    true_ratio = (n - len(make_view(INSERTED)) - replaced) / n
    source = data["sources"][0]
    assert source["id"] == case_id
    assert data["ratios"]["max_single_source"]["id"] == case_id
    assert abs(data["ratios"]["total"] - true_ratio) <= 0.02, (data["ratios"], true_ratio)
    assert abs(source["ratio"] - true_ratio) <= 0.02

    at = doc.normalized.text.index(INSERTED)
    for s in data["sources"]:
        for p in s["passages"]:
            assert p["end"] <= at or p["start"] >= at + len(INSERTED), p["text"]
            assert p["text"] == doc.normalized.text[p["start"]:p["end"]]
    edits = [e for p in source["passages"] for e in p["edits"]]
    assert {"kind": "replace", "text": "研讨", "source_text": "座谈"}.items() <= \
        next(e for e in edits if e["text"] == "研讨").items()


def test_shared_campaign_language_is_one_bridged_passage_whatever_the_punctuation(seeded):
    sub_id = item_by_unit(seeded, "中共青山湖区")
    src_id = item_by_unit(seeded, "中共吴江市委", "在全市")
    data = Checker(seeded).check(submission_for_item(seeded, sub_id)).as_dict()
    sub_text = seeded.execute("SELECT text FROM items WHERE id=?", (sub_id,)).fetchone()[0]
    src_text = seeded.execute("SELECT text FROM items WHERE id=?", (src_id,)).fetchone()[0]
    source = next(s for s in data["sources"] if s["id"] == src_id)
    want_sub = "优秀共产党员为主要内容，引导基层党组织履职尽责创先进，广大党员立足岗位争优秀"
    want_src = "优秀共产党员为主要内容，引导基层党组织履职尽责创先进、广大党员立足岗位争优秀"
    hits = [p for p in source["passages"] if p["text"] == want_sub]
    assert len(hits) == 1
    p = hits[0]
    assert sub_text[p["start"]:p["end"]] == want_sub
    assert src_text[p["source_start"]:p["source_end"]] == want_src
    assert p["common"] is False


def test_phrase_in_all_three_seeds_is_common(seeded):
    sub_id = item_by_unit(seeded, "中共青山湖区")
    data = Checker(seeded).check(submission_for_item(seeded, sub_id)).as_dict()
    phrase = make_view("组织和党员中深入开展创先争优活动").text
    with_phrase = [p for s in data["sources"] for p in s["passages"]
                   if phrase in make_view(p["text"]).text]
    assert with_phrase and all(p["common"] for p in with_phrase)
    units = {s["unit"] or s["source"] for s in data["sources"]
             if any(phrase in make_view(p["text"]).text for p in s["passages"])}
    assert len(units) == 2  # plus the submitter's own unit: three
    assert data["ratios"]["excluding_common"] < data["ratios"]["total"]
    # with K = 4 the same phrase is no longer common
    from huibian.similarity.report import CheckOptions
    data4 = Checker(seeded, options=CheckOptions(common_units=4)).check(
        submission_for_item(seeded, sub_id)).as_dict()
    assert not any(p["common"] for s in data4["sources"] for p in s["passages"])


def test_unrelated_text_has_no_passage(seeded, tmp_path):
    path = tmp_path / "unrelated.txt"
    path.write_text("今年入夏以来，我市气温持续偏高，最高气温达到三十八摄氏度。气象台提醒市民"
                    "注意防暑降温，尽量避免在午后高温时段外出。红烧肉的做法并不复杂：五花肉切块"
                    "焯水，锅中放少许油和冰糖小火炒出糖色，下肉块翻炒上色，加入葱姜、料酒、"
                    "生抽和热水，小火慢炖一个小时，最后大火收汁即可。\n", encoding="utf-8")
    data = Checker(seeded).check(submission_for_document(read_doc(path))).as_dict()
    assert data["sources"] == []
    assert data["copied_chars"] == 0 and data["ratios"]["total"] == 0.0


def test_json_shape_and_cli(seeded_db, tmp_path, capsys):
    path = tmp_path / "part.txt"
    text = seed_path("001").read_text(encoding="utf-8")
    path.write_text(text[:1500] + "\n<script>alert('x')</script>\n", encoding="utf-8")
    html = tmp_path / "report.html"
    assert main(["check", str(path), "--json", "--db", str(seeded_db),
                 "--html", str(html)]) == 0
    data = json.loads(capsys.readouterr().out)
    # issue 22 added fields (exact and reworded copies); none was removed or renamed
    assert set(data) == {"chars", "copied_chars", "ratios", "sources"} | {
        "exact_chars", "reworded_chars"}
    assert set(data["ratios"]) == {"total", "excluding_quotes", "excluding_same_unit",
                                   "excluding_common", "max_single_source"} | {
        "exact_copy", "reworded_copy"}
    assert set(data["ratios"]["max_single_source"]) == {"id", "ratio"}
    s = data["sources"][0]
    assert set(s) == {"id", "source", "title", "unit", "date", "ratio", "passages"} | {
        "exact_ratio", "reworded_ratio"}
    exact = [p for p in s["passages"] if p["kind"] == "exact"]
    assert set(exact[0]) == {"start", "end", "source_start", "source_end", "text",
                             "common", "quoted", "edits"} | {"kind", "swaps"}
    # the stored seed 001 is a different file (other bytes): it is reported
    assert any(s["source"].endswith(seed_path("001").name) for s in data["sources"])
    page = html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script" not in page


def test_a_stored_file_does_not_report_itself(seeded_db, capsys):
    assert main(["check", str(seed_path("001")), "--json", "--db", str(seeded_db)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sources"]
    assert not any(s["source"].endswith(seed_path("001").name) for s in data["sources"])
