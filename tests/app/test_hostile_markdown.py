"""Issue 18: Markdown injection. A submitted file whose title is a Markdown link and
whose unit is a Markdown image: every page that shows them (the item page, search
results, similar items) renders the characters, never a link or an image (which every
browser showing the page would fetch: a tracking beacon)."""

from __future__ import annotations

import markdown_it

from tests.app.harness import errors, page
import pytest

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

TITLE = "[点此领奖](http://evil.example/)关于开展党员先锋岗活动的通知"
UNIT = "![](http://host.example/p.png)中共某某大学委员会"
BODY = ("各党支部：\n"
        "为深入推进基层党组织建设，充分发挥共产党员的先锋模范作用，经研究，决定在全校开展"
        "党员先锋岗创建活动。详见 <img src=http://host.example/q.png> 和 **加粗** 与 "
        ":red[红字]。\n"
        "一、活动目标\n各支部要结合工作实际，设立党员先锋岗，做到岗位有人、责任到人。\n"
        "二、工作要求\n各支部要高度重视，认真组织，确保活动取得实效。\n")


def _ingest(db, files: dict[str, str]) -> None:
    from huibian.pipeline.ingestor import Ingestor, sources_from_bytes
    from huibian.core.limits import Limits
    from huibian.store import connect

    conn = connect(db)
    with Ingestor(conn) as ing:
        for name, text in files.items():
            rep = ing.ingest(sources_from_bytes(name, text.encode("utf-8"), Limits()))
            assert rep.failed == 0, rep.summary()
    conn.close()


def _rendered(at) -> list[tuple[str, str]]:
    """(source, HTML) of every Markdown-rendered string on the page."""
    md = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough")
    out = []
    for kind in ("markdown", "caption", "header", "subheader", "title", "success", "info",
                 "warning"):
        for el in getattr(at, kind):
            out.append((el.value, md.render(el.value)))
    for link in at.get("page_link"):
        out.append((link.proto.label, md.render(link.proto.label)))
    return out


def _no_links_or_images(rendered) -> None:
    for src, html in rendered:
        assert "<a " not in html and "<img" not in html, (src, html)


def test_titles_and_units_render_as_text_on_every_page(empty_db):
    _ingest(empty_db, {
        "evil.txt": f"{TITLE}\n{UNIT}\n{BODY}",
        "twin.txt": f"{TITLE}（二）\n{UNIT}\n{BODY}二〇一二年七月一日\n"})
    search = page("search_page")
    assert not errors(search)
    rendered = _rendered(search)
    _no_links_or_images(rendered)
    links = [link.proto.label for link in search.get("page_link")]
    assert len(links) == 2
    # the characters themselves are shown (escaped, not dropped)
    for n, label in enumerate(links, 1):
        html = markdown_it.MarkdownIt("commonmark").render(label)
        assert html.startswith(f"<p>{n}. [点此领奖](http://evil.example/)"), html

    from huibian.store import connect

    conn = connect(empty_db)
    ids = [i for (i,) in conn.execute("SELECT id FROM items ORDER BY id")]
    titles = [t for (t,) in conn.execute("SELECT title FROM items ORDER BY id")]
    conn.close()
    assert any(t.startswith("[点此领奖](http://evil.example/)") for t in titles)
    for item_id in ids:
        at = page("item_page", query_params={"id": item_id})
        assert not errors(at)
        rendered = _rendered(at)
        _no_links_or_images(rendered)
        shown = "".join(markdown_it.MarkdownIt("commonmark").render(s) for s, _ in rendered)
        assert "![](http://host.example/p.png)" in shown or "http://host.example/p.png" in shown


def test_md_escapes_every_markdown_form():
    from huibian.app_pages._ui import md

    render = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough").render
    for text in (TITLE, UNIT, "<img src=x onerror=alert(1)>", "a\n# b\n- c", "**粗** _斜_ `码`",
                 ":red[红] :material/home: $x^2$", "<http://evil.example/>", "[a]: http://x",
                 "| a | b |\n|---|---|", "~~删~~", "&lt;b&gt;"):
        html = render(md(text))
        assert "<a " not in html and "<img" not in html and "<strong" not in html
        assert "<em" not in html and "<code" not in html and "<h1" not in html
        assert "<table" not in html and "<del" not in html and "<li" not in html, (text, html)
