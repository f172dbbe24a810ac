"""Restore a collection from a ``huibian export --jsonl`` file into an empty store.

Every record type of ``store/export.py`` is written back to its table, with the same
ids, texts, times and who-set-it fields; the collection's document frequencies are
counted again from the ``terms`` records, and the search index is rebuilt from the
items and labels (``huibian.search.index.rebuild``). The collection is written in one
transaction (an import is complete or absent), the search index in a second one. Exporting the imported store gives the
same JSONL, line for line.

The originals' bytes are not in the export; ``originals`` (a folder holding them
under their content-hash names, e.g. a store's ``NAME_files`` or a backup's
``OUT_files``) restores them, each checked against its hash. Without it, or when one
is missing there, the file is imported without its original (``original`` null)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from huibian.core.errors import StoreError
from huibian.store.db import transaction
from huibian.store.documents import pack_offsets, save_original, storable_text
from huibian.pipeline.export import FORMAT, VERSION
from huibian.pipeline.resources import Resources
from huibian.search.index import rebuild


@dataclass
class ImportReport:
    counts: Counter
    originals: int
    missing_originals: int

    def line(self) -> str:
        parts = ", ".join(f"{n} {t}" for t, n in self.counts.items())
        return f"{parts}; {self.originals} originals restored, {self.missing_originals} missing"


def _bad(path: str, lineno: int, why: str) -> StoreError:
    return StoreError(f"{path}:{lineno}: cannot import: {why}", code="E326")


def _records(lines: Iterable[str], name: str) -> Iterable[tuple[int, dict]]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise _bad(name, n, f"not JSON ({exc})") from exc
        if not isinstance(rec, dict) or "type" not in rec:
            raise _bad(name, n, "a line without a \"type\"")
        if n == 1 and (rec.get("type") != "meta" or rec.get("format") != FORMAT):
            raise _bad(name, n, f"not a {FORMAT} file (the first line must be its meta record)")
        if n == 1 and (not isinstance(rec.get("version"), int) or rec["version"] > VERSION):
            raise _bad(name, n, f"export version {rec.get('version')!r} is newer than this "
                                f"huibian reads ({VERSION})")
        yield n, rec


def _is_empty(conn: sqlite3.Connection) -> bool:
    for t in ("files", "items", "volumes", "review_scores", "audit_log", "sim_references"):
        if conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone():
            return False
    return True


def _original(conn: sqlite3.Connection, rec: dict, originals: Path | None) -> str | None:
    sha = rec["sha256"]
    if not rec.get("original") or originals is None:
        return None
    for cand in (originals / sha[:2] / sha, originals / sha):
        if cand.is_file():
            data = cand.read_bytes()
            if hashlib.sha256(data).hexdigest() != sha:
                raise StoreError(f"the original {cand} does not match its content hash",
                                 code="E323")
            return save_original(conn, data, sha)
    return None


def import_jsonl(conn: sqlite3.Connection, lines: Iterable[str], *, name: str = "-",
                 originals: str | os.PathLike | None = None, tokenizer=None) -> ImportReport:
    """Import an export into the (empty) store ``conn``. ``tokenizer`` builds the
    search index (a ``Resources().tokenizer`` when not given)."""
    if not _is_empty(conn):
        raise StoreError("the store is not empty; import restores a collection into a new "
                         "store (use --db with a new file)", code="E324")
    folder = Path(originals) if originals else None
    counts: Counter = Counter()
    n_orig = missing = 0
    with transaction(conn):
        for n, rec in _records(lines, name):
            kind = rec["type"]
            counts[kind] += 1
            try:
                if kind == "file":
                    blob = _original(conn, rec, folder)
                    n_orig += blob is not None
                    missing += blob is None and bool(rec.get("original"))
                    _insert_file(conn, rec, blob)
                elif kind in _WRITERS:
                    _WRITERS[kind](conn, rec)
                elif kind != "meta":
                    raise _bad(name, n, f"unknown record type {kind!r}")
            except (KeyError, TypeError, ValueError) as exc:
                raise _bad(name, n, f"a {kind} record without a valid {exc}") from exc
            except sqlite3.IntegrityError as exc:
                raise _bad(name, n, f"a {kind} record conflicts with an earlier one ({exc})"
                           ) from exc
        _count_terms(conn)
    if counts["item"]:  # its own transaction; 'huibian reindex' redoes it if interrupted

        if tokenizer is None:

            tokenizer = Resources().tokenizer
        rebuild(conn, tokenizer)
    return ImportReport(counts, n_orig, missing)


def import_file(conn: sqlite3.Connection, path: str | os.PathLike, **kw) -> ImportReport:
    if str(path) == "-":
        import sys

        return import_jsonl(conn, sys.stdin, name="-", **kw)
    p = Path(path)
    if not p.is_file():
        raise StoreError(f"no export at {p}", code="E301")
    with open(p, encoding="utf-8") as fh:
        return import_jsonl(conn, fh, name=str(p), **kw)


# -- one writer per record type ---------------------------------------------------------

def _j(v) -> str:
    return json.dumps(v, ensure_ascii=False)


def _insert_file(conn, r: dict, blob: str | None) -> None:
    conn.execute("INSERT INTO files (sha256, kind, size, pages, raw_text, norm_text, "
                 "offset_map, furniture, blob_path, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                 (r["sha256"], r["kind"], r["size"], r["pages"], storable_text(r["raw_text"]),
                  storable_text(r["norm_text"]),
                  pack_offsets(tuple(r["offset_map"])), _j(r["furniture"]), blob,
                  r["ingested_at"]))
    conn.executemany("INSERT INTO file_names (sha256, name, first_seen) VALUES (?,?,?)",
                     [(r["sha256"], n["name"], n["first_seen"]) for n in r["names"]])


def _item(conn, r: dict) -> None:
    pages, lines = r["pages"] or [None, None], r["lines"] or [None, None]
    conn.execute(
        "INSERT INTO items (id, file_sha256, seq, title, unit, authors, doc_number, date, "
        "region, subject_words, chars, page_first, page_last, line_first, line_last, start, "
        "end, body_start, kind_hint, outline, text, collection, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (r["id"], r["file_sha256"], r["seq"], r["title"], r["unit"], _j(r["authors"]),
         r["doc_number"], r["date"], r["region"], _j(r["subject_words"]), r["chars"],
         pages[0], pages[1], lines[0], lines[1], r["start"], r["end"], r["body_start"],
         r["kind_hint"], _j(r["outline"]), r["text"], r["collection"], r["created_at"]))


def _label(conn, r: dict) -> None:
    conn.execute("INSERT INTO labels (item_id, axis, label, score, reason, source, who, at) "
                 "VALUES (?,?,?,?,?,?,?,?)", (r["item_id"], r["axis"], r["label"], r["score"],
                                              r["reason"], r["source"], r["who"], r["at"]))


def _keyword(conn, r: dict) -> None:
    conn.execute("INSERT INTO keywords (item_id, rank, word, score) VALUES (?,?,?,?)",
                 (r["item_id"], r["rank"], r["word"], r["score"]))


def _entity(conn, r: dict) -> None:
    conn.execute("INSERT INTO entities (item_id, label, text, start, end) VALUES (?,?,?,?,?)",
                 (r["item_id"], r["label"], r["text"], r["start"], r["end"]))


def _named_carrier(conn, r: dict) -> None:
    conn.execute("INSERT INTO named_carriers (item_id, name, label, sentence) VALUES (?,?,?,?)",
                 (r["item_id"], r["name"], r["label"], r["sentence"]))


def _ocr(conn, r: dict) -> None:
    conn.execute("INSERT INTO item_ocr (item_id, engine, confidence, pages, low_pages) "
                 "VALUES (?,?,?,?,?)", (r["item_id"], r["engine"], r["confidence"],
                                        json.dumps(r["pages"]), json.dumps(r["low_pages"])))


def _terms(conn, r: dict) -> None:
    conn.execute("INSERT INTO term_df_items (item_id, terms) VALUES (?,?)",
                 (r["item_id"], _j(r["terms"])))


def _count_terms(conn) -> None:
    df: Counter = Counter()
    for (terms,) in conn.execute("SELECT terms FROM term_df_items"):
        df.update(json.loads(terms))
    conn.executemany("INSERT INTO term_df (term, df) VALUES (?,?)", sorted(df.items()))


def _score(conn, r: dict) -> None:
    conn.execute("INSERT INTO review_scores (item_id, reviewer, scores, weighted, comment, "
                 "rubric, submitted_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                 (r["item_id"], r["reviewer"], _j(r["scores"]), r["weighted"], r["comment"],
                  r["rubric"], r["submitted_at"], r["updated_at"]))


def _volume(conn, r: dict) -> None:
    conn.execute("INSERT INTO volumes (id, title, subtitle, date, preface, sectioning, "
                 "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                 (r["id"], r["title"], r["subtitle"], r["date"], r["preface"], r["sectioning"],
                  r["created_at"], r["updated_at"]))
    for s in r["sections"]:
        conn.execute("INSERT INTO volume_sections (id, volume_id, position, title) "
                     "VALUES (?,?,?,?)", (s["id"], r["id"], s["position"], s["title"]))
        conn.executemany(
            "INSERT INTO volume_items (volume_id, section_id, position, item_id, "
            "title_override, unit_override, added_at) VALUES (?,?,?,?,?,?,?)",
            [(r["id"], s["id"], i["position"], i["item_id"], i["title_override"],
              i["unit_override"], i["added_at"]) for i in s["items"]])


def _reference(conn, r: dict) -> None:
    conn.execute("INSERT INTO sim_references (id, title, sha256, text, added_at) "
                 "VALUES (?,?,?,?,?)", (r["id"], r["title"], r["sha256"], r["text"],
                                        r["added_at"]))


def _signature(conn, r: dict) -> None:
    conn.execute("INSERT INTO sim_signatures (item_id, version, chars, minhash, grams) "
                 "VALUES (?,?,?,?,?)", (r["item_id"], r["version"], r["chars"],
                                        base64.b64decode(r["minhash"], validate=True),
                                        base64.b64decode(r["grams"], validate=True)))


def _audit(conn, r: dict) -> None:
    conn.execute("INSERT INTO audit_log (id, at, actor, action, target_kind, target, detail) "
                 "VALUES (?,?,?,?,?,?,?)", (r["id"], r["at"], r["actor"], r["action"],
                                            r["target_kind"], r["target"], _j(r["detail"])))


_WRITERS = {"item": _item, "label": _label, "keyword": _keyword, "entity": _entity,
            "named_carrier": _named_carrier, "ocr": _ocr, "terms": _terms, "score": _score,
            "volume": _volume, "reference": _reference, "signature": _signature,
            "audit": _audit}
