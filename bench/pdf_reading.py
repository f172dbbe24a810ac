"""PDF reading: our reader (ingest/readers/pdf.py, pypdfium2 character boxes, running
heads and page numbers removed, paragraphs joined) vs pdfplumber ``extract_text`` on
the same 150-page Chinese PDF, rendered with huibian.testkit.pdfmaker from the seed texts
(running header and "- N -" page numbers on every page; cached in bench/out/).

Speed is pages/s per run; character accuracy is 1 - edit distance / length of the
source body text (whitespace removed from both sides), so header and page-number
text left in the output counts as errors, as do lost or garbled characters.

    python bench/pdf_reading.py [--quick] [--pages 150] [--runs 5]

Target (issue 8): >= 10x pdfplumber's pages/s with accuracy at least as good.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
import time

from huibian.testkit.benchlib import emit, result
from huibian.testkit.pdfmaker import block_text, make_pdf, page_count, rejoin_seed
from huibian.testkit.samples import ROOT, SAMPLE as SEEDS

OUT = ROOT / "bench" / "out"
_WS = re.compile(r"\s+")


def seed_blocks() -> list:
    blocks = []
    for path in sorted(SEEDS.glob("*.txt")):
        blocks.extend(rejoin_seed(path.read_text(encoding="utf-8")))
    return blocks


def make_book(pages: int) -> tuple[bytes, str]:
    """(pdf bytes, source body text) of about ``pages`` pages: the seed documents
    rendered one after another, repeated until the page count is reached."""
    base = seed_blocks()
    # estimate pages per pass of the seeds from a first rendering, then cut to size
    probe = make_pdf(base)
    per_pass = page_count(probe)
    blocks = base * max(1, -(-pages // per_pass))
    key = hashlib.sha256(repr((blocks, pages)).encode()).hexdigest()[:12]
    cache = OUT / f"book_{pages}_{key}.pdf"
    want = blocks
    if cache.exists():
        data = cache.read_bytes()
    else:
        # estimate the blocks that fill ``pages`` pages from characters per page,
        # then drop blocks from the end until the rendering fits
        chars_per_page = sum(len(block_text(x)) for x in base) / per_pass
        n, size = 0, 0
        while n < len(blocks) and size + len(block_text(blocks[n])) <= chars_per_page * pages:
            size += len(block_text(blocks[n]))
            n += 1
        data = make_pdf(blocks[:n])
        while page_count(data) > pages and n > 1:
            n -= max(1, (page_count(data) - pages) * 3)
            data = make_pdf(blocks[:n])
        while n < len(blocks):  # then add blocks back while the page count allows
            got = page_count(data)
            step = max(1, (pages - got) * len(base) // per_pass // 2)
            trial = make_pdf(blocks[:n + step])
            if page_count(trial) > pages:
                if step == 1:
                    break
                trial = make_pdf(blocks[:n + 1])
                if page_count(trial) > pages:
                    break
                step = 1
            n, data = n + step, trial
        want = blocks[:n]
        OUT.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(data)
        cache.with_suffix(".n").write_text(str(len(want)))
    n_blocks = int(cache.with_suffix(".n").read_text()) if cache.with_suffix(".n").exists() \
        else len(want)
    source = "\n".join(block_text(b) for b in blocks[:n_blocks])
    return data, source


def accuracy(source: str, got: str) -> float:
    from rapidfuzz.distance import Levenshtein

    a, b = _WS.sub("", source), _WS.sub("", got)
    return 1 - Levenshtein.distance(a, b) / max(len(a), 1)


def read_ours(data: bytes) -> str:
    from huibian.core.records import SourceFile
    from huibian.core.limits import Limits
    from huibian.ingest.readers.pdf import PdfReader

    return PdfReader().read(SourceFile.from_bytes("book.pdf", data), Limits()).text


def read_pdfplumber(data: bytes) -> str:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a 6-page PDF, 1 run")
    ap.add_argument("--pages", type=int, default=150)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    if args.quick:
        args.pages, args.runs = 6, 1

    t0 = time.perf_counter()
    data, source = make_book(args.pages)
    pages = page_count(data)
    print(f"{pages}-page PDF, {len(data) / 1e6:.1f} MB, {len(source):,} source characters "
          f"(made/loaded in {time.perf_counter() - t0:.1f} s)")
    read_ours(data)  # warm-up (imports)
    ours_runs, base_runs = [], []
    ours_text = base_text = ""
    clock = time.process_time  # CPU seconds of this process: robust on a shared machine
    for r in range(args.runs):
        t0 = clock()
        ours_text = read_ours(data)
        ours_runs.append(pages / (clock() - t0))
        t0 = clock()
        base_text = read_pdfplumber(data)
        base_runs.append(pages / (clock() - t0))
        print(f"run {r + 1}: ours {ours_runs[-1]:.1f} pages/s, pdfplumber "
              f"{base_runs[-1]:.1f} pages/s")
    acc_ours, acc_base = accuracy(source, ours_text), accuracy(source, base_text)
    ratio = statistics.median(ours_runs) / statistics.median(base_runs)
    print(f"ours {statistics.median(ours_runs):.1f} pages/s vs pdfplumber "
          f"{statistics.median(base_runs):.1f}: {ratio:.1f}x (target >= 10x)")
    print(f"character accuracy: ours {acc_ours:.4%}, pdfplumber {acc_base:.4%}")
    emit("pdf_reading", [
        result(f"PDF reading ({pages}-page Chinese PDF)", ours_runs, "pages/s",
               baseline="pdfplumber extract_text", baseline_runs=base_runs,
               goal=">= 10x baseline", holds=ratio >= 10,
               note="pages per CPU second of the process (both readers are single-threaded)"),
        result("PDF character accuracy vs source", [acc_ours * 100], "%",
               baseline="pdfplumber extract_text", baseline_runs=[acc_base * 100],
               goal=">= baseline's", holds=acc_ours >= acc_base),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
