"""One file's work, without the store: ``process_file`` reads, normalizes and splits
it into a ``Document``; ``prepare_file`` runs every stage's ``prepare`` on it (item
ids, analysis, index tokens, fingerprints, the packed offset map). Both run in the
reading worker processes (``huibian.pipeline.workers``) as well as in-process.

``stages_for(resources)`` is the one visible list of what happens to a document after
it is split; each later stage (analysis, search index, fingerprints) is added there."""

from __future__ import annotations

from huibian.core.errors import InputError, LimitError
from huibian.core.limits import Limits
from huibian.core.records import Document, SourceFile
from huibian.core.stages import Prepared, Stage
from huibian.ingest.confidence import fields_stage
from huibian.ingest.normalize import normalize
from huibian.ingest.ocr_record import ocr_stage
from huibian.ingest.readers import read
from huibian.ingest.split import Splitter
from huibian.nlp.analysis_store import analysis_stage
from huibian.pipeline.resources import Resources
from huibian.search.index import search_stage
from huibian.similarity.stage import fingerprint_stage
from huibian.store.documents import item_ids, pack_offsets


def stages_for(resources: Resources) -> list[Stage]:
    return [
        fingerprint_stage(),
        analysis_stage(resources),
        search_stage(resources),  # after analysis: reads its labels
        ocr_stage(),  # items read by OCR: engine, confidence
        fields_stage(),  # each metadata field's confidence
    ]


def process_file(src: SourceFile, *, limits: Limits | None = None,
                 splitter: Splitter | None = None, readers: tuple | None = None) -> Document:
    """Read, normalize and split one file (no store). Raises InputError on bad input.
    ``readers`` replaces the default readers (tests)."""
    limits = limits or Limits()
    extracted = read(src, limits, readers)
    check_chars(src.name, len(extracted.text), limits)
    normalized = normalize(extracted.text, hard_wrapped=extracted.hard_wrapped)
    if not normalized.text.strip():
        raise InputError("no text found in the file", file=src.name, code="E104")
    items = (splitter or Splitter()).split(extracted, normalized)
    if not items:
        raise InputError("no text found in the file", file=src.name, code="E104")
    longest = max(items, key=lambda it: len(it.text))
    if len(longest.text) > limits.max_item_chars:
        raise LimitError(f"an item (“{longest.title[:40]}”) has "
                         f"{len(longest.text):,} characters, over the limit of "
                         f"{limits.max_item_chars:,} for one item (HUIBIAN_MAX_ITEM_CHARS)",
                         file=src.name, code="E171")
    return Document(source=src, kind=extracted.kind, extracted=extracted,
                    normalized=normalized, items=items)


def check_chars(name: str, chars: int, limits: Limits) -> None:
    """Refuse a file whose text has more characters than ``HUIBIAN_MAX_CHARS``."""
    if chars > limits.max_chars:
        raise LimitError(f"the text has {chars:,} characters, over the limit of "
                         f"{limits.max_chars:,} for one file (HUIBIAN_MAX_CHARS)", file=name,
                         code="E170")


def prepare_file(document: Document, stages: list[Stage]) -> Prepared:
    """Everything of one file that can be worked out before the write lock: its item
    ids, every stage's ``prepare`` (in order; a stage that ``uses`` earlier ones gets
    their results) and the packed offset map. Runs in the reading worker."""
    ids = item_ids(document)
    results: dict = {}
    for stage in stages:
        if not stage.prepare:
            continue
        if stage.uses:
            results[stage.name] = stage.prepare(document, ids,
                                                {n: results.get(n) for n in stage.uses})
        else:
            results[stage.name] = stage.prepare(document, ids)
    return Prepared(document, ids, results,
                    offsets_blob=pack_offsets(document.normalized.to_raw))
