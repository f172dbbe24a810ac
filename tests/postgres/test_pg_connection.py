"""The PostgreSQL store's connection (store/postgres.py) against a real throwaway
server: the SQLite interface the product uses, with SQLite's meaning."""

import sqlite3
import threading
import time

import pytest

from huibian.core.errors import StoreError
from huibian.store import connect, transaction
from huibian.store.db import (column_names, has_table, node_file, store_dir, store_file,
                              table_names)
from huibian.store.postgres import safe_url


def test_connect_migrates_with_the_same_bookkeeping(pg_store, tmp_path):
    conn = connect(pg_store)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
        sqlite = connect(tmp_path / "s.db")
        assert names == [r[0] for r in sqlite.execute(
            "SELECT name FROM schema_migrations ORDER BY name")]
        # the same tables with the same columns (the FTS5 table of 0003 is dropped by 0007)
        assert table_names(conn) == table_names(sqlite) - {"sqlite_sequence"}
        for table in table_names(sqlite) - {"sqlite_sequence"}:
            assert column_names(conn, table) == column_names(sqlite, table), table
        sqlite.close()
        assert has_table(conn, "items") and not has_table(conn, "search_fts")
    finally:
        conn.close()
    again = connect(pg_store)  # migrating again applies nothing
    assert again.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(names)
    again.close()


def test_rows_lastrowid_replace_and_errors(pg_store):
    conn = connect(pg_store)
    cur = conn.execute("INSERT INTO sim_references (title, sha256, text, added_at) "
                       "VALUES (?,?,?,?)", ("题", "a" * 64, "正文", "2026-12-06"))
    assert cur.lastrowid == 1 and cur.rowcount == 1
    row = conn.execute("SELECT * FROM sim_references").fetchone()
    assert row == (1, "题", "a" * 64, "正文", "2026-12-06")
    assert row["title"] == "题" and row[1] == "题" and dict(row)["text"] == "正文"
    assert row.keys() == ["id", "title", "sha256", "text", "added_at"]
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO sim_references (title, sha256, text, added_at) "
                     "VALUES (?,?,?,?)", ("题", "a" * 64, "正文", "x"))
    conn.execute("INSERT OR IGNORE INTO sim_references (title, sha256, text, added_at) "
                 "VALUES (?,?,?,?)", ("题", "a" * 64, "正文", "x"))
    assert conn.execute("SELECT count(*) FROM sim_references").fetchone()[0] == 1

    conn.execute("INSERT OR REPLACE INTO search_meta VALUES ('k', ?)", ("1",))
    first = conn.execute("SELECT rowid FROM search_meta WHERE key='k'").fetchone()[0]
    conn.execute("INSERT OR REPLACE INTO search_meta VALUES ('k', ?)", ("2",))
    second = conn.execute("SELECT rowid, value FROM search_meta WHERE key='k'").fetchone()
    assert second[1] == "2" and second[0] > first  # a new rowid, as SQLite's replace
    assert conn.execute("SELECT total(rowid) FROM search_meta WHERE key='none'").fetchone()[0] == 0
    conn.close()


def test_a_failed_statement_in_a_savepoint_leaves_the_transaction_usable(pg_store):
    conn = connect(pg_store)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO search_meta VALUES ('a', '1')")
    conn.execute("SAVEPOINT huibian_file")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO search_meta VALUES ('a', '2')")
    conn.execute("ROLLBACK TO huibian_file")
    conn.execute("RELEASE huibian_file")
    conn.execute("INSERT INTO search_meta VALUES ('b', '3')")
    conn.execute("COMMIT")
    assert conn.execute("SELECT key, value FROM search_meta ORDER BY key").fetchall() == [
        ("a", "1"), ("b", "3")]
    conn.close()


def test_writers_wait_for_each_other_as_under_sqlites_write_lock(pg_store):
    """A second BEGIN IMMEDIATE waits until the first writer commits, then sees its
    row (the check-then-insert of an ingest is safe across processes)."""
    first, second = connect(pg_store), connect(pg_store)
    seen = {}

    def writer():
        t0 = time.monotonic()
        with transaction(second):
            seen["waited"] = time.monotonic() - t0
            seen["row"] = second.execute("SELECT value FROM search_meta WHERE key='w'"
                                         ).fetchone()
    first.execute("BEGIN IMMEDIATE")
    first.execute("INSERT INTO search_meta VALUES ('w', 'first')")
    t = threading.Thread(target=writer)
    t.start()
    time.sleep(1.0)
    assert t.is_alive()  # still waiting for the lock
    first.execute("COMMIT")
    t.join(30)
    assert seen["waited"] >= 0.9 and seen["row"] == ("first",)
    first.close()
    second.close()


def test_a_reader_transaction_is_one_snapshot(pg_store):
    reader, writer = connect(pg_store), connect(pg_store)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM search_meta").fetchone()[0] == 0
    writer.execute("INSERT INTO search_meta VALUES ('x', '1')")
    assert reader.execute("SELECT count(*) FROM search_meta").fetchone()[0] == 0
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM search_meta").fetchone()[0] == 1
    reader.close()
    writer.close()


def test_files_go_to_huibian_files_and_the_index_to_the_node_folder(pg_store, tmp_path):
    conn = connect(pg_store)
    assert store_dir(conn) == tmp_path / "files"
    assert store_file(conn) == tmp_path / "files" / "huibian.db"
    assert node_file(conn) == tmp_path / "node" / "huibian.db"
    conn.close()


def test_without_huibian_files_originals_have_nowhere_to_go(pg_store, monkeypatch):
    monkeypatch.delenv("HUIBIAN_FILES")
    conn = connect(pg_store)
    with pytest.raises(StoreError) as info:
        store_dir(conn)
    assert info.value.code == "E305" and "HUIBIAN_FILES" in str(info.value)
    conn.close()


def test_an_unreachable_server_is_e302_without_the_password(pg_server):
    url = f"postgresql://someone:secret@127.0.0.1:{pg_server.port}/no_such_db"
    with pytest.raises(StoreError) as info:
        connect(url)
    assert info.value.code == "E302"
    assert "no_such_db" in str(info.value) and "secret" not in str(info.value)
    assert safe_url(url) == f"postgresql://someone:***@127.0.0.1:{pg_server.port}/no_such_db"


def test_rows_inserted_with_their_id_move_the_identity_past_them(pg_store):
    """An import gives volumes their ids; the next volume made gets a new one (SQLite's
    rowid follows the highest id too)."""
    conn = connect(pg_store)
    conn.execute("INSERT INTO volumes (id, title, created_at, updated_at) VALUES (?,?,?,?)",
                 (7, "导入的汇编", "t", "t"))
    cur = conn.execute("INSERT INTO volumes (title, created_at, updated_at) VALUES (?,?,?)",
                       ("新汇编", "t", "t"))
    assert cur.lastrowid == 8
    conn.executemany("INSERT INTO audit_log (id, at, actor, action, target_kind, target) "
                     "VALUES (?,?,?,?,?,?)", [(40, "t", "a", "x", "item", "i"),
                                              (41, "t", "a", "x", "item", "i")])
    assert conn.execute("INSERT INTO audit_log (at, actor, action, target_kind, target) "
                        "VALUES (?,?,?,?,?)", ("t", "a", "x", "item", "i")).lastrowid == 42
    conn.close()
