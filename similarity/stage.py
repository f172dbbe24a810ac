"""The ``fingerprint`` ingest stage: signatures computed outside the write lock,
stored in the same transaction as the items they describe."""

from __future__ import annotations

import sqlite3

from huibian.core.records import Document
from huibian.core.stages import Prepared, Stage
from huibian.similarity.signatures import (PARAMS, Signature, SignatureParams, delete_signatures,
                                   signature, write_signatures)


def fingerprint_stage(params: SignatureParams = PARAMS) -> Stage:
    def prepare(doc: Document, item_ids: tuple[str, ...]) -> list[Signature]:
        return [signature(item.text, params) for item in doc.items]

    def write(conn: sqlite3.Connection, prepared: Prepared) -> None:
        sigs = prepared.results.get("fingerprint")
        if sigs is None:  # prepared without this stage: compute now
            sigs = prepare(prepared.document, prepared.item_ids)
        write_signatures(conn, zip(prepared.item_ids, sigs), params)

    def delete(conn: sqlite3.Connection, item_ids: tuple[str, ...]) -> None:
        delete_signatures(conn, item_ids)

    return Stage("fingerprint", prepare, write, delete)
