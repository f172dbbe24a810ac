"""A zip whose compressed member data is corrupt (found by bench/fuzz.py, case 1:452)
gives a per-member error, not an exception that stops the batch."""

import io
import zipfile

from huibian.pipeline import Ingestor, sources_from_paths
from ingest.archive import Refused, expand
from ingest.limits import Limits
from huibian.records import SourceFile
from tests.conftest import SEED_PLAN


def _zip_with_corrupt_deflate() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bad.txt", "创先争优活动" * 2000)
        zf.writestr("good.txt", SEED_PLAN.read_bytes())
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("bad.txt")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 64] = b"\xff" * 64  # a reserved deflate block type: zlib.error
    return bytes(data)


def test_corrupt_member_is_refused_and_the_rest_expanded():
    out = list(expand(SourceFile.from_bytes("a.zip", _zip_with_corrupt_deflate()), Limits()))
    assert isinstance(out[0], Refused) and out[0].error.code == "E133"
    assert "cannot unpack" in out[0].error.message
    assert isinstance(out[1], SourceFile) and out[1].data == SEED_PLAN.read_bytes()


def test_batch_goes_on_after_a_corrupt_zip(conn, tmp_path):
    (tmp_path / "a.zip").write_bytes(_zip_with_corrupt_deflate())
    with Ingestor(conn, stages=[]) as ing:
        rep = ing.ingest(sources_from_paths([tmp_path], ing.limits))
    assert [(r.name.rsplit("!", 1)[-1], r.status) for r in rep.results] == [
        ("bad.txt", "failed"), ("good.txt", "stored")]


def test_an_unpacking_bug_fails_that_archive_only(conn, tmp_path, monkeypatch):
    import ingest.archive

    def broken(data):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(ingest.archive, "_read_capped", lambda *a: broken(a))
    (tmp_path / "a.zip").write_bytes(_zip_with_corrupt_deflate())
    (tmp_path / "b.txt").write_bytes(SEED_PLAN.read_bytes())
    with Ingestor(conn, stages=[]) as ing:
        rep = ing.ingest(sources_from_paths([tmp_path], ing.limits))
    assert [r.status for r in rep.results] == ["failed", "stored"]
    assert rep.results[0].error == ("unexpected error while unpacking (RuntimeError: simulated "
                                    "bug); please report it with the file [E134]")
