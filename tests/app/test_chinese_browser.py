"""Acceptance of issue 17's "Chinese everywhere": ``streamlit run app.py`` (started as
tests/app/test_e2e_browser.py starts it, in the repository root, so .streamlit/config.toml
applies) on the sample store, walked as admin in headless Debian Chromium: every page of
the menu, every tab of the item page (from a search for 创岗建区) and of the other pages,
the sign-in page and an unknown address. On each, the English words in the visible
text are counted: at most 1 a page.

Visible text: the text nodes a reader sees (not the skip link off screen, not icon
ligatures, not hidden elements) and the placeholders of empty inputs; not the inside of
frames. Not counted: the names of file formats (PDF, DOCX …), the product's name, and
what the data holds - the stored file names, the account names and item ids."""

from __future__ import annotations

import re

from tests.app.conftest import PASSWORD
from tests.app.test_e2e_browser import ARGS, CHROMIUM, _settle, server  # noqa: F401

# Chromium and poppler-utils are installed by `make test` (system-deps): no skip
# The store is sample_db, so ``pytest --both-stores`` runs this module on PostgreSQL too;
# not marked both_stores: Chromium makes its PostgreSQL half take about 100 s more

FORMATS = {"pdf", "docx", "doc", "wps", "txt", "text", "md", "zip", "ofd", "png", "jpg", "jpeg",
           "tif", "tiff", "bmp", "webp", "csv", "xlsx", "html", "jsonl", "word", "excel",
           "huibian"}
HEX_ID = re.compile(r"(?<![0-9A-Za-z])(?=[0-9a-f]*\d)[0-9a-f]{8,16}(?![0-9A-Za-z])")
WAIT = 60000  # ms: a first search or item page may wait for the models on a busy machine
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")

VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const W = document.documentElement.scrollWidth, H = document.documentElement.scrollHeight;
  let node;
  while ((node = walker.nextNode())) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('script,style,noscript,template')) continue;
    const cs = getComputedStyle(el);
    if (/Material Symbols|Material Icons/.test(cs.fontFamily)) continue;  // icon ligatures
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    const x = r.left + window.scrollX, y = r.top + window.scrollY;
    if (r.width < 1 || r.height < 1 || x + r.width <= 0 || y + r.height <= 0 || x >= W || y >= H)
      continue;
    let hidden = false;
    for (let a = el; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0 ||
          (s.clip && s.clip !== 'auto') || s.clipPath.startsWith('inset(50%')) {
        hidden = true; break;
      }
    }
    if (!hidden) out.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    const r = el.getBoundingClientRect();
    if (!el.value && r.width >= 1 && r.height >= 1) out.push(el.getAttribute('placeholder'));
  }
  return out.join('\\n');
}"""


def english_words(text: str, data: list[str]) -> list[str]:
    for value in sorted(data, key=len, reverse=True):  # longest first: a path before its name
        text = text.replace(value, " ")
    text = HEX_ID.sub(" ", text)  # item ids (and their prefixes) are data
    return [w for w in WORD.findall(text) if w.lower() not in FORMATS]


def _prepare(db) -> list[str]:
    """A volume with two items (so the 汇编 page has its tabs), a human label and a
    score (so the item page and the audit log show them); returns the data strings:
    stored file names (and their last parts) and account names."""
    from huibian.nlp.taxonomy import load_taxonomy
    from huibian.services.people import Accounts
    from huibian.services.review import correct_labels, load_rubric, submit_score
    from huibian.services.volumes import add_items, create_volume
    from huibian.store import connect

    conn = connect(db)
    admin = Accounts.for_store(db).get("admin")
    ids = [r[0] for r in conn.execute("SELECT id FROM items ORDER BY id")]
    hospital = conn.execute("SELECT id FROM items WHERE unit='南昌大学第四附属医院' ORDER BY id"
                            ).fetchone()[0]
    vid = create_volume(conn, "创先争优活动优秀实践案例汇编", actor=admin)
    add_items(conn, vid, ids[:2], section=1, actor=admin)
    correct_labels(conn, admin, load_taxonomy(), hospital, "theme", ["org_building"])
    rubric = load_rubric()
    submit_score(conn, admin, rubric, hospital, {c.id: 8 for c in rubric.criteria}, "")
    names = [r[0] for r in conn.execute("SELECT name FROM file_names")]
    conn.close()
    parts = [p for n in names for p in re.split(r"[/\\\\!]", n) if p]
    return names + parts + [u.name for u in Accounts.for_store(db).users()]


def test_every_page_and_tab_is_in_chinese(sample_db, server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    data = _prepare(sample_db)
    counts: dict[str, list[str]] = {}

    def look(page, name: str) -> None:
        # the page is still: the same text twice, 700 ms apart, no script running (one
        # settle before the first reading, another only when the text still changed)
        _settle(page)
        text = page.evaluate(VISIBLE_TEXT)
        for _ in range(20):
            page.wait_for_timeout(700)
            before, text = text, page.evaluate(VISIBLE_TEXT)
            if text == before and page.locator("[data-testid='stStatusWidget']").count() == 0:
                break
            _settle(page)
        assert page.locator("[data-testid='stException']").count() == 0, name
        counts[name] = english_words(text, data)
        page.screenshot(path=str(tmp_path / f"{len(counts):02d}.png"), full_page=True)

    def tabs(page, name: str) -> None:
        found = page.locator("[role='tab']")
        if found.count() == 0:
            look(page, name)
        for k in range(found.count()):
            tab = found.nth(k)
            title = tab.inner_text().strip()
            tab.click()
            look(page, f"{name} · {title}")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        page.set_default_timeout(60000)
        try:
            page.goto(server + "/no-such-page")
            expect(page.get_by_text("汇编 · 登录")).to_be_visible(timeout=WAIT)
            look(page, "unknown address")
            page.goto(server)
            expect(page.get_by_text("汇编 · 登录")).to_be_visible(timeout=WAIT)
            look(page, "sign-in")
            # no Deploy button, no menu of Streamlit's own (toolbar mode)
            assert page.get_by_text("Deploy").count() == 0
            assert page.locator("[data-testid='stMainMenu']").count() == 0
            page.get_by_label("账号").fill("admin")
            # the input's hint (Streamlit's "Press Enter to submit form") while typing
            expect(page.locator("[data-testid='InputInstructions']").first).to_be_attached(
                timeout=WAIT)
            look(page, "sign-in · typing")
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            expect(page.get_by_text("已登录：admin")).to_be_visible(timeout=WAIT)
            links = page.locator("[data-testid='stSidebarNav'] a")
            expect(links.last).to_be_visible(timeout=WAIT)
            _settle(page)
            titles = [t.strip().splitlines()[-1] for t in links.all_inner_texts()]
            assert titles[:2] == ["检索", "文档"] and "审计" in titles
            for k, title in enumerate(titles):
                links.nth(k).click()
                _settle(page)
                if title == "检索":
                    # a filter's list over the whole store: its 全选, and what it says
                    # when nothing matches
                    page.locator("[data-testid='stMultiSelect']").first.click()
                    expect(page.locator("[data-key='__select_all__']")).to_be_visible(
                        timeout=WAIT)
                    look(page, "检索 · 筛选列表")
                    page.keyboard.type("无此选项")
                    expect(page.locator("[data-key='__select_all__']")).to_have_count(0)
                    look(page, "检索 · 筛选无匹配")
                    page.keyboard.press("Escape")
                    box = page.get_by_label("检索词")
                    box.fill("创岗建区")
                    box.press("Enter")
                    expect(page.locator("mark", has_text="创岗建区").first).to_be_visible(timeout=WAIT)
                    look(page, "检索")
                    page.locator("[data-testid='stPageLink'] a").first.click()
                    expect(page.get_by_role("heading", name="推行“创岗建区”活动 提升党建管理水平")
                           ).to_be_visible(timeout=WAIT)
                    expect(page.locator("[role='tab']").first).to_be_visible(timeout=WAIT)
                    # the text is there
                    expect(page.get_by_text("黄色为检索词")).to_be_visible(timeout=WAIT)
                    tabs(page, "文档")
                    continue
                if title == "文档":
                    continue  # walked from the search
                tabs(page, title)
        finally:
            browser.close()
    assert len(counts) >= 20, sorted(counts)
    over = {name: words for name, words in counts.items() if len(words) > 1}
    assert over == {}


def test_the_word_count_sees_what_it_should():
    data = ["/srv/corpora/sample/000_3d.pdf", "000_3d.pdf", "admin"]
    assert english_words("已登录：admin（管理员） 来源文件 /srv/corpora/sample/000_3d.pdf", data) == []
    assert english_words("上传 PDF、DOCX 或 zip；Page not found", data) == ["Page", "not", "found"]
    assert english_words("rule 0.55: contains 创岗建区", []) == ["rule", "contains"]
    assert english_words("编号：2203b4a93614bbf1 · 2203b4a9；deadbeef", []) == ["deadbeef"]
