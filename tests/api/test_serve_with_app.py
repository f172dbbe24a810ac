"""``huibian serve --with-app``: the app (Streamlit's ASGI ``st.App`` of app.py) at ``/``
and the API at ``/api/v1`` in one process over one store."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.api.conftest import ACCOUNTS, Server, make_store

# Its store comes from db_path, so ``pytest --both-stores`` runs it on PostgreSQL too; not
# marked both_stores: Chromium and a second server start add about 30-45 s

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _sign_in_to_the_app(url: str, name: str) -> bool:
    """Chromium signs in to the app's page (its websocket served by the same process)."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(locale="zh-CN")
            page.set_default_timeout(60000)
            page.goto(url)
            # expect() has its own timeout (5 s), not the page's: the 60 s meant here
            expect(page.get_by_text("汇编 · 登录")).to_be_visible(timeout=60000)
            page.get_by_label("账号").fill(name)
            page.get_by_label("密码").fill(ACCOUNTS[name][0])
            page.get_by_role("button", name="登录").click()
            expect(page.get_by_text(f"已登录：{name}")).to_be_visible(timeout=60000)
            return True
        finally:
            browser.close()


def test_the_app_and_the_api_in_one_process(db_path, tmp_path):
    db = make_store(db_path, seeds=())
    server = Server(db, tmp_path / "serve.log", args=("--with-app",)).start()
    try:
        root = f"http://127.0.0.1:{server.port}"
        page = httpx.get(root + "/", timeout=30)
        health = httpx.get(root + "/_stcore/health", timeout=30)
        with server.client("ed") as c:
            me = c.get("/me").json()
            items = c.get("/items").json()
        missing = httpx.get(server.base + "/nothing", timeout=30)
        signed_in = _sign_in_to_the_app(root + "/", "ed") if CHROMIUM.exists() else None
    finally:
        server.stop()
    assert page.status_code == 200 and "Streamlit" in page.text
    assert health.status_code == 200 and health.text == "ok"
    assert me == {"name": "ed", "role": "editor", "unit": None}
    assert items == {"total": 0, "page": 1, "page_size": 20, "items": []}
    assert missing.json()["error"]["code"] == "E760"  # under /api/v1 the API still answers
    assert signed_in in (True, None)  # None: no Chromium on this machine to drive the page
