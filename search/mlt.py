"""More like this: the items most similar to a given one.

The item's most distinctive words (word view, tf × idf from the index's own document
frequencies) become an OR query ranked by bm25. Near-duplicates (the same text
resubmitted or lightly edited; the similarity check's business) are not hidden but
marked ``near_duplicate`` with their character 5-gram Jaccard overlap, so a panel
sees "similar topic" apart from "same text".
"""

from __future__ import annotations

import json
import math
import sqlite3
import zlib
from collections import Counter
from dataclasses import dataclass

from huibian.errors import NotFound
from search.analyze import han_runs
from search.engine import WEIGHTS

NEAR_DUPLICATE = 0.5  # 5-gram Jaccard at or above this: the same text, not a related one


@dataclass(frozen=True)
class Similar:
    id: str
    title: str
    unit: str | None
    date: str | None
    score: float
    overlap: float
    near_duplicate: bool
    terms: tuple[str, ...]


def _shingles(text: str, k: int = 5) -> set[str]:
    chars = "".join(text[s:e] for s, e in han_runs(text))
    return {chars[i:i + k] for i in range(max(0, len(chars) - k + 1))}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def key_terms(conn: sqlite3.Connection, item_id: str, *, count: int = 20,
              stopwords: frozenset[str] = frozenset()) -> list[str]:
    row = conn.execute("SELECT terms FROM search_docs WHERE item_id=?", (item_id,)).fetchone()
    if row is None:
        raise NotFound(f"item {item_id!r} is not in the search index; run 'huibian reindex'")
    cols = json.loads(zlib.decompress(row[0]))
    tf = Counter(w for col in (cols[0], cols[2]) for w in col.split()
                 if len(w) >= 2 and w not in stopwords and not w.isdigit())
    n_docs = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0] or 1
    scored = []
    for word, f in tf.most_common(200):
        df = conn.execute("SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts "
                          "MATCH ? LIMIT 5000)",
                          ('{title_w named_w body_w} : "' + word.replace('"', '""') + '"',)
                          ).fetchone()[0]
        idf = math.log((n_docs + 1) / (df + 0.5))
        scored.append(((1 + math.log(f)) * idf, word))
    scored.sort(reverse=True)
    return [w for s, w in scored[:count] if s > 0]


def more_like_this(conn: sqlite3.Connection, item_id: str, *, limit: int = 10,
                   stopwords: frozenset[str] = frozenset()) -> list[Similar]:
    terms = key_terms(conn, item_id, stopwords=stopwords)
    if not terms:
        return []
    fts = " OR ".join('{title_w named_w body_w} : "' + t.replace('"', '""') + '"'
                      for t in terms)
    w = ", ".join(repr(x) for x in WEIGHTS)
    rows = conn.execute(
        f"SELECT d.item_id, bm25(search_fts, {w}) AS score FROM search_fts "
        f"JOIN search_docs d ON d.docid = search_fts.rowid WHERE search_fts MATCH ? "
        f"AND d.item_id != ? ORDER BY score LIMIT ?", (fts, item_id, limit)).fetchall()
    me = conn.execute("SELECT text FROM items WHERE id=?", (item_id,)).fetchone()
    mine = _shingles(me[0]) if me else set()
    out = []
    for other_id, score in rows:
        r = conn.execute("SELECT title, unit, date, text FROM items WHERE id=?",
                         (other_id,)).fetchone()
        if r is None:
            continue
        overlap = jaccard(mine, _shingles(r[3]))
        out.append(Similar(other_id, r[0], r[1], r[2], round(-score, 4), round(overlap, 3),
                           overlap >= NEAR_DUPLICATE, tuple(terms[:8])))
    return out
