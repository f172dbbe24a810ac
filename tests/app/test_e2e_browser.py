"""End to end: ``streamlit run app.py`` on a free local port against a temporary store
holding the sample corpus, driven by headless Debian Chromium through Playwright
(nothing downloaded: the browser is /usr/bin/chromium). Sign in, search 创岗建区, open
the first result, upload a PDF, score an item, check a file; a screenshot of each
page goes to tmp_path; any page showing an exception fails the test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from huibian.store import connect
from tests.app.conftest import PASSWORD, REPO, SAMPLE

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
STREAMLIT = Path(sys.executable).with_name("streamlit")
# ms: the page's timeout, for expect() too (its own is 5 s): a sign-in (Argon2), the first
# search or a check may take longer on a busy machine
WAIT = 30000

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")
# The store is sample_db, so ``pytest --both-stores`` runs this module on PostgreSQL too;
# not marked both_stores: Chromium makes its PostgreSQL half take about 2 minutes more


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(sample_db, tmp_path):
    port = _free_port()
    env = dict(os.environ, HUIBIAN_DB=str(sample_db), PYTHONUNBUFFERED="1")
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [str(STREAMLIT), "run", "app.py", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("streamlit did not start: " +
                                   (tmp_path / "streamlit.log").read_text())
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _settle(page) -> None:
    """Wait until the script run is over (no running indicator) and the page is still."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30000)
    page.wait_for_timeout(300)


def _shot(page, tmp_path: Path, name: str) -> None:
    _settle(page)
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0, f"exception on {name}"
    assert "Traceback" not in page.inner_text("body"), f"traceback on {name}"


def _go(page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
    _settle(page)


def test_panel_workflow_in_chromium(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from huibian.testkit.pdfmaker import make_pdf

    pdf = tmp_path / "新上传案例.pdf"
    pdf.write_bytes(make_pdf([("title", "以党建促发展的实践与思考"),
                              ("right", "江西科技学院党委"),
                              "学院党委坚持把党建工作与教学科研紧密结合，开展党员示范岗活动，"
                              "在教学一线设立党员示范岗四十个，带动全院教师提高教学质量。" * 6]))
    check_file = tmp_path / "送检稿.txt"
    check_file.write_bytes((SAMPLE / "000_3d6cb0e400fd333e.txt").read_bytes()[:9000]
                           .decode("utf-8", "ignore").encode("utf-8"))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        page.set_default_timeout(WAIT)
        try:
            page.goto(server)
            expect(page.get_by_text("汇编 · 登录")).to_be_visible(timeout=WAIT)
            _shot(page, tmp_path, "0-signin")
            page.get_by_label("账号").fill("admin")
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            expect(page.get_by_text("已登录：admin")).to_be_visible(timeout=WAIT)

            # search
            box = page.get_by_label("检索词")
            box.fill("创岗建区")
            box.press("Enter")
            # the first search may wait for the models
            expect(page.locator("mark", has_text="创岗建区").first).to_be_visible(timeout=60000)
            _shot(page, tmp_path, "1-search")
            page.locator("[data-testid='stPageLink'] a").first.click()
            expect(page.get_by_role("heading", name="推行“创岗建区”活动 提升党建管理水平")
                   ).to_be_visible(timeout=WAIT)
            expect(page.get_by_text("南昌大学第四附属医院").first).to_be_visible(timeout=WAIT)
            _shot(page, tmp_path, "2-item")

            # import a PDF
            _go(page, "导入")
            page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(pdf))
            expect(page.get_by_text("新上传案例.pdf").first).to_be_visible(timeout=WAIT)
            page.get_by_role("button", name="开始导入").click()
            expect(page.get_by_text("导入完成：1 个已入库，0 个重复，0 个失败")).to_be_visible(
                timeout=90000)  # the first import may wait for the models to load
            _shot(page, tmp_path, "3-import")

            # score an item (the first in the list)
            _go(page, "评审")
            _shot(page, tmp_path, "4-review-form")
            # the criteria start empty (issue 17): each is set before submitting (all four
            # of them drawn first: .all() does not wait)
            expect(page.get_by_role("spinbutton")).to_have_count(4, timeout=WAIT)
            for box in page.get_by_role("spinbutton").all():
                box.fill("5")
                box.press("Tab")
            page.get_by_role("button", name="提交评分").click()
            expect(page.get_by_text("已提交：加权分 5.00")).to_be_visible(timeout=WAIT)
            _shot(page, tmp_path, "4-review")

            # check a file
            _go(page, "查重")
            page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(
                str(check_file))
            expect(page.get_by_text("总文字复制比")).to_be_visible(timeout=WAIT)
            # the side-by-side report is in the page itself (no frame since issue 17)
            expect(page.locator(".hb-report mark").first).to_be_visible(timeout=WAIT)
            _shot(page, tmp_path, "5-check")

            _go(page, "概览")
            expect(page.get_by_text("篇幅与要求")).to_be_visible(timeout=WAIT)
            _shot(page, tmp_path, "6-overview")
        finally:
            browser.close()
    # the stored PDF and the score are in the store
    conn = connect(os.environ["HUIBIAN_DB"])
    assert conn.execute("SELECT count(*) FROM file_names WHERE name='新上传案例.pdf'"
                        ).fetchone()[0] == 1
    assert [tuple(r) for r in conn.execute("SELECT reviewer FROM review_scores")] == [("admin",)]
    conn.close()
