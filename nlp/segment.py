"""One segmentation function for the whole product (index, query, keywords,
classifiers, fingerprints): a jieba tokenizer object of our own, loaded once with the
domain dictionary ``models/userdict.txt``. jieba's module-global default tokenizer is
never touched."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jieba

from nlp.lexicons import MODELS_DIR, load_userdict

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TaggedToken:
    """A word with its jieba part-of-speech tag (``nz``, ``nt``, ``ns``, ``nr``, ``t``…)."""

    text: str
    start: int
    end: int
    tag: str


class Tokenizer:
    """jieba with the domain dictionary. Build once (it takes about a second) and pass
    it around; it is safe to share between threads for reading."""

    def __init__(self, userdict: Path | None = None):
        self.userdict_path = Path(userdict) if userdict else MODELS_DIR / "userdict.txt"
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for entry in load_userdict(self.userdict_path):
            self._jieba.add_word(entry.word, entry.freq, entry.tag)

    def cut(self, text: str) -> list[str]:
        """Accurate-mode words, whitespace dropped."""
        return [w for w in self._jieba.lcut(text, HMM=True) if not w.isspace()]

    def tokens(self, text: str) -> list[Token]:
        """Accurate-mode words with exact character offsets into ``text``."""
        return [Token(w, s, e) for w, s, e in self._jieba.tokenize(text, mode="default", HMM=True)
                if not w.isspace()]

    def search_tokens(self, text: str) -> list[Token]:
        """Fine-grained search-mode tokens (a long word also yields its 2- and 3-character
        parts) with exact offsets, for the full-text index."""
        return [Token(w, s, e) for w, s, e in self._jieba.tokenize(text, mode="search", HMM=True)
                if not w.isspace()]

    def pos(self, text: str) -> list[TaggedToken]:
        """Accurate-mode words with part-of-speech tags and exact offsets, from
        ``jieba.posseg`` over this tokenizer's own dictionary (user tags included).
        Whitespace is dropped, as in ``tokens``."""
        out: list[TaggedToken] = []
        pos = 0
        for pair in self._pos_tokenizer.cut(text, HMM=True):
            start = text.find(pair.word, pos)
            if start < 0:  # posseg never drops characters; guard anyway
                continue
            pos = start + len(pair.word)
            if not pair.word.isspace():
                out.append(TaggedToken(pair.word, start, pos, pair.flag))
        return out

    @property
    def word_tags(self) -> dict[str, str]:
        """Dictionary part-of-speech tag of each known word (user dictionary included)."""
        return self._pos_tokenizer.word_tag_tab

    @cached_property
    def _pos_tokenizer(self):
        import jieba.posseg

        return jieba.posseg.POSTokenizer(self._jieba)

    @property
    def jieba(self) -> jieba.Tokenizer:
        """The underlying jieba tokenizer (for jieba.posseg / jieba.analyse callers)."""
        return self._jieba
