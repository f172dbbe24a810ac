"""Issue 17, 查重: in Chromium, a file checked on the 查重 page shows its progress, and
its PDF report (CNKI's 检测报告单 manner) downloads and holds the ratios, the counts
and the copied passages with their sources by title and unit (read with pdftotext)."""

from __future__ import annotations

import subprocess


from tests.app.conftest import PASSWORD, SAMPLE
from tests.app.test_e2e_browser import ARGS, CHROMIUM, _settle, server  # noqa: F401 (fixture)

# Chromium and poppler-utils are installed by `make test` (system-deps): no skip
# The store is sample_db, so ``pytest --both-stores`` runs this module on PostgreSQL too;
# not marked both_stores: Chromium makes its PostgreSQL half take about 75 s more

# a passage of the sample's 江西省电教馆 case, copied into the checked file
PASSAGE = "满足基层学校、师生学习需求为根本"


def test_pdf_report_downloads_with_the_passages(server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    case = (SAMPLE / "000_3d6cb0e400fd333e.txt").read_text(encoding="utf-8")
    start = case.index("做好学科课程网络资源")
    body = case[start:start + 1500]
    assert PASSAGE in body
    check_file = tmp_path / "送检稿.txt"
    check_file.write_text("我校的做法\n江西某中学\n" + body[40:] + "\n以上是我们的体会。\n",
                          encoding="utf-8")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN",
                                accept_downloads=True)
        page.set_default_timeout(60000)
        try:
            page.goto(server)
            page.get_by_label("账号").fill("admin")
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            expect(page.get_by_text("已登录：admin")).to_be_visible()
            page.locator("[data-testid='stSidebarNav'] a", has_text="查重").first.click()
            _settle(page)
            page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(
                str(check_file))
            expect(page.get_by_text("查重完成")).to_be_visible(timeout=90000)
            expect(page.get_by_text("总文字复制比").first).to_be_visible()
            _settle(page)
            # the side-by-side report is part of the page: no frame, no scroll box of its own
            report = page.locator(".hb-report")
            expect(report.locator("mark", has_text=PASSAGE[:6]).first).to_be_visible()
            assert page.locator("iframe").count() == 0
            panes = report.locator(".pane")
            assert panes.count() == 2
            assert panes.evaluate_all(
                "ps => ps.map(p => p.scrollHeight - p.clientHeight)") == [0, 0]
            screen_chars = int(report.locator("td").first.inner_text())
            with page.expect_download() as info:
                page.get_by_role("button", name="下载 PDF 报告").click()
            download = info.value
            assert download.suggested_filename == "查重报告-送检稿.txt.pdf"
            out = tmp_path / "report.pdf"
            download.save_as(str(out))
        finally:
            browser.close()
    assert out.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = "".join(text.split())
    for heading in ("文本复制检测报告单", "总文字复制比", "去除引用文献复制比", "去除本单位文献复制比",
                    "去除常用语复制比", "单篇最大文字复制比", "前部重合字数", "后部重合字数",
                    "相似文献列表", "复制片段与来源"):
        assert heading in flat, heading
    # the source by title and unit, and the copied passage in the text and in its list
    assert "1.做好学科课程网络资源，促进义务教育均衡发展（江西省电教馆）" in flat
    assert "[1]做好学科课程网络资源，促进义务教育均衡发展（江西省电教馆）" in flat
    assert flat.count(PASSAGE) >= 2
    # one character count: the report on screen and the PDF give the same 总字数
    assert f"总字数{screen_chars}" in flat
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "Author:          汇编编委会" in info
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "NotoSansCJKSC" in fonts and "jp" not in fonts
