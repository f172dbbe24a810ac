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

from dataclasses import dataclass
from typing import Iterable

from huibian.nlp.classify import HINTED_AXIS, Classifier
from huibian.nlp.features import Segmented
from collections import Counter

from huibian.nlp.keywords import (IdfTable, candidate_words_of, textrank_from_words,
                          tfidf_from_counts)


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
