"""The benchmark store builder: worker processes give the same stored rows as the
writing process alone (the worker prepares the blob the writer would have made)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.corpus import build_store, vocab_items  # noqa: E402


def _rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT item_id, date, year, chars, terms FROM search_docs "
                            "ORDER BY item_id").fetchall()
    finally:
        conn.close()


def test_pooled_build_stores_what_the_writer_alone_stores(tmp_path, resources):
    items = vocab_items(12)
    tok = resources.tokenizer
    build_store(tmp_path / "one.db", items, tok, batch=5, cached=False, processes=1)
    build_store(tmp_path / "two.db", items, tok, batch=5, cached=False, processes=2)
    one, two = _rows(tmp_path / "one.db"), _rows(tmp_path / "two.db")
    assert len(one) == 12
    assert one == two
