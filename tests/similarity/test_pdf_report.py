"""The 查重 report as PDF (issue 17): CNKI's counts in one character count (Chinese
characters, an item's 字数), the front/back 20% overlap counts, the sources by title
and unit, the Simplified Chinese face; read back with pdftotext."""

from __future__ import annotations

import subprocess

import pytest

from huibian.similarity.pdf_report import render_pdf, report_numbers
from huibian.similarity.report import Checker, Submission
from huibian.core.records import count_chinese
from tests.similarity.conftest import ingest_paths, seed_path

pytestmark = pytest.mark.both_stores

# Chromium and poppler-utils are installed by `make test` (system-deps): no skip

# new text (no stored item holds it), longer than a fifth of the checked text
OWN = ("我们在实践中摸索出三条经验：一是领导重视，班子成员分片包干，每月听取一次汇报；"
       "二是制度保障，建立台账、定期通报、年终考评三项制度；三是群众参与，设立意见箱和"
       "接待日，及时回应教职工关切。") * 8


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return "".join(out.split())


def test_counts_front_and_back(tmp_path, db_path):
    conn = ingest_paths(db_path, [seed_path("001")])
    stored = conn.execute("SELECT text, title, unit FROM items").fetchone()
    copied = stored[0][:1500]
    text = copied + "\n" + OWN
    report = Checker(conn).check(Submission(text=text, name="送检稿"), reworded=False)
    n = report_numbers(report)
    # one count: Chinese characters, as an item's 字数
    chars = count_chinese(text)
    edge = round(chars * 0.2)
    assert n["chars"] == chars
    assert n["edge_chars"] == edge
    assert n["front_chars"] == edge          # the copied part opens the text
    assert n["back_chars"] == 0              # the text ends with its own words
    assert n["copied_chars"] == count_chinese(copied)
    assert n["max_single_chars"] == n["copied_chars"]
    assert list(n["source_chars"].values()) == [n["copied_chars"]]

    pdf = render_pdf(report.as_dict(), n, text, title="送检稿", unit="江西某中学",
                     author="中共江西省委教育工委")
    flat = _text(pdf, tmp_path)
    assert f"总字数{chars}" in flat and f"重复字数{n['copied_chars']}" in flat
    assert f"前部重合字数{edge}" in flat and "后部重合字数0" in flat
    total = report.ratios()["total"]
    assert f"总文字复制比{total * 100:.1f}%" in flat
    assert f"1.{stored[1]}（{stored[2]}）" in flat
    assert f"[1]{stored[1]}（{stored[2]}）" in flat
    assert "单位：江西某中学" in flat and "中共江西省委教育工委" in flat
    # the copied passage, in the text and in the list of passages
    assert flat.count("深入开展创先争优活动，是党的十七大") >= 2
    fonts = subprocess.run(["pdffonts", str(tmp_path / "r.pdf")], capture_output=True,
                           text=True).stdout
    assert "NotoSansCJKSC" in fonts and "jp" not in fonts.lower().replace("cjksc", "")


def test_nothing_copied(tmp_path, db_path):
    conn = ingest_paths(db_path, [seed_path("001")])
    report = Checker(conn).check(Submission(text=OWN, name="新稿"), reworded=False)
    n = report_numbers(report)
    assert (n["copied_chars"], n["front_chars"], n["back_chars"], n["max_single_chars"]) == \
        (0, 0, 0, 0)
    flat = _text(render_pdf(report.as_dict(), n, OWN, title="新稿", unit=None,
                            author="汇编编委会"), tmp_path)
    assert "总文字复制比0.0%" in flat and "未发现与库中文档相同的段落" in flat
    assert "单位：未署单位" in flat


def test_an_items_report_counts_its_characters_as_the_item_does(db_path):
    from huibian.similarity.report import submission_for_item

    conn = ingest_paths(db_path, [seed_path("001"), seed_path("002")])
    iid, chars = conn.execute("SELECT id, chars FROM items WHERE chars > 6000").fetchone()
    report = Checker(conn).check(submission_for_item(conn, iid), reworded=False)
    assert chars == 6077
    assert report_numbers(report)["chars"] == 6077
