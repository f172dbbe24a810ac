"""Search relevance: MRR and nDCG@10 of this search against two baselines in the same
run — SQLite FTS5 with the trigram tokenizer (bm25) and plain ``LIKE '%…%'`` (every
term, in stored order).

Corpus: the sample items themselves plus items built from their paragraphs
(huibian.testkit.corpus). Judgments come from provenance, not from any engine's matching: for
each query a panel member's target is named as sample items (by what the query is
about: its unit, its carrier, its topic); an item whose *main source* is a target is
grade 2, an item that merely borrowed a paragraph from a target is grade 1, anything
else 0.

    python bench/search_relevance.py            # 600 built items
    python bench/search_relevance.py --quick    # 60 built items
"""

from __future__ import annotations

import argparse
import math
import sqlite3
import sys
import tempfile
from pathlib import Path

# query -> the sample items it is about, named by a word of their unit or title:
#   DJG = 江西省电教馆 (network teaching resources)   NC = 南昌大学第四附属医院 (创岗建区)
#   QSH = 青山湖区 implementation plan               WJ = 吴江 education & health guidance
#   PRE = 前言 (the collection's preface)
QUERIES = {
    # unit names
    "南昌大学第四附属医院": ["NC"], "附属医院": ["NC"], "省电教馆": ["DJG"], "电教馆": ["DJG"],
    "青山湖区": ["QSH"], "教育体育局": ["QSH"], "吴江": ["WJ"], "卫生局": ["WJ"],
    # carriers and named activities
    "创岗建区": ["NC"], "红旗责任区": ["NC"], "党员先锋岗": ["NC", "WJ"],
    "\"创岗建区\"": ["NC"], "师德引航": ["QSH"], "堡垒创新": ["QSH"],
    "六比六看": ["PRE"], "\"五个好\"": ["QSH", "WJ", "PRE"], "公开承诺": ["QSH", "PRE"],
    "网络资源": ["DJG"], "学科课程": ["DJG"], "课题": ["DJG"],
    # topics as typed
    "医院 党建": ["NC"], "医院 岗区 设置": ["NC"], "义务教育 均衡": ["DJG"],
    "资源 平台": ["DJG"], "录制 课程": ["DJG"], "医改": ["WJ"], "卫生系统 党组织": ["WJ"],
    "实施方案 活动步骤": ["QSH"], "五大工程": ["QSH"], "幼儿园 支部": ["QSH"],
    "优秀实践案例": ["PRE"], "十八大": ["PRE", "QSH"], "汇编": ["PRE"],
    "医德医风": ["WJ", "NC"], "教书育人": ["PRE", "WJ"],
    # two-character words and short terms
    "师德": ["QSH", "WJ", "PRE"], "医院": ["NC", "WJ"], "课件": ["DJG"], "岗区": ["NC"],
    "医疗": ["NC", "WJ"], "病人": ["NC"], "教材": ["DJG"],
    # with exclusion / OR
    "党员 -医院": ["QSH", "PRE"], "创岗建区 OR 红旗责任区": ["NC"], "教师 师德 -卫生": ["QSH", "PRE"],
}
TAGS = {"DJG": "电教馆", "NC": "南昌大学第四附属医院", "QSH": "青山湖区", "WJ": "吴江", "PRE": "前言"}


def source_keys(sources) -> dict[str, str]:
    """tag -> SourceItem.key"""
    out = {}
    for tag, needle in TAGS.items():
        for s in sources:
            if needle in (s.unit or "") or needle in s.title:
                out.setdefault(tag, s.key)
    return out


def ndcg10(ranked: list[str], grades: dict[str, int]) -> float:
    dcg = sum((2 ** grades.get(i, 0) - 1) / math.log2(k + 2) for k, i in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(k + 2) for k, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr(ranked: list[str], grades: dict[str, int]) -> float:
    for k, i in enumerate(ranked):
        if grades.get(i, 0) >= 2:
            return 1 / (k + 1)
    return 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=600, help="built items (default 600)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="per-query scores")
    args = ap.parse_args(argv)
    if args.quick:
        args.n = 60

    from huibian.core.errors import QueryError
    from huibian.pipeline.resources import Resources
    from huibian.search.engine import search
    from huibian.search.query import parse
    from huibian.store.db import connect
    from huibian.testkit.corpus import (BuiltItem, CachedTokenizer, build_items, build_store,
                                        sample_sources)

    assert len(QUERIES) >= 40, len(QUERIES)
    tok = Resources().tokenizer
    sources = sample_sources()
    keys = source_keys(sources)
    # the sample items themselves, then built ones
    items = [BuiltItem(id=f"sample{k:02d}", main=s.key, parts=(s.key,), title=s.title,
                       unit=s.unit, region=s.region, date=s.date, text=s.title + "\n" + s.text)
             for k, s in enumerate(sources)]
    items += build_items(args.n, sources=sources, seed=11)
    tmp = tempfile.TemporaryDirectory()
    db = Path(tmp.name) / "rel.db"
    build_store(db, items, CachedTokenizer(tok))
    conn = connect(db)
    # baseline: trigram FTS5 over the same item texts, in a scratch database of its own
    tri = sqlite3.connect(":memory:")
    tri.execute("CREATE VIRTUAL TABLE tri USING fts5(text, tokenize='trigram')")
    tri.executemany("INSERT INTO tri(rowid, text) VALUES (?, ?)", conn.execute(
        "SELECT rowid, title || char(10) || text FROM items"))
    rowid_to_id = dict(conn.execute("SELECT rowid, id FROM items"))
    by_id = {it.id: it for it in items}

    def grades_for(targets: list[str]) -> dict[str, int]:
        want = {keys[t] for t in targets if t in keys}
        g = {}
        for it in items:
            if it.main in want:
                g[it.id] = 2
            elif want & set(it.parts):
                g[it.id] = 1
        return g

    def ours(q):
        try:
            return [h.id for h in search(conn, q, tokenizer=tok, limit=10, facets=False,
                                         snippets=0).hits]
        except QueryError:
            return []

    def trigram(q):
        pq = parse(q)
        pos = " AND ".join("(" + " OR ".join('"' + t.text.replace('"', '""') + '"'
                                             for t in clause) + ")" for clause in pq.clauses)
        neg = " OR ".join('"' + t.text.replace('"', '""') + '"' for t in pq.excluded)
        expr = f"({pos}) NOT ({neg})" if neg else pos
        try:
            rows = tri.execute("SELECT rowid FROM tri WHERE tri MATCH ? ORDER BY rank LIMIT 10",
                               (expr,)).fetchall()
        except Exception:
            return []
        return [rowid_to_id[r[0]] for r in rows]

    def like(q):
        pq = parse(q)
        where, params = [], []
        for clause in pq.clauses:
            where.append("(" + " OR ".join("(title || text) LIKE ?" for _ in clause) + ")")
            params += [f"%{t.text}%" for t in clause]
        for t in pq.excluded:
            where.append("(title || text) NOT LIKE ?")
            params.append(f"%{t.text}%")
        rows = conn.execute(f"SELECT id FROM items WHERE {' AND '.join(where)} "
                            f"ORDER BY rowid LIMIT 10", params).fetchall()
        return [r[0] for r in rows]

    engines = {"huibian": ours, "fts5-trigram": trigram, "like": like}
    totals = {name: [0.0, 0.0] for name in engines}
    for q, targets in QUERIES.items():
        g = grades_for(targets)
        line = []
        for name, fn in engines.items():
            ranked = fn(q)
            n, m = ndcg10(ranked, g), mrr(ranked, g)
            totals[name][0] += n
            totals[name][1] += m
            line.append(f"{name} {n:.2f}")
        if args.verbose:
            print(f"{q:24} " + "  ".join(line))
    nq = len(QUERIES)
    print(f"{nq} queries over {len(items)} items ({len(sources)} sample items + {args.n} built)")
    for name, (n, m) in totals.items():
        print(f"{name:14} nDCG@10 {n / nq:.3f}   MRR {m / nq:.3f}")
    best = totals["huibian"][0]
    beats = all(best > totals[o][0] for o in engines if o != "huibian")
    print("huibian beats both baselines on nDCG@10" if beats
          else "huibian does NOT beat both baselines on nDCG@10")
    from huibian.testkit.benchlib import emit, result  # the suite's result line

    emit("search_relevance", [
        result(f"nDCG@10 ({nq} queries) vs {name}", [totals["huibian"][0] / nq], "nDCG@10",
               baseline=f"{name}", baseline_runs=[totals[name][0] / nq],
               goal="> baselines", holds=totals["huibian"][0] > totals[name][0])
        for name in engines if name != "huibian"] + [
        result("MRR", [totals["huibian"][1] / nq], "MRR")])
    conn.close()
    tri.close()
    tmp.cleanup()
    return 0 if beats else 1


if __name__ == "__main__":
    sys.exit(main())
