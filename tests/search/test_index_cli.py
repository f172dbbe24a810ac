import csv
import json

from openpyxl import load_workbook

from huibian.cli import main
from huibian.search.engine import search
from huibian.search.export import write_csv, write_xlsx
from huibian.search.index import delete_items, purge_orphans, rebuild
from huibian.search.mlt import more_like_this
from huibian.store.db import store_address, transaction
import pytest

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

HOSPITAL = "南昌大学第四附属医院"


def _ids(conn, q, tokenizer):
    return [h.id for h in search(conn, q, tokenizer=tokenizer, limit=100).hits]


def test_delete_removes_from_the_index(store, tokenizer):
    conn, ids = store
    assert _ids(conn, "创岗建区", tokenizer)[0] == ids[HOSPITAL]
    with transaction(conn):
        assert delete_items(conn, [ids[HOSPITAL]]) == 1
    assert ids[HOSPITAL] not in _ids(conn, "创岗建区 OR 党", tokenizer)
    assert conn.execute("SELECT count(*) FROM search_facets f JOIN search_docs d "
                        "USING (docid) WHERE d.item_id=?", (ids[HOSPITAL],)).fetchone()[0] == 0


def test_deleting_a_file_through_the_stages(store, tokenizer, resources):
    from huibian.pipeline.ingestor import stages_for
    from huibian.store.documents import delete_file

    conn, ids = store
    sha = conn.execute("SELECT file_sha256 FROM items WHERE id=?", (ids[HOSPITAL],)).fetchone()[0]
    with transaction(conn):
        delete_file(conn, sha, stages_for(resources))
    left = conn.execute("SELECT id FROM items WHERE title || text LIKE '%创岗建区%'").fetchall()
    assert ids[HOSPITAL] not in _ids(conn, "创岗建区", tokenizer)
    assert sorted(_ids(conn, "创岗建区", tokenizer)) == sorted(r[0] for r in left)
    with transaction(conn):
        assert purge_orphans(conn) == 0


def test_reindex_gives_the_same_results(store, tokenizer):
    conn, _ = store
    queries = ["创岗建区", "师德", '"五个好"', "党员 -医院", "党"]
    before = {q: _ids(conn, q, tokenizer) for q in queries}
    n = rebuild(conn, tokenizer)
    assert n == conn.execute("SELECT count(*) FROM items").fetchone()[0]
    assert {q: _ids(conn, q, tokenizer) for q in queries} == before
    rebuild(conn, tokenizer)  # twice is fine
    assert {q: _ids(conn, q, tokenizer) for q in queries} == before


def test_cli_json_shape(store, capsys):
    conn, ids = store
    db = store_address(conn)
    assert main(["search", "创岗建区", "--json", "--db", db]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"total", "facets", "hits"}
    hit = out["hits"][0]
    assert set(hit) == {"id", "source", "title", "unit", "date", "score", "snippets"}
    assert hit["id"] == ids[HOSPITAL]
    for s in hit["snippets"]:
        assert set(s) == {"text", "marks"}
        assert all(s["text"][a:b] == "创岗建区" for a, b in s["marks"])
    assert all(isinstance(v, dict) for v in out["facets"].values())


def test_cli_bad_query_is_a_message(store, capsys):
    conn, _ = store
    db = store_address(conn)
    assert main(["search", "NEAR(", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "NEAR(...) is not supported" in err and "Traceback" not in err
    assert main(["search", "，。", "--db", db]) == 1
    assert main(["reindex", "--db", db]) == 0


def test_export_writes_formulas_as_text(store, tokenizer, tmp_path):
    conn, _ = store
    r = search(conn, "党", tokenizer=tokenizer)
    from dataclasses import replace
    evil = replace(r, hits=(replace(r.hits[0], title="=HYPERLINK(\"x\")", unit="+1"),)
                   + r.hits[1:])
    write_csv(evil, tmp_path / "r.csv")
    rows = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert rows[0][:3] == ["序号", "编号", "标题"]  # Chinese headers (issue 17)
    assert rows[1][2] == "'=HYPERLINK(\"x\")" and rows[1][3] == "'+1"
    assert len(rows) == len(r.hits) + 1
    write_xlsx(evil, tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx").active
    assert ws.cell(2, 3).value == "=HYPERLINK(\"x\")" and ws.cell(2, 3).data_type == "s"
    assert ws.title == "检索结果" and ws.cell(1, 1).value == "序号"
    assert ws.max_row == len(r.hits) + 1


def test_more_like_this(store, resources):
    from huibian.core.records import SourceFile
    from huibian.pipeline.ingestor import Ingestor

    conn, ids = store
    # the sample's .txt and .pdf of one case are one item since issue 17 (renditions):
    # the same case sent by another unit is the near-duplicate here
    text = conn.execute("SELECT text FROM items WHERE id=?", (ids[HOSPITAL],)).fetchone()[0]
    other = text.replace(HOSPITAL, "南昌大学第五附属医院")
    with Ingestor(conn, resources, processes=1) as ing:
        r = ing.ingest_one(SourceFile.from_bytes("另一医院.txt", other.encode("utf-8")))
    assert (r.status, r.items, r.rendition_of) == ("stored", 1, ())
    similar = more_like_this(conn, ids[HOSPITAL], limit=5)
    assert similar and all(s.id != ids[HOSPITAL] for s in similar)
    # that copy is a near-duplicate, the other items are related, not the same text
    twins = set(r.item_ids)
    assert twins and twins <= {s.id for s in similar}
    assert {s.id for s in similar if s.near_duplicate} == twins
    assert any(not s.near_duplicate for s in similar)


def test_export_neutralizes_full_width_formulas_too(store, tokenizer, tmp_path):
    """Issue 18: the CSV export prefixed only ASCII = + - @; a full-width
    ＝HYPERLINK(…) (what a Chinese input method types, and Excel/WPS run) went out as
    is. Every export now applies huibian.core.cells.neutralize."""
    from dataclasses import replace

    from huibian.core.cells import neutralize
    from huibian.services.review import neutralize as review_neutralize

    conn, _ = store
    r = search(conn, "党", tokenizer=tokenizer)
    evil = replace(r, hits=(replace(r.hits[0], title="＝HYPERLINK(\"http://evil.example\")",
                                    unit="＠SUM(A1)", region=" =1+1"),) + r.hits[1:])
    write_csv(evil, tmp_path / "r.csv")
    rows = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert rows[1][2] == "'＝HYPERLINK(\"http://evil.example\")"
    assert rows[1][3] == "'＠SUM(A1)" and rows[1][5] == "' =1+1"
    assert review_neutralize is neutralize  # one rule for every export
    assert [neutralize(v) for v in ("－1", "＋1", "\t=1", "正文", 3, None)] == [
        "'－1", "'＋1", "'\t=1", "正文", 3, None]
