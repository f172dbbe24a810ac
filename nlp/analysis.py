"""Analysis of items: one segmentation per item shared by the classifier, keywords,
named carriers and entities. ``Analyzer.analyze`` returns, per item, the JSON shape of
``huibian classify --json``:

{"title", "genre": {"label","score","reason"}, "sector": [..], "theme": [..],
 "carrier": [..], "named_carriers": [{"name","label","sentence"}], "keywords": [..],
 "entities": [{"label","text","start","end"}]}

(every axis of the taxonomy in its order after the title: a single-label axis one
{"label","score","reason"}, a multi-label axis a list of them),

plus, under "_sources", the rule and model scores side by side (for the store)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from huibian.nlp.classify import HINTED_AXIS, Classifier
from huibian.nlp.features import Segmented
from collections import Counter

from huibian.nlp.keywords import (IdfTable, candidate_words_of, textrank_from_words,
                          tfidf_from_counts)


# an abstract and a keyword line under a title (摘要：… / 关键词：…, 【摘要】, [关键词]):
# the head of an article as a journal prints it
_LABEL_END = r"\s*(?:[】\]］)）]|[：:]|$)"
_ABSTRACT_LINE = re.compile(r"^\s*[【\[［(（]?\s*(?:内容)?摘\s*要" + _LABEL_END, re.M)
_KEYWORDS_LINE = re.compile(r"^\s*[【\[［(（]?\s*关\s*键\s*(?:词|字)" + _LABEL_END, re.M)


# an abstract's label run into its text once the page lost its layout (摘要公立医院作为…)
_ABSTRACT_RUN_ON = re.compile(r"^\s*摘\s*要(?=[\u4e00-\u9fff])", re.M)
# a title in English under the Chinese one (a journal's or a database's record)
_ENGLISH_LINE = re.compile(r"^[A-Za-z][A-Za-z'’,:;\-]*(?:\s+[A-Za-z'’,:;\-]+){4,}\s*$", re.M)


def journal_head(text: str, head: int = 1500) -> bool:
    """Does the text open as a journal prints an article: an abstract line and a keyword
    line in its first ``head`` characters, or an abstract under a title in English in
    its first lines (a journal database's record)?"""
    top = text[:head]
    if not (_ABSTRACT_LINE.search(top) or _ABSTRACT_RUN_ON.search(top)):
        return False
    first = "\n".join(top.split("\n")[:5])
    return bool(_KEYWORDS_LINE.search(top)) or bool(_ENGLISH_LINE.search(first))


@dataclass(frozen=True)
class ItemText:
    """What analysis needs of an item (an ``huibian.core.records.Item`` works too)."""

    title: str
    text: str
    kind_hint: str | None = None


class Analyzer:
    def __init__(self, classifier: Classifier, carriers, annotator, stopwords: frozenset[str],
                 *, entities: bool = True, genre_titles=()):
        self.classifier = classifier
        self.carriers = carriers
        self.annotator = annotator
        self.stopwords = stopwords
        self.entities = entities
        self.genre_titles = tuple(genre_titles)

    def title_genre(self, title: str) -> str | None:
        """The genre a title names by its last words (``…的通知``, ``…实施方案``), from
        ``models/genre_titles.txt``; None when it names none."""
        t = "".join(title.split())
        for genre, pattern in self.genre_titles:
            if pattern.search(t):
                return genre
        return None

    def analyze(self, items: Iterable, idf: IdfTable | None = None, *, k: int = 10,
                method: str = "tfidf") -> list[dict]:
        items = list(items)
        idf = idf or IdfTable()
        tok = self.classifier.tokenizer
        docs = [Segmented.cut(it.text, tok) for it in items]
        taxonomy = self.classifier.taxonomy
        genres = set(taxonomy[HINTED_AXIS].ids)
        hints = []
        for it in items:
            hint = getattr(it, "kind_hint", None)
            if hint not in genres:
                hint = self.title_genre(getattr(it, "title", "") or "") or hint
                if hint == "case" and "article" in genres and journal_head(it.text):
                    hint = "article"  # …的实践探索 printed with 摘要 and 关键词: a journal's article
            hints.append(hint)
        labels = self.classifier.classify_many(docs, hints)
        out = []
        for it, doc, lab in zip(items, docs, labels):
            named = self.carriers.extract(doc.text)
            cands = candidate_words_of(doc.words, self.stopwords)
            counts = Counter(cands)
            if method == "textrank":
                kws = textrank_from_words(cands, idf, k=k)
            else:
                kws = tfidf_from_counts(counts, idf, k)
            ents = []
            if self.entities and self.annotator is not None:
                _, ents = self.annotator.entities(doc.text, doc, named)
            out.append({
                "title": it.title,
                **{axis: [p.as_json() for p in lab[axis]] if taxonomy[axis].multi
                   else lab[axis].as_json() for axis in taxonomy.axes},
                "named_carriers": [n.as_json() for n in named],
                "keywords": [w for w, _ in kws],
                "entities": [e.as_json() for e in ents],
                "_sources": {axis: lab[axis] if taxonomy[axis].multi else [lab[axis]]
                             for axis in taxonomy.axes},
                "_keyword_scores": kws,
                "_counts": counts,
                "_terms": sorted(counts),
            })
        return out


def public(result: dict) -> dict:
    """The JSON shape without the private keys."""
    return {k: v for k, v in result.items() if not k.startswith("_")}
