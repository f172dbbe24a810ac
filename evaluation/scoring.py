"""Scores of understanding against labels: genre accuracy, macro-F1 of the multi-label
axes, exact metadata (where the document has the field) and invention (where it has
none), volume item F1."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from huibian.core.script import to_simplified
from huibian.ingest.normalize import normalize_text

_SPACE = re.compile(r"\s+")


def field_key(value: str | None) -> str | None:
    """What two metadata values are compared by: the normalized text without spaces, in
    simplified characters (a label gives a traditional document's title as printed; the
    product reads that document in simplified characters: the same title)."""
    if value is None:
        return None
    return _SPACE.sub("", to_simplified(normalize_text(str(value)))) or None


def label_counts(gold: list[list[str]], pred: list[list[str]]) -> tuple[dict, dict, dict]:
    """Per label: true positives, false positives, false negatives over the items."""
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    for g, p in zip(gold, pred):
        g, p = set(g), set(p)
        for x in p & g:
            tp[x] += 1
        for x in p - g:
            fp[x] += 1
        for x in g - p:
            fn[x] += 1
    return tp, fp, fn


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(gold: list[list[str]], pred: list[list[str]], labels: list[str]) -> float:
    """Macro-F1 over the labels that occur in the gold data or the predictions."""
    tp, fp, fn = label_counts(gold, pred)
    used = [x for x in labels if tp[x] or fp[x] or fn[x]]
    if not used:
        return 0.0
    return sum(f1(tp[x], fp[x], fn[x]) for x in used) / len(used)


@dataclass
class FieldScore:
    present: int = 0
    exact: int = 0
    absent: int = 0
    invented: int = 0

    def add(self, gold: str | None, pred: str | None) -> None:
        if gold is None:
            self.absent += 1
            self.invented += field_key(pred) is not None  # an empty title is none
        else:
            self.present += 1
            self.exact += field_key(gold) == field_key(pred)

    @property
    def exact_rate(self) -> float:
        return self.exact / self.present if self.present else 0.0

    @property
    def invented_rate(self) -> float:
        return self.invented / self.absent if self.absent else 0.0


def item_f1(gold: list[str], pred: list[str]) -> float:
    """F1 of items matched by title key (each gold item matched at most once)."""
    g = [field_key(t) for t in gold]
    p = [field_key(t) for t in pred]
    left = list(g)
    tp = 0
    for t in p:
        if t in left:
            left.remove(t)
            tp += 1
    prec = tp / len(p) if p else 0.0
    rec = tp / len(g) if g else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0
