"""A collection moves from a SQLite store to a PostgreSQL store with ``export --jsonl``
and ``import --jsonl``: the PostgreSQL store then exports the identical JSONL and holds
the same rows (texts, labels with who set them, scores, volumes with their ids,
references, signatures, the audit log), and finds the same items."""

from huibian.pipeline.export import export_jsonl
from huibian.pipeline.jsonl_import import import_file
from huibian.store import connect
from huibian.store.db import integrity_check, store_dir
from huibian.services.volumes import create_volume
from tests.store.test_backup import populated, source  # noqa: F401 - fixtures
from tests.store.test_jsonl_roundtrip import SAME


def _rows(conn, table):
    return sorted(map(tuple, conn.execute(f"SELECT * FROM {table}")), key=repr)


def test_sqlite_export_imported_into_postgresql_exports_the_same(source, pg_store, tmp_path,
                                                                 resources):
    from huibian.search.engine import search

    first = tmp_path / "first.jsonl"
    export_jsonl(source, first)
    pg = connect(pg_store)
    rep = import_file(pg, first, originals=store_dir(source), tokenizer=resources.tokenizer)
    n_files = source.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert (rep.originals, rep.missing_originals) == (n_files, 0)
    second = tmp_path / "second.jsonl"
    export_jsonl(pg, second)
    assert second.read_bytes() == first.read_bytes()
    for table in SAME:
        assert _rows(pg, table) == _rows(source, table), table
    for (rel,) in pg.execute("SELECT blob_path FROM files"):
        assert (store_dir(pg) / rel).read_bytes() == (store_dir(source) / rel).read_bytes()
    for q in ("创先争优", "党员 教育"):
        a = search(source, q, tokenizer=resources.tokenizer)
        b = search(pg, q, tokenizer=resources.tokenizer)
        assert a.total == b.total > 0
        assert [h.id for h in a.hits] == [h.id for h in b.hits]
    assert integrity_check(pg) == "ok"
    # the imported volumes kept their ids; a new one gets the next id, as on SQLite
    top = pg.execute("SELECT max(id) FROM volumes").fetchone()[0]
    assert top == source.execute("SELECT max(id) FROM volumes").fetchone()[0]
    assert create_volume(pg, "新汇编") == create_volume(source, "新汇编") == top + 1
    pg.close()
