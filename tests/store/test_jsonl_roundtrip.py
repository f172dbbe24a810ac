"""``huibian export --jsonl`` writes the whole collection in an open format and
``huibian import --jsonl`` restores it into an empty store: export -> import into a new
store -> export again gives the identical JSONL, and the restored store holds the same
rows (texts, offset maps, labels with who set them, scores, volumes, signatures...)."""

import json
import os
import subprocess
import sys

import pytest

from huibian.core.errors import StoreError
from huibian.store import connect
from huibian.store.db import integrity_check, store_address, store_dir
from huibian.store.documents import unpack_offsets
from huibian.pipeline.export import export_jsonl
from huibian.pipeline.jsonl_import import import_file
from tests.store.test_backup import any_source, empty_store, populated, source  # noqa: F401

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

# tables restored row for row (search_* are rebuilt; term_df is counted again)
SAME = ("files", "file_names", "items", "labels", "keywords", "entities", "named_carriers",
        "term_df", "term_df_items", "review_scores", "volumes", "volume_sections",
        "volume_items", "sim_references", "sim_signatures", "audit_log")


def _rows(conn, table):
    return sorted(map(tuple, conn.execute(f"SELECT * FROM {table}")), key=repr)


def test_export_has_texts_offsets_and_signatures(any_source, tmp_path):
    source = any_source
    out = tmp_path / "e.jsonl"
    export_jsonl(source, out)
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    files = {r["sha256"]: r for r in recs if r["type"] == "file"}
    for sha, raw, norm, offs in source.execute(
            "SELECT sha256, raw_text, norm_text, offset_map FROM files"):
        f = files[sha]
        assert (f["raw_text"], f["norm_text"]) == (raw, norm)
        assert f["offset_map"] == list(unpack_offsets(offs)) and len(f["offset_map"]) > 0
    sigs = [r for r in recs if r["type"] == "signature"]
    assert len(sigs) == source.execute("SELECT COUNT(*) FROM sim_signatures").fetchone()[0] > 0
    assert len([r for r in recs if r["type"] == "terms"]) == \
        source.execute("SELECT COUNT(*) FROM term_df_items").fetchone()[0]
    assert len([r for r in recs if r["type"] == "named_carrier"]) == \
        source.execute("SELECT COUNT(*) FROM named_carriers").fetchone()[0]


def test_export_import_export_is_identical(any_source, tmp_path, resources, store_kind,
                                           request, monkeypatch):
    from huibian.search.engine import search

    source = any_source
    first = tmp_path / "first.jsonl"
    export_jsonl(source, first)
    new = connect(empty_store(store_kind, request, tmp_path / "new", monkeypatch))
    rep = import_file(new, first, originals=store_dir(source), tokenizer=resources.tokenizer)
    n_files = source.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert (rep.originals, rep.missing_originals) == (n_files, 0)
    second = tmp_path / "second.jsonl"
    export_jsonl(new, second)
    assert second.read_bytes() == first.read_bytes()
    for table in SAME:
        assert _rows(new, table) == _rows(source, table), table
    # originals restored under their content-hash names, byte for byte
    for (rel,) in new.execute("SELECT blob_path FROM files"):
        assert (store_dir(new) / rel).read_bytes() == (store_dir(source) / rel).read_bytes()
    # the search index was rebuilt: the same query finds the same items
    for q in ("创先争优", "党员 教育"):
        a = search(source, q, tokenizer=resources.tokenizer)
        b = search(new, q, tokenizer=resources.tokenizer)
        assert a.total == b.total > 0
        assert [h.id for h in a.hits] == [h.id for h in b.hits]
    assert integrity_check(new) == "ok"
    new.close()


def test_import_refuses_a_store_that_holds_anything(any_source, tmp_path, resources):
    source = any_source
    out = tmp_path / "e.jsonl"
    export_jsonl(source, out)
    with pytest.raises(StoreError) as err:
        import_file(source, out, tokenizer=resources.tokenizer)
    assert err.value.code == "E324"


def test_import_refuses_a_bad_file_and_stores_nothing(any_source, tmp_path, resources,
                                                      store_kind, request, monkeypatch):
    source = any_source
    out = tmp_path / "e.jsonl"
    export_jsonl(source, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines[:5] + ["{not json"] + lines[5:]) + "\n", encoding="utf-8")
    new = connect(empty_store(store_kind, request, tmp_path / "n", monkeypatch))
    with pytest.raises(StoreError) as err:
        import_file(new, bad, tokenizer=resources.tokenizer)
    assert err.value.code == "E326" and f"{bad}:6: cannot import: not JSON" in str(err.value)
    assert new.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0
    other = tmp_path / "other.jsonl"
    other.write_text('{"type": "item", "id": "x"}\n', encoding="utf-8")
    with pytest.raises(StoreError) as err:
        import_file(new, other, tokenizer=resources.tokenizer)
    assert err.value.code == "E326" and "not a huibian-export file" in err.value.message
    new.close()


def test_cli_export_import(any_source, tmp_path, store_kind, request, monkeypatch):
    db = store_address(any_source)
    source_env = dict(os.environ, HUIBIAN_DB=db)

    def run(*args, env=None):
        return subprocess.run([sys.executable, "-m", "huibian.cli", *args], capture_output=True,
                              text=True, env=env or dict(os.environ, HUIBIAN_DB=db))

    r = run("export", "--jsonl", str(tmp_path / "a.jsonl"), env=source_env)
    assert r.returncode == 0, r.stderr
    # (on PostgreSQL, the fresh store's originals and node index in their own folders)
    fresh = empty_store(store_kind, request, tmp_path / "fresh", monkeypatch)
    r = run("import", "--jsonl", str(tmp_path / "a.jsonl"), "--db", str(fresh), "--json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["counts"]["score"] == 6 and got["missing_originals"] == got["counts"]["file"]
    r = run("import", "--jsonl", str(tmp_path / "a.jsonl"), "--db", str(fresh))
    assert r.returncode == 1 and "[E324]" in r.stderr
    # without the originals, files come back without them; everything else is the same
    r = run("export", "--jsonl", "-", "--db", str(fresh))
    a = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    b = [json.loads(x) for x in r.stdout.splitlines()]
    for rec in a:
        if rec["type"] == "file":
            rec["original"] = None
    assert a == b
