"""Checking a submission against the store: candidates from the fingerprint index,
passages from each candidate, then CNKI-style ratios.

Ratios are over the submission's punctuation-free characters (``chars``: Chinese
characters, letters, digits), each character counted once however many sources
share it:

* ``total``: characters inside any matched passage / ``chars``;
* ``excluding_quotes``: less characters inside “…”, 《…》, 「…」 or 『…』;
* ``excluding_same_unit``: only passages from items of other units;
* ``excluding_common``: less common template text (see ``huibian.similarity.common``);
* ``max_single_source``: the source whose passages cover most characters;
* ``exact_copy`` / ``reworded_copy`` (issue 22): the characters of ``total`` in
  exact passages (原文复制), and those only in reworded ones (改写复制: synonym
  swaps, moved sentences, found by ``huibian.similarity.rewording``); with
  ``CheckOptions(reworded=False)`` the check is exact-only (CNKI-style) and the
  second is 0.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
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
from huibian.similarity.classgrams import CLASS_PARAMS, ClassIndex, class_view_of, open_class_grams
from huibian.similarity.rewording import Reworded, Side, reworded_passages, sentence_views
from huibian.similarity.thesaurus import Thesaurus, thesaurus
from huibian.nlp.sentences import sentence_spans

SIDE_CACHE = 64  # sources whose class views a checker keeps (about 0.2 MB each)
_QUOTES = re.compile(r"“[^”\n]{0,500}”|《[^》\n]{0,200}》|「[^」\n]{0,500}」|『[^』\n]{0,500}』")


@dataclass(frozen=True)
class CheckOptions:
    min_chars: int = DEFAULT_MIN_CHARS
    max_gap: int = DEFAULT_MAX_GAP
    common_units: int = DEFAULT_COMMON_UNITS
    max_candidates: int = 100
    reworded: bool = True          # also reworded copies (synonym classes, sentence alignment)
    max_reworded_candidates: int = 10  # the sources sharing most class grams, verified


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
    reworded: list[Reworded] = field(default_factory=list)
    exact_mask: np.ndarray | None = None


class Checker:
    """Holds the fingerprint index (build once, check many: the app caches one)."""

    def __init__(self, conn: sqlite3.Connection, index: FingerprintIndex | None = None,
                 options: CheckOptions = CheckOptions(),
                 references: list[Reference] | None = None,
                 class_index: ClassIndex | None = None):
        self.conn = conn
        self.index = index if index is not None else FingerprintIndex.cached(conn)
        self.options = options
        self.class_index = class_index
        self.class_index_params = CLASS_PARAMS
        self._thes: Thesaurus | None = None
        # the class views of sources verified lately (a source found for one
        # submission is often a candidate of the next): item id -> (text, side,
        # sentence spans), least recently used first
        self._sides: OrderedDict[str, tuple[str, Side, list[tuple[int, int]]]] = OrderedDict()
        self._sides_lock = threading.Lock()
        if options.reworded and class_index is None:
            self.class_index = ClassIndex.cached(conn)
        refs = list_references(conn) if references is None else references
        self.references = [(r, r.view) for r in refs]

    def _thesaurus(self) -> Thesaurus:
        """The thesaurus, looked up once per checker (its class index was made with
        it; ``thesaurus()`` resolves the models folder on every call)."""
        if self._thes is None:
            self._thes = thesaurus()
        return self._thes

    def _source_side(self, item: SourceItem, view: View, thes: Thesaurus
                     ) -> tuple[Side, list[tuple[int, int]]]:
        """A source's class view and sentence spans (view coordinates), kept for the
        ``SIDE_CACHE`` sources verified last (valid while the item's text is the
        same)."""
        with self._sides_lock:
            hit = self._sides.get(item.id)
            if hit is not None and hit[0] == item.text:
                self._sides.move_to_end(item.id)
                return hit[1], hit[2]
        side = Side(view, class_view_of(view, thes))
        sents = sentence_views(view, sentence_spans(item.text))
        with self._sides_lock:
            self._sides[item.id] = (item.text, side, sents)
            self._sides.move_to_end(item.id)
            while len(self._sides) > SIDE_CACHE:
                self._sides.popitem(last=False)
        return side, sents

    def _excluded(self, sub: Submission) -> set[str]:
        ids = set(sub.exclude_ids)
        if sub.exclude_file:
            ids.update(r[0] for r in self.conn.execute(
                "SELECT id FROM items WHERE file_sha256 = ?", (sub.exclude_file,)))
        return ids

    def check(self, sub: Submission, *, reworded: bool | None = None) -> "Report":
        """The report for ``sub``; ``reworded`` overrides the options' (``False``: the
        exact-only check, as CNKI counts)."""
        opt = self.options if reworded is None else replace(self.options, reworded=reworded)
        if opt.reworded and self.class_index is None:
            self.class_index = ClassIndex.cached(self.conn)
        view = make_view(sub.text)
        n = len(view)
        excluded = self._excluded(sub)
        cands = self.index.candidates(query_grams(view, self.index.params), exclude=excluded,
                                      limit=opt.max_candidates)
        items = load_items(self.conn, [c[0] for c in cands])
        seeds = Seeds(view.codes, min(opt.min_chars, DEFAULT_SEED_CHARS))
        found: dict[str, _Found] = {}
        exact_any = np.zeros(n, dtype=bool)
        for item_id, _hits in cands:
            item = items.get(item_id)
            if item is None or item_id in excluded:
                continue
            f = self._exact(item, seeds, n)
            if f.passages:
                found[item_id] = f
                exact_any |= f.mask
        if opt.reworded and self.class_index is not None and n:
            self._reworded(sub, view, exact_any, excluded, items, seeds, found, opt)

        found = list(found.values())
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


    def _exact(self, item: SourceItem, seeds: Seeds, n: int) -> _Found:
        sview = make_view(item.text)
        passages = find_passages(seeds, sview.codes, min_chars=self.options.min_chars,
                                 max_gap=self.options.max_gap)
        mask = np.zeros(n, dtype=bool)
        for p in passages:
            mask[p.start:p.end] = True
        return _Found(item, sview, passages, mask, [], mask.copy())

    def _reworded(self, sub: Submission, view: View, exact_any: np.ndarray, excluded: set[str],
                  items: dict[str, SourceItem], seeds: Seeds, found: dict[str, _Found],
                  opt: CheckOptions) -> None:
        """Reworded copies: candidates from the class index, queried with the
        submission's winnowed class grams (the stored ones are winnowed alike, so a
        shared run of ``k + w - 1`` tokens still shares a value) of the text outside the
        exact passages (a copy the exact check found, its small edits bridged, costs
        nothing more), verified passage by passage."""
        thes = self._thesaurus()
        side = Side(view, class_view_of(view, thes))
        grams = open_class_grams(side.cv, exact_any, self.class_index_params)
        if grams.shape[0] == 0:
            return
        limit = opt.max_reworded_candidates
        # a class gram held by hundreds of items is stock phrasing: it finds no source
        rc = self.class_index.candidates(grams, exclude=excluded, limit=2 * limit, min_hits=1,
                                         max_postings=max(200, len(self.class_index) // 200))
        # a source must stand out: share at least 3 class grams and more than twice as
        # many as the run of the mill (the (limit+1)-th best), or every item that shares
        # some campaign phrasing would be verified, at a cost and for nothing
        floor = rc[limit][1] if len(rc) > limit else 0
        rc = [c for c in rc[:limit] if c[1] >= max(3, 2 * floor + 1)]
        if not rc:
            return
        missing = [c[0] for c in rc if c[0] not in items]
        if missing:
            items.update(load_items(self.conn, missing))
        sub_sents = sentence_views(view, sentence_spans(sub.text))
        for item_id, _hits in rc:
            item = items.get(item_id)
            if item is None or item_id in excluded:
                continue
            f = found.get(item_id) or self._exact(item, seeds, len(view))
            src, src_sents = self._source_side(item, f.view, thes)
            f.reworded = reworded_passages(side, src, f.exact_mask, thes, a_sents=sub_sents,
                                           b_sents=src_sents)
            for r in f.reworded:
                f.mask[r.start:r.end] = True
            if f.passages or f.reworded:
                found[item_id] = f


class Report:
    def __init__(self, sub: Submission, view: View, found: list[_Found],
                 common: np.ndarray, quoted: np.ndarray):
        self.submission = sub
        self.view = view
        self.common = common
        self.quoted = quoted
        n = len(view)
        self.covered = np.zeros(n, dtype=bool)
        self.exact = np.zeros(n, dtype=bool)  # 原文复制: in exact passages
        other = np.zeros(n, dtype=bool)
        for f in found:
            self.covered |= f.mask
            self.exact |= f.mask if f.exact_mask is None else f.exact_mask
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
            "exact_copy": self._ratio(self.exact),
            "reworded_copy": self._ratio(self.covered & ~self.exact),
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
                "edits": edits, "kind": "exact", "swaps": []}

    def _reworded(self, f: _Found, r: Reworded) -> dict[str, Any]:
        """A reworded piece as a passage (``kind`` "reworded"), its swapped words in
        ``swaps`` (original offsets on both sides)."""
        d = self._passage(f, Passage(r.start, r.end, r.source_start, r.source_end, r.matched,
                                     r.gaps))
        v, sv = self.view, f.view
        swaps = []
        for w in r.swaps:
            a0, a1 = v.orig_span(w.a_start, w.a_end)
            b0, b1 = sv.orig_span(w.b_start, w.b_end)
            swaps.append({"start": a0, "end": a1, "text": v.original[a0:a1],
                          "source_start": b0, "source_end": b1,
                          "source_text": sv.original[b0:b1]})
        d.update(kind="reworded", swaps=swaps, aligned_by=r.how)
        return d

    @staticmethod
    def _gap_span(view: View, start: int, end: int) -> tuple[int, int]:
        if end > start:
            return view.orig_span(start, end)
        pos = int(view.to_orig[start - 1]) + 1 if start > 0 else 0
        return pos, pos

    def sources(self) -> list[dict[str, Any]]:
        out = []
        for f in self.found:
            exact = f.mask if f.exact_mask is None else f.exact_mask
            passages = [self._passage(f, p) for p in f.passages] + \
                [self._reworded(f, r) for r in f.reworded]
            passages.sort(key=lambda p: (p["start"], p["end"]))
            out.append({"id": f.item.id, "source": f.item.source, "title": f.item.title,
                        "unit": f.item.unit, "date": f.item.date, "ratio": self._ratio(f.mask),
                        "passages": passages, "exact_ratio": self._ratio(exact),
                        "reworded_ratio": self._ratio(f.mask & ~exact)})
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"chars": self.chars, "copied_chars": int(self.covered.sum()),
                "exact_chars": int(self.exact.sum()),
                "reworded_chars": int((self.covered & ~self.exact).sum()),
                "ratios": self.ratios(), "sources": self.sources()}

    def source_texts(self) -> dict[str, str]:
        return {f.item.id: f.item.text for f in self.found}
