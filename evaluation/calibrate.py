"""Calibrate the metadata confidences: how often each source of each field (the title
read above the body, a unit from the signature, a date found nowhere …) is right on the
development set's train split. Written to ``models/field_confidence.json`` for
``huibian.ingest.confidence``; run by ``huibian train`` and by ``python -m huibian.evaluation.calibrate``."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from huibian.evaluation.devset import LabeledDoc, load_documents
from huibian.evaluation.run import main_item
from huibian.evaluation.scoring import field_key
from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from huibian.core.models_dir import writable_models_dir
from huibian.ingest.confidence import DEFAULT_THRESHOLD, FIELDS, FILE


def calibrate(docs: list[LabeledDoc]) -> dict:
    """field -> source -> (right + 1) / (seen + 2): the precision of the source, pulled
    toward one half when it was seen rarely."""
    right: dict = defaultdict(lambda: defaultdict(int))
    seen: dict = defaultdict(lambda: defaultdict(int))
    for doc in docs:
        it = main_item(process_file(SourceFile.from_bytes(doc.name, doc.data)).items)
        if it is None:
            continue
        srcs = dict(it.sources)
        for f in FIELDS:
            src = srcs.get(f, "absent")
            gold, got = doc.labels.get(f), getattr(it, f)
            ok = (gold is None) if src == "absent" else field_key(gold) == field_key(got)
            seen[f][src] += 1
            right[f][src] += ok
    table = {f: {s: round((right[f][s] + 1) / (n + 2), 3) for s, n in sorted(seen[f].items())}
             for f in FIELDS}
    counts = {f: dict(sorted(seen[f].items())) for f in FIELDS}
    return {"threshold": DEFAULT_THRESHOLD, "documents": len(docs), "fields": table,
            "seen": counts}


def write(models_dir: Path | None = None) -> Path:
    data = calibrate(load_documents(split="train"))
    path = Path(models_dir or writable_models_dir()) / FILE
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
