"""A large corpus with a realistic vocabulary, generated on demand from the sample.

The sentences of the sample corpus (``corpora/sample/*.txt``, read and split by the
real ingest) are tagged with our Tokenizer's part of speech (jieba.posseg over our
dictionary). A generated sentence is a seed sentence in which open-class words
(nouns, verbs, adjectives, adverbs, names, places, organisations, idioms...) are
replaced, with probability ``rate``, by a word of the same tag and the same length
drawn from jieba's own dictionary (``jieba/dict.txt``, 349,046 words with tags),
weighted by the square root of the dictionary frequency, so the vocabulary has a long
tail like a real archive. Function words, numbers and punctuation stay as they are,
so the syntax stays the sample's.

Items are a title line and paragraphs of 2-6 sentences, 1,000-8,000 characters each.
Nothing here is committed: text folders and PDFs go to ``bench/out/`` (gitignored).
``bench/corpus_vocab.py`` prints a corpus's statistics or writes a text folder.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

from huibian.core.records import SourceFile
from huibian.nlp.segment import Tokenizer
from huibian.pipeline.process import process_file
from huibian.testkit.samples import ROOT, SAMPLE

OUT = ROOT / "bench" / "out"

# open-class jieba tags that are substituted; others (p, u, c, r, m, q, f, x, ...) kept
SUBSTITUTED = frozenset("n v a vn ad an d i l nr ns nt nz nrt nrfg s vd j b z t".split())
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


@dataclass
class _Bucket:
    words: list[str]
    cum: list[float]

    def draw(self, rng: random.Random) -> str:
        x = rng.random() * self.cum[-1]
        return self.words[bisect.bisect_right(self.cum, x)]


class Vocabulary:
    """jieba's dictionary grouped by (tag, length), sqrt-frequency weighted."""

    def __init__(self, dict_path: Path | None = None):
        import jieba

        path = dict_path or Path(jieba.__file__).parent / "dict.txt"
        groups: dict[tuple[str, int], list[tuple[str, float]]] = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) != 3 or parts[2] not in SUBSTITUTED:
                    continue
                word, freq, tag = parts[0], int(parts[1]), parts[2]
                if not all("\u4e00" <= ch <= "\u9fff" for ch in word):
                    continue
                try:  # GB2312 only, as in everyday print (and one font for every PDF)
                    word.encode("gb2312")
                except UnicodeEncodeError:
                    continue
                groups.setdefault((tag, len(word)), []).append((word, math.sqrt(freq)))
        self.buckets = {k: _Bucket([w for w, _ in v],
                                   list(itertools.accumulate(x for _, x in v)))
                        for k, v in groups.items() if len(v) >= 20}

    def substitute(self, word: str, tag: str, rng: random.Random) -> str:
        b = self.buckets.get((tag, len(word)))
        return b.draw(rng) if b else word


def _sample_fingerprint(tokenizer) -> str:
    h = hashlib.sha256()
    for p in sorted(SAMPLE.glob("*.txt")):
        h.update(p.read_bytes())
    h.update(Path(tokenizer.userdict_path).read_bytes())
    return h.hexdigest()[:16]


def seed_sentences(tokenizer=None) -> tuple[list[list[tuple[str, str]]], list[list[tuple[str, str]]]]:
    """(sentences, titles) of the sample, each a list of (word, tag). Cached in
    bench/out/ (keyed by the sample and the user dictionary)."""
    tokenizer = tokenizer or Tokenizer()
    cache = OUT / f"seed_pos_{_sample_fingerprint(tokenizer)}.json"
    if cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        return ([[tuple(t) for t in s] for s in data["sentences"]],
                [[tuple(t) for t in s] for s in data["titles"]])
    sentences, titles = [], []
    for path in sorted(SAMPLE.glob("*.txt")):
        doc = process_file(SourceFile.from_bytes(path.name, path.read_bytes()))
        for it in doc.items:
            if it.title:
                titles.append([(t.text, t.tag) for t in tokenizer.pos(it.title)])
            for m in _SENTENCE.finditer(it.body):
                s = m.group(0).strip()
                if len(s) >= 8:
                    sentences.append([(t.text, t.tag) for t in tokenizer.pos(s)])
    OUT.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"sentences": sentences, "titles": titles},
                                ensure_ascii=False), encoding="utf-8")
    return sentences, titles


class CorpusGenerator:
    def __init__(self, seed: int = 1, rate: float = 0.5, tokenizer=None):
        self.rng = random.Random(seed)
        self.rate = rate
        self.vocab = Vocabulary()
        self.sentences, self.titles = seed_sentences(tokenizer)
        self.used: set[str] = set()  # every word emitted (for the vocabulary count)

    def sentence(self, tagged=None) -> str:
        rng = self.rng
        tagged = tagged or rng.choice(self.sentences)
        out = []
        for word, tag in tagged:
            if tag in SUBSTITUTED and len(word) >= 2 and rng.random() < self.rate:
                word = self.vocab.substitute(word, tag, rng)
            out.append(word)
            self.used.add(word)
        return "".join(out)

    def paragraph(self) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(2, 6)))

    def item(self, min_chars: int = 1000, max_chars: int = 8000) -> tuple[str, list[str]]:
        """(title, paragraphs) of about min..max characters."""
        target = self.rng.randint(min_chars, max_chars)
        title = self.sentence(self.rng.choice(self.titles)).strip("。；") if self.titles \
            else self.sentence()[:20]
        paras, size = [], len(title)
        while size < target:
            p = self.paragraph()
            if size + len(p) > max_chars and paras:
                p = p[:max_chars - size]
            paras.append(p)
            size += len(p) + 1
        return title, paras

    def items(self, n: int, **kw) -> list[tuple[str, list[str]]]:
        return [self.item(**kw) for _ in range(n)]


def item_text(title: str, paras: list[str]) -> str:
    return title + "\n" + "\n".join("\u3000\u3000" + p for p in paras) + "\n"


def text_items(n: int, seed: int = 1, gen: CorpusGenerator | None = None, **kw) -> list[str]:
    gen = gen or CorpusGenerator(seed)
    return [item_text(t, p) for t, p in gen.items(n, **kw)]


def write_text_folder(n: int, seed: int = 1, out: Path | None = None,
                      gen: CorpusGenerator | None = None) -> Path:
    """``n`` generated items as UTF-8 .txt files in ``bench/out/txt_{n}_{seed}/``."""
    folder = out or OUT / f"txt_{n}_{seed}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for k, text in enumerate(text_items(n, seed, gen)):
        (folder / f"{k:06d}.txt").write_text(text, encoding="utf-8")
    done.write_text("ok")
    return folder
