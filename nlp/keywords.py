"""Keywords of an item: TF-IDF over our tokens with document frequencies learned from
the stored collection (``term_df``, refreshed as items are stored), or TextRank over
the same tokens. Stopwords and template words never come out, nor does any word that
appears in most items of the collection."""

from __future__ import annotations

from functools import lru_cache

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field

_WORD = re.compile(r"^[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z0-9·]*$")
COMMON_SHARE = 0.5      # a word in more than half of the items is a template word


@dataclass
class IdfTable:
    n_docs: int = 0
    df: dict[str, int] = field(default_factory=dict)

    def idf(self, word: str) -> float:
        return math.log((1 + self.n_docs) / (1 + self.df.get(word, 0))) + 1.0

    def too_common(self, word: str) -> bool:
        return self.n_docs >= 4 and self.df.get(word, 0) > COMMON_SHARE * self.n_docs


def candidate_words(tokens, stopwords: frozenset[str]) -> list[str]:
    return candidate_words_of([t.text for t in tokens], stopwords)


@lru_cache(maxsize=500_000)
def _is_word(w: str) -> bool:
    return _WORD.match(w) is not None


def candidate_words_of(words, stopwords: frozenset[str]) -> list[str]:
    """``candidate_words`` over word strings."""
    return [w for w in words if len(w) >= 2 and w not in stopwords and _is_word(w)]


def tfidf_keywords(tokens, stopwords: frozenset[str], idf: IdfTable, k: int = 10
                   ) -> list[tuple[str, float]]:
    return tfidf_from_counts(Counter(candidate_words(tokens, stopwords)), idf, k)


def tfidf_from_counts(counts: Counter, idf: IdfTable, k: int = 10) -> list[tuple[str, float]]:
    if not counts:
        return []
    total = sum(counts.values())
    if type(idf) is IdfTable:  # IdfTable.idf and .too_common inlined: the same numbers
        n, get, log = idf.n_docs, idf.df.get, math.log
        share = COMMON_SHARE * n
        scored = [(w, (c / total) * (log((1 + n) / (1 + get(w, 0))) + 1.0))
                  for w, c in counts.items() if not (n >= 4 and get(w, 0) > share)]
    else:
        scored = [(w, (c / total) * idf.idf(w)) for w, c in counts.items()
                  if not idf.too_common(w)]
    # the k first of the sorted list (the keys are distinct: words are)
    top = heapq.nsmallest(k, scored, key=lambda ws: (-ws[1], ws[0]))
    peak = top[0][1] if top else 1.0
    return [(w, round(s / peak, 4)) for w, s in top]


def textrank_keywords(tokens, stopwords: frozenset[str], idf: IdfTable | None = None,
                      k: int = 10, window: int = 5, iterations: int = 20
                      ) -> list[tuple[str, float]]:
    return textrank_from_words(candidate_words(tokens, stopwords), idf, k, window, iterations)


def textrank_from_words(candidates: list[str], idf: IdfTable | None = None, k: int = 10,
                        window: int = 5, iterations: int = 20) -> list[tuple[str, float]]:
    """TextRank over an item's ``candidate_words`` in text order."""
    words = [w for w in candidates if not (idf and idf.too_common(w))]
    if not words:
        return []
    neighbours: dict[str, Counter] = {w: Counter() for w in words}
    for i, w in enumerate(words):
        for v in words[i + 1:i + window]:
            if v != w:
                neighbours[w][v] += 1
                neighbours[v][w] += 1
    rank = {w: 1.0 for w in neighbours}
    out_weight = {w: sum(n.values()) or 1 for w, n in neighbours.items()}
    for _ in range(iterations):
        rank = {w: 0.15 + 0.85 * sum(rank[v] * c / out_weight[v] for v, c in n.items())
                for w, n in neighbours.items()}
    top = sorted(rank.items(), key=lambda ws: (-ws[1], ws[0]))[:k]
    peak = top[0][1] if top else 1.0
    return [(w, round(s / peak, 4)) for w, s in top]


def document_terms(tokens, stopwords: frozenset[str]) -> set[str]:
    """The distinct candidate words of an item, as counted in ``term_df``."""
    return set(candidate_words(tokens, stopwords))
