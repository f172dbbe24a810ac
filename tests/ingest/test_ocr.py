"""OCR of scanned submissions (issue 19), on scans made here from our own PDFs
(huibian.testkit.scanmaker: rendered pages turned by a slight skew, blurred, with noise):
an image-only PDF of a multi-item volume, a PNG page and a two-page TIFF read to the
same items, titles and units as their text PDFs with a character error rate of at
most 1%; a PDF mixing text and scanned pages reads every page; a PDF whose text layer
is garbage (a font without a ToUnicode map) is read by OCR. Needs Tesseract with its
chi_sim model (Debian tesseract-ocr, tesseract-ocr-chi-sim; the Makefile installs
them): skipped, saying so, only when it is not installed."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess

import pypdfium2 as pdfium
import pytest
from rapidfuzz.distance import Levenshtein

from huibian.core.errors import InputError
from huibian.pipeline.ingestor import Ingestor, process_file, sources_from_bytes
from huibian.core.records import SourceFile
from huibian.ingest.garbage import is_garbage_text
from huibian.core.limits import Limits
from huibian.ingest.normalize import normalize_text
from huibian.ingest.ocr_record import stored_ocr
from huibian.ingest.readers import choose_reader
from huibian.ingest.readers.pdf import PdfReader
from huibian.testkit.pdfmaker import new_pdf, make_pdf, rejoin_seed, render
from huibian.testkit.samples import NOTICE_BLOCKS, SEED_NOTICE, SEED_VOLUME
from huibian.testkit.scanmaker import image_pdf, png, render_pages, scans, tiff


def _has_chi_sim() -> bool:
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True).stdout
    return "chi_sim" in out.split()


pytestmark = pytest.mark.skipif(not _has_chi_sim(), reason="Tesseract with the chi_sim "
                                "model is not installed (apt-get install tesseract-ocr "
                                "tesseract-ocr-chi-sim, or make test)")


@pytest.fixture(autouse=True)
def _tesseract(monkeypatch):
    monkeypatch.setenv("HUIBIAN_OCR", "tesseract")


def cer(ref: str, hyp: str) -> float:
    """Character error rate over the characters of the normalized texts (white space
    is not a character in Chinese text)."""
    a = re.sub(r"\s+", "", normalize_text(ref))
    b = re.sub(r"\s+", "", normalize_text(hyp))
    return Levenshtein.distance(a, b) / len(a)


def heads(doc) -> list[tuple[str, str | None]]:
    return [(it.title, it.unit) for it in doc.items]


def _blocks(path, chars: int) -> list:
    """The first blocks of a seed (rejoined), about ``chars`` characters."""
    out, n = [], 0
    for b in rejoin_seed(path.read_text(encoding="utf-8")):
        out.append(b)
        n += len(b if isinstance(b, str) else b[1])
        if n >= chars:
            break
    return out


# -- the volume: a scanned, image-only PDF --------------------------------------------


@pytest.fixture(scope="module")
def volume_pdf() -> bytes:
    """Seed 000: a preface and two cases over seven pages, running head, page numbers."""
    return make_pdf(rejoin_seed(SEED_VOLUME.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def volume_scan(volume_pdf) -> bytes:
    return image_pdf(scans(volume_pdf, 300, seed=3))


def test_scanned_volume_gives_the_text_pdfs_items(volume_pdf, volume_scan):
    # no text layer at all
    doc = pdfium.PdfDocument(volume_scan)
    assert all(not doc[i].get_textpage().get_text_range().strip() for i in range(len(doc)))
    doc.close()
    text = process_file(SourceFile.from_bytes("汇编.pdf", volume_pdf))
    scan = process_file(SourceFile.from_bytes("汇编扫描件.pdf", volume_scan))
    assert len(text.items) == 3
    assert heads(scan) == heads(text)
    assert heads(text)[1:] == [("做好学科课程网络资源，促进义务教育均衡发展", "江西省电教馆"),
                               ("推行“创岗建区”活动 提升党建管理水平", "南昌大学第四附属医院")]
    assert cer(text.normalized.text, scan.normalized.text) <= 0.01
    # the running head was removed as on the text PDF, pages kept
    assert scan.extracted.furniture.count("创先争优活动优秀成果汇编") == 7
    assert scan.extracted.page_count == 7
    assert [p.page for p in scan.extracted.ocr] == list(range(1, 8))
    assert all(p.engine == "tesseract" and 80 <= p.confidence <= 100 and p.chars > 500
               for p in scan.extracted.ocr)
    # spaces tesseract puts between Han characters are gone
    assert not re.search(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", scan.extracted.text)
    assert [it.pages for it in scan.items] == [it.pages for it in text.items]


# -- a PNG page and a two-page TIFF -----------------------------------------------------
@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    """A one-page notice of our own: 文号, title, unit and date in the signature."""
    pdf = make_pdf(NOTICE_BLOCKS, header=None)
    assert len(pdfium.PdfDocument(pdf)) == 1
    return pdf


def test_png_page_reads_like_its_pdf(plan_pdf):
    [page] = scans(plan_pdf, 300, seed=5, skew=-0.6)
    src = SourceFile.from_bytes("方案.png", png(page))
    assert choose_reader(src).kind == "image"
    text = process_file(SourceFile.from_bytes("方案.pdf", plan_pdf))
    got = process_file(src)
    assert got.kind == "image"
    assert heads(got) == heads(text)
    assert heads(got) == [("关于开展中小学教师信息技术应用能力培训的通知", "青山市教育局")]
    assert (got.items[0].doc_number, got.items[0].date) == ("青教发〔2011〕8号", "2011-03-15")
    assert cer(text.normalized.text, got.normalized.text) <= 0.01
    assert [p.page for p in got.extracted.ocr] == [1]


@pytest.fixture(scope="module")
def notice_pdf() -> bytes:
    pdf = make_pdf(_blocks(SEED_NOTICE, 1300))
    assert len(pdfium.PdfDocument(pdf)) == 2
    return pdf


def test_two_page_tiff_reads_like_its_pdf(notice_pdf):
    pages = scans(notice_pdf, 300, seed=7)
    data = tiff(pages, 300)
    src = SourceFile.from_bytes("通知.tif", data)
    text = process_file(SourceFile.from_bytes("通知.pdf", notice_pdf))
    got = process_file(src)
    assert got.extracted.page_count == 2
    assert [p.page for p in got.extracted.ocr] == [1, 2]
    assert heads(got) == heads(text)
    assert cer(text.normalized.text, got.normalized.text) <= 0.01
    assert "创先争优活动优秀成果汇编" in got.extracted.furniture


def test_ocr_reports_its_progress_page_by_page(conn, notice_pdf):
    """The reading worker reports each page it reads by OCR to the main process (the
    CLI's progress line shows it); a text PDF reports nothing."""
    scan = image_pdf(scans(notice_pdf, 150, seed=11), 150)
    heard = []
    with Ingestor(conn, processes=1) as ing:
        report = ing.ingest([SourceFile.from_bytes("通知.pdf", notice_pdf),
                             SourceFile.from_bytes("通知扫描.pdf", scan)],
                            on_progress=lambda *event: heard.append(event))
    assert [r.status for r in report.results] == ["stored", "stored"]
    assert heard == [("通知扫描.pdf", "ocr", 1, 2), ("通知扫描.pdf", "ocr", 2, 2)]


# -- mixed and garbled PDFs -------------------------------------------------------------


def test_mixed_pdf_reads_every_page(notice_pdf):
    """Page 1 a text page, page 2 a scan of the same layout."""
    scan2 = scans(notice_pdf, 300, seed=11, skew=0.7)[1]
    scanned = pdfium.PdfDocument(image_pdf([scan2]))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(notice_pdf), [0])
    mixed.import_pages(scanned, [0])
    buf = io.BytesIO()
    mixed.save(buf)
    got = PdfReader().read(SourceFile.from_bytes("混合.pdf", buf.getvalue()), Limits())
    want = PdfReader().read(SourceFile.from_bytes("通知.pdf", notice_pdf), Limits())
    assert [p.page for p in got.ocr] == [2]
    assert got.page_count == 2 and not got.warnings
    assert cer(want.text, got.text) <= 0.01
    # page 1 came from the text layer: exactly the text PDF's first page
    assert got.text[:got.page_starts[1]] == want.text[:want.page_starts[1]]


def _without_tounicode(blocks) -> bytes:
    """A PDF whose font has no ToUnicode map: pdfium reads glyph ids as text."""
    text = "".join(b if isinstance(b, str) else b[1] for b in blocks)
    pdf = new_pdf(text=text, header=None, page_numbers=None)
    pdf.set_compression(False)
    pdf.add_page()
    render(pdf, blocks)
    data = bytes(pdf.output())
    m = re.search(rb"/ToUnicode \d+ 0 R", data)
    assert m
    return data.replace(m.group(), b" " * len(m.group()))  # offsets unchanged


def test_garbled_text_layer_is_read_by_ocr(plan_pdf):
    data = _without_tounicode(NOTICE_BLOCKS)
    layer = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert layer.strip() and is_garbage_text(layer)
    got = PdfReader().read(SourceFile.from_bytes("乱码.pdf", data), Limits())
    want = PdfReader().read(SourceFile.from_bytes("方案.pdf", plan_pdf), Limits())
    assert [p.page for p in got.ocr] == [1]
    assert got.warnings == ("1 page(s) have a garbled text layer (a font without a Unicode "
                            "map), read by OCR: 1",)
    assert cer(want.text, got.text) <= 0.01


def test_ocr_off_keeps_the_old_refusals(monkeypatch, volume_scan, plan_pdf):
    monkeypatch.setenv("HUIBIAN_OCR", "off")
    with pytest.raises(InputError) as err:
        PdfReader().read(SourceFile.from_bytes("扫描件.pdf", volume_scan), Limits())
    assert err.value.code == "E132" and "HUIBIAN_OCR" in err.value.message
    [page] = render_pages(plan_pdf, 100)
    with pytest.raises(InputError) as err:
        process_file(SourceFile.from_bytes("页.png", png(page, 100)))
    assert err.value.code == "E160"


def test_blank_scan_and_broken_images(monkeypatch):
    from PIL import Image

    blank = Image.new("L", (800, 1100), 255)
    with pytest.raises(InputError) as err:
        process_file(SourceFile.from_bytes("空白.png", png(blank, 100)))
    assert err.value.code == "E160"
    good = png(blank, 100)
    with pytest.raises(InputError) as err:
        process_file(SourceFile.from_bytes("坏.png", good[:len(good) // 2]))
    assert err.value.code == "E163" and err.value.file == "坏.png"
    monkeypatch.setenv("HUIBIAN_OCR", "abbyy")
    with pytest.raises(Exception) as err:
        process_file(SourceFile.from_bytes("页.png", good))
    assert getattr(err.value, "code", None) == "E603"


# -- into the store ------------------------------------------------------------------


def test_ingest_records_ocr_per_item(conn, plan_pdf):
    """Ingest in the worker processes: the line says OCR, the item has its record."""
    [page] = scans(plan_pdf, 300, seed=5, skew=-0.6)
    text_src = SourceFile.from_bytes("方案.pdf", plan_pdf)
    scan_src = SourceFile.from_bytes("方案扫描.png", png(page))
    with Ingestor(conn, processes=1) as ing:
        report = ing.ingest([scan_src, text_src])
    scan_res, text_res = report.results
    assert text_res.status == scan_res.status == "stored"
    assert scan_res.line() == "方案扫描.png: stored 1 item, OCR"
    assert scan_res.as_dict()["ocr"] == "OCR"
    rec = stored_ocr(conn, scan_res.item_ids[0])
    assert rec is not None and rec.engine == "tesseract" and rec.pages == (1,)
    assert 80 <= rec.confidence <= 100 and rec.low_pages == ()
    # the text PDF of the same plan is the same submission (issue 17): a rendition of
    # the scanned item, not a second item
    assert text_res.ocr is None
    assert text_res.line() == f"方案.pdf: rendition of {scan_res.item_ids[0]}"
    # searchable like any other text, under the title the text PDF gives too
    title = conn.execute("SELECT title FROM items WHERE id=?",
                         (scan_res.item_ids[0],)).fetchone()[0]
    assert title == conn.execute("SELECT title FROM item_renditions WHERE file_sha256=?",
                                 (text_src.sha256,)).fetchone()[0]
    # deleting the file removes the record with the item
    from huibian.pipeline.ingestor import stages_for
    from huibian.pipeline.resources import Resources
    from huibian.store.documents import delete_file

    with conn:
        delete_file(conn, scan_src.sha256, stages_for(Resources()))
    assert conn.execute("SELECT count(*) FROM item_ocr").fetchone()[0] == 0


def test_low_confidence_pages_are_named():
    from huibian.core.records import Extracted, Item, OcrPage
    from huibian.ingest.ocr_record import file_note, item_ocr

    src = SourceFile.from_bytes("x.pdf", b"%PDF-")
    ex = Extracted(source=src, kind="pdf", text="a\nb\nc\nd", page_starts=(0, 2, 4, 6),
                   ocr=(OcrPage(2, "tesseract", 91.0, 100), OcrPage(4, "tesseract", 52.5, 300)))
    assert file_note(ex) == "OCR, page 4 low confidence"
    item = Item(seq=0, title="t", text="x", start=0, end=1, pages=(1, 4))
    rec = item_ocr(ex, item)
    assert rec.pages == (2, 4) and rec.low_pages == (4,)
    assert rec.confidence == round((91.0 * 100 + 52.5 * 300) / 400, 1)
    assert item_ocr(ex, Item(seq=1, title="t", text="x", start=0, end=1, pages=(1, 1))) is None
    ex2 = Extracted(source=src, kind="pdf", text="a", page_starts=(0, 1, 2),
                    ocr=(OcrPage(1, "tesseract", 40.0, 9), OcrPage(3, "tesseract", 60.0, 9)))
    assert file_note(ex2) == "OCR, pages 1, 3 low confidence"


def test_rapidocr_engine_reads_the_png_page(plan_pdf, monkeypatch):
    """The optional engine (HUIBIAN_OCR=rapidocr: PP-OCR models from the wheel)."""
    monkeypatch.setenv("HUIBIAN_OCR", "rapidocr")
    [page] = scans(plan_pdf, 300, seed=5, skew=-0.6)
    got = process_file(SourceFile.from_bytes("方案.png", png(page)))
    text = process_file(SourceFile.from_bytes("方案.pdf", plan_pdf))
    assert [p.engine for p in got.extracted.ocr] == ["rapidocr"]
    assert heads(got) == heads(text)
    assert cer(text.normalized.text, got.normalized.text) <= 0.01


def test_scan_with_a_small_text_layer_is_read_by_ocr(plan_pdf, tmp_path):
    """A scanned page on which a scanner's software wrote only a page number as text:
    the few characters over a full-page image do not count as its text."""
    from fpdf import FPDF

    [page] = scans(plan_pdf, 200, seed=13, skew=0.3)
    path = tmp_path / "page.png"
    path.write_bytes(png(page, 200))
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.image(str(path), x=0, y=0, w=210, h=297)
    pdf.set_font("helvetica", size=9)
    pdf.set_xy(0, 285)
    pdf.cell(210, 5, "Page 1", align="C")
    data = bytes(pdf.output())
    layer = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert layer.strip() == "Page 1"
    got = PdfReader().read(SourceFile.from_bytes("扫描加页码.pdf", data), Limits())
    want = PdfReader().read(SourceFile.from_bytes("方案.pdf", plan_pdf), Limits())
    assert [p.page for p in got.ocr] == [1]
    # read from the image (the accuracy bar is the other tests' business: a 200-dpi
    # scan of a short page, where each misread bracket is 0.26%)
    assert "关于开展中小学教师信息技术应用能力培训的通知" in got.text.split("\n")
    assert cer(want.text, got.text) <= 0.03
