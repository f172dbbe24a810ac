"""The app with scanned submissions and OFD (issue 19): the uploader takes a PNG scan
and an OFD, the import table says which file was read by OCR, and the item page says
its text came from OCR, with the engine and mean confidence."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from huibian.store import connect
from tests.app.harness import errors, page
from tests.ingest.test_ofd import BLOCKS as OFD_BLOCKS
from huibian.testkit.ofdmaker import make_ofd
from huibian.testkit.pdfmaker import make_pdf
from huibian.testkit.samples import NOTICE_BLOCKS
from huibian.testkit.scanmaker import png, scans

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def _has_chi_sim() -> bool:
    exe = shutil.which("tesseract")
    return exe is not None and "chi_sim" in subprocess.run(
        [exe, "--list-langs"], capture_output=True, text=True).stdout.split()


@pytest.mark.skipif(not _has_chi_sim(), reason="Tesseract with the chi_sim model is not "
                    "installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
def test_scan_and_ofd_upload_and_the_item_page(empty_db, monkeypatch):
    monkeypatch.setenv("HUIBIAN_OCR", "tesseract")
    [scan] = scans(make_pdf(NOTICE_BLOCKS, header=None), 300, seed=5, skew=-0.6)
    at = page("import_page")
    assert not errors(at)
    at.file_uploader(key="import_files").set_value(
        [("通知扫描件.png", png(scan), "image/png"),
         ("通知.ofd", make_ofd(OFD_BLOCKS, pages=2), "application/ofd")]).run()
    at.button(key="import_go").click().run()
    assert not errors(at)
    rows = at.session_state["import_result"]
    assert [(r["文件"], r["结果"], r["条目数"], r["说明"]) for r in rows] == [
        ("通知扫描件.png", "已入库", 1, "经 OCR 识别"), ("通知.ofd", "已入库", 1, "")]
    conn = connect(empty_db)
    [(scan_id,)] = conn.execute("SELECT id FROM items WHERE unit='青山市教育局'").fetchall()
    [(ofd_id,)] = conn.execute("SELECT id FROM items WHERE unit='中共青山市委组织部'").fetchall()
    conn.close()
    item = page("item_page", query_params={"id": scan_id})
    assert not errors(item)
    assert item.header[0].value == "关于开展中小学教师信息技术应用能力培训的通知"
    shown = "\n".join(m.value for m in item.markdown)
    assert "- **文字来源**：OCR 识别（tesseract，平均置信度 " in shown
    other = page("item_page", query_params={"id": ofd_id})
    assert not errors(other)
    assert "文字来源" not in "\n".join(m.value for m in other.markdown)
