"""The PDF reader on real PDFs rendered in the test (huibian.testkit.pdfmaker: Noto CJK,
running head, page numbers, text wrapped by the layout)."""

from __future__ import annotations

import bisect
import io
import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image

from huibian.core.errors import InputError, LimitError
from huibian.core.records import SourceFile
from huibian.core.limits import Limits
from huibian.ingest.readers import choose_reader, default_readers
from huibian.ingest.readers.pdf import PAGE_NUMBER, PdfReader
from huibian.testkit.pdfmaker import DEFAULT_HEADER, block_text, make_pdf, rejoin_seed

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
SEED_000 = (SAMPLE / "000_3d6cb0e400fd333e.txt").read_text(encoding="utf-8")
HAN_PAIR_SPACED = re.compile(r"[\u4e00-\u9fff][ \t\u3000\u00a0]+[\u4e00-\u9fff]")


def han(text: str) -> str:
    return re.sub(r"[^\u4e00-\u9fff]", "", text)


@pytest.fixture(scope="module")
def seed_blocks():
    return rejoin_seed(SEED_000)


@pytest.fixture(scope="module")
def seed_pdf(seed_blocks) -> bytes:
    return make_pdf(seed_blocks)


@pytest.fixture(scope="module")
def extracted(seed_pdf):
    return PdfReader().read(SourceFile.from_bytes("汇编.pdf", seed_pdf), Limits())


def page_of(ex, offset: int) -> int:
    """1-based page of a text offset."""
    return bisect.bisect_right(ex.page_starts, offset)


def raw_page_text(pdf: bytes, index: int) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].get_textpage().get_text_range()
    finally:
        doc.close()


def test_pages_and_kind(extracted, seed_pdf):
    assert extracted.kind == "pdf"
    assert extracted.hard_wrapped is False
    assert len(extracted.page_starts) == len(pdfium.PdfDocument(seed_pdf)) == 7
    assert extracted.page_starts[0] == 0
    assert list(extracted.page_starts) == sorted(extracted.page_starts)
    assert extracted.warnings == ()


def test_running_head_and_page_numbers_are_furniture(extracted):
    n = len(extracted.page_starts)
    assert sorted(extracted.furniture) == sorted([DEFAULT_HEADER] * n
                                                 + [f"- {i} -" for i in range(1, n + 1)])
    assert DEFAULT_HEADER not in extracted.text
    assert not re.search(r"(?m)^\s*-\s*\d+\s*-\s*$", extracted.text)
    assert not re.search(r"-\s*\d\s*-", extracted.text)


def test_wrapped_sentence_comes_out_whole(extracted, seed_pdf):
    sentence = "是党中央在新形势下加强党的建设而作出的一项重要举措"
    raw = raw_page_text(seed_pdf, 0)
    assert sentence not in raw  # the layout did wrap it: "...加强党的\r\n建设而作出..."
    assert sentence in raw.replace("\r\n", "")
    assert sentence in extracted.text


def test_sentence_across_a_page_break_is_whole_and_paged(extracted, seed_pdf):
    sentence = "因此，许多学校采取同一学科教研组集体备课"
    start = extracted.text.index(sentence)
    assert page_of(extracted, start) == 4
    assert page_of(extracted, start + len(sentence) - 1) == 5
    assert extracted.text[extracted.page_starts[4]:].startswith("教研组集体备课。")
    assert raw_page_text(seed_pdf, 4).lstrip().startswith(DEFAULT_HEADER)


def test_page_starts_locate_headings(extracted):
    assert page_of(extracted, extracted.text.index("( 一)建了一批资源")) == 2
    assert page_of(extracted, extracted.text.index("三、“创岗建区”活动内容")) == 7
    assert extracted.text[extracted.page_starts[6]:].startswith("三、“创岗建区”活动内容\n")


def test_paragraphs_are_the_source_paragraphs(extracted, seed_blocks):
    """Every paragraph, heading and signature line comes back as one line, in order;
    only spaces differ (none between Chinese characters)."""
    want = [block_text(b).replace(" ", "") for b in seed_blocks]
    got = extracted.text.replace(" ", "").split("\n")
    assert got == want


def test_no_space_between_chinese_characters(extracted):
    assert HAN_PAIR_SPACED.findall(extracted.text) == []
    assert "\r" not in extracted.text and "\u3000" not in extracted.text
    # spaces that separate numbers from words in the source are kept
    assert "近 8000个基层党组织和 17万名共产党员" in extracted.text


def test_character_accuracy_equals_pdfplumber(extracted, seed_pdf, seed_blocks):
    source = han("".join(block_text(b) for b in seed_blocks))
    with pdfplumber.open(io.BytesIO(seed_pdf)) as pdf:
        plumber = "".join(page.extract_text() or "" for page in pdf.pages)
    assert han(plumber.replace(DEFAULT_HEADER, "")) == source
    assert han(extracted.text) == source


@pytest.mark.parametrize("fmt, shown", [
    ("- {n} -", "- 2 -"),
    ("— {n} —", "— 2 —"),
    ("{n}", "2"),
    ("第{n}页", "第2页"),
    ("第 {n} 页 共 {{nb}} 页", "第 2 页共 3 页"),
])
def test_page_number_styles(fmt, shown, seed_blocks):
    blocks = seed_blocks[:24]
    pdf = make_pdf(blocks, header=None, page_numbers=fmt)
    ex = PdfReader().read(SourceFile.from_bytes("p.pdf", pdf), Limits())
    assert len(ex.page_starts) == len(pdfium.PdfDocument(pdf)) == 3
    assert shown in ex.furniture and len(ex.furniture) == 3
    assert ex.text.replace(" ", "").split("\n") == [block_text(b).replace(" ", "")
                                                    for b in blocks]


@pytest.mark.parametrize("line", ["- 3 -", "— 3 —", "3", "第3页", "第 3 页 共 10 页",
                                  "第三页", "3 / 10", "Page 3 of 10"])
def test_page_number_pattern(line):
    assert PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["3000余个", "第3条", "一、成效和反响", "2012年 7月"])
def test_page_number_pattern_rejects_text(line):
    assert not PAGE_NUMBER.match(line)


def test_single_page_without_furniture(seed_blocks):
    pdf = make_pdf(seed_blocks[:1], header=None, page_numbers=None)
    ex = PdfReader().read(SourceFile.from_bytes("one.pdf", pdf), Limits())
    assert ex.furniture == ()
    assert ex.page_starts == (0,)
    assert ex.text == block_text(seed_blocks[0])


def test_encrypted_pdf(seed_blocks):
    pdf = make_pdf(seed_blocks[:2], user_password="secret")
    with pytest.raises(InputError) as err:
        PdfReader().read(SourceFile.from_bytes("加密.pdf", pdf), Limits())
    assert err.value.code == "E130"
    assert str(err.value) == ("加密.pdf: encrypted PDF; remove the password and submit "
                              "again [E130]")


@pytest.mark.parametrize("cut", [0.5, 0.98])
def test_truncated_pdf(seed_pdf, cut):
    data = seed_pdf[: int(len(seed_pdf) * cut)]
    with pytest.raises(InputError) as err:
        PdfReader().read(SourceFile.from_bytes("cut.pdf", data), Limits())
    assert err.value.code == "E131"
    assert err.value.message.startswith("corrupt or truncated PDF (")
    assert err.value.file == "cut.pdf"


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (250, 250, 240)).save(buf, format="PNG")
    return buf.getvalue()


def test_png_renamed_pdf_is_not_read_as_pdf(monkeypatch):
    """It is read as an image (OCR, issue 19): this one is blank."""
    src = SourceFile.from_bytes("scan.pdf", _png())
    assert PdfReader().score(src) == 0
    assert choose_reader(src, default_readers()).kind == "image"
    monkeypatch.setenv("HUIBIAN_OCR", "off")
    with pytest.raises(InputError) as err:
        choose_reader(src, default_readers()).read(src, Limits())
    assert err.value.code == "E160"
    gif = SourceFile.from_bytes("scan.pdf", b"GIF89a" + b"\x00" * 40)
    with pytest.raises(InputError) as err:
        choose_reader(gif, default_readers())
    assert err.value.code == "E102"
    assert "image renamed .pdf" in err.value.message
    with pytest.raises(InputError) as err:
        PdfReader().read(src, Limits())
    assert err.value.code == "E131"


def test_scanned_pdf_needs_ocr(tmp_path):
    png = tmp_path / "page.png"
    png.write_bytes(_png())
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(str(png), x=10, y=10, w=190)
    src = SourceFile.from_bytes("扫描件.pdf", bytes(pdf.output()))
    assert PdfReader().score(src) == 100
    with pytest.raises(InputError) as err:
        PdfReader().read(src, Limits())
    assert err.value.code == "E132"
    assert "OCR" in err.value.message and "no text layer" in err.value.message


def test_page_limit(seed_pdf):
    with pytest.raises(LimitError) as err:
        PdfReader().read(SourceFile.from_bytes("big.pdf", seed_pdf), Limits(max_pages=5))
    assert err.value.code == "E112"
    assert "7 pages" in err.value.message and "HUIBIAN_MAX_PAGES" in err.value.message


def test_leading_junk_before_header_is_accepted(seed_blocks):
    pdf = make_pdf(seed_blocks[:1], header=None, page_numbers=None)
    src = SourceFile.from_bytes("junk.pdf", b"\r\n" * 200 + pdf)
    assert PdfReader().score(src) == 100
    assert choose_reader(src, default_readers()).kind == "pdf"
    assert PdfReader().read(src, Limits()).text == block_text(seed_blocks[0])
    far = SourceFile.from_bytes("far.pdf", b"x" * 2000 + pdf)
    assert PdfReader().score(far) == 0


def test_committed_sample_pdf_reads_back(seed_blocks):
    """corpora/sample/000_*.pdf (made by corpora/make_samples.py) is seed 000."""
    path = SAMPLE / "000_3d6cb0e400fd333e.pdf"
    assert path.stat().st_size < 300 * 1024
    ex = PdfReader().read(SourceFile.from_bytes(path.name, path.read_bytes()), Limits())
    assert ex.text.replace(" ", "").split("\n") == [block_text(b).replace(" ", "")
                                                    for b in seed_blocks]
    assert ex.furniture[:2] == (DEFAULT_HEADER, "- 1 -")
    assert len(ex.page_starts) == 7
