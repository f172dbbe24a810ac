"""The search rows of an item are the same whether its views were finished in the
reading worker (with the analysis's named carriers) or at write time from the store."""

from pathlib import Path

import pytest

from huibian.pipeline.ingestor import Ingestor, sources_from_paths
from huibian.core.limits import Limits
from huibian.search.index import Views, rebuild, terms_blob, write_views
from huibian.store import transaction

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"

pytestmark = pytest.mark.both_stores


def _terms(conn):
    return dict(conn.execute("SELECT item_id, terms FROM search_docs"))


def test_worker_prepared_terms_equal_write_time_terms(conn, resources, tokenizer):
    files = sorted(p for p in SAMPLE.iterdir() if p.suffix == ".txt")
    with Ingestor(conn, resources=resources, limits=Limits()) as ing:
        rep = ing.ingest(sources_from_paths(files, Limits()))
    assert rep.failed == 0
    prepared = _terms(conn)
    assert len(prepared) == 6
    # named carriers were found, so the named view is part of the blobs compared
    assert conn.execute("SELECT COUNT(DISTINCT item_id) FROM named_carriers").fetchone()[0] >= 3
    rebuild(conn, tokenizer)  # every blob again, from the items and analysis rows
    assert _terms(conn) == prepared


def test_a_blob_prepared_for_other_named_carriers_is_rebuilt(conn, resources, tokenizer):
    files = sorted(p for p in SAMPLE.iterdir() if p.suffix == ".txt")[:1]
    with Ingestor(conn, resources=resources, limits=Limits()) as ing:
        ing.ingest(sources_from_paths(files, Limits()))
    item_id, blob = conn.execute("SELECT item_id, terms FROM search_docs "
                                 "ORDER BY docid LIMIT 1").fetchone()
    import json
    import zlib

    cols = json.loads(zlib.decompress(blob))
    base = Views(item_id, cols[0], cols[2], cols[3], cols[5])
    stale = Views(item_id, cols[0], cols[2], cols[3], cols[5], named=("另一个单位",),
                  terms=terms_blob(tokenizer, base, ("另一个单位",)))
    with transaction(conn):
        write_views(conn, tokenizer, [stale])
    assert conn.execute("SELECT terms FROM search_docs WHERE item_id=?",
                        (item_id,)).fetchone()[0] == blob
