"""The same seeds as a multi-page PDF (CJK font, running header, page numbers), as a
DOCX and as a GB18030 text file give the same items: identical titles and units, body
text at least 99.5% identical by characters after normalization."""

import difflib

import pytest

from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile, is_han
from huibian.ingest.normalize import display_width
from tests.conftest import SEEDS


def _lines(path, splitter):
    doc = process_file(SourceFile.from_bytes(path.name, path.read_bytes()), splitter=splitter)
    return doc, doc.normalized.text.split("\n")


def _blocks(lines):
    return [("heading", ln) if display_width(ln) <= 34 and "。" not in ln else ln
            for ln in lines]


def _similarity(a: str, b: str) -> float:
    a = "".join(c for c in a if is_han(c))
    b = "".join(c for c in b if is_han(c))
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks()) / max(len(a), len(b))


def _pdf(lines):
    from huibian.testkit.pdfmaker import make_pdf

    return make_pdf(_blocks(lines))


def _docx(lines):
    from huibian.testkit.docxmaker import make_docx

    return make_docx(lines)


def _gb18030(path):
    return path.read_text(encoding="utf-8").encode("gb18030")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("fmt", ["pdf", "docx", "gb18030"])
def test_formats_give_same_items(seed, fmt, splitter):
    ref, lines = _lines(seed, splitter)
    data = {"pdf": lambda: _pdf(lines), "docx": lambda: _docx(lines),
            "gb18030": lambda: _gb18030(seed)}[fmt]()
    name = seed.stem + {"pdf": ".pdf", "docx": ".docx", "gb18030": ".txt"}[fmt]
    got = process_file(SourceFile.from_bytes(name, data), splitter=splitter)
    assert got.kind == {"pdf": "pdf", "docx": "docx", "gb18030": "text"}[fmt]
    assert [i.title for i in got.items] == [i.title for i in ref.items]
    assert [i.unit for i in got.items] == [i.unit for i in ref.items]
    for a, b in zip(ref.items, got.items):
        assert _similarity(a.body, b.body) >= 0.995, (a.title, fmt)
    if fmt == "pdf":
        assert got.items[0].pages[0] == 1
        assert got.items[-1].pages[1] == got.extracted.page_count
        assert "- 1 -" not in got.normalized.text
        assert "创先争优活动优秀成果汇编" not in got.normalized.text
