"""Issue 18: text files in Big5, Shift-JIS and UTF-16 without a BOM are decoded
right (they were stored as GB18030 mojibake, or refused); bytes no encoding reads as
text are refused (E122); text past ``HUIBIAN_MAX_CHARS`` / ``HUIBIAN_MAX_ITEM_CHARS``
is refused (E170, E171) without being stored. Each in a batch beside a good file."""

from __future__ import annotations

import io
import os
import random
import re
import sys
import zipfile

import pytest

from huibian.core.errors import InputError, LimitError
from huibian.pipeline.ingestor import Ingestor, process_file, sources_from_paths
from huibian.core.records import SourceFile
from huibian.core.limits import Limits
from huibian.ingest.readers.text import decode_text, looks_like_text, plausibility
from huibian.store import connect
from huibian.store.db import integrity_check
from tests.conftest import ROOT, SEED_NOTICE, SEED_PLAN

pytestmark = pytest.mark.both_stores  # the tests that store (db_path): SQLite and PostgreSQL

TRAD = ("關於開展黨員先鋒崗活動的通知\n"
        "各黨支部：\n"
        "為深入推進基層黨組織建設，充分發揮共產黨員的先鋒模範作用，經研究，決定在全校"
        "開展黨員先鋒崗創建活動。現將有關事項通知如下。\n"
        "一、活動目標\n各支部要結合工作實際，設立黨員先鋒崗，做到崗位有人、責任到人。\n")
JAPANESE = ("党員活動についてのお知らせ\n"
            "各支部は、党員の模範的な役割を発揮するため、活動の計画を作成し、来月までに"
            "報告してください。\n")


def _store(tmp_path, db_path, files: dict[str, bytes], limits: Limits | None = None):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    conn = connect(db_path)
    with Ingestor(conn, stages=[], limits=limits or Limits()) as ing:
        rep = ing.ingest(sources_from_paths([folder], ing.limits))
    return conn, folder, rep


@pytest.mark.parametrize("text,enc", [(TRAD, "big5"), (JAPANESE, "shift_jis"),
                                      (TRAD, "utf-16-le"), (TRAD, "utf-16-be"),
                                      (SEED_PLAN.read_text(encoding="utf-8"), "utf-16-le"),
                                      (SEED_PLAN.read_text(encoding="utf-8"), "gb18030")])
def test_encodings_are_decoded_right(text, enc):
    data = text.encode(enc)
    assert looks_like_text(data)
    decoded, _ = decode_text(data, "a.txt")
    assert decoded == text


def test_big5_shift_jis_utf16_stored_as_written_in_a_batch(tmp_path, db_path):
    conn, folder, rep = _store(tmp_path, db_path, {
        "big5.txt": TRAD.encode("big5"),
        "sjis.txt": JAPANESE.encode("shift_jis"),
        "utf16.txt": TRAD.replace("關於", "关于").encode("utf-16-le"),
        "good.txt": SEED_PLAN.read_bytes()})
    assert [(r.name.rsplit("/", 1)[1], r.status) for r in rep.results] == [
        ("big5.txt", "stored"), ("good.txt", "stored"), ("sjis.txt", "stored"),
        ("utf16.txt", "stored")]
    raw = {n.rsplit("/", 1)[1]: t for n, t in conn.execute(
        "SELECT n.name, f.raw_text FROM files f JOIN file_names n ON n.sha256=f.sha256")}
    assert raw["big5.txt"] == TRAD  # traditional text kept as it is
    assert raw["sjis.txt"] == JAPANESE
    assert raw["utf16.txt"] == TRAD.replace("關於", "关于")
    titles = {t for (t,) in conn.execute("SELECT title FROM items")}
    # the file keeps its characters; the item reads a traditional document as simplified
    # (core.script: layout, metadata and labels were built on simplified documents)
    assert "关于开展党员先锋岗活动的通知" in titles
    assert integrity_check(conn) == "ok"
    conn.close()


def test_bytes_no_encoding_reads_are_refused(tmp_path, db_path):
    rng = random.Random(18)
    # high bytes without NULs or control bytes: every candidate decoding is gibberish
    junk = bytes(rng.randrange(0x80, 0x100) for _ in range(6000))
    conn, folder, rep = _store(tmp_path, db_path, {"junk.txt": junk, "good.txt": SEED_PLAN.read_bytes()})
    assert [(r.name.rsplit("/", 1)[1], r.status) for r in rep.results] == [
        ("good.txt", "stored"), ("junk.txt", "failed")]
    assert rep.results[1].error == (
        "cannot tell the text encoding: no decoding gives readable text (tried GB18030, "
        "Big5, Shift-JIS, UTF-16); save it as UTF-8 [E122]")
    assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == 1
    assert integrity_check(conn) == "ok"
    conn.close()


def test_plausibility_tells_right_from_mojibake():
    data = TRAD.encode("big5")
    assert plausibility(data.decode("cp950")) == 1.0
    assert plausibility(data.decode("gb18030")) < 0.6


def test_text_over_the_character_limits_is_refused(tmp_path, db_path):
    plan = SEED_PLAN.read_text(encoding="utf-8")
    lim = Limits(max_chars=40_000, max_item_chars=20_000)
    big = ("关于开展党员先锋岗活动的报告\n" + "党员先锋岗活动深入开展。" * 3000).encode("utf-8")
    huge = b"\xe5\x85\x9a" * 60_000  # 180,000 bytes: more than 4 x 40,000, not decoded
    conn, folder, rep = _store(tmp_path, db_path, {"a-big.txt": big, "b-huge.txt": huge,
                                          "c-good.txt": plan.encode("utf-8")}, lim)
    a = rep.results[0]
    # the item's length after normalization (line breaks it adds): 36,015 characters and
    # the breaks
    m = re.fullmatch(r"an item \(“关于开展党员先锋岗活动的报告”\) has ([\d,]+) characters, over "
                     r"the limit of 20,000 for one item \(HUIBIAN_MAX_ITEM_CHARS\) \[E171\]",
                     a.error)
    assert m and 36_015 <= int(m.group(1).replace(",", "")) <= 40_000, a.error
    assert [(r.name.rsplit("/", 1)[1], r.status, r.error) for r in rep.results[1:]] == [
        ("b-huge.txt", "failed",
         "the file is 0 MB of text: more than 40,000 characters, the limit for one file, in "
         "any encoding (HUIBIAN_MAX_CHARS) [E170]"),
        ("c-good.txt", "stored", None)]
    assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == 1
    assert integrity_check(conn) == "ok"
    conn.close()
    with pytest.raises(LimitError) as err:  # decoded, then counted
        process_file(SourceFile.from_bytes("d.txt", (TRAD * 400).encode("utf-16-le")),
                     limits=lim)
    assert str(err.value) == (f"d.txt: the text has {len(TRAD) * 400:,} characters, over the "
                              "limit of 40,000 for one file (HUIBIAN_MAX_CHARS) [E170]")


@pytest.mark.one_store
def test_a_huge_text_member_of_a_small_zip_is_refused_with_bounded_memory(tmp_path, db_path):
    """The attack: a 778 KB zip holding a 190 MB text member was stored as one item of
    61 million characters (worker near 8 GB). Now: refused (E170), peak under 1.5 GB.
    On PostgreSQL only with ``pytest --both-stores``: its second half inflates the
    member again (2.5 min on a loaded machine), past what a marked module may add."""
    line = "关于开展党员先锋岗活动的报告。各支部深入开展创先争优活动。\n".encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("huge.txt", "w", force_zip64=True) as fh:
            chunk = line * 8000
            for _ in range(190 * 1048576 // len(chunk)):
                fh.write(chunk)
        zf.writestr("ok.txt", SEED_NOTICE.read_bytes())
    (tmp_path / "h.zip").write_bytes(buf.getvalue())
    (tmp_path / "good.txt").write_bytes(SEED_PLAN.read_bytes())
    from huibian.testkit.memwatch import run_with_peak

    r, mb = run_with_peak([sys.executable, "-m", "huibian.cli", "--db",
                           str(db_path), "ingest", str(tmp_path / "h.zip"),
                           str(tmp_path / "good.txt")], cwd=ROOT,
                          env=dict(os.environ, HUIBIAN_MAX_ZIP_RATIO="0"))
    lines = r.stdout.decode("utf-8").splitlines()
    h = tmp_path / "h.zip"
    assert lines == [
        f"{h}!huge.txt: failed: the file is 189 MB of text: more than 10,000,000 characters, "
        "the limit for one file, in any encoding (HUIBIAN_MAX_CHARS) [E170]",
        f"{h}!ok.txt: stored 2 items",
        f"{tmp_path}/good.txt: stored 1 item",
        "3 files: 2 stored (3 items), 0 duplicate, 1 failed"]
    conn = connect(db_path)
    assert integrity_check(conn) == "ok"
    conn.close()
    assert mb < 1500, mb
    print(f"peak {mb} MB")
