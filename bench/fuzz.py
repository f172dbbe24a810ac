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
import io
import json
import os
import random
import re
import sys
import time
import zipfile
from collections import Counter, defaultdict, deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from huibian.core.errors import HuibianError  # noqa: E402
from huibian.core.records import SourceFile  # noqa: E402
from huibian.pipeline.workers import FileWorkers, WorkerBug  # noqa: E402
from huibian.core.limits import Limits  # noqa: E402

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


# --- nested archives, encodings, names (issue 18) -------------------------------------

def _zipmaker():
    from tests import zipmaker

    return zipmaker


def make_nested(rng: random.Random, bases) -> bytes:
    """A zip nested 1-4 levels deep: sample files, zeros that inflate 1000:1, and
    copies of a level (stored or deflated) that multiply what the upload unpacks."""
    zm = _zipmaker()
    small = [b for b in bases if _kind(b[0]) == "text"]

    def level(depth: int) -> bytes:
        members: list = []
        for k in range(rng.randint(1, 4)):
            r = rng.random()
            if depth > 0 and r < 0.45:
                inner = level(depth - 1)
                packed = zm.deflated(inner) if rng.random() < 0.5 else zm.stored(inner)
                members += [(f"d{depth}_{k}_{c}.zip", packed) for c in range(rng.randint(1, 6))]
            elif r < 0.6:
                members.append((f"zeros{k}.txt", zm.deflated_zeros(rng.randint(1, 40) * zm.MB)))
            else:
                name, data = rng.choice(small)
                members.append((f"{k}-{name}", zm.deflated(data) if rng.random() < 0.7
                                else zm.stored(data)))
        return zm.build(members)

    return level(rng.randint(1, 4))


_JAPANESE = ("党員の活動に関するお知らせ。各支部は、模範的な役割を発揮するため、活動の計画を"
             "作成し、来月までに報告してください。関係部署との連携を強化すること。\n")


def _traditional(text: str) -> str:
    table = {}
    for line in (ROOT / "similarity" / "tables" / "t2s.tsv").read_text(
            encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            t, s = line.split("\t")[:2]
            table.setdefault(s, t)
    return "".join(table.get(c, c) for c in text)


def make_encoding(rng: random.Random, bases) -> tuple[bytes, str, str | None]:
    """(bytes, encoding label, the text they must decode to, or None when any
    documented outcome will do)."""
    texts = [b[1].decode("utf-8") for b in bases if b[0].endswith(".txt")
             and "-" not in b[0]]
    start = rng.randrange(0, 2000)
    text = rng.choice(texts)[start:start + rng.randint(400, 4000)].replace("\r", "")
    enc = rng.choice(("gb18030", "gbk", "big5", "cp950", "shift_jis", "utf-16-le",
                      "utf-16-be", "utf-16", "utf-8-sig", "junk"))
    if enc == "junk":  # high bytes, no NULs, no control bytes: no plausible decoding
        return bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randint(100, 5000))), enc, None
    if enc in ("big5", "cp950"):
        text = _traditional(text)
    elif enc == "shift_jis":
        text = _JAPANESE * rng.randint(2, 20)
    data = text.encode(enc, errors="ignore")
    return data, enc, data.decode(enc)


_NAME_PIECES = ["关于开展党员先锋岗活动的通知".encode("gbk"), "方案".encode("gb18030"),
                "關於".encode("big5"), b"\xff\xfe\x80", b"\x1b]0;pwned\x07", b"\x1b[2J",
                b"\n", b"x: stored 99 items", b"\r", b"\x7f", "\u202e".encode("utf-8"),
                "\u2028".encode("utf-8"), b"\x85", b"\xc0\xaf", b"report"]


def make_name(rng: random.Random) -> bytes:
    """A file name's bytes (no '/' or NUL): pieces of GBK, Big5, invalid UTF-8 and
    control characters."""
    raw = b"".join(rng.choice(_NAME_PIECES) for _ in range(rng.randint(1, 4)))
    return raw.replace(b"/", b"_") + rng.choice([b".txt", b".zip", b".md", b""])


def make_case(master: int, n: int, bases) -> tuple[str, bytes, str]:
    name, data, how, _expected = make_case_full(master, n, bases)
    return name, data, how


def make_case_full(master: int, n: int, bases) -> tuple[str, bytes, str, str | None]:
    """(name, bytes, base/mutation, the text a clean encoding case must decode to)."""
    rng = random.Random(f"{master}:{n}")
    kind = rng.choice(("pdf", "docx", "zip", "text"))  # a quarter each
    special = rng.random()
    if kind == "zip" and special < 0.3:
        data = make_nested(rng, bases)
        if rng.random() < 0.3:
            return "nested.zip", mutate_bytes(data, rng, bases, rng.randint(1, 3)), \
                "zip/nested-mutated", None
        return "nested.zip", data, "zip/nested", None
    if kind == "text" and special < 0.2:
        data, enc, expected = make_encoding(rng, bases)
        if expected is not None and rng.random() < 0.3:
            return f"enc-{enc}.txt", mutate_bytes(data, rng, bases, 1), \
                "text/encoding-mutated", None
        return f"enc-{enc}.txt", data, f"text/encoding-{enc}", expected
    if kind == "text" and special < 0.35:
        raw = make_name(rng)
        _, data = rng.choice([b for b in bases if _kind(b[0]) == "text"])
        if rng.random() < 0.5:  # a zip member with that raw name (no UTF-8 flag)
            zm = _zipmaker()
            data = zm.build([(raw + b".txt", zm.deflated(data)),
                             (make_name(rng) + b".txt", zm.stored(data[:3000]))])
            raw = raw + b".zip"
        return os.fsdecode(raw) or "x", data, "text/names", None
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
    return name, out, f"{kind}/{how}", None


def _kind(name: str) -> str:
    ext = name.rsplit(".", 1)[-1]
    return ext if ext in ("pdf", "docx", "zip") else "text"


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
