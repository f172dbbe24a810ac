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
