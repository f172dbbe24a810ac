"""Export acceptance: the sample corpus as a volume, DOCX reopened with python-docx and
the PDF checked with poppler (pdftotext, pdftoppm, pdffonts) — tools independent of
the exporter's own page finder (pypdfium2).

SQLite only: the store is read once, to compile the volume (the module's ``exported``
fixture); compiling on both stores is tests/volume/test_model.py's (both_stores), and
the export itself (LibreOffice, most of this module's time) reads only the compiled
volume."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from difflib import SequenceMatcher

import pytest
from docx import Document
from docx.shared import Mm, Pt
from lxml import etree
from PIL import Image, ImageStat

from tests.volume.conftest import LAYOUT, cjk
from huibian.volume import layout

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice (libreoffice-writer-nogui) not installed")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DASH = layout.DASH


def pdf_pages(pdf) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def toc_lines(doc) -> list[tuple[str, str, int]]:
    """(style, title, page) of each TOC entry paragraph."""
    out = []
    for p in doc.paragraphs:
        if p.style.name.lower().startswith("toc "):
            title, _, num = p.text.rpartition("\t")
            out.append((p.style.name.lower(), title, int(num)))
    return out


@pytest.fixture(scope="module")
def docx(exported):
    return Document(str(exported.docx))


@pytest.fixture(scope="module")
def pages(exported):
    return pdf_pages(exported.pdf)


def expected_headings():
    out = []
    for section, titles in LAYOUT:
        out.append(("Heading 1", section))
        out.extend(("Heading 2", t) for t in titles)
    return out


def test_export_converged(exported):
    r = exported.result
    assert r.stable and 1 <= r.passes <= 3
    assert r.warnings == ()


def test_docx_has_preface_headings_and_titles_in_order(docx, exported):
    texts = [p.text for p in docx.paragraphs]
    assert texts[0] == "全省教育系统创先争优活动优秀成果汇编"
    assert "前　言" in texts
    preface_at = texts.index("前　言")
    assert texts[preface_at + 1] == exported.compiled.preface.split("\n")[0]
    assert "虞国庆" in texts[preface_at:texts.index("目　录")]
    headings = [(p.style.name, p.text) for p in docx.paragraphs
                if p.style.name in ("Heading 1", "Heading 2")]
    assert headings == expected_headings()
    # the unit line follows each item's title
    units = {t: u for s in exported.compiled.sections for t, u in
             ((i.title, i.unit) for i in s.items)}
    for k, p in enumerate(docx.paragraphs):
        if p.style.name == "Heading 2":
            assert docx.paragraphs[k + 1].text == units[p.text]
            assert p.paragraph_format.page_break_before


def test_docx_toc_is_a_field_with_filled_entries(docx, exported):
    entries = toc_lines(docx)
    assert [(s, t) for s, t, _ in entries] == [
        ("toc 1" if st == "Heading 1" else "toc 2", t) for st, t in expected_headings()]
    body = etree.tostring(docx.element.body, encoding="unicode")
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    assert body.count('w:fldCharType="begin"') == 1 + body.count("PAGE ")  # TOC only
    nums = [n for _, _, n in entries]
    assert nums == sorted(nums) and len(set(nums)) == len(nums)
    assert dict(zip((t for _, t, _ in entries), nums)) == {
        t: exported.result.pages[k] for k, t in _keys(exported)}


def _keys(exported):
    for si, sec in enumerate(exported.compiled.sections, 1):
        yield f"section:{si}", sec.title
        for it in sec.items:
            yield f"item:{it.item_id}", it.title


def test_toc_numbers_point_at_the_pages_where_items_start(docx, pages):
    for style, title, num in toc_lines(docx):
        text = squash(pages[num - 1])
        assert text.startswith(squash(title)), (title, num, text[:40])
        # the footer of that page shows the same number, in the — N — form
        assert re.search(rf"{DASH}\s*{num}\s*{DASH}", pages[num - 1]), pages[num - 1][-40:]


def test_pdf_has_a_page_or_more_per_item_and_every_body(exported, docx, pages):
    entries = toc_lines(docx)
    starts = [n for _, _, n in entries] + [len(pages) + 1]
    bodies = {it.title: it.body for s in exported.compiled.sections for it in s.items}
    for k, (style, title, first) in enumerate(entries):
        if style != "toc 2":
            continue
        last = starts[k + 1]
        assert last > first  # at least one page of its own
        text = cjk("".join(pages[first - 1:last - 1]))
        body = cjk(bodies[title])
        matched = sum(b.size for b in SequenceMatcher(None, body, text, autojunk=False)
                      .get_matching_blocks())
        assert matched / len(body) >= 0.99, (title, matched, len(body))


def test_pages_are_not_blank_and_titles_are_not_tofu(exported, docx, pages, tmp_path):
    # a divider page holds one heading; an item page a title and a page of text
    least = {n: (0.0005 if style == "toc 1" else 0.008) for style, _, n in toc_lines(docx)}
    least.update({1: 0.0005, 2: 0.008})
    for n, minimum in sorted(least.items()):
        prefix = tmp_path / f"p{n}"
        subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", "-f", str(n), "-l", str(n),
                        "-singlefile", str(exported.pdf), str(prefix)], check=True)
        img = Image.open(f"{prefix}.png").convert("L")
        dark = sum(img.histogram()[:128]) / (img.width * img.height)
        assert ImageStat.Stat(img).extrema[0][0] < 64 and dark > minimum, (n, dark)
    layer = "".join(pages)
    for _, title, _ in toc_lines(docx):
        assert all(ch in layer for ch in title if not ch.isspace()), title
    fonts = subprocess.run(["pdffonts", str(exported.pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    names = [f.split()[0] for f in fonts]
    assert all(f.split()[-5] == "yes" for f in fonts)  # every font embedded
    # the Simplified Chinese faces of the Noto CJK collections, never the first (JP) face
    cjk_fonts = {n.split("+")[-1].split("-")[0] for n in names if "CJK" in n}
    assert cjk_fonts == {"NotoSerifCJKsc", "NotoSansCJKsc"}, names


def test_pdf_and_docx_properties_name_the_volume_and_the_campaign_body(exported, docx):
    info = dict(line.split(":", 1) for line in subprocess.run(
        ["pdfinfo", "-enc", "UTF-8", str(exported.pdf)], capture_output=True, text=True,
        check=True).stdout.splitlines() if ":" in line)
    info = {k: v.strip() for k, v in info.items()}
    assert (info["Title"], info["Author"], info["Subject"]) == (
        "全省教育系统创先争优活动优秀成果汇编", "汇编编委会",
        "优秀实践案例·优秀理论文章·优秀工作制度")
    props = docx.core_properties
    assert (props.title, props.author, props.last_modified_by) == (
        "全省教育系统创先争优活动优秀成果汇编", "汇编编委会", "汇编编委会")
    with zipfile.ZipFile(exported.docx) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "python-docx" not in xml and "CJK JP" not in xml and "CJKjp" not in xml


def test_docx_layout_is_gbt_9704(docx):
    sec = docx.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin,
                                  sec.right_margin)] == [37, 35, 28, 26]

    def east_asian(style):
        return style.element.rPr.find(f"{W}rFonts").get(f"{W}eastAsia")

    st = docx.styles
    assert (east_asian(st["Normal"]), st["Normal"].font.size) == ("仿宋_GB2312", Pt(16))
    assert (east_asian(st["Heading 2"]), st["Heading 2"].font.size) == ("方正小标宋简体", Pt(22))
    assert east_asian(st["Outline 1"]) == "黑体" and east_asian(st["Outline 2"]) == "楷体_GB2312"
    runs = [(r.style.name, r.text) for p in docx.paragraphs for r in p.runs]
    assert ("Outline 1", "一、成效和反响") in runs
    assert any(s == "Outline 2" and t.startswith("（一）") for s, t in runs)
    footer = etree.tostring(sec.footer._element, encoding="unicode")
    assert "PAGE" in footer and DASH in footer
    assert docx.settings.odd_and_even_pages_header_footer
    assert sec.different_first_page_header_footer
    assert abs(sec.footer_distance - Mm(layout.FOOTER_DISTANCE_MM)) < Mm(1)


def test_docx_names_fallbacks_for_missing_fonts(exported):
    with zipfile.ZipFile(exported.docx) as z:
        table = etree.fromstring(z.read("word/fontTable.xml"))
    alt = {f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val")
           for f in table.findall(f"{W}font") if f.find(f"{W}altName") is not None}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["黑体"] == "SimHei"
