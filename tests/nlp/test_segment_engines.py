"""The fast engine (jieba_fast_dat) behind Tokenizer gives exactly jieba's output:
words, offsets and search-mode tokens, on the sample corpus and on the number forms
where the two engines are known to differ (decimal points, percent signs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from huibian.nlp.segment import Tokenizer, jieba_fast_dat

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
NUMBERS = ["全省党员满意率达到 99%以上", "比上年增长3.5%左右", "共有12.5万人参加",
           "第3.2.1条规定", "比例达99.5%，较上年提高1.2个百分点", "百分之99%%",
           "其中a%为新党员", "ＡＢＣ１２％全角", "H7N9防控，C++与C#课程，2012年7月---2012年6月"]

pytestmark = pytest.mark.skipif(jieba_fast_dat is None, reason="jieba_fast_dat not installed")


@pytest.fixture(scope="module")
def engines():
    fast, plain = Tokenizer(), Tokenizer(engine="jieba")
    assert fast.engine == "jieba_fast_dat" and plain.engine == "jieba"
    return fast, plain


def _texts():
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))] + NUMBERS


@pytest.mark.parametrize("method", ["cut", "tokens", "search_tokens"])
def test_fast_engine_equals_jieba(engines, method):
    fast, plain = engines
    for text in _texts():
        assert getattr(fast, method)(text) == getattr(plain, method)(text)


def test_decimal_and_percent_kept_whole(engines):
    fast, _ = engines
    assert "3.5%" in fast.cut("比上年增长3.5%左右")
    assert "12.5" in fast.cut("共有12.5万人参加")
    toks = fast.tokens("满意率达到 99%以上")
    assert [(t.text, t.start, t.end) for t in toks if t.text == "99%"] == [("99%", 6, 9)]
