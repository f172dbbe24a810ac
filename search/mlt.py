"""More like this: the items most similar to a given one.

The item's most distinctive words (word view, tf × idf from the ranked index's own
document frequencies) become an OR query over the word views ranked by BM25 with the
search's field weights. Near-duplicates (the same text
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

from huibian.core.errors import NotFound
from huibian.search import tantivy_index
from huibian.search.analyze import han_runs

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
              stopwords: frozenset[str] = frozenset(),
              index: tantivy_index.RankedIndex | None = None) -> list[str]:
    row = conn.execute("SELECT terms FROM search_docs WHERE item_id=?", (item_id,)).fetchone()
    if row is None:
        raise NotFound(f"item {item_id!r} is not in the search index; run 'huibian reindex'")
    cols = json.loads(zlib.decompress(row[0]))
    tf = Counter(w for col in (cols[0], cols[2]) for w in col.split()
                 if len(w) >= 2 and w not in stopwords and not w.isdigit())
    ri = index or tantivy_index.open_index(conn)
    tantivy_index.sync(conn, ri=ri, wait=2.0)
    searcher = ri.searcher()
    n_docs = max(1, searcher.num_docs - 1)  # less the metadata document
    scored = []
    for word, f in tf.most_common(200):
        df = max(searcher.doc_freq(field, word) for field in ("title_w", "named_w", "body_w"))
        idf = math.log((n_docs + 1) / (df + 0.5))
        scored.append(((1 + math.log(f)) * idf, word))
    scored.sort(reverse=True)
    return [w for s, w in scored[:count] if s > 0]


def more_like_this(conn: sqlite3.Connection, item_id: str, *, limit: int = 10,
                   stopwords: frozenset[str] = frozenset()) -> list[Similar]:
    import tantivy

    from huibian.search.tantivy_query import WEIGHTS  # deferred for start-up time (tantivy)

    ri = tantivy_index.open_index(conn)
    terms = key_terms(conn, item_id, stopwords=stopwords, index=ri)
    if not terms:
        return []
    schema = tantivy_index.SCHEMA
    Q, O = tantivy.Query, tantivy.Occur
    should = [(O.Should, Q.boost_query(Q.term_query(schema, f, t), WEIGHTS[f]))
              for t in terms for f in ("title_w", "named_w", "body_w")]
    query = Q.boolean_query(should + [
        (O.Must, Q.const_score_query(Q.term_query(schema, "kind", "item"), 0.0)),
        (O.MustNot, Q.term_query(schema, "item_id", item_id))])
    searcher = ri.searcher()
    rows = [(searcher.doc(addr)["item_id"][0], score)
            for score, addr in searcher.search(query, limit, count=False).hits]
    me = conn.execute("SELECT text FROM items WHERE id=?", (item_id,)).fetchone()
    mine = _shingles(me[0]) if me else set()
    out = []
    for other_id, score in rows:
        r = conn.execute("SELECT title, unit, date, text FROM items WHERE id=?",
                         (other_id,)).fetchone()
        if r is None:
            continue
        overlap = jaccard(mine, _shingles(r[3]))
        out.append(Similar(other_id, r[0], r[1], r[2], round(float(score), 4),
                           round(overlap, 3), overlap >= NEAR_DUPLICATE, tuple(terms[:8])))
    return out
