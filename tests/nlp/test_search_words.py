"""``Tokenizer.search_words`` (the search index's word view, with a per-word cache of
search-mode parts) gives exactly the texts of ``search_tokens``, in order, with both
engines, including on a second pass that is served from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from huibian.nlp.segment import Tokenizer

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
EXTRA = ["全省党员满意率达到 99%以上", "中华人民共和国教育部关于进一步加强中小学师德师风建设的意见",
         "   \n\t  ", "", "H7N9防控，C++与C#课程，2012年7月---2012年6月"]


@pytest.mark.parametrize("engine", ["auto", "jieba"])
def test_search_words_equal_search_token_texts(engine):
    tok = Tokenizer(engine=engine)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))] + EXTRA
    for _ in range(2):  # the second pass reads the cached parts
        for text in texts:
            for para in [text, *text.split("\n")]:
                assert tok.search_words(para) == [t.text for t in tok.search_tokens(para)]


def test_word_view_unchanged_for_a_tokenizer_without_search_words():
    from huibian.search.analyze import word_view

    real = Tokenizer()

    class OnlyTokens:
        def search_tokens(self, text):
            return real.search_tokens(text)

    text = (SAMPLE / sorted(p.name for p in SAMPLE.glob("*.txt"))[0]).read_text(encoding="utf-8")
    assert word_view(OnlyTokens(), text) == word_view(real, text)
