"""One segmentation function for the whole product (index, query, keywords,
classifiers, fingerprints): a jieba tokenizer object of our own, loaded once with the
domain dictionary ``models/userdict.txt``. jieba's module-global default tokenizer is
never touched."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import jieba

from nlp.lexicons import MODELS_DIR, load_userdict

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


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

    @property
    def jieba(self) -> jieba.Tokenizer:
        """The underlying jieba tokenizer (for jieba.posseg / jieba.analyse callers)."""
        return self._jieba
