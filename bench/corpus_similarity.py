"""Test material for the similarity benchmarks, built from the sample corpus.

* ``SampleCorpus``: the seed documents read and split by the real ingest pipeline;
  their paragraphs pre-tokenized (our jieba ``Tokenizer``) so that new texts can be
  made by recombining paragraphs with word substitutions (same-length words from
  the corpus vocabulary), fast enough for 100,000 items.
* ``unrelated_text``: Chinese text that shares nothing with the corpus but its
  language: words drawn by frequency from jieba's general dictionary.
* ``Variants``: realistic edits of a copied passage: punctuation changed, words
  replaced, adjacent words swapped, sentences reordered, short insertions,
  traditional characters, full-width forms. Every edit that changes the view
  (characters, not punctuation or width) is counted.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import jieba

from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from huibian.nlp.segment import Tokenizer
from huibian.core.script import read_table, table_path
from huibian.similarity.shingles import make_view
from huibian.testkit.samples import SAMPLE

PUNCT = "，。、；：！？"
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]?")


@dataclass
class SampleCorpus:
    items: list = field(default_factory=list)            # (SourceFile, Item) pairs
    paragraphs: list[list[str]] = field(default_factory=list)  # tokens per paragraph
    words_by_len: dict[int, list[str]] = field(default_factory=dict)
    _slots: dict[int, list[int]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, folder: Path = SAMPLE, tokenizer: Tokenizer | None = None) -> "SampleCorpus":
        tok = tokenizer or Tokenizer()
        corpus = cls()
        vocab: set[str] = set()
        for path in sorted(folder.glob("*.txt")):
            src = SourceFile.from_bytes(str(path), path.read_bytes())
            doc = process_file(src)
            for item in doc.items:
                corpus.items.append((src, item))
                for para in item.text.split("\n"):
                    if len(make_view(para)) >= 20:
                        words = tok.cut(para)
                        corpus.paragraphs.append(words)
                        vocab.update(w for w in words if len(make_view(w)) == len(w))
        for w in sorted(vocab):
            corpus.words_by_len.setdefault(len(w), []).append(w)
        return corpus

    def substitute(self, words: list[str], rate: float, rng: random.Random) -> list[str]:
        """``words`` with about ``rate`` of its words (those made of view characters
        only) replaced by random corpus words of the same length."""
        key = id(words)
        slots = self._slots.get(key)
        if slots is None:
            slots = [i for i, w in enumerate(words)
                     if len(w) in self.words_by_len and len(make_view(w)) == len(w)]
            self._slots[key] = slots
        out = list(words)
        for i in slots:
            if rng.random() < rate:
                out[i] = rng.choice(self.words_by_len[len(out[i])])
        return out

    def recombined(self, rng: random.Random, paragraphs: int, rate: float = 0.3) -> str:
        """A new text: random paragraphs, each with ``rate`` of its words replaced."""
        chosen = [rng.choice(self.paragraphs) for _ in range(paragraphs)]
        return "\n".join("".join(self.substitute(p, rate, rng)) for p in chosen)


class UnrelatedText:
    """Sentences of words drawn by frequency from jieba's general dictionary."""

    def __init__(self, seed: int = 0):
        words, weights = [], []
        dict_path = Path(jieba.__file__).parent / "dict.txt"
        for line in dict_path.read_text(encoding="utf-8").splitlines():
            parts = line.split(" ")
            if len(parts) >= 2 and 1 <= len(parts[0]) <= 4 and int(parts[1]) >= 50 \
                    and len(make_view(parts[0])) == len(parts[0]):
                words.append(parts[0])
                weights.append(int(parts[1]))
        self.words, self.weights = words, weights
        self.rng = random.Random(seed)

    def text(self, chars: int) -> str:
        out, n = [], 0
        while n < chars:
            sentence = "".join(self.rng.choices(self.words, self.weights, k=self.rng.randint(6, 14)))
            out.append(sentence + self.rng.choice("，。；") )
            n += len(sentence)
        return "".join(out)


def _load_t2s() -> dict[str, str]:
    """Simplified -> traditional, the inverse of the fold table (first one wins)."""
    s2t: dict[str, str] = {}
    for trad, simp in read_table(table_path()):
        s2t.setdefault(simp, trad)
    return s2t


@dataclass
class Edited:
    text: str
    edited_chars: int   # view characters that differ from the source passage


class Variants:
    """Realistic edits of a copied passage, within an edit budget."""

    def __init__(self, tokenizer: Tokenizer, corpus: SampleCorpus):
        self.tok = tokenizer
        self.corpus = corpus
        self.s2t = _load_t2s()

    def edit(self, passage: str, rng: random.Random, max_edit: float = 0.10) -> Edited:
        budget = int(len(make_view(passage)) * max_edit)
        sentences = [s for s in _SENTENCE.findall(passage) if s]
        if len(sentences) >= 3 and rng.random() < 0.3:  # reorder two sentences
            i = rng.randrange(len(sentences) - 1)
            sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
        words = self.tok.cut("".join(sentences))
        spent = 0
        for _ in range(rng.randint(2, 12)):
            kind = rng.choice(("replace", "swap", "insert"))
            i = rng.randrange(len(words))
            w = words[i]
            if kind == "replace" and len(make_view(w)) == len(w) >= 2 and spent + len(w) <= budget:
                words[i] = rng.choice(self.corpus.words_by_len[len(w)])
                spent += len(w)
            elif kind == "swap" and i + 1 < len(words):
                a, b = words[i], words[i + 1]
                cost = len(make_view(a)) + len(make_view(b))
                if a != b and 0 < cost <= budget - spent and len(make_view(a)) and len(make_view(b)):
                    words[i], words[i + 1] = b, a
                    spent += cost
            elif kind == "insert":
                ins = rng.choice(self.corpus.words_by_len[2])
                if spent + 2 <= budget:
                    words.insert(i, ins)
                    spent += 2
        text = "".join(words)
        # punctuation changed (free: the view has none)
        text = "".join(rng.choice(PUNCT) if ch in PUNCT and rng.random() < 0.3 else ch
                       for ch in text)
        if rng.random() < 0.2:  # traditional characters
            text = "".join(self.s2t.get(ch, ch) for ch in text)
        if rng.random() < 0.2:  # full-width digits, letters and commas
            text = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)
        return Edited(text, spent)
