"""The ranked (tantivy) index is derived from the store: whatever happens to it — a crash
between the store's commit and the index's, a deleted index folder, an index ahead of
a restored store, another process holding its writer — searches give the store's
committed state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from huibian.search import tantivy_index
from huibian.search.engine import search
from huibian.search.index import index_items
from huibian.store.db import connect, store_address, transaction

from .conftest import insert_items, sample_items

pytestmark = pytest.mark.both_stores


def _ids(conn, q, tokenizer):
    return sorted(h.id for h in search(conn, q, tokenizer=tokenizer, limit=100).hits)


def test_item_committed_without_an_index_commit_is_found(store, tokenizer):
    conn, _ = store
    before = _ids(conn, "创岗建区", tokenizer)
    assert len(before) == 1  # the sample's PDF and TXT of the case: one item (issue 17)
    applied, _ = tantivy_index.open_index(conn).applied()
    # a store transaction that commits, then "crashes" before the index is synced
    item = dict(sample_items()[2], name="copy.txt", seq=9)
    with transaction(conn):
        (new_id,) = insert_items(conn, [item])
        index_items(conn, tokenizer, [new_id])
    assert tantivy_index.open_index(conn).applied()[0] == applied  # index not touched yet
    assert _ids(conn, "创岗建区", tokenizer) == sorted(before + [new_id])
    assert tantivy_index.open_index(conn).applied()[0] == tantivy_index.journal_head(conn)


def test_rolled_back_transaction_leaves_no_trace(store, tokenizer):
    conn, _ = store
    before = _ids(conn, "创岗建区", tokenizer)
    head = tantivy_index.journal_head(conn)
    item = dict(sample_items()[2], name="copy.txt", seq=9)
    try:
        with transaction(conn):
            (new_id,) = insert_items(conn, [item])
            index_items(conn, tokenizer, [new_id])
            raise RuntimeError("the ingest fails mid-transaction")
    except RuntimeError:
        pass
    assert tantivy_index.journal_head(conn) == head
    assert _ids(conn, "创岗建区", tokenizer) == before


def test_deleted_index_folder_is_rebuilt_with_the_same_results(store, tokenizer):
    conn, _ = store
    queries = ["党员", "创岗建区", "\"五个好\"", "师德 OR 医院", "党员 -医院"]
    first = [_ids(conn, q, tokenizer) for q in queries]
    shutil.rmtree(tantivy_index.index_dir(conn))
    assert [_ids(conn, q, tokenizer) for q in queries] == first


class _Backup:
    """The store as it is now, put back later under the same name: the SQLite file
    copied (and copied back, its WAL files removed), or the PostgreSQL database copied
    to another database (CREATE DATABASE … TEMPLATE) and the store's database replaced
    by a copy of that. Taken and put back while no connection is open."""

    def __init__(self, db, store_kind, request, tmp_path) -> None:
        self.db = db
        if store_kind == "postgresql":
            self.server = request.getfixturevalue("pg_server")
            self.name = db.rsplit("/", 1)[1]
            self.copy = self.server.new_database("old", template=self.name).rsplit("/", 1)[1]
        else:
            self.server = None
            self.copy = tmp_path / "old.db"
            shutil.copy(db, self.copy)

    def put_back(self) -> None:
        if self.server is None:
            for suffix in ("-wal", "-shm"):
                Path(self.db + suffix).unlink(missing_ok=True)
            shutil.copy(self.copy, self.db)
            return
        # deferred: psycopg is wanted only on the PostgreSQL run
        import psycopg

        with psycopg.connect(self.server.url(), autocommit=True) as c:
            c.execute(f'DROP DATABASE "{self.name}"')
            c.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.copy}"')


def test_index_ahead_of_a_restored_store_is_rebuilt(store, tokenizer, tmp_path, store_kind,
                                                    request):
    conn, _ = store
    before = _ids(conn, "创岗建区", tokenizer)
    db = store_address(conn)
    conn.close()
    backup = _Backup(db, store_kind, request, tmp_path)  # the store as it was
    conn = connect(db)
    item = dict(sample_items()[2], name="copy.txt", seq=9)
    with transaction(conn):
        (new_id,) = insert_items(conn, [item])
        index_items(conn, tokenizer, [new_id])
    assert new_id in _ids(conn, "创岗建区", tokenizer)
    conn.close()
    # put the old store back under the same name, keeping the newer index folder
    backup.put_back()
    conn2 = connect(db)
    try:
        assert _ids(conn2, "创岗建区", tokenizer) == before
    finally:
        conn2.close()


_HOLDER = """
import sys
from huibian.search import tantivy_index
from huibian.store.db import connect
conn = connect(sys.argv[1])
writer = tantivy_index.open_index(conn).index.writer(tantivy_index.WRITER_HEAP, 1)
print("ready", flush=True)
sys.stdin.read()  # hold the writer until the test closes our stdin
"""


def test_busy_writer_elsewhere_does_not_fail_a_search(store, tokenizer):
    import subprocess
    import sys

    conn, _ = store
    before = _ids(conn, "创岗建区", tokenizer)
    db = store_address(conn)
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, db], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        item = dict(sample_items()[2], name="copy.txt", seq=9)
        with transaction(conn):
            (new_id,) = insert_items(conn, [item])
            index_items(conn, tokenizer, [new_id])
        assert tantivy_index.sync(conn, wait=0.2) == -1  # busy: the journal keeps it
        # a search does not wait long for the writer: it answers from the index as is
        assert _ids(conn, "创岗建区", tokenizer) == before
    finally:
        holder.stdin.close()
        holder.wait(60)
    assert _ids(conn, "创岗建区", tokenizer) == sorted(before + [new_id])


def test_bench_paragraph_views_equal_item_views(tokenizer):
    """The benchmark's cached view builder gives exactly the search stage's views."""
    from huibian.testkit.corpus import paragraph_views
    from huibian.search.index import item_views

    cache: dict = {}
    for it in sample_items():
        title, body = it["title"], it["text"]
        assert paragraph_views(tokenizer, "x", title, body, cache) == \
            item_views(tokenizer, "x", title, body)
