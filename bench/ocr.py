"""OCR engines compared on the same scans (issue 19): Tesseract (chi_sim) and RapidOCR
(PP-OCR models from the rapidocr wheel, onnxruntime), each on one thread, through
the whole PDF reader (``huibian.ingest.readers.pdf``: deskew, scaling, lines by position,
running heads and page numbers removed, paragraphs joined).

The scans are made here from our own documents (huibian.testkit.scanmaker): the seed
volume (corpora/sample/000_*.txt, a preface and two cases, seven pages) and a one-page
notice (huibian.testkit.samples.NOTICE_BLOCKS), rendered by huibian.testkit.pdfmaker,
then each page rendered to a grey image at 150 and at 300 dpi, turned by a skew between
-1° and 1°, blurred (Gaussian, 0.8 px) and sprinkled with noise, and saved as an
image-only PDF.

CER is the edit distance between the text the reader gives for the scan and the text
it gives for the text PDF (both normalized by ``huibian.ingest.normalize``, white space
removed), divided by the latter's length: the source text with page furniture
removed. Pages/s is pages over the reader's wall time on a machine whose other
core may be busy.

    python bench/ocr.py [--quick] [--engines tesseract rapidocr] [--dpi 150 300]

``--quick``: the one-page notice only (keeps the bench code working in the tests).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time

from huibian.testkit.benchlib import emit, result


def documents(quick: bool) -> list[tuple[str, bytes]]:
    from huibian.testkit.pdfmaker import make_pdf, rejoin_seed
    from huibian.testkit.samples import NOTICE_BLOCKS, SEED_VOLUME

    notice = ("notice", make_pdf(NOTICE_BLOCKS, header=None))
    if quick:
        return [notice]
    return [("volume", make_pdf(rejoin_seed(SEED_VOLUME.read_text(encoding="utf-8")))),
            notice]


def chars(text: str) -> str:
    from huibian.ingest.normalize import normalize_text

    return re.sub(r"\s+", "", normalize_text(text))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--engines", nargs="+", default=["tesseract", "rapidocr"])
    ap.add_argument("--dpi", nargs="+", type=int, default=[150, 300])
    args = ap.parse_args(argv)

    from rapidfuzz.distance import Levenshtein

    from huibian.core.records import SourceFile
    from huibian.core.limits import Limits
    from huibian.ingest.ocr import check_engine
    from huibian.ingest.readers.pdf import PdfReader
    from huibian.testkit.scanmaker import image_pdf, scans

    docs = documents(args.quick)
    refs = {name: chars(PdfReader().read(SourceFile.from_bytes(name, pdf), Limits()).text)
            for name, pdf in docs}
    scanned = {(name, dpi): image_pdf(scans(pdf, dpi, seed=19 + dpi), dpi)
               for name, pdf in docs for dpi in args.dpi}
    results = []
    print("load average at start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{'engine':10} {'dpi':>4} {'pages':>5} {'CER %':>7} {'pages/s':>8}  per document")
    for engine in args.engines:
        try:
            check_engine(engine)
        except Exception as exc:  # not installed: say so, measure the others
            print(f"{engine}: not measured ({exc})")
            continue
        os.environ["HUIBIAN_OCR"] = engine
        if engine == "rapidocr":  # load the models outside the timing
            from huibian.ingest.ocr import _rapidocr_engine

            _rapidocr_engine()
        for dpi in args.dpi:
            errors = total = pages = 0
            seconds = 0.0
            per_doc = []
            for name, _ in docs:
                src = SourceFile.from_bytes(f"{name}-{dpi}.pdf", scanned[(name, dpi)])
                t = time.perf_counter()
                ex = PdfReader().read(src, Limits())
                seconds += time.perf_counter() - t
                pages += ex.page_count or 0
                d = Levenshtein.distance(refs[name], chars(ex.text))
                errors += d
                total += len(refs[name])
                conf = sum(p.confidence for p in ex.ocr) / max(len(ex.ocr), 1)
                per_doc.append(f"{name} {100 * d / len(refs[name]):.2f}% (conf {conf:.0f})")
            cer = 100 * errors / total
            speed = pages / seconds
            print(f"{engine:10} {dpi:>4} {pages:>5} {cer:>7.2f} {speed:>8.3f}  "
                  + ", ".join(per_doc), flush=True)
            results.append(result(f"OCR character error rate, {engine}, {dpi}-dpi scans "
                                  f"({pages} pages)", [cer], "%", lower_is_better=True,
                                  goal="<= 1 %", holds=cer <= 1.0))
            results.append(result(f"OCR speed, {engine}, {dpi}-dpi scans, one thread",
                                  [speed], "pages/s"))
    print("load average at end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    emit("ocr", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
