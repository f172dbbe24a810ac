"""Text that XML cannot hold, or that is invisible in print, is cleaned on export;
``<`` and ``&`` stay as text. Also: what happens without LibreOffice."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from lxml import etree

from huibian.core.errors import ToolMissing
from huibian.store.db import now_iso, transaction
from huibian.services import volumes as model
from huibian.volume import pdf_export
from huibian.volume.text import clean_line, clean_text

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

HOSTILE_TITLE = "关于<规范>“A&B”\u200b工作的\x07制度"
HOSTILE_BODY = ("一、总则\n第一条\x00 为规范<党员>管理&考核，\u200b\ufeff制定本制度。\x1b\n"
                "（一）考核\u200d内容\x0c包括 a<b 与 c&amp;d。\r\n签署\u2028人员名单")


def test_clean_text_strips_controls_and_invisibles_keeps_markup_characters():
    assert clean_text(HOSTILE_BODY) == ("一、总则\n第一条 为规范<党员>管理&考核，制定本制度。\n"
                                        "（一）考核内容包括 a<b 与 c&amp;d。\n签署\n人员名单")
    assert clean_line(HOSTILE_TITLE) == "关于<规范>“A&B”工作的制度"
    assert clean_text("\ud800x\ufffe\x85y\x9f") == "x\ny"


# the body as an item holds it: no item holds a NUL on either store (normalization
# drops it, extracted text keeps U+FFFD in its place: store.documents.storable_text;
# PostgreSQL's text cannot hold one), so the stored body is the hostile body without it
# (clean_text's handling of NUL is pinned above)
STORED_BODY = HOSTILE_BODY.replace("\x00", "")


def _hostile_volume(conn):
    with transaction(conn):
        conn.execute("INSERT INTO files (sha256, kind, size, raw_text, norm_text, offset_map,"
                     " ingested_at) VALUES ('f' , 'text', 1, '', '', x'', ?)", (now_iso(),))
        text = HOSTILE_TITLE + "\n" + "某某单位\x01" + "\n" + STORED_BODY
        conn.execute("INSERT INTO items (id, file_sha256, seq, title, unit, chars, start, end,"
                     " body_start, outline, text, created_at) VALUES ('hostile0000000001', 'f',"
                     " 0, ?, '某某单位\x01', 40, 0, ?, ?, ?, ?, ?)",
                     (HOSTILE_TITLE, len(text), len(HOSTILE_TITLE) + 7,
                      json.dumps([{"level": 1, "marker": "一、", "title": "总则", "start":
                                   len(HOSTILE_TITLE) + 7, "end": len(HOSTILE_TITLE) + 11}]),
                      text, now_iso()))
    vid = model.create_volume(conn, "A&B <汇编>\u200b", sectioning="manual",
                              sections=["制度<一>&"], preface="前言<含>&符号\x08。")
    model.add_items(conn, vid, ["hostile0000000001"])
    return model.compile_volume(conn, vid)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_hostile_item_exports_valid_docx_and_pdf(conn, tmp_path):
    compiled = _hostile_volume(conn)
    result = pdf_export.export_volume(compiled, tmp_path / "h.docx", tmp_path / "h.pdf")
    assert result.stable
    with zipfile.ZipFile(result.docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    etree.fromstring(xml.encode("utf-8"))  # well-formed
    assert "\u200b" not in xml and "\x07" not in xml and "\x01" not in xml
    doc = Document(str(result.docx))
    texts = [p.text for p in doc.paragraphs]
    assert "关于<规范>“A&B”工作的制度" in texts and "A&B <汇编>" in texts
    assert "为规范<党员>管理&考核，制定本制度。" in "".join(texts)
    pdf_text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(result.pdf), "-"],
                              capture_output=True, check=True).stdout.decode("utf-8")
    for s in ("<规范>", "A&B", "a<b", "c&amp;d", "制度<一>&", "前言<含>&符号"):
        assert s in pdf_text.replace("\n", ""), s


def test_without_libreoffice_pdf_is_tool_missing_and_docx_still_written(conn, tmp_path,
                                                                        monkeypatch):
    compiled = _hostile_volume(conn)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ToolMissing, match="libreoffice-writer-nogui"):
        pdf_export.export_volume(compiled, tmp_path / "a.docx", tmp_path / "a.pdf")
    result = pdf_export.export_volume(compiled, tmp_path / "b.docx")
    assert result.pdf is None and result.pages == {} and not result.stable
    assert "LibreOffice is not installed" in result.warnings[0]
    toc = [p.text for p in Document(str(result.docx)).paragraphs
           if p.style.name.lower().startswith("toc ")]
    assert toc == ["制度<一>&\t", "关于<规范>“A&B”工作的制度\t"]
