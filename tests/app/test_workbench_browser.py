"""Issue 17's workbench in headless Debian Chromium (Playwright), against ``streamlit run
app.py`` on the sample store (the server of test_e2e_browser): sessions in a signed
cookie (a reload, a new tab and a shared link keep the user signed in; a linked page
opens after signing in), review rounds scored through the queue, the accounts form,
label corrections, bulk actions."""

from __future__ import annotations

import re

from huibian.store import connect
from tests.app.conftest import PASSWORD
from tests.app.test_e2e_browser import ARGS, CHROMIUM, _settle, server  # noqa: F401 - fixture

# Chromium and poppler-utils are installed by `make test` (system-deps): no skip
# The store is sample_db, so ``pytest --both-stores`` runs this module on PostgreSQL too;
# not marked both_stores: Chromium makes its PostgreSQL half take about 3-4 minutes more

CASE = "推行“创岗建区”活动 提升党建管理水平"
# ms: the pages' timeout, for expect() too (its own is 5 s): a sign-in (Argon2) or a page's
# first run may take longer on a busy machine
WAIT = 30000


def _browser(p):
    return p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)


def _page(context):
    page = context.new_page()
    page.set_default_timeout(WAIT)
    return page


def _context(browser):
    return browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")


def _sign_in(page, name: str, password: str = PASSWORD) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text("汇编 · 登录")).to_be_visible(timeout=WAIT)
    page.get_by_label("账号").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text(f"已登录：{name}")).to_be_visible(timeout=WAIT)
    _settle(page)


def _session_cookie(context, page) -> list[dict]:
    """The session cookie, written by the end of the script run after signing in (up
    to 10 s)."""
    for _ in range(100):
        cookie = [c for c in context.cookies() if c["name"] == "huibian_session"]
        if cookie:
            break
        page.wait_for_timeout(100)
    return cookie


def _item_id(db, title: str) -> str:
    conn = connect(db)
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
            expect(page.get_by_role("heading", name=CASE)).to_be_visible(timeout=WAIT)
            assert "Page not found" not in page.inner_text("body")
            assert "没有这个页面" not in page.inner_text("body")
            assert f"/item?id={item}" in page.url
            _settle(page)
            cookie = _session_cookie(ctx, page)
            assert len(cookie) == 1 and cookie[0]["sameSite"] == "Strict"
            assert cookie[0]["expires"] > 0  # expires with the session's lifetime
            # a reload: still signed in, on the same item
            page.reload()
            expect(page.get_by_text("已登录：ann")).to_be_visible(timeout=WAIT)
            expect(page.get_by_role("heading", name=CASE)).to_be_visible(timeout=WAIT)
            # a new tab on another page
            tab = _page(ctx)
            tab.goto(f"{server}/search")
            expect(tab.get_by_text("已登录：ann")).to_be_visible(timeout=WAIT)
            tab.close()
            # the link shared with a colleague who is signed in in their own browser
            ctx2 = _context(browser)
            other = _page(ctx2)
            other.goto(server)
            _sign_in(other, "ben")
            assert len(_session_cookie(ctx2, other)) == 1  # before the link is opened
            other.goto(f"{server}/item?id={item}")
            expect(other.get_by_text("已登录：ben")).to_be_visible(timeout=WAIT)
            expect(other.get_by_role("heading", name=CASE)).to_be_visible(timeout=WAIT)
            # signing out ends the session: a reload shows the sign-in form
            page.get_by_role("button", name="退出登录").click()
            expect(page.get_by_text("汇编 · 登录")).to_be_visible(timeout=WAIT)
            page.reload()
            expect(page.get_by_text("汇编 · 登录")).to_be_visible(timeout=WAIT)
            _settle(page)
            assert "已登录" not in page.inner_text("body")
            # a forged cookie is no session
            ctx3 = _context(browser)
            ctx3.add_cookies([{"name": "huibian_session", "value": "0" * 32 + "." + "0" * 32,
                               "url": server}])
            forged = _page(ctx3)
            forged.goto(f"{server}/item?id={item}")
            expect(forged.get_by_text("汇编 · 登录")).to_be_visible(timeout=WAIT)
        finally:
            browser.close()
    conn = connect(sample_db)
    rows = [tuple(r) for r in conn.execute(
        "SELECT account, revoked_reason FROM app_sessions ORDER BY started")]
    conn.close()
    assert rows == [("ann", "signed out"), ("ben", None)]


def _open_round(db) -> tuple[int, list[str]]:
    """A round 初评 of two items assigned to both ann and ben (neither's unit)."""
    from huibian.services import rounds
    from huibian.services.people import Accounts

    conn = connect(db)
    try:
        acc = Accounts.for_store(conn)
        items = [conn.execute("SELECT id FROM items WHERE unit=? ORDER BY chars DESC, id",
                              (u,)).fetchone()[0]
                 for u in ("中共青山湖区教育体育局委员会", "南昌大学第四附属医院")]
        opened = rounds.open_round(conn, acc.get("admin"), "初评", items, ["ann", "ben"],
                                   per_item=2)
        return opened.round.id, items
    finally:
        conn.close()


def _done(page) -> None:
    """The run is over: one copy of the queue on screen (a rerun shows the old one
    until it ends)."""
    from playwright.sync_api import expect

    _settle(page)
    expect(page.get_by_role("button", name="下一篇")).to_have_count(1, timeout=WAIT)
    expect(page.locator("[data-testid='stForm']")).to_have_count(1, timeout=WAIT)


def _set_criteria(page, values: dict) -> None:
    for name, v in values.items():
        box = page.get_by_role("spinbutton", name=re.compile("^" + name)).first
        box.fill(str(v))
        box.press("Tab")


def test_a_round_scored_through_the_queue_and_ranked(server, sample_db):
    from playwright.sync_api import expect, sync_playwright

    rid, items = _open_round(sample_db)
    scores = {"ann": [{"创新性": 8, "实效性": 7, "可推广性": 6, "规范性": 9},   # 7.5
                      {"创新性": 6, "实效性": 6, "可推广性": 6, "规范性": 6}],  # 6.0
              "ben": [{"创新性": 4, "实效性": 5, "可推广性": 6, "规范性": 5},   # 4.9
                      {"创新性": 9, "实效性": 9, "可推广性": 9, "规范性": 9}]}  # 9.0
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            for who in ("ann", "ben"):
                ctx = _context(browser)
                page = _page(ctx)
                page.goto(f"{server}/review?round={rid}")
                _sign_in(page, who)
                expect(page.get_by_text("待评 2 / 2")).to_be_visible(timeout=WAIT)
                # the criteria start empty: submitting with one unset is refused
                first = scores[who][0]
                _set_criteria(page, {k: v for k, v in first.items() if k != "规范性"})
                page.get_by_role("button", name="提交评分").click()
                expect(page.get_by_text("还有评分项没有打分：规范性。")).to_be_visible(timeout=WAIT)
                expect(page.get_by_text("待评 2 / 2")).to_be_visible(timeout=WAIT)
                _set_criteria(page, {"规范性": first["规范性"]})
                page.get_by_role("button", name="提交评分").click()
                expect(page.get_by_text("待评 1 / 2")).to_be_visible(timeout=WAIT)
                expect(page).to_have_url(re.compile(f"item={items[1]}"), timeout=WAIT)  # moved on
                _done(page)
                # 下一篇 goes round to the first (scored), then back to the second
                page.get_by_role("button", name="下一篇").click()
                expect(page).to_have_url(re.compile(f"item={items[0]}"), timeout=WAIT)
                _done(page)
                page.get_by_role("button", name="下一篇").click()
                expect(page).to_have_url(re.compile(f"item={items[1]}"), timeout=WAIT)
                _done(page)
                _set_criteria(page, scores[who][1])
                page.get_by_role("button", name="提交评分").click()
                expect(page.get_by_text("待评 0 / 2")).to_be_visible(timeout=WAIT)
                expect(page.get_by_text("本轮分配给你的文档已全部评完。")).to_be_visible(timeout=WAIT)
                assert page.locator("[data-testid='stException']").count() == 0
                ctx.close()
            ctx = _context(browser)
            page = _page(ctx)
            page.goto(f"{server}/review")
            _sign_in(page, "admin")
            page.get_by_role("tab", name="评审轮次").click()
            _settle(page)
            table = page.locator("[data-testid='stTable']").first
            expect(table).to_contain_text("ann", timeout=WAIT)
            expect(table).to_contain_text("ben", timeout=WAIT)
            assert table.inner_text().count("已完成") == 2
            expect(page.get_by_text("本轮排名", exact=True)).to_be_visible(timeout=WAIT)
            assert page.locator("[data-testid='stException']").count() == 0
        finally:
            browser.close()
    from huibian.services import rounds
    from huibian.services.people import Accounts
    from huibian.services.review import load_rubric

    conn = connect(sample_db)
    rank = rounds.ranking(conn, Accounts.for_store(conn).get("admin"), load_rubric(), rid)
    conn.close()
    assert [(r.item_id, r.reviewers, r.mean, r.low, r.high) for r in rank] == [
        (items[1], 2, 7.5, 6.0, 9.0), (items[0], 2, 6.2, 4.9, 7.5)]


def _choose(page, scope, label: str, option: str) -> None:
    """Open a select box and pick ``option``. A click that lands while the page is still
    re-running after the last input can leave the list closed: open it again (at most
    three tries) rather than wait the whole timeout for an option that is not shown."""
    box = scope.locator("[data-testid='stSelectbox']", has_text=label).first
    wanted = page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):
        _settle(page)
        box.click()
        page.keyboard.type(option)  # the list shows a few options at a time: narrow it
        try:
            wanted.wait_for(state="visible", timeout=5000)
            break
        except Exception:  # playwright's TimeoutError: the list did not open
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    wanted.click()


def test_a_new_accounts_form_starts_empty(server, sample_db):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = _page(_context(browser))
            page.goto(f"{server}/users")
            _sign_in(page, "admin")
            page.get_by_text("新建账号").click()
            form = page.locator("[data-testid='stForm']").filter(
                has=page.get_by_role("button", name="新建"))
            form.get_by_label("账号").fill("cat")
            _choose(page, form, "角色", "编辑")
            form.get_by_label("单位（评审专家不能为本单位的文档打分）").fill("南昌大学第四附属医院")
            form.get_by_label("初始密码（至少 8 个字符）").fill(PASSWORD)
            form.get_by_role("button", name="新建").click()
            expect(page.get_by_text("已保存。")).to_be_visible(timeout=WAIT)
            _settle(page)
            form = page.locator("[data-testid='stForm']").filter(
                has=page.get_by_role("button", name="新建"))
            expect(form).to_be_visible(timeout=WAIT)  # still open for the next account
            expect(form.get_by_label("账号")).to_have_value("")
            expect(form.get_by_label("单位（评审专家不能为本单位的文档打分）")).to_have_value("")
            expect(form.get_by_label("初始密码（至少 8 个字符）")).to_have_value("")
            role = form.locator("[data-testid='stSelectbox']")
            expect(role).to_have_count(1)
            expect(role).not_to_contain_text("编辑")
            expect(role.get_by_placeholder("请选择角色")).to_have_count(1)
            # the next account without a role chosen is refused, not made an 编辑
            form.get_by_label("账号").fill("dan")
            form.get_by_label("初始密码（至少 8 个字符）").fill(PASSWORD)
            form.get_by_role("button", name="新建").click()
            expect(page.get_by_text("请选择角色。")).to_be_visible(timeout=WAIT)
        finally:
            browser.close()
    from huibian.services.people import Accounts

    acc = Accounts.for_store(sample_db)
    cat = acc.get("cat")
    assert (cat.role, cat.unit) == ("editor", "南昌大学第四附属医院")
    assert "dan" not in {u.name for u in acc.users()}


def test_a_label_correction_shows_at_once(server, sample_db):
    from playwright.sync_api import expect, sync_playwright

    item = _item_id(sample_db, CASE)
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = _page(_context(browser))
            page.goto(f"{server}/item?id={item}")
            _sign_in(page, "admin")
            page.get_by_role("tab", name="标签").click()
            _settle(page)
            panel = page.get_by_role("tabpanel", name="标签")
            shown = panel.locator("[data-testid='stMarkdownContainer'] li")
            expect(shown.filter(has_text="实践案例 / 经验材料")).to_have_count(1, timeout=WAIT)
            expect(shown.filter(has_text="工作制度")).to_have_count(0, timeout=WAIT)
            _choose(page, panel, "正确的标签", "工作制度")
            panel.get_by_role("button", name="保存更正").click()
            expect(page.get_by_text("已保存：文种 → 工作制度（人工标签）")).to_be_visible(timeout=WAIT)
            _settle(page)
            panel = page.get_by_role("tabpanel", name="标签")
            shown = panel.locator("[data-testid='stMarkdownContainer'] li")
            expect(shown.filter(has_text="工作制度")).to_have_count(1, timeout=WAIT)
            expect(shown.filter(has_text="实践案例 / 经验材料")).to_have_count(0, timeout=WAIT)
        finally:
            browser.close()


def test_bulk_add_to_a_volume_from_search(server, sample_db):
    from playwright.sync_api import expect, sync_playwright

    from huibian.services import volumes
    from huibian.services.people import Accounts

    conn = connect(sample_db)
    admin = Accounts.for_store(conn).get("admin")
    vid = volumes.create_volume(conn, "创先争优活动汇编", actor=admin)
    case = _item_id(sample_db, CASE)
    volumes.add_items(conn, vid, [case], section="优秀实践案例", actor=admin)
    conn.close()
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = _page(_context(browser))
            page.goto(f"{server}/search")
            _sign_in(page, "admin")
            box = page.get_by_label("检索词")
            box.fill("创先争优")
            box.press("Enter")
            count = page.get_by_text(re.compile(r"^共 \d+ 篇"))
            expect(count).to_be_visible(timeout=WAIT)
            _settle(page)
            total = int(re.search(r"共 (\d+) 篇", count.inner_text()).group(1))
            assert 2 <= total <= 20  # one page
            expect(page.get_by_text("批量操作（已选 0 篇）")).to_be_visible(timeout=WAIT)
            page.get_by_role("button", name="全选本页").click()
            expect(page.get_by_text(f"批量操作（已选 {total} 篇）")).to_be_visible(timeout=WAIT)
            _settle(page)
            _choose(page, page, "栏目", "优秀工作制度")
            page.get_by_role("button", name="加入汇编").click()
            expect(page.get_by_text(f"已将 {total - 1} 篇加入「创先争优活动汇编」；"
                                    "1 篇已在其中，未重复加入。")).to_be_visible(timeout=WAIT)
            expect(page.get_by_text("批量操作（已选 0 篇）")).to_be_visible(timeout=WAIT)
            assert page.locator("[data-testid='stException']").count() == 0
        finally:
            browser.close()
    conn = connect(sample_db)
    rows = [tuple(r) for r in conn.execute(
        "SELECT s.title, count(*) FROM volume_items i JOIN volume_sections s "
        "ON s.id = i.section_id WHERE i.volume_id=? GROUP BY s.title ORDER BY s.title",
        (vid,))]
    conn.close()
    assert rows == [("优秀实践案例", 1), ("优秀工作制度", total - 1)]
