"""Near-duplicate clusters within a campaign (a collection of stored items).

Candidate pairs come from a MinHash LSH index over the stored whole-text MinHash
signatures (Jaccard of character 5-grams above ``lsh_threshold``); each pair is then
verified on the texts: ``ratio_a`` is the share of item a's characters inside passages
shared with b, ``ratio_b`` the same for b, and ``ratio = min(ratio_a, ratio_b)`` (both
texts mostly the same, not one short text quoted inside a long one). Pairs with
``ratio >= min_ratio`` are linked; clusters are the connected groups.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np

from huibian.similarity.common import unit_identity
from huibian.similarity.passages import DEFAULT_MAX_GAP, DEFAULT_MIN_CHARS, find_passages
from huibian.similarity.report import load_items
from huibian.similarity.shingles import make_view
from huibian.similarity.signatures import load_minhashes, minhash_lsh
from huibian.store.renditions import distinct_pairs

DEFAULT_MIN_RATIO = 0.5
DEFAULT_LSH_THRESHOLD = 0.2


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    ratio: float
    ratio_a: float
    ratio_b: float


@dataclass(frozen=True)
class Cluster:
    items: tuple[dict, ...]
    units: tuple[str, ...]
    pairs: tuple[Pair, ...]

    def as_dict(self) -> dict:
        return {"items": list(self.items), "units": list(self.units),
                "pairs": [p.__dict__ for p in self.pairs]}


def pair_ratio(text_a: str, text_b: str, *, min_chars: int = DEFAULT_MIN_CHARS,
               max_gap: int = DEFAULT_MAX_GAP) -> tuple[float, float]:
    va, vb = make_view(text_a), make_view(text_b)
    if not len(va) or not len(vb):
        return 0.0, 0.0
    ma = np.zeros(len(va), dtype=bool)
    mb = np.zeros(len(vb), dtype=bool)
    for p in find_passages(va.codes, vb.codes, min_chars=min_chars, max_gap=max_gap):
        ma[p.start:p.end] = True
        mb[p.source_start:p.source_end] = True
    return float(ma.mean()), float(mb.mean())


def candidate_pairs(minhashes: dict, lsh_threshold: float) -> set[tuple[str, str]]:
    """The (a, b) pairs, a < b, that share a bucket of a MinHash LSH index."""
    lsh = minhash_lsh(minhashes, lsh_threshold)
    candidates = set()
    for key, m in minhashes.items():
        for other in lsh.query(m):
            if other != key:
                candidates.add((min(key, other), max(key, other)))
    return candidates


def find_dupes(conn: sqlite3.Connection, *, min_ratio: float = DEFAULT_MIN_RATIO,
               collection: str | None = None, min_chars: int = DEFAULT_MIN_CHARS,
               lsh_threshold: float = DEFAULT_LSH_THRESHOLD, runner=None) -> list[Cluster]:
    """The near-duplicate clusters of the stored items (of ``collection``). ``runner``
    (``huibian.pipeline.cluster.DupesOnCluster``) computes the candidate pairs and
    their ratios elsewhere, with the same answers: ``runner.candidates(minhashes,
    lsh_threshold)`` and ``runner.ratios(pairs, texts, min_chars)``."""
    if collection is None:
        ids = None
    else:
        ids = {r[0] for r in conn.execute("SELECT id FROM items WHERE collection = ?",
                                          (collection,))}
    minhashes = load_minhashes(conn, ids)
    if runner is None:
        candidates = candidate_pairs(minhashes, lsh_threshold)
    else:
        candidates = set(runner.candidates(minhashes, lsh_threshold))
    candidates -= distinct_pairs(conn)  # marked "not duplicates" on the page (issue 17)
    items = load_items(conn, {x for pair in candidates for x in pair})
    ordered = sorted(candidates)
    if runner is None:
        ratios = [pair_ratio(items[a].text, items[b].text, min_chars=min_chars)
                  for a, b in ordered]
    else:
        ratios = runner.ratios(ordered, {x: items[x].text for pair in ordered for x in pair},
                               min_chars)
    pairs = []
    for (a, b), (ra, rb) in zip(ordered, ratios):
        if min(ra, rb) >= min_ratio:
            pairs.append(Pair(a, b, round(min(ra, rb), 4), round(ra, 4), round(rb, 4)))

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        parent[find(p.a)] = find(p.b)
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    clusters = []
    for members in groups.values():
        members.sort()
        member_set = set(members)
        clusters.append(Cluster(
            items=tuple({"id": m, "title": items[m].title, "unit": items[m].unit,
                         "date": items[m].date, "source": items[m].source} for m in members),
            units=tuple(sorted({unit_identity(items[m].unit, items[m].file_sha256)
                                for m in members})),
            pairs=tuple(p for p in pairs if p.a in member_set)))
    clusters.sort(key=lambda c: (-len(c.items), c.items[0]["id"]))
    return clusters
