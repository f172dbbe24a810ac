"""A zip whose compressed member data is corrupt (found by bench/fuzz.py, case 1:452)
gives a per-member error, not an exception that stops the batch."""

import io
import zipfile

from huibian.pipeline.ingestor import Ingestor, sources_from_paths
from huibian.ingest.archive import Refused, expand
from huibian.core.limits import Limits
from huibian.core.records import SourceFile
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
    import huibian.ingest.archive

    def broken(data):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(huibian.ingest.archive, "_read_capped", lambda *a: broken(a))
    (tmp_path / "a.zip").write_bytes(_zip_with_corrupt_deflate())
    (tmp_path / "b.txt").write_bytes(SEED_PLAN.read_bytes())
    with Ingestor(conn, stages=[]) as ing:
        rep = ing.ingest(sources_from_paths([tmp_path], ing.limits))
    assert [r.status for r in rep.results] == ["failed", "stored"]
    assert rep.results[0].error == ("unexpected error while unpacking (RuntimeError: simulated "
                                    "bug); please report it with the file [E134]")


def _patch_central(data: bytes, offset: int, value: int) -> bytes:
    """Set a 2-byte field of every central directory entry (and of every local header
    when ``offset`` is the method field)."""
    b = bytearray(data)
    pos = 0
    while (pos := b.find(b"PK\x01\x02", pos)) >= 0:
        b[pos + offset:pos + offset + 2] = value.to_bytes(2, "little")
        pos += 4
    if offset == 10:  # the compression method: in the local headers too (offset 8)
        pos = 0
        while (pos := b.find(b"PK\x03\x04", pos)) >= 0:
            b[pos + 8:pos + 10] = value.to_bytes(2, "little")
            pos += 4
    return bytes(b)


def test_a_nested_zip_of_an_unknown_version_is_a_corrupt_archive():
    """bench/fuzz.py case 18:7261: a member that is a zip needing "version 8.4" raised
    NotImplementedError out of the unpacking (the whole upload failed as a bug)."""
    from huibian.testkit.zipmaker import build, deflated

    inner = _patch_central(build([("a.txt", deflated(b"x" * 100))]), 6, 84)  # version
    outer = build([("inner.zip", deflated(inner)), ("good.txt", deflated(SEED_PLAN.read_bytes()))])
    out = list(expand(SourceFile.from_bytes("o.zip", outer), Limits()))
    assert [(o.name, getattr(o, "error", None) and o.error.code) for o in out] == [
        ("o.zip!inner.zip", "E135"), ("o.zip!good.txt", None)]
    assert out[0].error.message == "corrupt zip archive (zip file version 8.4)"


def test_a_docx_part_with_an_unknown_compression_method_is_a_damaged_docx(tmp_path):
    """bench/fuzz.py case 18:719: a .docx part compressed with an unknown method raised
    NotImplementedError from the DOCTYPE scan (a reader bug); now E140."""
    import docx

    from huibian.pipeline.ingestor import process_file
    from huibian.core.errors import InputError

    d = docx.Document()
    d.add_paragraph("关于开展党员先锋岗活动的通知")
    buf = io.BytesIO()
    d.save(buf)
    bad = _patch_central(buf.getvalue(), 10, 99)  # method 99 (AES), not supported
    try:
        process_file(SourceFile.from_bytes("m.docx", bad))
    except InputError as exc:
        assert exc.code == "E140"
        assert "That compression method is not supported" in exc.message
    else:
        raise AssertionError("not refused")
