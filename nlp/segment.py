"""One segmentation function for the whole product (index, query, keywords,
classifiers, fingerprints): a jieba tokenizer object of our own, loaded once with the
domain dictionary ``models/userdict.txt``. jieba's module-global default tokenizer is
never touched."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jieba

from huibian.core.models_dir import model_file
from huibian.core.settings import read_settings
from huibian.nlp.lexicons import load_userdict

jieba.setLogLevel(logging.WARNING)

try:  # optional accelerated engine (C++ double-array trie, same algorithm as jieba)
    import jieba_fast_dat
    jieba_fast_dat.setLogLevel(logging.WARNING)
except ImportError:  # pragma: no cover - the pure-jieba path is always there
    jieba_fast_dat = None

JIEBA_DICT = Path(jieba.__file__).parent / "dict.txt"
# jieba's own block split (jieba.re_han_default), used to patch the fast engine's output
_HAN_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
# where the fast engine differs from jieba: jieba's HMM step keeps "3.5", "99%", "a%"
# (finalseg re_skip ``[a-zA-Z0-9]+(?:\.\d+)?%?``) whole, the C++ engine splits them
_RISKY = re.compile(r"[a-zA-Z0-9](?:\.\d|%)")


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


def _fast_tokenizer(cache_dir: Path):
    """A jieba_fast_dat tokenizer on jieba's dict.txt. Its compiled trie is cached on
    disk; the cache is written under a temporary name and renamed into place, so
    processes starting together never read a half-written cache (the library's own
    cache in /tmp is written in place)."""
    st = JIEBA_DICT.stat()
    key = f"{jieba_fast_dat.__version__}-{st.st_size}-{int(st.st_mtime)}"
    cache = cache_dir / f"jieba_fast_dat-{key}.dat"
    fast = jieba_fast_dat.Tokenizer(str(JIEBA_DICT))
    if cache.exists():
        fast.cache_file = str(cache)
        fast.initialize()
        return fast
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    fast.cache_file = str(tmp)
    fast.initialize(force_rebuild=True)  # builds the trie and saves it to ``tmp``
    if tmp.exists():
        os.replace(tmp, cache)
    fast.cache_file = str(cache)
    return fast


class Tokenizer:
    """jieba with the domain dictionary. Build once (it takes about a second) and pass
    it around; it is safe to share between threads for reading.

    When ``jieba_fast_dat`` is installed, ``cut``/``tokens``/``search_tokens`` run on
    it (jieba's algorithm in C++, loaded with jieba's own ``dict.txt`` and the same
    user dictionary, about 10x faster: bench/segmentation.py); its output is patched to jieba's where the two
    are known to differ (numbers with a decimal point or a percent sign), so results
    are identical to jieba's. ``engine="jieba"`` (or ``HUIBIAN_SEGMENTER=jieba``)
    forces plain jieba. Part-of-speech tagging always uses jieba.posseg."""

    def __init__(self, userdict: Path | None = None, engine: str | None = None):
        settings = read_settings()  # HUIBIAN_SEGMENTER, HUIBIAN_CACHE_DIR, HUIBIAN_MODELS
        self.userdict_path = Path(userdict) if userdict else model_file("userdict.txt",
                                                                         settings=settings)
        self._entries = load_userdict(self.userdict_path)
        engine = engine or settings.segmenter
        if engine not in ("auto", "fast", "jieba"):
            raise ValueError(f"unknown segmenter engine {engine!r}")
        if engine == "fast" and jieba_fast_dat is None:
            raise RuntimeError("jieba_fast_dat is not installed")
        self._fast = None
        self._search_parts: dict[str, tuple[str, ...]] = {}  # word -> search_words parts
        if engine != "jieba" and jieba_fast_dat is not None:
            fast = _fast_tokenizer(settings.cache_dir)
            for entry in self._entries:
                fast.add_word(entry.word, entry.freq, entry.tag)
            self._fast = fast
        self.engine = "jieba_fast_dat" if self._fast is not None else "jieba"
        if self._fast is None:
            self._jieba  # noqa: B018 - build now, as before

    @cached_property
    def _jieba(self) -> jieba.Tokenizer:
        tok = jieba.Tokenizer()
        tok.initialize()
        for entry in self._entries:
            tok.add_word(entry.word, entry.freq, entry.tag)
        return tok

    def _words(self, text: str) -> list[str]:
        """jieba accurate-mode words (HMM on), whitespace included."""
        if self._fast is None:
            return self._jieba.lcut(text, HMM=True)
        words = self._fast.lcut(text, HMM=True)
        if _RISKY.search(text) is None:
            return words
        return self._patch(text, words)

    def _patch(self, text: str, words: list[str]) -> list[str]:
        """Re-segment with jieba each of jieba's blocks where the engines may differ."""
        blocks = {}
        for m in _RISKY.finditer(text):
            s = m.start()  # walk back to the start of jieba's block holding the match
            while s > 0 and _HAN_BLOCK.match(text, s - 1, s):
                s -= 1
            if s not in blocks:
                blocks[s] = _HAN_BLOCK.match(text, s).end()
        out: list[str] = []
        pos = 0
        spans = sorted(blocks.items())
        k = 0
        for w in words:
            end = pos + len(w)
            while k < len(spans) and spans[k][1] <= pos:
                k += 1
            if k < len(spans) and spans[k][0] <= pos < spans[k][1]:
                s, e = spans[k]
                if end > e:  # a word across jieba's block edge: not expected; be safe
                    return self._jieba.lcut(text, HMM=True)
                if pos == s:
                    out.extend(self._jieba.lcut(text[s:e], HMM=True))
            else:
                if k < len(spans) and pos < spans[k][0] < end:  # across an edge: be safe
                    return self._jieba.lcut(text, HMM=True)
                out.append(w)
            pos = end
        return out

    def cut(self, text: str) -> list[str]:
        """Accurate-mode words, whitespace dropped."""
        return [w for w in self._words(text) if not w.isspace()]

    def tokens(self, text: str) -> list[Token]:
        """Accurate-mode words with exact character offsets into ``text``."""
        out = []
        pos = 0
        for w in self._words(text):
            end = pos + len(w)
            if not w.isspace():
                out.append(Token(w, pos, end))
            pos = end
        return out

    def search_tokens(self, text: str) -> list[Token]:
        """Fine-grained search-mode tokens (a long word also yields its 2- and 3-character
        parts) with exact offsets, for the full-text index."""
        if self._fast is None:
            return [Token(w, s, e)
                    for w, s, e in self._jieba.tokenize(text, mode="search", HMM=True)
                    if not w.isspace()]
        freq = self._fast.get_freq
        out = []
        pos = 0
        for w in self._words(text):  # jieba.Tokenizer.tokenize(mode="search"), same order
            n = len(w)
            if n > 2:
                for i in range(n - 1):
                    if freq(w[i:i + 2]):
                        out.append(Token(w[i:i + 2], pos + i, pos + i + 2))
                if n > 3:
                    for i in range(n - 2):
                        if freq(w[i:i + 3]):
                            out.append(Token(w[i:i + 3], pos + i, pos + i + 3))
            if not w.isspace():
                out.append(Token(w, pos, pos + n))
            pos += n
        return out

    def search_words(self, text: str) -> list[str]:
        """The texts of ``search_tokens(text)``, in the same order, without offsets (the
        search index's word view). A word's search-mode parts are looked up in the
        dictionary once and remembered (the dictionary does not change after
        construction)."""
        if self._fast is None:
            return [t.text for t in self.search_tokens(text)]
        cache = self._search_parts
        out: list[str] = []
        for w in self._words(text):
            parts = cache.get(w)
            if parts is None:
                parts = self._parts_of(w)
                if len(cache) >= 500_000:
                    cache.clear()
                cache[w] = parts
            out.extend(parts)
        return out

    def _parts_of(self, w: str) -> tuple[str, ...]:
        """One word's ``search_tokens`` texts: its 2- then 3-character parts that are
        dictionary words (when longer than 2, 3), then the word unless white space."""
        freq = self._fast.get_freq
        n = len(w)
        out = []
        if n > 2:
            out += [w[i:i + 2] for i in range(n - 1) if freq(w[i:i + 2])]
            if n > 3:
                out += [w[i:i + 3] for i in range(n - 2) if freq(w[i:i + 3])]
        if not w.isspace():
            out.append(w)
        return tuple(out)

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
