"""Fuzz ingest: mutate real PDFs, DOCX files, zips and texts and check that every case
gives items or a documented error.

    .venv/bin/python bench/fuzz.py                # 10,000 cases
    .venv/bin/python bench/fuzz.py --cases 500 --seed 7
    .venv/bin/python bench/fuzz.py --quick        # a few dozen cases (tests/properties)
    .venv/bin/python bench/fuzz.py --case 7:1234 --save out/   # re-run one case

The bases are made from ``corpora/sample/``: the sample PDF and DOCX, the texts as
UTF-8, GB18030 and UTF-16, a DOCX of another seed, and zips of them (flat and nested).
Each case applies 1-6 mutations chosen by its own seed (``SEED:N``): bit flips,
truncation, splices of another base, inserted junk, duplicated chunks, numbers in a PDF
replaced by extreme ones, and -- for DOCX files and zips -- the same mutations applied
to one member (``word/document.xml`` …) which is then zipped again, so the mutation
reaches the parser instead of failing the zip checksum.

Each case goes through what ingest does: zip archives are expanded
(``sources_from_bytes``), then every file is read by ``process_file`` in a worker
process under the real per-file timeout (``ingest.isolation.FileWorkers``). Outcomes are
counted by error code. A documented error is a ``HuibianError``; anything else
(``WorkerBug``: a reader raised another exception, or expanding the zip raised) is a
failure: the run exits 1 and lists the case seeds. Timeouts [E115] and worker crashes
[E116] are documented, but their seeds are listed too."""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import time
import zipfile
from collections import Counter, defaultdict, deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from huibian.errors import HuibianError  # noqa: E402
from huibian.records import SourceFile  # noqa: E402
from ingest.isolation import FileWorkers, WorkerBug  # noqa: E402
from ingest.limits import Limits  # noqa: E402

SAMPLE = ROOT / "corpora" / "sample"


# --- bases ---------------------------------------------------------------------------

def _zip(members: dict[str, bytes], compress: bool = True) -> bytes:
    """A zip of the members with a fixed timestamp, so one (seed, case) always gives the
    same bytes (``writestr`` with a bare name stamps the current time, two-second steps)."""
    buf = io.BytesIO()
    mode = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", mode) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2011, 1, 1, 0, 0, 0))
            info.external_attr = 0o600 << 16  # what writestr(name, …) gives
            zf.writestr(info, data, compress_type=mode)
    return buf.getvalue()


def _docx_of(text: str) -> bytes:
    import docx

    d = docx.Document()
    for para in text.splitlines():
        if para.strip():
            d.add_paragraph(para.strip())
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_bases() -> list[tuple[str, bytes]]:
    """(file name, bytes) of the unmutated inputs, all from corpora/sample/."""
    files = {p.name: p.read_bytes() for p in sorted(SAMPLE.iterdir()) if p.is_file()}
    pdf = next(v for k, v in files.items() if k.endswith(".pdf"))
    docx_ = next(v for k, v in files.items() if k.endswith(".docx"))
    texts = [v for k, v in files.items() if k.endswith(".txt")]
    notice = texts[-1].decode("utf-8")
    bases = [("sample.pdf", pdf), ("sample.docx", docx_), ("notice.docx", _docx_of(notice))]
    for k, t in enumerate(texts):
        s = t.decode("utf-8")
        bases += [(f"t{k}.txt", t), (f"t{k}-gb.txt", s.encode("gb18030")),
                  (f"t{k}-u16.txt", s.encode("utf-16"))]
    bases.append(("t-md.md", ("# 标题\n\n" + notice[:3000]).encode("utf-8")))
    flat = _zip({"材料/案例.pdf": pdf, "材料/方案.docx": docx_, "通知.txt": texts[-1]})
    bases.append(("batch.zip", flat))
    bases.append(("stored.zip", _zip({"a.txt": texts[0], "b.pdf": pdf}, compress=False)))
    bases.append(("nested.zip", _zip({"inner.zip": _zip({"x.txt": texts[1]}),
                                      "y.docx": docx_})))
    return bases


# --- mutations -----------------------------------------------------------------------

_NUMBER = re.compile(rb"(?<![A-Za-z])\d{1,9}(?![A-Za-z])")
_EXTREME = [b"0", b"-1", b"4294967295", b"99999999999", b"-2147483648", b"1e308", b"NaN",
            b"65536", b"2147483647"]
_JUNK = [b"\x00" * 16, b"\xff" * 16, b"<?xml", b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
         b"&a;&a;&a;", b"<w:p><w:r><w:t>", b"</w:t>", b"obj", b"endobj", b"stream\n",
         b"endstream", b"trailer", b"xref\n0 1\n", b"<<", b">>", b"/Length 99999999",
         b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"%PDF-1.4", b"\xef\xbb\xbf",
         "创先争优".encode("utf-8"), "创先争优".encode("gbk"), b"\r\n" * 8]


def mutate_bytes(data: bytes, rng: random.Random, bases: list[tuple[str, bytes]],
                 rounds: int) -> bytes:
    b = bytearray(data)
    for _ in range(rounds):
        op = rng.choice(("flip", "flip", "truncate", "splice", "junk", "junk", "dup",
                         "delete", "number"))
        pos = rng.randrange(len(b) + 1)
        if op == "flip" and b:
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(b))
                b[i] ^= 1 << rng.randrange(8)
        elif op == "truncate":
            del b[pos:]
        elif op == "splice":
            other = rng.choice(bases)[1]
            s = rng.randrange(len(other))
            b[pos:pos + rng.randrange(0, 4096)] = other[s:s + rng.randrange(1, 4096)]
        elif op == "junk":
            if rng.random() < 0.5:
                piece = rng.choice(_JUNK) * rng.randint(1, 4)
            else:
                piece = bytes(rng.randrange(256) for _ in range(rng.randint(1, 256)))
            b[pos:pos] = piece
        elif op == "dup" and b:
            s = rng.randrange(len(b))
            chunk = b[s:s + rng.randint(1, 2048)]
            b[pos:pos] = chunk * rng.randint(1, 8)
        elif op == "delete":
            del b[pos:pos + rng.randint(1, 1024)]
        elif op == "number":
            found = list(_NUMBER.finditer(b[:200_000]))
            if found:  # one number (a length, an offset, a count) made extreme
                m = rng.choice(found)
                b[m.start():m.end()] = rng.choice(_EXTREME)
    return bytes(b)


def mutate_member(data: bytes, rng: random.Random, bases, rounds: int) -> bytes:
    """Mutate one member of a zip container (DOCX or archive) and zip it again."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = {i.filename: zf.read(i) for i in zf.infolist()}
    except Exception:  # noqa: BLE001 - not a readable zip: mutate the bytes
        return mutate_bytes(data, rng, bases, rounds)
    names = sorted(members)
    xml = [n for n in names if n.endswith(".xml")]
    target = rng.choice(xml if xml and rng.random() < 0.7 else names)
    members[target] = mutate_bytes(members[target], rng, bases, rounds)
    if rng.random() < 0.1:
        members[rng.choice(["../evil.txt", "/abs.txt", "C:\\x.txt", "深/层/文件.txt"])] = \
            rng.choice(bases)[1][:5000]
    return _zip(members, compress=rng.random() < 0.8)


def make_case(master: int, n: int, bases) -> tuple[str, bytes, str]:
    rng = random.Random(f"{master}:{n}")
    kind = rng.choice(("pdf", "docx", "zip", "text"))  # a quarter each
    name, data = rng.choice([b for b in bases if _kind(b[0]) == kind])
    rounds = rng.randint(1, 6)
    is_zip = data.startswith(b"PK\x03\x04")
    how = "member" if is_zip and rng.random() < 0.6 else "bytes"
    if how == "member":
        out = mutate_member(data, rng, bases, rounds)
    else:
        out = mutate_bytes(data, rng, bases, rounds)
    if rng.random() < 0.05:  # a renamed file: the content decides, not the name
        name = "renamed" + rng.choice([".pdf", ".docx", ".txt", ".zip", ".doc"])
    return name, out, f"{kind}/{how}"


def _kind(name: str) -> str:
    ext = name.rsplit(".", 1)[-1]
    return ext if ext in ("pdf", "docx", "zip") else "text"


# --- running ---------------------------------------------------------------------------

def run(cases: int, master: int, limits: Limits, workers: int, only: int | None = None,
        save: Path | None = None, progress: bool = True) -> dict:
    from huibian.pipeline import sources_from_bytes
    from ingest.archive import Refused

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
        case, base, ticket = inflight.popleft()
        try:
            doc = pool.result(ticket)
            record(case, base, "items" if doc.items else "BUG:no-items")
        except HuibianError as exc:
            record(case, base, exc.code)
        except WorkerBug as exc:
            record(case, base, f"BUG:{exc.type_name}", exc.traceback[-1500:])

    with FileWorkers(limits, processes=workers) as pool:
        for n in numbers:
            case = f"{master}:{n}"
            name, data, base = make_case(master, n, bases)
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"case-{master}-{n}-{name}").write_bytes(data)
            try:
                sources = list(sources_from_bytes(f"case-{case}-{name}", data, limits))
            except Exception as exc:  # noqa: BLE001 - expanding the archive must not raise
                import traceback

                record(case, base, f"BUG:{type(exc).__name__}", traceback.format_exc()[-1500:])
                continue
            for src in sources:
                if isinstance(src, Refused):
                    record(case, base, src.error.code)
                    continue
                while not pool.idle:
                    collect()
                inflight.append((case, base, pool.submit(src)))
            if progress and n % 500 == 499:
                print(f"  {n + 1} cases, {time.monotonic() - t0:.0f} s", file=sys.stderr)
        while inflight:
            collect()
    return {"cases": len(numbers), "seconds": round(time.monotonic() - t0, 1),
            "outcomes": dict(sorted(outcomes.items())),
            "by_base": {k: dict(sorted(v.items())) for k, v in sorted(by_base.items())},
            "failures": bugs, "timeouts_and_crashes": slow}


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
