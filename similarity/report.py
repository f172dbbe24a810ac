"""Checking a submission against the store: candidates from the fingerprint index,
passages from each candidate, then CNKI-style ratios.

Ratios are over the submission's punctuation-free characters (``chars``: Chinese
characters, letters, digits), each character counted once however many sources
share it:

* ``total``: characters inside any matched passage / ``chars``;
* ``excluding_quotes``: less characters inside “…”, 《…》, 「…」 or 『…』;
* ``excluding_same_unit``: only passages from items of other units;
* ``excluding_common``: less common template text (see ``huibian.similarity.common``);
* ``max_single_source``: the source whose passages cover most characters.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from huibian.core.errors import NotFound
from huibian.similarity.common import (DEFAULT_COMMON_UNITS, Reference, common_by_units,
                               list_references, unit_identity)
from huibian.similarity.passages import (DEFAULT_MAX_GAP, DEFAULT_MIN_CHARS, DEFAULT_SEED_CHARS,
                                 Passage, Seeds,
                                 find_passages)
from huibian.similarity.shingles import View, make_view
from huibian.similarity.signatures import FingerprintIndex, query_grams

_QUOTES = re.compile(r"“[^”\n]{0,500}”|《[^》\n]{0,200}》|「[^」\n]{0,500}」|『[^』\n]{0,500}』")


@dataclass(frozen=True)
class CheckOptions:
    min_chars: int = DEFAULT_MIN_CHARS
    max_gap: int = DEFAULT_MAX_GAP
    common_units: int = DEFAULT_COMMON_UNITS
    max_candidates: int = 100


@dataclass(frozen=True)
class Submission:
    """What is checked: its text, the units that submitted it (for the same-unit
    ratio), and what must not be reported as a source (itself)."""

    text: str
    units: frozenset[str] = frozenset()
    exclude_ids: frozenset[str] = frozenset()
    exclude_file: str | None = None
    name: str = ""


@dataclass(frozen=True)
class SourceItem:
    id: str
    text: str = field(repr=False)
    title: str = ""
    unit: str | None = None
    date: str | None = None
    file_sha256: str = ""
    source: str = ""

    @property
    def identity(self) -> str:
        return unit_identity(self.unit, self.file_sha256)


def load_items(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, SourceItem]:
    ids = list(ids)
    out: dict[str, SourceItem] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT i.id, i.text, i.title, i.unit, i.date, i.file_sha256, "
            "(SELECT name FROM file_names n WHERE n.sha256 = i.file_sha256 "
            " ORDER BY first_seen, name LIMIT 1) "
            f"FROM items i WHERE i.id IN ({marks})", chunk)
        for r in rows:
            out[r[0]] = SourceItem(r[0], r[1], r[2] or "", r[3], r[4], r[5], r[6] or "")
    return out


def submission_for_item(conn: sqlite3.Connection, item_id: str) -> Submission:
    items = load_items(conn, [item_id])
    if item_id not in items:
        raise NotFound(f"no item with id {item_id}; 'huibian items' lists them", code="E312")
    it = items[item_id]
    return Submission(text=it.text, units=frozenset({it.identity}),
                      exclude_ids=frozenset({item_id}), name=it.title)


def submission_for_document(doc) -> Submission:
    """A file read by ``huibian.pipeline.ingestor.process_file``: its whole normalized text;
    its stored copy (same sha256), if any, is not a source."""
    units = frozenset(unit_identity(it.unit, doc.source.sha256) for it in doc.items)
    return Submission(text=doc.normalized.text, units=units,
                      exclude_file=doc.source.sha256, name=doc.source.name)


def quote_mask(text: str) -> np.ndarray:
    mask = np.zeros(len(text) + 1, dtype=bool)
    for m in _QUOTES.finditer(text):
        mask[m.start():m.end()] = True
    return mask


@dataclass
class _Found:
    item: SourceItem
    view: View
    passages: list[Passage]
    mask: np.ndarray


class Checker:
    """Holds the fingerprint index (build once, check many: the app caches one)."""

    def __init__(self, conn: sqlite3.Connection, index: FingerprintIndex | None = None,
                 options: CheckOptions = CheckOptions(),
                 references: list[Reference] | None = None):
        self.conn = conn
        self.index = index if index is not None else FingerprintIndex.cached(conn)
        self.options = options
        refs = list_references(conn) if references is None else references
        self.references = [(r, r.view) for r in refs]

    def _excluded(self, sub: Submission) -> set[str]:
        ids = set(sub.exclude_ids)
        if sub.exclude_file:
            ids.update(r[0] for r in self.conn.execute(
                "SELECT id FROM items WHERE file_sha256 = ?", (sub.exclude_file,)))
        return ids

    def check(self, sub: Submission) -> "Report":
        opt = self.options
        view = make_view(sub.text)
        n = len(view)
        excluded = self._excluded(sub)
        cands = self.index.candidates(query_grams(view, self.index.params), exclude=excluded,
                                      limit=opt.max_candidates)
        items = load_items(self.conn, [c[0] for c in cands])
        seeds = Seeds(view.codes, min(opt.min_chars, DEFAULT_SEED_CHARS))
        found: list[_Found] = []
        for item_id, _hits in cands:
            item = items.get(item_id)
            if item is None or item_id in excluded:
                continue
            sview = make_view(item.text)
            passages = find_passages(seeds, sview.codes, min_chars=opt.min_chars,
                                     max_gap=opt.max_gap)
            if not passages:
                continue
            mask = np.zeros(n, dtype=bool)
            for p in passages:
                mask[p.start:p.end] = True
            found.append(_Found(item, sview, passages, mask))

        masks_by_unit: dict[str, np.ndarray] = {}
        for f in found:
            prev = masks_by_unit.get(f.item.identity)
            masks_by_unit[f.item.identity] = f.mask if prev is None else (prev | f.mask)
        common = common_by_units(n, masks_by_unit, sub.units, opt.common_units)
        for _ref, rview in self.references:
            for p in find_passages(seeds, rview.codes, min_chars=opt.min_chars,
                                   max_gap=opt.max_gap):
                common[p.start:p.end] = True
        quoted = view.orig_mask(quote_mask(sub.text)) if n else np.zeros(0, dtype=bool)
        return Report(sub, view, found, common, quoted)


class Report:
    def __init__(self, sub: Submission, view: View, found: list[_Found],
                 common: np.ndarray, quoted: np.ndarray):
        self.submission = sub
        self.view = view
        self.common = common
        self.quoted = quoted
        n = len(view)
        self.covered = np.zeros(n, dtype=bool)
        other = np.zeros(n, dtype=bool)
        for f in found:
            self.covered |= f.mask
            if f.item.identity not in sub.units:
                other |= f.mask
        self.other_units = other
        self.found = sorted(found, key=lambda f: (-int(f.mask.sum()), f.item.id))

    @property
    def chars(self) -> int:
        return len(self.view)

    def _ratio(self, mask: np.ndarray) -> float:
        return round(float(mask.sum()) / self.chars, 4) if self.chars else 0.0

    def ratios(self) -> dict[str, Any]:
        best = self.found[0] if self.found else None
        return {
            "total": self._ratio(self.covered),
            "excluding_quotes": self._ratio(self.covered & ~self.quoted),
            "excluding_same_unit": self._ratio(self.other_units),
            "excluding_common": self._ratio(self.covered & ~self.common),
            "max_single_source": {"id": best.item.id if best else None,
                                  "ratio": self._ratio(best.mask) if best else 0.0},
        }

    def _passage(self, f: _Found, p: Passage) -> dict[str, Any]:
        v, sv = self.view, f.view
        start, end = v.orig_span(p.start, p.end)
        s_start, s_end = sv.orig_span(p.source_start, p.source_end)
        edits = []
        for g in p.gaps:
            a0, a1 = self._gap_span(v, g.a_start, g.a_end)
            b0, b1 = self._gap_span(sv, g.b_start, g.b_end)
            kind = "replace" if a1 > a0 and b1 > b0 else ("insert" if a1 > a0 else "delete")
            edits.append({"kind": kind, "start": a0, "end": a1,
                          "text": v.original[a0:a1],
                          "source_start": b0, "source_end": b1,
                          "source_text": sv.original[b0:b1]})
        length = p.end - p.start
        return {"start": start, "end": end, "source_start": s_start, "source_end": s_end,
                "text": v.original[start:end],
                "common": bool(self.common[p.start:p.end].sum() * 2 >= length),
                "quoted": bool(self.quoted[p.start:p.end].sum() * 2 > length),
                "edits": edits}

    @staticmethod
    def _gap_span(view: View, start: int, end: int) -> tuple[int, int]:
        if end > start:
            return view.orig_span(start, end)
        pos = int(view.to_orig[start - 1]) + 1 if start > 0 else 0
        return pos, pos

    def sources(self) -> list[dict[str, Any]]:
        return [{"id": f.item.id, "source": f.item.source, "title": f.item.title,
                 "unit": f.item.unit, "date": f.item.date, "ratio": self._ratio(f.mask),
                 "passages": [self._passage(f, p) for p in f.passages]}
                for f in self.found]

    def as_dict(self) -> dict[str, Any]:
        return {"chars": self.chars, "copied_chars": int(self.covered.sum()),
                "ratios": self.ratios(), "sources": self.sources()}

    def source_texts(self) -> dict[str, str]:
        return {f.item.id: f.item.text for f in self.found}
