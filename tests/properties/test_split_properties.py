"""Property tests (hypothesis): normalization and splitting never lose text.

For any text: normalization is idempotent, its offset map is monotonic and exact on the
characters it does not rewrite (a document in traditional characters is folded to
simplified ones, one for one), and the items of a split, joined by newlines, are exactly
the normalized text. For PDFs rendered by huibian.testkit.pdfmaker: the items plus the
page furniture the reader removed hold every character that was printed."""

from collections import Counter

from hypothesis import example, HealthCheck, given, settings
from hypothesis import strategies as st

from huibian.core.errors import InputError
from huibian.pipeline.ingestor import process_file
from huibian.core.records import Extracted, SourceFile, is_han
from huibian.core.script import to_simplified
from huibian.ingest.normalize import normalize
from huibian.ingest.split import Splitter
from huibian.testkit.pdfmaker import DEFAULT_HEADER, make_pdf

SPLITTER = Splitter()

# Lines that look like the structures the splitter reacts to, mixed with noise.
HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
STRUCTURE_LINES = st.sampled_from([
    "目录", "目  录", "前言", "第一篇", "第二篇 经验交流", "一、主要做法", "（二）工作成效",
    "某某市第一中学", "中共某某县委组织部", "湖教体发[2010]6号", "2010年6月28日",
    "二〇一〇年五月二十五日", "关于印发《创先争优活动实施方案》的通知", "创先争优活动实施方案",
    "主题词：创先争优 方案", "加强师德师风建设的实践与思考……3", "加强师德师风建设的实践与思考",
    "执笔：张三 李四", "我校坚持把师德师风建设作为学校发展的根本任务，开展了一系列活动。",
])
LINE = st.one_of(STRUCTURE_LINES, st.text(HAN, min_size=1, max_size=40),
                 st.text(min_size=0, max_size=30))
TEXT = st.lists(LINE, min_size=0, max_size=40).map("\n".join) | st.text(max_size=400)


def _split(raw: str, hard_wrapped: bool):
    src = SourceFile.from_bytes("p.txt", raw.encode("utf-8", "surrogatepass"))
    ex = Extracted(source=src, kind="txt", text=raw, hard_wrapped=hard_wrapped)
    norm = normalize(raw, hard_wrapped=hard_wrapped)
    return ex, norm, SPLITTER.split(ex, norm)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.booleans())
def test_split_never_loses_text(raw, hard_wrapped):
    ex, norm, items = _split(raw, hard_wrapped)
    if not norm.text.strip():
        return
    assert "\n".join(it.text for it in items) == norm.text
    for it in items:
        assert norm.text[it.start:it.end] == it.text
        assert 0 <= it.body_start <= len(it.text)
    assert [it.seq for it in items] == sorted(it.seq for it in items)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.booleans())
@example(raw='000000000000000"⺀⺀⺀⺀\n"', hard_wrapped=True)  # found in a clean-clone run
@example(raw='鎓\n鎓\n鎓\n乾濺', hard_wrapped=False)  # traditional text: folded (found in CI)
@example(raw='薴薴薴薴薴薴', hard_wrapped=False)  # a chain in the table (薴→苧→苎) folds once
def test_normalize_idempotent_and_offsets_exact(raw, hard_wrapped):
    norm = normalize(raw, hard_wrapped=hard_wrapped)
    again = normalize(norm.text, hard_wrapped=False)
    assert again.text == norm.text
    offs = norm.to_raw
    assert len(offs) == len(norm.text) + 1 and offs[-1] == len(raw)
    assert all(0 <= a <= b <= len(raw) for a, b in zip(offs, offs[1:]))
    for i, ch in enumerate(norm.text):
        if is_han(ch):  # a Chinese character is kept, or folded to its simplified form
            assert ch in (raw[offs[i]], to_simplified(raw[offs[i]]))


def _key(s: str) -> Counter:
    return Counter(ch for ch in s if not ch.isspace())


GB_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5).filter(
    lambda c: _gb2312(c))
PUNCT = st.sampled_from(list("，。、；：？！“”（）《》"))


def _gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


PARA = st.text(st.one_of(GB_HAN, GB_HAN, GB_HAN, PUNCT), min_size=1, max_size=300)
BLOCK = st.one_of(PARA, st.tuples(st.sampled_from(["title", "heading", "right"]),
                                  st.text(GB_HAN, min_size=1, max_size=20)))


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(BLOCK, min_size=1, max_size=30), st.booleans())
def test_pdf_items_plus_furniture_are_what_was_printed(blocks, numbered):
    numbers = "- {n} -" if numbered else None
    pdf = make_pdf(blocks, page_numbers=numbers)
    doc = process_file(SourceFile.from_bytes("p.pdf", pdf), splitter=SPLITTER)
    pages = doc.extracted.page_count
    printed = "".join(b if isinstance(b, str) else b[1] for b in blocks)
    printed += DEFAULT_HEADER * pages
    if numbered:
        printed += "".join(numbers.format(n=k) for k in range(1, pages + 1))
    got = "".join(it.text for it in doc.items) + "".join(doc.extracted.furniture)
    assert _key(got) == _key(printed)
    assert "\n".join(it.text for it in doc.items) == doc.normalized.text


def test_pdf_property_runs_on_a_known_multi_page_case():
    """The same check on a fixed case that spans pages (headers become furniture)."""
    blocks = [("title", "创先争优活动")] + ["创先争优活动开展以来，全省教育系统认真贯彻。" * 5] * 30
    pdf = make_pdf(blocks)
    doc = process_file(SourceFile.from_bytes("p.pdf", pdf), splitter=SPLITTER)
    assert doc.extracted.page_count > 2
    assert DEFAULT_HEADER in doc.extracted.furniture
    printed = "".join(b if isinstance(b, str) else b[1] for b in blocks)
    printed += DEFAULT_HEADER * doc.extracted.page_count
    printed += "".join(f"- {k} -" for k in range(1, doc.extracted.page_count + 1))
    got = "".join(it.text for it in doc.items) + "".join(doc.extracted.furniture)
    assert _key(got) == _key(printed)


def test_empty_normalized_text_is_a_documented_error():
    try:
        process_file(SourceFile.from_bytes("blank.txt", "\u200b\n\u200b\n".encode()))
    except InputError as exc:
        assert exc.code == "E104"
    else:
        raise AssertionError("blank text gave items")
