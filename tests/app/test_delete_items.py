"""An admin deletes an item (issue 17): on the sample store, the item and what was
derived from it go, its file and original stay, the deletion is audited."""

from __future__ import annotations

import pytest

from huibian.core.errors import HuibianError
from huibian.services import rounds, volumes
from huibian.services.items import delete_items
from huibian.services.people import Accounts
from huibian.store import connect
from huibian.store.db import store_dir

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def test_admin_deletes_an_item_keeping_its_file(sample_db):
    from huibian.pipeline.resources import Resources
    from huibian.search.engine import search

    conn = connect(sample_db)
    acc = Accounts.for_store(conn)
    admin, ed = acc.get("admin"), acc.get("ed")
    res = Resources()
    row = conn.execute("SELECT id, file_sha256, title FROM items WHERE unit='南昌大学第四附属医院' "
                       "ORDER BY id").fetchone()
    iid, sha = row["id"], row["file_sha256"]
    vid = volumes.create_volume(conn, "汇编", actor=admin)
    volumes.add_items(conn, vid, [iid], section="优秀实践案例", actor=admin)
    before = {h.id for h in search(conn, "创岗建区", tokenizer=res.tokenizer).hits}
    assert iid in before
    with pytest.raises(HuibianError) as exc:
        delete_items(conn, ed, [iid], res)
    assert exc.value.code == "E700"
    with pytest.raises(HuibianError) as exc:
        delete_items(conn, admin, [iid, "0" * 16], res)
    assert exc.value.code == "E310"
    assert delete_items(conn, admin, [iid], res) == [
        {"id": iid, "title": "推行“创岗建区”活动 提升党建管理水平", "unit": "南昌大学第四附属医院"}]
    assert conn.execute("SELECT count(*) FROM items WHERE id=?", (iid,)).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM labels WHERE item_id=?", (iid,)).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM volume_items").fetchone()[0] == 0
    assert {h.id for h in search(conn, "创岗建区", tokenizer=res.tokenizer).hits} == before - {iid}
    # the file and its original are kept
    blob = conn.execute("SELECT blob_path FROM files WHERE sha256=?", (sha,)).fetchone()[0]
    assert blob and (store_dir(conn) / blob).exists()
    log = conn.execute("SELECT actor, action, target, detail FROM audit_log WHERE "
                       "action='item.delete'").fetchall()
    assert [(r[0], r[1], r[2]) for r in log] == [("admin", "item.delete", iid)]
    assert sha in log[0][3]
    # nor is it offered for a new round
    assert rounds.items_of_genre(conn, None).count(iid) == 0
    conn.close()


def test_items_of_genre_follow_a_persons_label(sample_db):
    from huibian.nlp.taxonomy import load_taxonomy
    from huibian.core.models_dir import model_file
    from huibian.services.review import correct_labels

    conn = connect(sample_db)
    admin = Accounts.for_store(conn).get("admin")
    every = rounds.items_of_genre(conn, None)
    assert len(every) == conn.execute("SELECT count(*) FROM items").fetchone()[0]
    chars = [conn.execute("SELECT chars FROM items WHERE id=?", (i,)).fetchone()[0] for i in every]
    assert chars == sorted(chars, reverse=True)
    some = every[-1]
    assert some not in rounds.items_of_genre(conn, "speech")
    correct_labels(conn, admin, load_taxonomy(model_file("taxonomy.json")), some, "genre",
                   ["speech"])
    assert some in rounds.items_of_genre(conn, "speech")
    assert all(some != i for g in ("notice", "plan", "case") for i in rounds.items_of_genre(conn, g))
    conn.close()


def test_purge_removes_only_files_no_item_references(sample_db, capsys):
    """Issue 17: a deleted item's files stay until a purge (``huibian purge`` and the
    admin's button on 检索); the purge removes the files no item references, counts
    files and bytes, is audited, and keeps a file another item still uses."""
    import json

    from huibian.cli import main
    from huibian.pipeline.resources import Resources
    from huibian.services.items import purge_files
    from tests.app.harness import errors, page

    conn = connect(sample_db)
    acc = Accounts.for_store(conn)
    admin, ed = acc.get("admin"), acc.get("ed")
    res = Resources()
    root = store_dir(conn)

    def item(unit):
        return conn.execute("SELECT id, file_sha256 FROM items WHERE unit=? ORDER BY id",
                            (unit,)).fetchall()

    def blob(sha):
        return root / sha[:2] / sha

    assert purge_files(conn, admin, dry_run=True) == {"files": 0, "bytes": 0, "sha256": []}
    # the plan: a DOCX and its TXT rendition, used by no other item
    (plan_id, plan_sha), = item("中共青山湖区教育体育局委员会")
    (txt_sha,), = conn.execute("SELECT file_sha256 FROM item_renditions WHERE item_id=?",
                               (plan_id,)).fetchall()
    # the notice and the opinion share one file: the notice goes, the opinion stays
    (notice_id, shared_sha), (opinion_id, same) = conn.execute(
        "SELECT id, file_sha256 FROM items WHERE unit='中共吴江市委' "
        "ORDER BY title LIKE '关于印发%' DESC").fetchall()
    assert same == shared_sha
    shared_size = blob(shared_sha).stat().st_size
    delete_items(conn, admin, [plan_id, notice_id], res)
    sizes = [blob(s).stat().st_size for s in sorted((plan_sha, txt_sha))]
    assert all(blob(s).exists() for s in (plan_sha, txt_sha, shared_sha))  # kept until purge
    assert purge_files(conn, admin, dry_run=True) == {
        "files": 2, "bytes": sum(sizes), "sha256": sorted((plan_sha, txt_sha))}
    with pytest.raises(HuibianError) as exc:
        purge_files(conn, ed)
    assert exc.value.code == "E700"

    # the admin's button on 检索 says what it would remove, then removes it
    at = page("search_page", role="admin", name="admin")
    assert not errors(at)
    label = f"清理已删除文档的文件（2 个，{sum(sizes) / 1024:.1f} KB）"
    assert [e.label for e in at.expander if e.label.startswith("清理")] == [label]
    at.button(key="search_purge").click().run()
    assert not errors(at)
    assert [s.value for s in at.success] == [f"已清理 2 个文件，释放 {sum(sizes) / 1024:.1f} KB。"]
    assert not [e for e in at.expander if e.label.startswith("清理")]

    assert not blob(plan_sha).exists() and not blob(txt_sha).exists()
    assert blob(shared_sha).exists()  # the opinion's file: never removed
    assert conn.execute("SELECT count(*) FROM files WHERE sha256 IN (?,?)",
                        (plan_sha, txt_sha)).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM file_names WHERE sha256 IN (?,?)",
                        (plan_sha, txt_sha)).fetchone()[0] == 0
    log = conn.execute("SELECT actor, target_kind, detail FROM audit_log "
                       "WHERE action='file.purge'").fetchall()
    assert [(r[0], r[1], json.loads(r[2])) for r in log] == [
        ("admin", "file", {"count": 2, "bytes": sum(sizes)})]

    # the command line: nothing left to purge while the opinion uses the shared file
    assert main(["purge", "--json", "--db", str(sample_db)]) == 0
    assert json.loads(capsys.readouterr().out) == {"files": 0, "bytes": 0, "sha256": [],
                                                   "dry_run": False}
    delete_items(conn, admin, [opinion_id], res)
    assert main(["purge", "--db", str(sample_db)]) == 0
    assert capsys.readouterr().out == (
        f"huibian: removed 1 unreferenced file(s), {shared_size} bytes\n")
    assert not blob(shared_sha).exists()
    conn.close()
