"""Fuzz ingest: mutate real PDFs, DOCX files, zips and texts and check that every case
gives items or a documented error.

    .venv/bin/python bench/fuzz.py                # 10,000 cases
    .venv/bin/python bench/fuzz.py --cases 500 --seed 7
    .venv/bin/python bench/fuzz.py --quick        # a few dozen cases (tests/properties)
    .venv/bin/python bench/fuzz.py --case 7:1234 --save out/   # re-run one case

The bases are made from ``corpora/sample/``: the sample PDF and DOCX, the texts as
UTF-8, GB18030 and UTF-16, a DOCX of another seed, and zips of them (flat and nested).
The bases and the cases are made by ``huibian.testkit.fuzzcases``.
Each case applies 1-6 mutations chosen by its own seed (``SEED:N``): bit flips,
truncation, splices of another base, inserted junk, duplicated chunks, numbers in a PDF
replaced by extreme ones, and -- for DOCX files and zips -- the same mutations applied
to one member (``word/document.xml`` …) which is then zipped again, so the mutation
reaches the parser instead of failing the zip checksum.

A share of the zip cases are nested archives built for the purpose (1-4 levels, stored
or deflated, with members of zeros that inflate past the ratio limit and copies that
spend the one budget of the upload); a share of the text cases are encodings (GB18030,
Big5, Shift-JIS, UTF-16 with and without a BOM, random high bytes), whose clean
variants must decode to exactly the text written; and a share are hostile names (GBK
bytes without a UTF-8 flag, bytes of no encoding, control characters, line breaks) on
files written to a folder and on zip members. Every source's name must be storable
text (no lone surrogates) and print as one line without control characters, and an
upload must never yield more than the unpacked-size budget.

Each case goes through what ingest does: zip archives are expanded
(``sources_from_bytes``), then every file is read by ``process_file`` in a worker
process under the real per-file timeout (``huibian.pipeline.workers.FileWorkers``). Outcomes are
counted by error code. A documented error is a ``HuibianError``; anything else
(``WorkerBug``: a reader raised another exception, or expanding the zip raised) is a
failure: the run exits 1 and lists the case seeds. Timeouts [E115] and worker crashes
[E116] are documented, but their seeds are listed too."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict, deque
from pathlib import Path

from huibian.core.errors import HuibianError
from huibian.core.limits import Limits
from huibian.pipeline.workers import FileWorkers, WorkerBug
from huibian.testkit.fuzzcases import make_bases, make_case_full


# --- running ---------------------------------------------------------------------------

def run(cases: int, master: int, limits: Limits, workers: int, only: int | None = None,
        save: Path | None = None, progress: bool = True) -> dict:
    from huibian.pipeline.ingestor import sources_from_bytes
    from huibian.ingest.archive import Refused

    bases = make_bases()
    outcomes: Counter = Counter()
    by_base: dict[str, Counter] = defaultdict(Counter)
    bugs: list[dict] = []
    slow: list[dict] = []
    numbers = [only] if only is not None else range(cases)
    t0 = time.monotonic()
    inflight: deque = deque()

    def record(case: str, base: str, outcome: str, detail: str = "") -> None:
        outcomes[outcome] += 1
        by_base[base][outcome] += 1
        if outcome.startswith("BUG"):
            bugs.append({"case": case, "base": base, "outcome": outcome, "detail": detail})
        elif outcome in ("E115", "E116"):
            slow.append({"case": case, "base": base, "outcome": outcome})

    def collect() -> None:
        case, base, ticket, expected = inflight.popleft()
        try:
            doc = pool.result(ticket)
            if expected is not None and doc.extracted.text != expected.replace("\r\n", "\n"):
                record(case, base, "BUG:wrong-decoding",
                       f"{doc.extracted.text[:80]!r} != {expected[:80]!r}")
                return
            record(case, base, "items" if doc.items else "BUG:no-items")
        except HuibianError as exc:
            record(case, base, exc.code)
        except WorkerBug as exc:
            record(case, base, f"BUG:{exc.type_name}", exc.traceback[-1500:])

    with FileWorkers(limits, processes=workers) as pool:
        for n in numbers:
            case = f"{master}:{n}"
            name, data, base, expected = make_case_full(master, n, bases)
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                with open(os.path.join(os.fsencode(save), os.fsencode(
                        f"case-{master}-{n}-{name}")), "wb") as fh:
                    fh.write(data)
            try:
                if base == "text/names":  # through a folder, as a user's files come
                    sources = _from_folder(name, data, limits)
                else:
                    sources = list(sources_from_bytes(f"case-{case}-{name}", data, limits))
            except Exception as exc:  # noqa: BLE001 - expanding the archive must not raise
                import traceback

                record(case, base, f"BUG:{type(exc).__name__}", traceback.format_exc()[-1500:])
                continue
            bad = _bad_names(sources) or _over_budget(sources, limits)
            if bad:
                record(case, base, bad[0], bad[1])
                continue
            for src in sources:
                if isinstance(src, Refused):
                    record(case, base, src.error.code)
                    continue
                while not pool.idle:
                    collect()
                inflight.append((case, base, pool.submit(src), expected))
            if progress and n % 500 == 499:
                print(f"  {n + 1} cases, {time.monotonic() - t0:.0f} s", file=sys.stderr)
        while inflight:
            collect()
    return {"cases": len(numbers), "seconds": round(time.monotonic() - t0, 1),
            "outcomes": dict(sorted(outcomes.items())),
            "by_base": {k: dict(sorted(v.items())) for k, v in sorted(by_base.items())},
            "failures": bugs, "timeouts_and_crashes": slow}


def _from_folder(name: str, data: bytes, limits: Limits) -> list:
    """The case written under its (hostile) name into a folder, read back the way
    ``huibian ingest FOLDER`` reads it."""
    import tempfile

    from huibian.pipeline.ingestor import sources_from_paths

    with tempfile.TemporaryDirectory(prefix="huibian-fuzz-") as tmp:
        raw = os.fsencode(name)
        if not raw.endswith((b".txt", b".zip", b".md")):
            raw += b".txt"  # a folder is read for supported names only
        with open(os.path.join(os.fsencode(tmp), raw), "wb") as fh:
            fh.write(data)
        return list(sources_from_paths([tmp], limits))


def _bad_names(sources) -> tuple[str, str] | None:
    """A source whose name cannot be stored (lone surrogates) or would not print as
    one clean line."""
    from huibian.pipeline.ingestor import FileResult

    for src in sources:
        try:
            src.name.encode("utf-8")
        except UnicodeEncodeError:
            return "BUG:name-not-storable", repr(src.name)
        line = FileResult(src.name, "failed", error=getattr(
            getattr(src, "error", None), "message", "x")).line()
        if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029\u202e"
               for c in line):
            return "BUG:name-not-printable", repr(line)
    return None


def _over_budget(sources, limits: Limits) -> tuple[str, str] | None:
    from huibian.core.records import SourceFile

    total = sum(len(s.data) for s in sources if isinstance(s, SourceFile))
    if total > limits.max_unpacked_bytes:
        return "BUG:over-budget", f"{total} bytes unpacked"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1, help="master seed (cases are SEED:N)")
    ap.add_argument("--quick", action="store_true", help="a tiny run (60 cases)")
    ap.add_argument("--case", metavar="SEED:N", help="run one case only")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per file")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--save", type=Path, help="write each case's input file here")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    limits = Limits(max_pages=200, max_unpacked_bytes=64 * 1024 * 1024,
                    max_seconds_per_file=args.timeout)
    only = None
    master = args.seed
    if args.case:
        m, _, n = args.case.partition(":")
        master, only = int(m), int(n)
    cases = 60 if args.quick else args.cases
    report = run(cases, master, limits, args.workers, only, args.save,
                 progress=not args.json)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"{report['cases']} cases in {report['seconds']} s (seed {master})")
        total = sum(report["outcomes"].values())
        print(f"{total} files read; outcomes:")
        for k, v in report["outcomes"].items():
            print(f"  {k:16} {v}")
        print("by base/mutation:")
        for base, counts in report["by_base"].items():
            print(f"  {base:14} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        for s in report["timeouts_and_crashes"]:
            print(f"  {s['outcome']} case {s['case']} ({s['base']})")
        for b in report["failures"]:
            print(f"FAILURE case {b['case']} ({b['base']}): {b['outcome']}\n{b['detail']}")
    if report["failures"]:
        cases_ = " ".join(sorted({b["case"] for b in report["failures"]}))
        print(f"{len(report['failures'])} undocumented exceptions; cases: {cases_}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
