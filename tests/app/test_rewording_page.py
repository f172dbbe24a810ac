"""The item page's similarity report tells exact and reworded copies apart, with the
exact-only switch (issue 22), against the real sample store plus a spun copy."""

from __future__ import annotations

import pytest

from huibian.store import connect
from tests.app.harness import errors, page

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def _spun_copy(db, tmp_path) -> tuple[str, str]:
    """Store a copy of the 江西省电教馆 case with words swapped for their domain-list
    synonyms (every line's first word by its second); returns (copy id, source id)."""
    from huibian.core.limits import Limits
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.similarity.thesaurus import load_domain

    conn = connect(db)
    src_id, text = conn.execute(
        "SELECT id, text FROM items WHERE unit = '江西省电教馆' ORDER BY id").fetchone()
    conn.close()
    lines = text.split("\n")
    body = "\n".join(lines[2:])
    for words in load_domain():
        body = body.replace(words[0], words[1])
    path = tmp_path / "改写稿.txt"
    path.write_text("学科课程资源建设的几点体会\n\n某县电教站\n\n" + body, encoding="utf-8")
    store = connect(db)
    report = Ingestor(store, limits=Limits()).ingest(sources_from_paths([path], Limits()))
    assert report.failed == 0
    new_id = store.execute("SELECT id FROM items WHERE unit = '某县电教站'").fetchone()[0]
    store.close()
    return new_id, src_id


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_item_page_reports_reworded_copy_and_the_exact_only_switch(sample_db, tmp_path):
    new_id, _src = _spun_copy(sample_db, tmp_path)
    at = page("item_page", role="admin", query_params={"id": new_id})
    assert not errors(at)
    at.toggle(key="item_sim_on").set_value(True).run()
    assert not errors(at)
    m = _metrics(at)
    total, exact, reworded = (float(m[k].rstrip("%")) for k in ("总文字复制比", "原文复制", "改写复制"))
    assert reworded > 10 and exact > 10
    assert abs(total - exact - reworded) <= 0.11  # each character counted once
    at.toggle(key="item_sim_exact_only").set_value(True).run()
    assert not errors(at)
    m = _metrics(at)
    assert m["改写复制"] == "未计"
    assert float(m["总文字复制比"].rstrip("%")) == exact


def test_item_and_its_report_give_the_same_character_count(sample_db):
    """One character count (issue 17): the item's 字数, the 字数 of its report on screen
    (shown with st.html, in the page) and the PDF report's 总字数 (report_numbers, the
    same count: tests/similarity/test_pdf_report.py) are one number."""
    import re

    conn = connect(sample_db)
    item_id, chars = conn.execute(
        "SELECT id, chars FROM items WHERE unit = '江西省电教馆' ORDER BY id").fetchone()
    conn.close()
    at = page("item_page", role="admin", query_params={"id": item_id})
    assert not errors(at)
    assert any(f"- **字数**：{chars}\n" in m.value + "\n" for m in at.markdown)
    at.toggle(key="item_sim_on").set_value(True).run()
    assert not errors(at)
    shown = [e.proto.body for e in at.get("html") if "hb-report" in e.proto.body]
    assert len(shown) == 1
    assert re.search(r"<th>字数</th>.*?<tr><td>(\d+)</td>", shown[0]).group(1) == str(chars)


def test_check_page_names_sources_by_title_and_unit(sample_db):
    """The 查重 page's list of similar sources shows title and unit; the item id stays in
    the table's data, off screen (issue 17)."""
    conn = connect(sample_db)
    text = conn.execute("SELECT text FROM items WHERE unit = '江西省电教馆'").fetchone()[0]
    conn.close()
    at = page("check_page", role="admin")
    at.file_uploader(key="check_file").set_value(
        ("送检稿.txt", ("我校的做法\n\n" + text[40:1500]).encode("utf-8"), "text/plain")).run()
    assert not errors(at)
    table = [d for d in at.dataframe if "相似来源" in d.value.columns][0]
    assert table.proto.column_order == ["相似来源", "单位", "复制比", "其中改写", "片段数", "改写片段"]
    assert list(table.value["单位"])[0] == "江西省电教馆"
    shown = [e.proto.body for e in at.get("html") if "hb-report" in e.proto.body][0]
    assert "[1] 做好学科课程网络资源，促进义务教育均衡发展（江西省电教馆）" in shown
