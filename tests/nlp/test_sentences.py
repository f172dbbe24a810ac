"""``sentence_spans`` (one regular expression over the text) against its definition:
cut after each run of end marks (。！？；!?; and the closing quotes or brackets after
it) and at each line break, each piece trimmed of white space (``str.isspace``), the
empty ones dropped. Texts of the sample and the labeled units, and random texts made of
the marks, white space of several kinds and words."""

import json
import random
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from huibian.nlp.sentences import sentence_spans

ROOT = Path(__file__).resolve().parents[2]

PIECES = ["。", "！", "？", "；", "!", "?", ";", "”", "’", "」", "』", "）", ")", "“", "\n",
          "\n\n", " ", "\u3000", "\t", "\r", "\x0b", "\x1c", "\x85", "\xa0", "\u2028", "党",
          "ab", "的"]


def defined(text: str) -> list[tuple[int, int]]:
    """The definition, piece by piece."""
    out, start = [], 0
    for m in re.finditer(r"[。！？；!?;]+[”’」』）)]*|\n+", text):
        out.append((start, m.start() if m.group()[0] == "\n" else m.end()))
        start = m.end()
    out.append((start, len(text)))
    spans = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def test_examples():
    text = " 第一句。“第二句！”\n\n  标题  \n第三句；；）又一句\u3000\n。"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "第一句。", "“第二句！”", "标题", "第三句；；）", "又一句", "。"]
    assert sentence_spans("") == [] and sentence_spans(" \n\u3000\n") == []


def test_real_texts():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "sample").glob("*.txt"))]
    for path in sorted((ROOT / "corpora" / "labels").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    assert len(texts) > 400
    for text in texts:
        assert sentence_spans(text) == defined(text)


def test_random_texts():
    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randrange(16)))
        assert sentence_spans(text) == defined(text), repr(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_text(text):
    assert sentence_spans(text) == defined(text)
