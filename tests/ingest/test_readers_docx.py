"""The DOCX reader on real .docx files made in the test with python-docx."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from huibian.core.errors import InputError, LimitError
from huibian.core.records import Heading, SourceFile
from huibian.core.limits import Limits
from huibian.ingest.readers import choose_reader, default_readers, read
from huibian.ingest.readers.docx import DocxReader, heading_level

pytestmark = pytest.mark.both_stores  # the tests that store (conn): SQLite and PostgreSQL


def _bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def plan_docx() -> bytes:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "青山湖区教育体育局"
    d.sections[0].footer.paragraphs[0].text = "内部资料"
    d.add_paragraph("湖教体发[2010]6号")
    d.add_heading("关于深入开展创先争优活动的实施方案", level=0)
    d.add_paragraph("深入开展创先争优活动，是党的十七大作出的一项重要部署。")
    d.add_heading("一、指导思想", level=1)
    d.add_paragraph("以邓小平理论和“三个代表”重要思想为指导。")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("阶段", "时间", "任务"),
                             ("宣传发动", "2010年4月—7月", "动员部署"),
                             ("组织实施", "2010年7月", "")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    merged.text = "2010年7月至2012年6月"
    d.add_heading("（一）总体安排", level=2)
    zh = d.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("1.宣传发动阶段", style=zh)
    d.add_paragraph("")
    d.add_paragraph("主题词: 党的建设   基层组织")
    return _bytes(d)


EXPECTED = "\n".join([
    "湖教体发[2010]6号",
    "关于深入开展创先争优活动的实施方案",
    "深入开展创先争优活动，是党的十七大作出的一项重要部署。",
    "一、指导思想",
    "以邓小平理论和“三个代表”重要思想为指导。",
    "阶段\t时间\t任务",
    "宣传发动\t2010年4月—7月\t动员部署",
    "组织实施\t2010年7月至2012年6月",
    "（一）总体安排",
    "1.宣传发动阶段",
    "主题词: 党的建设   基层组织",
])


def test_docx_reads_back_exactly(plan_docx):
    src = SourceFile.from_bytes("方案.docx", plan_docx)
    assert DocxReader().score(src) == 100
    assert choose_reader(src, default_readers()).kind == "docx"
    ex = read(src)
    assert ex.kind == "docx"
    assert ex.text == EXPECTED
    assert ex.hard_wrapped is False
    assert ex.page_starts == ()
    assert ex.furniture == ("青山湖区教育体育局", "内部资料")


def test_docx_headings(plan_docx):
    ex = read(SourceFile.from_bytes("方案.docx", plan_docx))
    got = [(ex.text[h.start:h.end], h.level) for h in ex.headings]
    assert got == [("关于深入开展创先争优活动的实施方案", 0), ("一、指导思想", 1),
                   ("（一）总体安排", 2), ("1.宣传发动阶段", 3)]
    assert all(isinstance(h, Heading) for h in ex.headings)


@pytest.mark.parametrize("name, level", [("Heading 1", 1), ("heading 4", 4), ("标题 2", 2),
                                         ("标题2", 2), ("Title", 0), ("标题", 0),
                                         ("Normal", None), ("正文", None), (None, None)])
def test_heading_level(name, level):
    assert heading_level(name) == level


def test_zero_byte_docx():
    src = SourceFile.from_bytes("空.docx", b"")
    with pytest.raises(InputError) as err:
        read(src)
    assert err.value.code == "E101"
    with pytest.raises(InputError) as err:
        DocxReader().read(src, Limits())
    assert err.value.code == "E101"
    assert str(err.value) == "空.docx: the file is empty (0 bytes) [E101]"


def test_text_file_renamed_docx():
    src = SourceFile.from_bytes("方案.docx", "关于开展创先争优活动的通知\n".encode("utf-8"))
    assert choose_reader(src, default_readers()).kind == "docx"
    with pytest.raises(InputError) as err:
        read(src)
    assert err.value.code == "E143"
    assert "not a zip package" in err.value.message and err.value.file == "方案.docx"


def test_truncated_docx(plan_docx):
    src = SourceFile.from_bytes("cut.docx", plan_docx[: len(plan_docx) // 2])
    with pytest.raises(InputError) as err:
        DocxReader().read(src, Limits())
    assert err.value.code == "E140"
    assert err.value.message.startswith("corrupt or truncated Word (.docx) file (")


def test_zip_without_document_xml():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "hello")
    src = SourceFile.from_bytes("x.docx", buf.getvalue())
    assert DocxReader().score(SourceFile.from_bytes("x.zip", buf.getvalue())) == 0
    with pytest.raises(InputError) as err:
        DocxReader().read(src, Limits())
    assert err.value.code == "E141"


def _replace_part(data: bytes, part: str, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w",
                                                                  zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, new if info.filename == part else zin.read(info))
    return out.getvalue()


LAUGHS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          b'<!DOCTYPE w:document [\n <!ENTITY lol "lol">\n'
          + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>\n")


def test_entity_expansion_docx_is_refused(plan_docx):
    with zipfile.ZipFile(io.BytesIO(plan_docx)) as zf:
        xml = zf.read("word/document.xml")
    body = xml.split(b"?>", 1)[1].replace("一、指导思想".encode(), b"&lol9;")
    bomb = _replace_part(plan_docx, "word/document.xml", LAUGHS + body.lstrip())
    src = SourceFile.from_bytes("bomb.docx", bomb)
    assert DocxReader().score(src) == 100
    with pytest.raises(InputError) as err:
        read(src)
    assert err.value.code == "E142"
    assert "word/document.xml" in err.value.message and "DOCTYPE" in err.value.message


def test_doctype_in_utf16_part_is_refused(plan_docx):
    rels = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"/>').encode("utf-16")
    bad = _replace_part(plan_docx, "word/_rels/document.xml.rels", rels)
    with pytest.raises(InputError) as err:
        DocxReader().read(SourceFile.from_bytes("u16.docx", bad), Limits())
    assert err.value.code == "E142"


def test_unpacked_size_limit(plan_docx):
    with pytest.raises(LimitError) as err:
        DocxReader().read(SourceFile.from_bytes("big.docx", plan_docx),
                          Limits(max_unpacked_bytes=10_000))
    assert err.value.code == "E113"
    assert "HUIBIAN_MAX_UNPACKED_MB" in err.value.message


def test_empty_document():
    src = SourceFile.from_bytes("blank.docx", _bytes(docx.Document()))
    with pytest.raises(InputError) as err:
        DocxReader().read(src, Limits())
    assert err.value.code == "E103"


def test_committed_sample_docx_reads_back():
    """corpora/sample/001_*.docx (made by corpora/make_samples.py) is seed 001."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "corpora" / "sample"
    seed = [ln.strip() for ln in (sample / "001_034e52bbb917526e.txt")
            .read_text(encoding="utf-8").splitlines() if ln.strip()]
    path = sample / "001_034e52bbb917526e.docx"
    ex = read(SourceFile.from_bytes(path.name, path.read_bytes()))
    assert ex.text.split("\n") == [seed[0], seed[1] + seed[2]] + seed[3:]
    assert [(ex.text[h.start:h.end], h.level) for h in ex.headings] == [
        ("关于在全区教育系统党的基层组织和党员中深入开展创先争优活动的实施方案", 0),
        ("一、指导思想", 1), ("二、目标任务", 1), ("三、主要内容", 1), ("四、方法措施", 1),
        ("五、活动步骤", 1), ("六、组织保障", 1)]


@pytest.mark.parametrize("enc", ["utf-32-le", "utf-32-be", "utf-32"])
def test_doctype_in_utf32_part_is_refused(plan_docx, enc, tmp_path, conn):
    """Issue 18: a UTF-32 billion-laughs part was missed by the DOCTYPE scan and
    reached lxml. Refused as E142 now, in a batch beside a good file."""
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.store.db import integrity_check

    with zipfile.ZipFile(io.BytesIO(plan_docx)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    body = xml.split("?>", 1)[1].replace("一、指导思想", "&lol9;")
    laughs = LAUGHS.decode("ascii").replace('encoding="UTF-8"', 'encoding="UTF-32"')
    bomb = _replace_part(plan_docx, "word/document.xml", (laughs + body.lstrip()).encode(enc))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-bomb.docx").write_bytes(bomb)
    (docs / "b-good.docx").write_bytes(plan_docx)
    with Ingestor(conn, stages=[]) as ing:
        rep = ing.ingest(sources_from_paths([docs], ing.limits))
    assert [(r.name.rsplit("/", 1)[1], r.status) for r in rep.results] == [
        ("a-bomb.docx", "failed"), ("b-good.docx", "stored")]
    assert rep.results[0].error == (
        "refused: the part word/document.xml declares a DOCTYPE/entities (possible "
        "entity-expansion attack); Word never writes one — open the file in Word or WPS "
        "and save it again [E142]")
    assert integrity_check(conn) == "ok"


def test_part_in_an_encoding_word_never_uses_is_refused(plan_docx):
    utf7 = ('<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x +AFs-+ADw-!ENTITY a '
            '+ACI-b+ACI-+AD4-+AF0-+AD4-<Relationships/>').encode("ascii")
    bad = _replace_part(plan_docx, "word/_rels/document.xml.rels", utf7)
    with pytest.raises(InputError) as err:
        DocxReader().read(SourceFile.from_bytes("u7.docx", bad), Limits())
    assert str(err.value) == (
        "u7.docx: refused: the part word/_rels/document.xml.rels is written in an encoding "
        "Word never uses (utf-7), where a DOCTYPE could hide; open the file in Word or WPS "
        "and save it again [E142]")
