"""Larger corpora built from the sample (corpora/sample/), for the benchmarks and the
tests of their store builder (tests/bench, tests/search).

The sample files are read, normalized and split by the real ingest; their paragraphs
are recombined into items of realistic length (1,000–8,000 characters by default).
Each built item has a *main source*: most of its paragraphs (about 70 %) come from one
sample item, the rest from others, and its title and unit are that source's. The
relevance benchmark judges by this provenance (what an item is about), not by the
search engine's own matching. ``build_store`` writes such items into a real store
through the library: the items with ``huibian.store.bulk``, their search views with
the search stage's writer.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import random
import re
import sqlite3
import time
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from huibian.core.records import SourceFile
from huibian.pipeline.process import process_file
from huibian.pipeline.resources import Resources
from huibian.search import tantivy_index
from huibian.search.analyze import HAN_CLASS, gram_view, word_view
from huibian.search.index import Views, _named_key, item_views, terms_blob, write_views
from huibian.store.bulk import BareItem, write_bare_items
from huibian.store.db import connect, transaction
from huibian.testkit.corpus_vocab import CorpusGenerator, item_text
from huibian.testkit.samples import SAMPLE

_HAN = re.compile(f"[{HAN_CLASS}]")


def count_chinese(text: str) -> int:
    """Same count as huibian.core.records.count_chinese, faster for big corpora."""
    return len(_HAN.findall(text))


@dataclass(frozen=True)
class SourceItem:
    key: str          # "000:2" = file prefix : item seq
    title: str
    unit: str | None
    region: str | None
    date: str | None
    text: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class BuiltItem:
    id: str
    main: str                 # SourceItem.key of the main source
    parts: tuple[str, ...]    # keys of every source that gave a paragraph
    title: str
    unit: str | None
    region: str | None
    date: str | None
    text: str


def sample_sources() -> list[SourceItem]:
    out = []
    for path in sorted(SAMPLE.glob("*.txt")):
        doc = process_file(SourceFile.from_bytes(path.name, path.read_bytes()))
        for it in doc.items:
            paras = tuple(p for p in it.body.split("\n") if count_chinese(p) >= 8)
            if count_chinese(it.text) < 300 or not paras:
                continue
            out.append(SourceItem(f"{path.name[:3]}:{it.seq}", it.title, it.unit, it.region,
                                  it.date, it.text, paras))
    return out


def build_items(n: int, *, seed: int = 7, min_chars: int = 1000, max_chars: int = 8000,
                sources: list[SourceItem] | None = None, main_share: float = 0.7
                ) -> list[BuiltItem]:
    rng = random.Random(seed)
    sources = sources or sample_sources()
    items = []
    for k in range(n):
        main = sources[k % len(sources)]
        target = rng.randint(min_chars, max_chars)
        paras, parts, size = [], {main.key}, 0
        while size < target:
            src = main if rng.random() < main_share else rng.choice(sources)
            p = rng.choice(src.paragraphs)
            parts.add(src.key)
            paras.append(p)
            size += len(p)
        text = main.title + "\n" + "\n".join(paras)
        year = rng.randint(2009, 2013)
        items.append(BuiltItem(
            id=hashlib.sha256(f"bench:{seed}:{k}".encode()).hexdigest()[:16], main=main.key,
            parts=tuple(sorted(parts)), title=main.title, unit=main.unit, region=main.region,
            date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", text=text))
    return items


class CachedTokenizer:
    """The real tokenizer with a per-paragraph cache. Exact for the index: the word
    view is built paragraph by paragraph, so cached output equals fresh output; it
    only saves re-segmenting the same sample paragraphs over and over."""

    def __init__(self, tokenizer):
        self._t = tokenizer
        self._cache: dict[str, list] = {}
        self.userdict_path = tokenizer.userdict_path

    def search_tokens(self, text: str):
        got = self._cache.get(text)
        if got is None:
            got = self._cache[text] = self._t.search_tokens(text)
        return got

    def cut(self, text: str):
        return self._t.cut(text)


def insert_items(conn: sqlite3.Connection, items: list[BuiltItem],
                 collection: str = "bench") -> None:
    """The items in the store (``huibian.store.bulk``: one pseudo-file each, named
    ``bench/ID.txt``). Call inside a transaction."""
    write_bare_items(conn, [BareItem(id=it.id, title=it.title, text=it.text, unit=it.unit,
                                     date=it.date, region=it.region,
                                     chars=count_chinese(it.text),
                                     body_start=len(it.title) + 1, name=f"bench/{it.id}.txt")
                            for it in items], collection=collection)


def paragraph_views(tokenizer, item_id: str, title: str, body: str,
                    cache: dict[str, tuple[str, str]]):
    """``huibian.search.index.item_views`` built paragraph by paragraph with a cache: equal to
    it, because a line break ends both a word-view segment and a gram run."""
    words, grams = [], []
    for para in body.split("\n"):
        got = cache.get(para)
        if got is None:
            got = cache[para] = (word_view(tokenizer, para), gram_view(para))
        if got[0]:
            words.append(got[0])
        if got[1]:
            grams.append(got[1])
    return Views(item_id, word_view(tokenizer, title), " ".join(words), gram_view(title),
                 " ".join(grams))


def vocab_items(n: int, *, seed: int = 1) -> list[BuiltItem]:
    """``n`` items of the large-vocabulary generator (``corpus_vocab``: seed
    sentences with open-class words substituted from jieba's dictionary), 1,000-8,000
    characters, with the units, regions and dates of the sample spread over them."""
    rng = random.Random(seed)
    sources = sample_sources()
    gen = CorpusGenerator(seed)
    items = []
    for k in range(n):
        title, paras = gen.item()
        src = sources[k % len(sources)]
        year = rng.randint(2009, 2013)
        items.append(BuiltItem(
            id=hashlib.sha256(f"vocab:{seed}:{k}".encode()).hexdigest()[:16], main=src.key,
            parts=(src.key,), title=title, unit=src.unit, region=src.region,
            date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            text=item_text(title, paras).rstrip("\n")))
    return items


_POOL_TOKENIZER = None


def _pool_init() -> None:
    global _POOL_TOKENIZER  # one tokenizer per benchmark worker process
    _POOL_TOKENIZER = Resources().tokenizer


def _pool_ready() -> bool:
    return _POOL_TOKENIZER is not None


def _pool_views(args):
    """An item's views with the stored blob, the named view being the unit alone (a
    bench item has no analysis, so no named carriers): what ``write_views`` would
    otherwise compress in the writing process."""
    item_id, title, body, unit = args
    views = item_views(_POOL_TOKENIZER, item_id, title, body)
    named = _named_key(unit, [])
    return replace(views, named=named, terms=terms_blob(_POOL_TOKENIZER, views, named))


def build_store(path: Path, items: list[BuiltItem], tokenizer, *, batch: int = 500,
                progress=None, cached: bool = True, processes: int = 1) -> float:
    """A store at ``path`` holding ``items``, indexed by the search stage's writer.
    ``cached`` builds views paragraph by paragraph with a cache (for corpora that
    repeat the sample's paragraphs); ``processes`` > 1 segments in worker processes
    (for corpora that do not). Returns the seconds spent indexing (segmentation, rows
    and the ranked index)."""
    cache: dict[str, tuple[str, str]] = {}
    # spawn: fresh children, independent of any forkserver the calling process started
    # (a benchmark runs as its own process; inside the test suite, after tests/app, the
    # workers failed to start with either context, cause not found -- hence the check)
    pool = multiprocessing.get_context("spawn").Pool(processes, _pool_init) \
        if processes > 1 else None
    if pool is not None:
        # a pool whose workers fail to start respawns them for ever: fail instead
        try:
            pool.apply_async(_pool_ready).get(timeout=300)
        except multiprocessing.TimeoutError:
            pool.terminate()
            raise RuntimeError("the benchmark's worker processes did not start in 300 s") from None

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    conn = connect(path)
    spent = 0.0
    # the workers segment ahead while this process writes the previous batch
    pooled = pool.imap(_pool_views, ((it.id, it.title, it.text[len(it.title) + 1:], it.unit)
                                     for it in items), chunksize=25) \
        if pool is not None else None
    for i in range(0, len(items), batch):
        chunk = items[i:i + batch]
        with transaction(conn):
            insert_items(conn, chunk)
            t0 = time.perf_counter()
            jobs = [(it.id, it.title, it.text[len(it.title) + 1:]) for it in chunk]
            if pooled is not None:
                views = [next(pooled) for _ in chunk]
            elif cached:
                views = [paragraph_views(tokenizer, *job, cache) for job in jobs]
            else:
                views = [item_views(tokenizer, *job) for job in jobs]
            write_views(conn, tokenizer, views)
            spent += time.perf_counter() - t0
        if progress:
            progress(i + len(chunk), len(items))
    if pool is not None:
        pool.close()
    t0 = time.perf_counter()
    tantivy_index.sync(conn, trim=True)
    spent += time.perf_counter() - t0
    conn.close()
    return spent


def fts5_baseline_path(path: Path) -> Path:
    """Where the baseline's table lives: ``<store stem>_fts5.db`` beside the store."""
    return path.parent / (path.stem + "_fts5.db")


def build_fts5_baseline(path: Path) -> Path:
    """The same six view texts in a plain SQLite FTS5 table (``bench_fts``): the
    baseline a user would otherwise use, over exactly the tokens the ranked index
    holds. It is built in a database file of its own, without a journal (a scratch
    file rebuilt on demand: at 100,000 large-vocabulary items a table inside the
    store's WAL took longer than the store itself), and optimized (merged into one
    b-tree) before it is queried."""
    out = fts5_baseline_path(path)
    out.unlink(missing_ok=True)
    # autocommit: the module's implicit transaction around the 'optimize' INSERT was
    # never committed, and closing rolled it back -- without a journal that left the
    # 3 GB table of the vocab corpus malformed
    fts = sqlite3.connect(out, isolation_level=None)
    fts.execute("PRAGMA journal_mode=OFF")
    fts.execute("PRAGMA synchronous=OFF")
    fts.execute("PRAGMA cache_size=-524288")
    fts.execute("CREATE VIRTUAL TABLE bench_fts USING fts5(title_w, named_w, body_w, "
                "title_g, named_g, body_g, content='', "
                "tokenize='unicode61 remove_diacritics 0')")
    src = connect(path)
    fts.execute("BEGIN")
    for docid, blob in src.execute("SELECT docid, terms FROM search_docs"):
        fts.execute("INSERT INTO bench_fts(rowid, title_w, named_w, body_w, title_g, "
                    "named_g, body_g) VALUES (?,?,?,?,?,?,?)",
                    (docid, *json.loads(zlib.decompress(blob))))
    fts.execute("COMMIT")
    fts.execute("INSERT INTO bench_fts(bench_fts) VALUES ('optimize')")
    fts.close()
    src.close()
    return out
