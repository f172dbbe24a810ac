"""Property tests (hypothesis): any byte string as a file gives items or a documented
``HuibianError``; any Unicode string as a search query gives results or a
``QueryError`` -- never another exception."""

import random
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huibian.core.errors import HuibianError, QueryError
from huibian.pipeline.ingestor import process_file, sources_from_bytes
from huibian.core.records import SourceFile
from huibian.ingest.archive import Refused
from huibian.core.limits import Limits
from huibian.ingest.split import Splitter
from tests.conftest import SAMPLE

SPLITTER = Splitter()
LIMITS = Limits(max_pages=50, max_unpacked_bytes=20 * 1024 * 1024)
SEED_BYTES = [p.read_bytes() for p in sorted(SAMPLE.iterdir()) if p.is_file()]
MAGIC = [b"%PDF-1.7\n", b"PK\x03\x04", b"PK\x05\x06", b"\xef\xbb\xbf", b"\xff\xfe",
         b"\xfe\xff", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n",
         b"# \xe6\xa0\x87\xe9\xa2\x98\n"]


@st.composite
def mutated_seed(draw):
    """A real sample file (PDF, DOCX, text) with a few random bytes changed, cut or
    spliced."""
    data = bytearray(draw(st.sampled_from(SEED_BYTES)))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    for _ in range(draw(st.integers(1, 8))):
        op = rng.choice(("flip", "cut", "junk", "dup"))
        pos = rng.randrange(len(data)) if data else 0
        if op == "flip" and data:
            data[pos] ^= 1 << rng.randrange(8)
        elif op == "cut":
            del data[pos:]
        elif op == "junk":
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
        elif op == "dup" and data:
            n = rng.randrange(1, 512)
            data[pos:pos] = data[rng.randrange(len(data)):][:n]
    return bytes(data)


BYTES = st.one_of(
    st.binary(max_size=2048),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=2048)).map(lambda t: t[0] + t[1]),
    st.text(max_size=500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.text(max_size=500).map(lambda s: s.encode("gb18030", "replace")),
    mutated_seed(),
)
NAMES = st.sampled_from(["x.txt", "x.pdf", "x.docx", "x.zip", "材料.TXT", "x"])


def run_file(name: str, data: bytes) -> list:
    """What ingest does with one uploaded file (zip archives expanded first)."""
    out = []
    for src in sources_from_bytes(name, data, LIMITS):
        if isinstance(src, Refused):
            assert isinstance(src.error, HuibianError)
            out.append(src.error)
            continue
        try:
            doc = process_file(src, limits=LIMITS, splitter=SPLITTER)
        except HuibianError as exc:
            assert exc.code.startswith("E1"), exc  # an input error, with its code
            assert str(exc).startswith(f"{src.name}: ") and "\n" not in str(exc)
            out.append(exc)
        else:
            assert doc.items and all(it.text.strip() for it in doc.items)
            out.append(doc)
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(NAMES, BYTES)
def test_any_bytes_give_items_or_a_documented_error(name, data):
    run_file(name, data)


def test_any_bytes_also_as_the_plain_process_file(tmp_path):
    """process_file alone on a zip (not expanded) is refused with a documented error."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "内容")
    with pytest.raises(HuibianError) as err:
        process_file(SourceFile.from_bytes("a.zip", buf.getvalue()))
    assert err.value.code.startswith("E1")


# --- search queries -------------------------------------------------------------------

@pytest.fixture(scope="module")
def search_store(tmp_path_factory, resources):
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.store import connect

    path = tmp_path_factory.mktemp("q") / "q.db"
    conn = connect(path)
    with Ingestor(conn, resources, limits=Limits()) as ing:
        rep = ing.ingest(sources_from_paths(sorted(SAMPLE.glob("*.txt")), ing.limits))
    assert rep.failed == 0
    yield conn
    conn.close()


QUERY_ALPHABET = st.one_of(
    st.characters(),
    st.sampled_from(list('"\'“”‘’-－—()（）*:：|｜ 　\t\n') + ["OR", "AND", "NOT", "NEAR"]),
    st.sampled_from(["党员", "创先争优", "教育", "师德", "活动", "学校"]),
)
QUERIES = st.one_of(st.text(max_size=60),
                    st.lists(QUERY_ALPHABET, max_size=12).map(" ".join),
                    st.lists(QUERY_ALPHABET, max_size=12).map("".join))


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(QUERIES)
def test_any_query_gives_results_or_a_query_error(search_store, resources, query):
    from huibian.search.engine import search

    try:
        res = search(search_store, query, tokenizer=resources.tokenizer)
    except QueryError as exc:
        assert exc.message and "\n" not in str(exc)
        assert "please report" not in exc.message, exc  # the engine's own failure
        return
    assert res.total >= len(res.hits)
    for hit in res.hits:
        assert hit.to_json()


def test_query_property_reaches_results(search_store, resources):
    from huibian.search.engine import search

    assert search(search_store, "创先争优", tokenizer=resources.tokenizer).total > 0
