"""``huibian split FILE --json``: read, normalize and split one file without storing it.

The file is read the way ingest reads it: in a worker process under the per-file time
limit (``HUIBIAN_FILE_TIMEOUT``), with the size and page limits of the environment, so
a pathological file is stopped [E115] and a reader crash is reported [E116] instead of
hanging or killing the command."""

from __future__ import annotations

import argparse
from pathlib import Path

from huibian.jsonout import print_json
from huibian.core.errors import InputError, LimitError
from huibian.core.records import SourceFile
from huibian.core.limits import Limits


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("split", help="split a file into items and print them (no store)")
    s.add_argument("file", metavar="FILE")
    s.add_argument("--json", action="store_true", help="print JSON (the default)")
    s.set_defaults(func=run_split)


def read_one(path: Path):
    """The ``Document`` of one file, read in an isolated worker with the limits."""
    # deferred for start-up time (datasketch, numpy, scipy, sklearn)
    from huibian.pipeline.workers import FileWorkers, WorkerBug

    limits = Limits.from_env()
    if not path.is_file():
        raise InputError("no such file", file=str(path), code="E105")
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise LimitError(f"the file is {size / 1048576:.0f} MB, over the "
                             f"{limits.max_file_bytes / 1048576:.0f} MB limit "
                             "(HUIBIAN_MAX_FILE_MB)", file=str(path), code="E111")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", file=str(path), code="E106") from exc
    with FileWorkers(limits, processes=1) as workers:
        try:
            return workers.process(SourceFile.from_bytes(str(path), data))
        except WorkerBug as exc:
            raise InputError(f"unexpected error while reading ({exc.type_name}: "
                             f"{exc.message}); please report it with the file",
                             file=str(path), code="E117") from exc


def run_split(args: argparse.Namespace) -> int:
    doc = read_one(Path(args.file))
    print_json([item_json(it) for it in doc.items])
    return 0


def item_json(it) -> dict:
    return {"title": it.title, "unit": it.unit, "authors": list(it.authors),
            "doc_number": it.doc_number, "date": it.date, "region": it.region,
            "subject_words": list(it.subject_words), "chars": it.chars,
            "pages": list(it.pages) if it.pages else None,
            **({"label": it.label} if getattr(it, "label", None) else {}), "text": it.text}
