"""Keyword ranking at write time reads the document frequencies of the item's own
words only: the stored keywords are exactly those the whole-table IDF gives."""

from pathlib import Path

import pytest

import huibian.nlp.analysis_store as analysis_store
from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from huibian.core.stages import Prepared
from huibian.store import connect, transaction
from huibian.store.documents import item_ids, write_document

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.both_stores  # the tests that store (db_path): SQLite and PostgreSQL


def _store(path, resources, docs):
    conn = connect(path)
    stages = [analysis_store.analysis_stage(resources)]
    for doc in docs:
        ids = item_ids(doc)
        prepared = Prepared(doc, ids, {"analysis": stages[0].prepare(doc, ids)})
        with transaction(conn):
            write_document(conn, prepared, stages, None)
    return conn


def _keywords(conn):
    return conn.execute("SELECT item_id, rank, word, score FROM keywords "
                        "ORDER BY item_id, rank").fetchall()


def _another_store(store_kind, request, tmp_path):
    """A second empty store of the same kind: a SQLite file, or a new database."""
    if store_kind == "postgresql":
        return request.getfixturevalue("pg_server").new_database()
    return tmp_path / "slow.db"


def test_keywords_equal_whole_table_idf(tmp_path, db_path, store_kind, request, resources,
                                        monkeypatch):
    docs = [process_file(SourceFile.from_bytes(str(p), p.read_bytes()))
            for p in sorted((ROOT / "corpora" / "sample").iterdir())
            if p.suffix in (".txt", ".docx")]
    fast = _store(db_path, resources, docs)
    whole = analysis_store.load_idf
    monkeypatch.setattr(analysis_store, "load_idf", lambda conn, terms=None: whole(conn))
    slow = _store(_another_store(store_kind, request, tmp_path), resources, docs)
    got = _keywords(fast)
    assert len(got) > 30 and got == _keywords(slow)

    full = whole(fast)
    terms = [t for (t,) in fast.execute("SELECT term FROM term_df")][::3] + ["不在集合里"]
    part = whole(fast, terms)
    assert part.n_docs == full.n_docs == fast.execute(
        "SELECT COUNT(*) FROM items").fetchone()[0]
    for t in terms:
        assert part.idf(t) == full.idf(t) and part.too_common(t) == full.too_common(t)
    assert set(part.df) == set(terms) - {"不在集合里"}


def test_tfidf_ranking_inlined_equals_methods(resources, tmp_path):
    """tfidf_from_counts computes IdfTable.idf/too_common inline for an IdfTable; a
    subclass goes through the methods: the same keywords and scores."""
    from collections import Counter

    from huibian.nlp.keywords import IdfTable, candidate_words_of, tfidf_from_counts

    class ViaMethods(IdfTable):
        pass

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "sample").glob("*.txt"))]
    counts = [Counter(candidate_words_of(resources.tokenizer.cut(t), resources.stopwords))
              for t in texts]
    df = Counter(w for c in counts for w in c)
    for n in (0, 3, 4, 5, 50):
        for c in counts:
            fast = tfidf_from_counts(c, IdfTable(n, dict(df)), 10)
            slow = tfidf_from_counts(c, ViaMethods(n, dict(df)), 10)
            assert fast == slow and len(fast) == 10
