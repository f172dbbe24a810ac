"""Legacy .doc/.wps through LibreOffice: a real .doc made in the test by converting a
python-docx document with soffice, read back."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from huibian.core.errors import InputError, ToolMissing
from huibian.core.records import SourceFile
from huibian.core.limits import Limits
from huibian.ingest.readers import choose_reader, default_readers, read
from huibian.ingest.readers.legacy import LegacyWordReader, convert, is_word_ole

needs_soffice = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (libreoffice-writer-nogui) is not installed")

LINES = ["关于深入开展创先争优活动的实施方案",
         "深入开展创先争优活动，是党的十七大作出的一项重要部署。",
         "一、指导思想",
         "以邓小平理论和“三个代表”重要思想为指导。",
         "阶段\t时间",
         "宣传发动\t2010年4月—7月",
         "中共青山湖区教育体育局委员会"]


@pytest.fixture(scope="module")
def doc_bytes(tmp_path_factory) -> bytes:
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed")
    tmp = tmp_path_factory.mktemp("legacy")
    d = docx.Document()
    d.add_heading(LINES[0], level=0)
    d.add_paragraph(LINES[1])
    d.add_heading(LINES[2], level=1)
    d.add_paragraph(LINES[3])
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate([("阶段", "时间"), ("宣传发动", "2010年4月—7月")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    # Word documents end with a paragraph; LibreOffice drops a table that ends one
    d.add_paragraph(LINES[6])
    src = tmp / "方案.docx"
    d.save(src)
    out = convert(src, tmp, "doc", timeout=120, name=src.name)
    return out.read_bytes()


@needs_soffice
def test_doc_made_by_libreoffice_reads_back(doc_bytes):
    src = SourceFile.from_bytes("方案.doc", doc_bytes)
    assert is_word_ole(doc_bytes)
    assert LegacyWordReader().score(src) == 90
    assert choose_reader(src, default_readers()).kind == "doc"
    ex = read(src)
    assert ex.kind == "doc"
    assert ex.source is src
    assert ex.text.split("\n") == LINES
    assert [(ex.text[h.start:h.end], h.level) for h in ex.headings] == [
        (LINES[0], 0), (LINES[2], 1)]
    assert ex.warnings == ("converted from a legacy Word format with LibreOffice",)


@needs_soffice
def test_wps_name_with_word_content(doc_bytes):
    ex = read(SourceFile.from_bytes("方案.wps", doc_bytes))
    assert ex.kind == "doc" and ex.text.split("\n") == LINES


def test_without_libreoffice_says_how_to_fix(doc_bytes_or_fake, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on PATH
    src = SourceFile.from_bytes("旧.doc", doc_bytes_or_fake)
    with pytest.raises(ToolMissing) as err:
        LegacyWordReader().read(src, Limits())
    assert err.value.code == "E600"
    assert str(err.value) == ("旧.doc: legacy Word format needs LibreOffice: install "
                              "libreoffice-writer-nogui, or save the file as .docx [E600]")


@pytest.fixture
def doc_bytes_or_fake(request):
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return request.getfixturevalue("doc_bytes")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")


@needs_soffice
def test_garbage_ole_file_is_an_input_error():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")
    src = SourceFile.from_bytes("坏.doc", data)
    with pytest.raises(InputError) as err:
        LegacyWordReader().read(src, Limits())
    assert err.value.code == "E150"
    assert err.value.file == "坏.doc"


def test_scores():
    reader = LegacyWordReader()
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert reader.score(SourceFile.from_bytes("a.xls", ole)) == 0
    assert reader.score(SourceFile.from_bytes("a.doc", ole)) == 50
    assert reader.score(SourceFile.from_bytes("a.doc", b"%PDF-1.4")) == 0
    assert reader.score(SourceFile.from_bytes("a.docx", b"PK\x03\x04")) == 0
