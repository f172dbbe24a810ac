"""An item's OCR record (issue 19) goes through ``export --jsonl`` / ``import --jsonl``
and a backup like the rest of the item."""

import json

import pytest

from huibian.store import connect
from huibian.store.db import store_dir
from huibian.pipeline.export import export_jsonl
from huibian.pipeline.jsonl_import import import_file
from tests.store.test_backup import any_source, empty_store, populated, source  # noqa: F401

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def test_ocr_records_round_trip(any_source, tmp_path, resources, store_kind, request,
                                monkeypatch):
    source = any_source
    ids = [r[0] for r in source.execute("SELECT id FROM items ORDER BY id LIMIT 2")]
    with source:
        source.execute("INSERT INTO item_ocr VALUES (?,?,?,?,?)",
                       (ids[0], "tesseract", 88.4, "[1, 2]", "[2]"))
        source.execute("INSERT INTO item_ocr VALUES (?,?,?,?,?)",
                       (ids[1], "rapidocr", 99.1, "[3]", "[]"))
    first = tmp_path / "first.jsonl"
    export_jsonl(source, first)
    recs = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert [r for r in recs if r["type"] == "ocr"] == [
        {"type": "ocr", "item_id": ids[0], "engine": "tesseract", "confidence": 88.4,
         "pages": [1, 2], "low_pages": [2]},
        {"type": "ocr", "item_id": ids[1], "engine": "rapidocr", "confidence": 99.1,
         "pages": [3], "low_pages": []}]
    new = connect(empty_store(store_kind, request, tmp_path / "new", monkeypatch))
    import_file(new, first, originals=store_dir(source), tokenizer=resources.tokenizer)
    q = "SELECT * FROM item_ocr ORDER BY item_id"
    assert list(map(tuple, new.execute(q))) == list(map(tuple, source.execute(q)))
    second = tmp_path / "second.jsonl"
    export_jsonl(new, second)
    assert second.read_bytes() == first.read_bytes()
