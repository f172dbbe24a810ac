"""The fingerprint stage and the stored signatures, on a real store."""

import numpy as np
import pytest

from huibian.pipeline.ingestor import stages_for
from huibian.pipeline.resources import Resources
from huibian.similarity.signatures import (PARAMS, FingerprintIndex, params_version, rebuild_missing,
                                   signature)
from huibian.store import transaction
from huibian.store.documents import delete_file
from tests.similarity.conftest import ingest_paths, seed_path

pytestmark = pytest.mark.both_stores


def test_ingest_stores_one_signature_per_item_and_delete_removes_them(db_path):
    conn = ingest_paths(db_path, [seed_path("000"), seed_path("002")])
    assert "fingerprint" in [s.name for s in stages_for(Resources())]
    rows = conn.execute("SELECT i.id, i.text, s.version, s.chars, s.grams, s.minhash "
                        "FROM items i JOIN sim_signatures s ON s.item_id = i.id").fetchall()
    assert len(rows) == conn.execute("SELECT count(*) FROM items").fetchone()[0] == 5
    for item_id, text, version, chars, grams, minhash in rows:
        sig = signature(text)
        assert version == params_version(PARAMS)
        assert chars == sig.chars
        assert np.frombuffer(grams, "<u4").tolist() == sig.grams.tolist()
        assert len(minhash) == 4 * PARAMS.num_perm
    sha = conn.execute("SELECT file_sha256 FROM items LIMIT 1").fetchone()[0]
    with transaction(conn):
        n = delete_file(conn, sha, stages_for(Resources()))
    left = conn.execute("SELECT count(*) FROM sim_signatures").fetchone()[0]
    assert left == 5 - n and n > 0
    assert conn.execute("SELECT count(*) FROM sim_signatures s LEFT JOIN items i "
                        "ON i.id = s.item_id WHERE i.id IS NULL").fetchone()[0] == 0


def test_missing_or_stale_signatures_are_rebuilt_on_load(db_path):
    conn = ingest_paths(db_path, [seed_path("001")])
    item_id = conn.execute("SELECT id FROM items").fetchone()[0]
    with transaction(conn):
        conn.execute("UPDATE sim_signatures SET version = 'v0:old'")
    assert rebuild_missing(conn) == 1
    with transaction(conn):
        conn.execute("DELETE FROM sim_signatures")
    index = FingerprintIndex.load(conn)
    assert index.ids == [item_id]
    assert conn.execute("SELECT version FROM sim_signatures").fetchone()[0] == params_version()


def test_index_candidates_rank_by_shared_grams_and_skip_excluded():
    a = "在全区教育系统党组织和党员中深入开展创先争优活动，制定如下实施方案"
    b = "省财政厅投资用于定向采购义务教育学科课程网络资源，打造公益性学科网络教材"
    index = FingerprintIndex.build([("A", 1, signature(a).grams), ("B", 1, signature(b).grams)])
    from huibian.similarity.signatures import query_grams
    from huibian.similarity.shingles import make_view

    q = query_grams(make_view("我们" + a[3:30] + "。"))
    assert [c[0] for c in index.candidates(q)] == ["A"]
    assert index.candidates(q, exclude=["A"]) == []


def test_index_cache_is_reused_invalidated_by_new_items_and_rebuilt_when_corrupt(
        db_path, store_kind, tmp_path):
    from huibian.similarity.signatures import index_cache_path

    db = db_path
    conn = ingest_paths(db, [seed_path("001")])
    first = FingerprintIndex.cached(conn)
    path = index_cache_path(conn)
    # beside the SQLite file; a PostgreSQL store's in this node's HUIBIAN_INDEX_DIR
    node = db_path.parent if store_kind == "sqlite" else tmp_path / "node"
    assert path == node / "huibian.db.simindex.npz" and path.exists()
    stamp = path.stat().st_mtime_ns
    again = FingerprintIndex.cached(conn)
    assert path.stat().st_mtime_ns == stamp
    assert again.ids == first.ids and again.keys.tolist() == first.keys.tolist()
    conn.close()

    conn = ingest_paths(db, [seed_path("002")])
    grown = FingerprintIndex.cached(conn)
    assert len(grown) == 3 and path.stat().st_mtime_ns != stamp

    path.write_bytes(b"PK\x03\x04 not really a zip")
    rebuilt = FingerprintIndex.cached(conn)
    assert rebuilt.ids == grown.ids
    assert rebuilt.owners.tolist() == grown.owners.tolist()


def test_index_in_place_equals_stable_sort_of_the_grams():
    """The index's grams and owners are the stable sort by gram of the items' grams
    concatenated in item order (duplicates within and across items), whether the
    number of grams is given, over- or underestimated, or not given."""
    rng = np.random.default_rng(3)
    entries = [(f"i{k}", 10, rng.integers(0, 50, rng.integers(0, 40)).astype(np.uint32))
               for k in range(60)]
    grams = np.concatenate([g for _, _, g in entries])
    owners = np.repeat(np.arange(len(entries)), [len(g) for _, _, g in entries])
    order = np.argsort(grams, kind="stable")
    n = len(grams)
    for total in (None, n, n - 7, n + 7):
        index = FingerprintIndex.build(iter(entries) if total is not None else entries,
                                       total=total)
        assert index.ids == [e[0] for e in entries]
        assert index.keys.tolist() == grams[order].tolist()
        assert index.owners.tolist() == owners[order].tolist()
        q = np.unique(rng.integers(0, 60, 25).astype(np.uint32))
        want = np.bincount(owners[np.isin(grams, q)], minlength=len(entries))
        assert index.hits(q, max_postings=10**9).tolist() == want.tolist()


def test_class_index_directory_gives_the_candidates_of_a_plain_search():
    """ClassIndex queries a large index through its top-bits directory (issue 22,
    check time): the same candidates and counts as FingerprintIndex's binary search,
    stock grams (held by more than max_postings items, or crowding one bucket)
    included, excluded items left out."""
    from huibian.similarity.classgrams import BUCKET_CAP, DIRECTORY_MIN, ClassIndex

    rng = np.random.default_rng(22)
    n_items, per_item = 3000, 800
    stock = rng.integers(0, 2**32, 5, dtype=np.uint64).astype(np.uint32)
    entries = []
    for i in range(n_items):
        grams = rng.integers(0, 2**32, per_item, dtype=np.uint64).astype(np.uint32)
        if i % 10 == 0:  # stock grams: in 300 items each, far over a bucket's cap
            grams = np.concatenate([grams, stock])
        entries.append((f"item{i:05d}", 1000, np.unique(grams)))
    index = ClassIndex.build(entries)
    assert index.pairs.shape[0] >= DIRECTORY_MIN
    bits, starts = index.directory()
    assert int(starts[-1]) == index.pairs.shape[0] and int(np.diff(starts).max()) > BUCKET_CAP
    # a query: grams of 40 items (1 to 40 of each), the stock grams, unknown grams
    parts = [stock, rng.integers(0, 2**32, 300, dtype=np.uint64).astype(np.uint32)]
    for j, i in enumerate(rng.choice(n_items, 40, replace=False)):
        parts.append(entries[int(i)][2][:j + 1])
    # and the other grams of the stock grams' (crowded) buckets
    for g in stock.tolist():
        b = g >> (32 - bits)
        keys = index.keys[int(starts[b]):int(starts[b + 1])]
        parts.append(keys[keys != g])
    query = np.unique(np.concatenate(parts))
    exclude = [entries[int(i)][0] for i in rng.choice(n_items, 5, replace=False)]
    for max_postings in (1000, 200):
        want = FingerprintIndex.candidates(index, query, exclude=exclude, limit=10**6,
                                           max_postings=max_postings)
        got = index.candidates(query, exclude=exclude, limit=10**6, max_postings=max_postings)
        assert got == want
        assert index.candidates(query, exclude=exclude, limit=3, min_hits=2,
                                max_postings=max_postings) == want[:3]
    # the stock grams count only while max_postings allows them
    assert len(index.candidates(query, max_postings=1000, limit=10**6)) >= 300
    assert index.candidates(stock, max_postings=200) == []
