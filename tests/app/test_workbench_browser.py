"""Issue 17's workbench in headless Debian Chromium (Playwright), against ``streamlit run
app.py`` on the sample store (the server of test_e2e_browser): sessions in a signed
cookie (a reload, a new tab and a shared link keep the user signed in; a linked page
opens after signing in), review rounds scored through the queue, the accounts form,
label corrections, bulk actions."""

from __future__ import annotations

import sqlite3

import pytest

from tests.app.conftest import PASSWORD
from tests.app.test_e2e_browser import ARGS, CHROMIUM, _settle, server  # noqa: F401 - fixture

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")

CASE = "推行“创岗建区”活动 提升党建管理水平"


def _browser(p):
    return p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)


def _page(context):
    page = context.new_page()
    page.set_default_timeout(30000)
    return page


def _context(browser):
    return browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")


def _sign_in(page, name: str, password: str = PASSWORD) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text("汇编 · 登录")).to_be_visible()
    page.get_by_label("账号").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text(f"已登录：{name}")).to_be_visible()
    _settle(page)


def _item_id(db, title: str) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id FROM items WHERE title=? ORDER BY id", (title,)
                            ).fetchone()[0]
    finally:
        conn.close()


def test_reload_new_tab_and_shared_link_keep_the_session(server, sample_db):
    from playwright.sync_api import expect, sync_playwright

    item = _item_id(sample_db, CASE)
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            # a link opened before signing in: the sign-in form at that address (no
            # "page not found"), then the linked item
            ctx = _context(browser)
            page = _page(ctx)
            page.goto(f"{server}/item?id={item}")
            _sign_in(page, "ann")
            expect(page.get_by_role("heading", name=CASE)).to_be_visible()
            assert "Page not found" not in page.inner_text("body")
            assert "没有这个页面" not in page.inner_text("body")
            assert f"/item?id={item}" in page.url
            cookie = [c for c in ctx.cookies() if c["name"] == "huibian_session"]
            assert len(cookie) == 1 and cookie[0]["sameSite"] == "Strict"
            assert cookie[0]["expires"] > 0  # expires with the session's lifetime
            # a reload: still signed in, on the same item
            page.reload()
            expect(page.get_by_text("已登录：ann")).to_be_visible()
            expect(page.get_by_role("heading", name=CASE)).to_be_visible()
            # a new tab on another page
            tab = _page(ctx)
            tab.goto(f"{server}/search")
            expect(tab.get_by_text("已登录：ann")).to_be_visible()
            tab.close()
            # the link shared with a colleague who is signed in in their own browser
            ctx2 = _context(browser)
            other = _page(ctx2)
            other.goto(server)
            _sign_in(other, "ben")
            other.goto(f"{server}/item?id={item}")
            expect(other.get_by_text("已登录：ben")).to_be_visible()
            expect(other.get_by_role("heading", name=CASE)).to_be_visible()
            # signing out ends the session: a reload shows the sign-in form
            page.get_by_role("button", name="退出登录").click()
            expect(page.get_by_text("汇编 · 登录")).to_be_visible()
            page.reload()
            expect(page.get_by_text("汇编 · 登录")).to_be_visible()
            _settle(page)
            assert "已登录" not in page.inner_text("body")
            # a forged cookie is no session
            ctx3 = _context(browser)
            ctx3.add_cookies([{"name": "huibian_session", "value": "0" * 32 + "." + "0" * 32,
                               "url": server}])
            forged = _page(ctx3)
            forged.goto(f"{server}/item?id={item}")
            expect(forged.get_by_text("汇编 · 登录")).to_be_visible()
        finally:
            browser.close()
    conn = sqlite3.connect(sample_db)
    rows = conn.execute("SELECT account, revoked_reason FROM app_sessions ORDER BY started"
                        ).fetchall()
    conn.close()
    assert rows == [("ann", "signed out"), ("ben", None)]
