"""The ``ocr`` ingest stage: for each item whose text came (in part) from OCR, the
engine, the mean confidence of its OCR pages and the pages below
``huibian.ingest.ocr.LOW_CONFIDENCE``, stored in ``item_ocr`` with the item; and the
summary of a file's OCR for the ingest line (``3 items, OCR, page 4 low
confidence``)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from huibian.core.records import Document, Extracted, Item
from huibian.core.stages import Prepared, Stage


@dataclass(frozen=True)
class ItemOcr:
    engine: str
    confidence: float  # 0-100
    pages: tuple[int, ...]  # the item's pages read by OCR
    low_pages: tuple[int, ...]  # those below the threshold

    def as_dict(self) -> dict:
        return {"engine": self.engine, "confidence": self.confidence,
                "pages": list(self.pages), "low_pages": list(self.low_pages)}

    def describe_zh(self) -> str:
        """For the item page: OCR 识别（tesseract，平均置信度 93.0；第 4 页置信度低，请核对原件）."""
        low = ""
        if self.low_pages:
            low = f"；第 {'、'.join(map(str, self.low_pages))} 页置信度低，请核对原件"
        return f"OCR 识别（{self.engine}，平均置信度 {self.confidence:.1f}{low}）"


def note_zh(note: str | None) -> str:
    """``file_note``'s text in Chinese (the app's import table): ``OCR, page 4 low
    confidence`` -> ``经 OCR 识别；第 4 页识别置信度低``."""
    if not note:
        return ""
    if "low confidence" not in note:
        return "经 OCR 识别"
    pages = note.split("page", 1)[1].lstrip("s ").replace(" low confidence", "")
    return f"经 OCR 识别；第 {pages.replace(', ', '、')} 页识别置信度低"


def low_confidence() -> float:
    from huibian.ingest.ocr import LOW_CONFIDENCE  # deferred for start-up time (PIL, numpy)

    return LOW_CONFIDENCE


def item_ocr(extracted: Extracted, item: Item) -> ItemOcr | None:
    """The OCR record of ``item`` (None: none of its pages came from OCR)."""
    if not extracted.ocr:
        return None
    first, last = item.pages if item.pages else (1, extracted.page_count or 1)
    pages = [p for p in extracted.ocr if first <= p.page <= last]
    if not pages:
        return None
    chars = sum(p.chars for p in pages)
    conf = (sum(p.confidence * p.chars for p in pages) / chars) if chars else 0.0
    threshold = low_confidence()
    return ItemOcr(pages[0].engine, round(conf, 1), tuple(p.page for p in pages),
                   tuple(p.page for p in pages if p.confidence < threshold))


def file_note(extracted: Extracted) -> str | None:
    """``OCR`` or ``OCR, page 4 low confidence`` / ``OCR, pages 2, 5 low confidence``
    for a file with OCR pages; None otherwise."""
    if not extracted.ocr:
        return None
    threshold = low_confidence()
    low = [p.page for p in extracted.ocr if p.confidence < threshold]
    if not low:
        return "OCR"
    shown = ", ".join(map(str, low[:10])) + (" …" if len(low) > 10 else "")
    return f"OCR, page{'s' if len(low) > 1 else ''} {shown} low confidence"


def ocr_stage() -> Stage:
    def prepare(doc: Document, item_ids: tuple[str, ...]) -> list[ItemOcr | None]:
        return [item_ocr(doc.extracted, it) for it in doc.items]

    def write(conn: sqlite3.Connection, prepared: Prepared) -> None:
        records = prepared.results.get("ocr")
        if records is None:
            records = prepare(prepared.document, prepared.item_ids)
        conn.executemany(
            "INSERT INTO item_ocr (item_id, engine, confidence, pages, low_pages) "
            "VALUES (?,?,?,?,?)",
            [(iid, r.engine, r.confidence, json.dumps(list(r.pages)),
              json.dumps(list(r.low_pages))) for iid, r in zip(prepared.item_ids, records)
             if r is not None])

    def delete(conn: sqlite3.Connection, item_ids: tuple[str, ...]) -> None:
        conn.executemany("DELETE FROM item_ocr WHERE item_id=?", [(i,) for i in item_ids])

    return Stage("ocr", prepare, write, delete)


def stored_ocr(conn: sqlite3.Connection, item_id: str) -> ItemOcr | None:
    """The stored OCR record of an item (None: its text did not come from OCR, or the
    store predates OCR)."""
    try:
        row = conn.execute("SELECT engine, confidence, pages, low_pages FROM item_ocr "
                           "WHERE item_id=?", (item_id,)).fetchone()
    except sqlite3.OperationalError:  # a store opened without migrations
        return None
    if row is None:
        return None
    return ItemOcr(row[0], row[1], tuple(json.loads(row[2])), tuple(json.loads(row[3])))
