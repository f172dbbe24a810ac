"""The small read queries the app's pages use instead of SQL (huibian.store.catalog):
on a real store holding the three sample files (six items)."""

import pytest

from huibian.pipeline.ingestor import Ingestor, sources_from_paths
from huibian.store.catalog import collection_stamp, find_items, item_titles, original_path
from huibian.store.documents import list_items
from tests.conftest import SEEDS

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

HOSPITAL = "南昌大学第四附属医院"


@pytest.fixture
def stored(conn):
    ing = Ingestor(conn, stages=[])
    ing.ingest(sources_from_paths(list(SEEDS), ing.limits))
    return conn, list_items(conn)


def test_find_items_by_title_unit_or_id_in_stored_order(stored):
    conn, items = stored
    everything = find_items(conn, "", 100)
    assert everything == [(it.id, it.title, it.unit) for it in items]
    assert len(everything) == 6
    assert find_items(conn, "", 2) == everything[:2]
    hospital = [it for it in items if it.unit == HOSPITAL]
    assert find_items(conn, "附属医院", 100) == [(it.id, it.title, it.unit) for it in hospital]
    assert find_items(conn, "创岗建区", 100) == [(it.id, it.title, it.unit) for it in hospital]
    assert find_items(conn, items[3].id[:10], 100) == [(items[3].id, items[3].title,
                                                         items[3].unit)]


def test_find_items_takes_like_characters_literally(stored):
    conn, _ = stored
    assert find_items(conn, "%", 100) == []
    assert find_items(conn, "_", 100) == []
    assert find_items(conn, "\\", 100) == []


def test_find_items_by_title(stored):
    conn, items = stored
    by_title = find_items(conn, "", 100, order="title")
    assert by_title == sorted(((it.id, it.title, it.unit) for it in items),
                              key=lambda r: (r[1], r[2] or "", r[0]))
    with pytest.raises(ValueError):
        find_items(conn, "", 10, order="unit; DROP TABLE items")


def test_item_titles_of_stored_ids_in_the_order_given(stored):
    conn, items = stored
    ids = [items[4].id, "0000000000000000", items[1].id, items[4].id]
    assert item_titles(conn, ids) == {items[4].id: (items[4].title, items[4].unit),
                                      items[1].id: (items[1].title, items[1].unit)}
    assert list(item_titles(conn, ids)) == [items[4].id, items[1].id]
    assert item_titles(conn, []) == {}
    many = [it.id for it in items] * 200  # more ids than one IN list takes
    assert list(item_titles(conn, many)) == [it.id for it in items]


def test_collection_stamp_changes_with_the_collection(conn):
    assert collection_stamp(conn) == (0, None, None)
    ing = Ingestor(conn, stages=[])
    ing.ingest(sources_from_paths([SEEDS[1]], ing.limits))
    n, newest, last = collection_stamp(conn)
    assert n == 1 and newest is not None and last == 1
    ing.ingest(sources_from_paths([SEEDS[2]], ing.limits))
    assert collection_stamp(conn)[0] == 3 and collection_stamp(conn)[2] == 3


def test_original_path_of_a_stored_file(stored):
    from huibian.store.db import store_dir

    conn, items = stored
    rel = original_path(conn, items[0].file_sha256)
    assert rel == f"{items[0].file_sha256[:2]}/{items[0].file_sha256}"
    assert (store_dir(conn) / rel).read_bytes() == SEEDS[0].read_bytes()
    assert original_path(conn, "0" * 64) is None
