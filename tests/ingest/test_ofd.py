"""OFD (GB/T 33190) documents made here by a small writer of our own
(huibian.testkit.ofdmaker): read with the exact text, pages kept, page numbers removed;
never unpacked as an archive of submissions; a damaged package gets a coded error."""

from __future__ import annotations

import io
import zipfile

import pytest

from huibian.core.errors import InputError, LimitError
from huibian.pipeline.ingestor import Ingestor, process_file, sources_from_bytes
from huibian.core.records import SourceFile
from huibian.ingest.archive import expand, is_zip_archive
from huibian.core.limits import Limits
from huibian.ingest.readers import choose_reader, read
from huibian.ingest.readers.ofd import deltas, is_ofd
from huibian.testkit.ofdmaker import make_ofd
from huibian.testkit.pdfmaker import block_text

BLOCKS = [
    ("title", "关于开展创先争优活动的通知"),
    "各基层党组织：为深入贯彻落实党的十七大和十七届四中全会精神，进一步加强基层党组织建设，"
    "经研究，决定在全市开展创先争优活动。现将有关事项通知如下。",
    "一、活动目标",
    "通过开展活动，使基层党组织的创造力、凝聚力和战斗力进一步增强，党员的先锋模范作用得到充分"
    "发挥，2010年底前完成第一阶段工作，全市90%以上的党组织达到“五个好”要求。",
    "二、方法步骤",
    "活动分为动员部署、组织实施、总结表彰三个阶段进行。各单位要结合实际制定具体方案，"
    "明确责任分工，于6月30日前报市委组织部组织科。",
    "三、工作要求",
    "各级党组织要把开展创先争优活动作为一项重要政治任务，切实加强领导，精心组织实施，"
    "注重宣传引导，及时总结推广好经验、好做法，确保活动取得实效。",
    ("right", "中共青山市委组织部"),
    ("right", "2010年5月6日"),
]
TEXT = "\n".join(block_text(b) for b in BLOCKS)


@pytest.fixture(scope="module")
def ofd() -> bytes:
    return make_ofd(BLOCKS, pages=2, title="关于开展创先争优活动的通知")


def test_ofd_reads_with_the_exact_text(ofd):
    src = SourceFile.from_bytes("通知.ofd", ofd)
    assert choose_reader(src).kind == "ofd"
    ex = read(src)
    assert ex.kind == "ofd"
    assert ex.text == TEXT
    assert ex.page_count == 2 and ex.page_starts[0] == 0
    # page 2 begins with the line the writer put first on it
    assert 0 < ex.page_starts[1] < len(TEXT)
    assert ex.furniture == ("- 1 -", "- 2 -")
    assert ex.ocr == ()
    doc = process_file(src)
    assert [(it.title, it.unit, it.date) for it in doc.items] == [
        ("关于开展创先争优活动的通知", "中共青山市委组织部", "2010-05-06")]


def test_ofd_is_never_an_archive(ofd):
    assert is_ofd(ofd) and not is_zip_archive(ofd)
    [src] = list(sources_from_bytes("通知.ofd", ofd, Limits()))
    assert isinstance(src, SourceFile) and src.data == ofd
    # named anything, cut short: still an OFD (its local headers), a damaged one
    cut = ofd[: len(ofd) // 2]
    assert not is_zip_archive(cut)
    with pytest.raises(InputError) as err:
        read(SourceFile.from_bytes("upload.bin", cut))
    assert err.value.code == "E164" and "corrupt or truncated OFD" in err.value.message
    # inside a zip of submissions it is one member, read as a document
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("材料/通知.ofd", ofd)
        zf.writestr("材料/说明.txt", "说明文字")
    outer = SourceFile.from_bytes("材料.zip", buf.getvalue())
    members = list(expand(outer, Limits()))
    assert [m.name for m in members] == ["材料.zip!材料/通知.ofd", "材料.zip!材料/说明.txt"]
    assert members[0].data == ofd


def _rewrite(ofd: bytes, changes: dict[str, bytes | None]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ofd)) as zin, zipfile.ZipFile(buf, "w") as zout:
        for info in zin.infolist():
            if info.filename in changes:
                if changes[info.filename] is not None:
                    zout.writestr(info.filename, changes[info.filename])
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    return buf.getvalue()


@pytest.mark.parametrize("changes, code, words", [
    ({"Doc_0/Pages/Page_1/Content.xml": None}, "E164", "Pages/Page_1/Content.xml"),
    ({"Doc_0/Document.xml": b"<ofd:Document xmlns:ofd='x'><ofd:Pages>"}, "E164",
     "not well-formed XML"),
    ({"OFD.xml": b"<ofd:OFD xmlns:ofd='x'><ofd:DocBody/></ofd:OFD>"}, "E164", "DocRoot"),
    ({"Doc_0/Document.xml": b"<!DOCTYPE d [<!ENTITY a 'aaaa'>]><d>&a;</d>"}, "E142",
     "DOCTYPE"),
])
def test_damaged_ofd_gets_a_coded_error(ofd, changes, code, words):
    with pytest.raises(InputError) as err:
        read(SourceFile.from_bytes("坏.ofd", _rewrite(ofd, changes)))
    assert err.value.code == code and words in err.value.message
    assert err.value.file == "坏.ofd"


def test_ofd_limits(ofd):
    with pytest.raises(LimitError) as err:
        read(SourceFile.from_bytes("长.ofd", ofd), Limits(max_pages=1))
    assert err.value.code == "E112"
    with pytest.raises(LimitError) as err:
        read(SourceFile.from_bytes("大.ofd", ofd), Limits(max_unpacked_bytes=1000))
    assert err.value.code == "E113"


def test_delta_x_shorthand():
    assert deltas("g 3 4.2 2.1 g 2 1") == [4.2, 4.2, 4.2, 2.1, 1.0, 1.0]
    assert deltas(None) == [] and deltas("") == []


def test_ofd_ingests(conn, ofd):
    with Ingestor(conn, stages=[]) as ing:
        [res] = ing.ingest([SourceFile.from_bytes("通知.ofd", ofd)]).results
    assert res.line() == "通知.ofd: stored 1 item"
    kind, pages = conn.execute("SELECT kind, pages FROM files").fetchone()
    assert (kind, pages) == ("ofd", 2)
