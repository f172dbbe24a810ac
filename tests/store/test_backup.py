"""Backup, restore and JSON Lines export of a real store: the sample corpus ingested
by the real pipeline, with a human label, reviewers' scores, a volume and accounts.

The backup and restore tests are SQLite's: its online backup API, a file checked with
``PRAGMA integrity_check``, a file's pages damaged; a PostgreSQL store's backup
(pg_dump/pg_restore) is tests/postgres/test_pg_backup.py's. The JSON Lines export runs
on both stores (``any_source``; this module is marked both_stores, which parametrizes
only the tests that use a store fixture of either kind)."""

import json
import shutil
import sqlite3
import threading

import pytest

from huibian.core.errors import StoreError
from huibian.store import connect
from huibian.pipeline.backup import backup, check_backup, restore
from huibian.store.db import store_dir
from huibian.pipeline.export import export_jsonl
from tests.conftest import SAMPLE

REVIEWERS = ("ann", "ben")


def _populate(conn, resources):
    from huibian.services.people import LOCAL_OPERATOR, Accounts, User
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.services.review import correct_labels, load_rubric, submit_score
    from huibian.services.volumes import add_items, create_volume

    with Ingestor(conn, resources) as ing:
        rep = ing.ingest(sources_from_paths([SAMPLE], ing.limits))
    assert rep.failed == 0
    ids = [r[0] for r in conn.execute("SELECT id FROM items ORDER BY rowid")]
    editor = User("编辑甲", "editor")
    correct_labels(conn, editor, resources.taxonomy, ids[0], "genre", ["plan"],
                   resources.tokenizer)
    rubric = load_rubric()
    for k, name in enumerate(REVIEWERS):
        for iid in ids[:3]:
            submit_score(conn, User(name, "reviewer"), rubric, iid,
                         {c.id: 5 + k for c in rubric.criteria}, f"{name}的意见")
    vid = create_volume(conn, "创先争优活动优秀成果汇编", sectioning="manual",
                        sections=["一等奖", "二等奖"])
    add_items(conn, vid, ids[:2], section="一等奖")
    add_items(conn, vid, ids[2:3], section="二等奖")
    accounts = Accounts.for_store(conn)
    accounts.add(LOCAL_OPERATOR, "admin1", "correct horse battery", "admin")
    return ids


pytestmark = pytest.mark.both_stores  # any_source's tests (SQLite and PostgreSQL)


def _populated_store(db, resources) -> None:
    conn = connect(db)
    _populate(conn, resources)
    conn.close()


@pytest.fixture(scope="module")
def populated(tmp_path_factory, resources):
    path = tmp_path_factory.mktemp("src") / "store" / "huibian.db"
    _populated_store(path, resources)
    return path


@pytest.fixture
def source(populated, tmp_path):
    """A private copy of the populated store (db, originals, accounts)."""
    d = tmp_path / "live"
    shutil.copytree(populated.parent, d)
    conn = connect(d / populated.name)
    yield conn
    conn.close()


@pytest.fixture
def any_source(store_kind, request, tmp_path, monkeypatch, resources):
    """The populated store: ``source`` (SQLite), or on a PostgreSQL run a copy of the
    same store built once on the session's server (tests/conftest.py PgTemplates)."""
    if store_kind != "postgresql":
        yield request.getfixturevalue("source")
        return
    url = request.getfixturevalue("pg_templates").copy(
        "populated", lambda u: _populated_store(u, resources), tmp_path, monkeypatch)
    conn = connect(url)
    yield conn
    conn.close()


def empty_store(store_kind, request, folder, monkeypatch):
    """A new store's address, of the kind of ``store_kind``: a SQLite file in
    ``folder``, or a new database on the session's server with its originals and this
    node's index in ``folder`` (HUIBIAN_FILES and HUIBIAN_INDEX_DIR set to them from
    now on; a store opened before keeps its own)."""
    if store_kind != "postgresql":
        return folder / "h.db"
    from huibian.testkit.pgserver import node_env

    for key, value in node_env(folder).items():
        monkeypatch.setenv(key, value)
    return request.getfixturevalue("pg_server").new_database()


def _tables(conn):
    return sorted(r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%'"))


def _dump(conn):
    return {t: sorted(map(tuple, conn.execute(f'SELECT * FROM "{t}"')), key=repr)
            for t in _tables(conn)}


def test_backup_restore_round_trip(source, tmp_path, resources):
    from huibian.services.people import Accounts
    from huibian.search.engine import search

    out = tmp_path / "bk" / "backup.db"
    rep = backup(source, out)
    n_files = source.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert (rep.files, rep.originals, rep.accounts) == (n_files, n_files, True)
    assert rep.items == source.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    assert check_backup(out) == (rep.files, rep.items)

    target = tmp_path / "new" / "huibian.db"
    restored = restore(out, target)
    assert restored.files == n_files
    conn = connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        before, after = _dump(source), _dump(conn)
        assert set(before) == set(after)
        for table in before:
            assert after[table] == before[table], table
        assert len(after["review_scores"]) == 6 and len(after["volume_items"]) == 3
        for sha, rel in conn.execute("SELECT sha256, blob_path FROM files"):
            assert (store_dir(conn) / rel).read_bytes() == (store_dir(source) / rel).read_bytes()
        assert Accounts.for_store(conn).authenticate("admin1", "correct horse battery")
        hits = search(conn, "创先争优", tokenizer=resources.tokenizer)
        assert hits.total == search(source, "创先争优", tokenizer=resources.tokenizer).total > 0
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_backup_is_consistent_while_scores_are_written(source, tmp_path):
    from huibian.services.people import User
    from huibian.services.review import load_rubric, submit_score

    rubric = load_rubric()
    ids = [r[0] for r in source.execute("SELECT id FROM items")]
    db = source.execute("PRAGMA database_list").fetchone()[2]
    stop = threading.Event()
    written = []

    def writer():
        c = connect(db, check_same_thread=False)
        k = 0
        while not stop.is_set():
            name = f"r{k}"
            submit_score(c, User(name, "reviewer"), rubric, ids[k % len(ids)],
                         {cr.id: 7 for cr in rubric.criteria})
            written.append(name)
            k += 1
        c.close()

    t = threading.Thread(target=writer)
    t.start()
    try:
        outs = []
        for k in range(5):
            out = tmp_path / f"b{k}.db"
            backup(source, out)
            outs.append(out)
    finally:
        stop.set()
        t.join()
    assert written
    prev = -1
    for out in outs:
        c = sqlite3.connect(out)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        scores = c.execute("SELECT COUNT(*) FROM review_scores").fetchone()[0]
        audits = c.execute("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'score.%'"
                           ).fetchone()[0]
        c.close()
        assert scores == audits  # each score with its audit record: one snapshot
        assert scores >= prev
        prev = scores


def test_restore_refuses_a_non_empty_store_without_force(source, tmp_path):
    out = tmp_path / "b.db"
    backup(source, out)
    db = source.execute("PRAGMA database_list").fetchone()[2]
    source.execute("DELETE FROM review_scores WHERE reviewer='ann'")
    with pytest.raises(StoreError) as err:
        restore(out, db)
    assert err.value.code == "E324" and "--force" in err.value.message
    assert source.execute("SELECT COUNT(*) FROM review_scores").fetchone()[0] == 3
    restore(out, db, force=True)
    assert source.execute("SELECT COUNT(*) FROM review_scores").fetchone()[0] == 6
    assert source.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_damaged_backup_is_refused_and_nothing_changes(source, tmp_path):
    out = tmp_path / "b.db"
    backup(source, out)
    data = bytearray(out.read_bytes())
    page = 4096
    for k in range(page * 3, len(data) - page, page * 2):  # scribble over many pages
        data[k + 100:k + 400] = b"\xa5" * 300
    out.write_bytes(bytes(data))
    target = tmp_path / "t" / "huibian.db"
    with pytest.raises(StoreError) as err:
        restore(out, target)
    assert err.value.code == "E321" and "nothing was restored" in err.value.message
    assert not target.exists()

    good = tmp_path / "g.db"
    backup(source, good)
    victim = next((tmp_path / "g_files").rglob("*"))
    while victim.is_dir():
        victim = next(victim.iterdir())
    victim.write_bytes(b"changed")
    with pytest.raises(StoreError) as err:
        restore(good, target)
    assert err.value.code == "E323"


def test_backup_will_not_overwrite(source, tmp_path):
    out = tmp_path / "b.db"
    out.write_text("something precious")
    with pytest.raises(StoreError) as err:
        backup(source, out)
    assert err.value.code == "E325" and out.read_text() == "something precious"


def test_export_jsonl_has_everything(any_source, tmp_path):
    source = any_source
    out = tmp_path / "export.jsonl"
    counts = export_jsonl(source, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    recs = [json.loads(line) for line in lines]
    assert sum(counts.values()) == len(recs)
    by = {}
    for r in recs:
        by.setdefault(r["type"], []).append(r)
    assert recs[0]["type"] == "meta" and recs[0]["format"] == "huibian-export"
    q = lambda sql: source.execute(sql).fetchone()[0]  # noqa: E731
    assert len(by["file"]) == q("SELECT COUNT(*) FROM files")
    assert len(by["item"]) == q("SELECT COUNT(*) FROM items")
    assert len(by["label"]) == q("SELECT COUNT(*) FROM labels") > 0
    assert len(by["score"]) == q("SELECT COUNT(*) FROM review_scores") == 6
    assert len(by["volume"]) == 1
    assert len(by["audit"]) == q("SELECT COUNT(*) FROM audit_log")
    assert len(by.get("keyword", [])) == q("SELECT COUNT(*) FROM keywords")
    texts = dict(source.execute("SELECT id, text FROM items"))
    assert {i["id"]: i["text"] for i in by["item"]} == texts
    human = [lab for lab in by["label"] if lab["source"] == "human"]
    assert [(h["label"], h["who"]) for h in human] == [("plan", "编辑甲")]
    assert {s["reviewer"] for s in by["score"]} == set(REVIEWERS)
    assert all(isinstance(s["scores"], dict) and s["comment"].endswith("的意见")
               for s in by["score"])
    vol = by["volume"][0]
    assert [s["title"] for s in vol["sections"]] == ["一等奖", "二等奖"]
    assert [len(s["items"]) for s in vol["sections"]] == [2, 1]
    assert all(it["item_id"] in texts for s in vol["sections"] for it in s["items"])
    assert all(f["names"] and f["original"] for f in by["file"])
    assert "argon2" not in out.read_text(encoding="utf-8")  # no password hashes


def test_cli_backup_restore_export(source, tmp_path):
    import os
    import subprocess
    import sys

    db = source.execute("PRAGMA database_list").fetchone()[2]
    env = dict(os.environ, HUIBIAN_DB=db)

    def run(*args, **kw):
        return subprocess.run([sys.executable, "-m", "huibian.cli", *args], env=env,
                              capture_output=True, text=True, **kw)

    r = run("backup", str(tmp_path / "b.db"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"backed up {tmp_path / 'b.db'}: ")
    r = run("restore", str(tmp_path / "b.db"))
    assert r.returncode == 1 and "[E324]" in r.stderr
    fresh = tmp_path / "fresh.db"
    r = run("restore", str(tmp_path / "b.db"), "--db", str(fresh), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["files"] == source.execute("SELECT COUNT(*) FROM files"
                                                           ).fetchone()[0]
    r = run("export", "--jsonl", "-", "--db", str(fresh))
    assert r.returncode == 0, r.stderr
    types = [json.loads(line)["type"] for line in r.stdout.splitlines()]
    assert types[0] == "meta" and types.count("score") == 6
    assert "6 score" in r.stderr
