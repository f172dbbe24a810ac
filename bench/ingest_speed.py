"""End-to-end ingest speed: read, normalize, split, analyze, index, fingerprint and store
(the real ``Ingestor`` with every stage of ``huibian.pipeline.ingestor.stages_for``) of

* a folder of PDFs (generated large-vocabulary items rendered by huibian.testkit.pdfmaker):
  pages/s of one ``Ingestor`` (as ``huibian ingest``) with ``--jobs`` worker processes
  (default: every core) reading and preparing the files while the ingesting process
  writes the store, the tantivy index sync the command ends with included;
* a folder of text files: characters/s, next to plain jieba 0.42.1 ``lcut`` (same user
  dictionary, one process) of the same text, as a ratio;
* peak RSS of a process ingesting one 500-page PDF (``resource.getrusage`` in a child).

Resources (tokenizer, models) are loaded and warmed, and the workers started (each
loads its own models), before the clock starts, as in a long-running ingest; the
workers' start-up is printed beside each run. Each run ingests into a fresh store. Inputs are generated into
bench/out/ on first use.

    python bench/ingest_speed.py [--quick] [--runs 5] [--jobs 2] [--profile]

Targets (issue 8): PDFs >= 50 pages/s using both cores; text >= 1.5x plain jieba
segmentation; peak RSS <= 1 GB for a 500-page PDF.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from huibian.testkit.benchlib import emit, parse_output, result
from huibian.testkit.memwatch import TreePeaks, status_kib
from huibian.testkit.samples import ROOT, SAMPLE

OUT = ROOT / "bench" / "out"


# -- inputs ----------------------------------------------------------------------------

_GEN: dict = {}


def _generator(seed: int):
    """One CorpusGenerator per seed (loading jieba's dictionary takes seconds)."""
    from huibian.testkit.corpus_vocab import CorpusGenerator

    if seed not in _GEN:
        _GEN[seed] = CorpusGenerator(seed)
    return _GEN[seed]


def pdf_folder(n_files: int, items_per_file: int, seed: int = 3,
               max_chars: int = 8000) -> tuple[Path, int]:
    """``n_files`` PDFs of ``items_per_file`` generated items each (title + paragraphs).
    Returns the folder and the total page count."""
    from huibian.testkit.pdfmaker import page_count

    folder = OUT / f"pdfs_{n_files}x{items_per_file}_{seed}_{max_chars}"
    done = folder / ".pages"
    if not done.exists():
        from huibian.testkit.pdfmaker import make_pdf

        folder.mkdir(parents=True, exist_ok=True)
        gen = _generator(seed)
        total = 0
        for k in range(n_files):
            blocks = []
            for title, paras in gen.items(items_per_file, max_chars=max_chars,
                                          min_chars=min(1000, max_chars)):
                blocks.append(("title", title))
                blocks.extend(paras)
            data = make_pdf(blocks)
            total += page_count(data)
            (folder / f"{k:04d}.pdf").write_bytes(data)
        done.write_text(str(total))
    return folder, int(done.read_text())


def big_pdf(pages: int, seed: int = 4) -> Path:
    """One PDF of about ``pages`` pages of generated items."""
    path = OUT / f"big_{pages}_{seed}.pdf"
    if not path.exists():
        from huibian.testkit.pdfmaker import make_pdf

        gen = _generator(seed)
        blocks, chars = [], 0
        while chars < pages * 720:  # ~720 characters per A4 page at 12 pt
            title, paras = gen.item()
            blocks.append(("title", title))
            blocks.extend(paras)
            chars += len(title) + sum(map(len, paras))
        OUT.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make_pdf(blocks))
    return path


# -- ingest with worker processes ------------------------------------------------------

_STATE: dict = {}


def _warm(resources) -> None:
    """Load the lazy models of every stage by preparing (not storing) one document."""
    from huibian.pipeline.ingestor import prepare_file, process_file, stages_for
    from huibian.core.records import SourceFile

    sample = sorted(SAMPLE.glob("*.txt"))[0]
    prepare_file(process_file(SourceFile.from_bytes(sample.name, sample.read_bytes())),
                 stages_for(resources))


def ingest_parallel(files: list[Path], jobs: int) -> tuple[float, int, float]:
    """Wall seconds to ingest ``files`` into a fresh store as ``huibian ingest`` does:
    one ``Ingestor`` with ``jobs`` worker processes (they read and prepare the files;
    this process writes the store), then the tantivy index sync the command ends
    with. The workers are started, and have loaded their models, before the clock
    starts (as in a long-running ingest); that start-up time is returned too.
    Returns (seconds, items, start-up seconds)."""
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.core.limits import Limits
    from huibian.search import tantivy_index
    from huibian.store import connect

    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "bench.db")
        limits = Limits()
        with Ingestor(conn, resources=_STATE["resources"], limits=limits,
                      processes=jobs) as ingestor:
            startup = ingestor.workers.start(wait=True)
            t0 = time.perf_counter()
            report = ingestor.ingest(sources_from_paths([str(f) for f in files], limits))
            tantivy_index.sync(conn, trim=True)
            wall = time.perf_counter() - t0
        conn.close()
        failed = [r.line() for r in report.results if r.status == "failed"]
        if failed:
            raise SystemExit("ingest failures:\n" + "\n".join(failed))
        return wall, sum(r.items for r in report.results), startup


def plain_jieba_chars_per_s(texts: list[str]) -> float:
    from huibian.nlp.lexicons import MODELS_DIR
    from segmentation import plain_jieba  # a sibling script (bench/ is sys.path[0])

    tok = plain_jieba(MODELS_DIR / "userdict.txt")
    tok.lcut(texts[0][:200])
    t0 = time.perf_counter()
    for t in texts:
        tok.lcut(t)
    return sum(map(len, texts)) / (time.perf_counter() - t0)


TIMED = ("one Ingestor (as huibian ingest) whose worker processes read and prepare while "
         "the ingesting process writes the store; the tantivy index sync included")


# -- peak RSS child --------------------------------------------------------------------

def rss_child(pdf: str) -> int:
    """Ingest one PDF into a fresh store in this process; print the peak RSS."""
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.core.limits import Limits
    from huibian.store import connect

    watch = TreePeaks()
    watch.start()
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "rss.db")
        t0 = time.perf_counter()
        report = Ingestor(conn, limits=Limits()).ingest(sources_from_paths([pdf], Limits()))
        spent = time.perf_counter() - t0
        conn.close()
    watch.stop()
    own = _own_peak_kib() / 1024
    others = {pid: kib / 1024 for pid, kib in watch.hwm.items() if pid != os.getpid()}
    tree = watch.pss_peak / 1024
    print(f"{report.summary()} in {spent:.1f} s; peak memory of the process tree "
          f"{tree:.0f} MB (PSS: shared pages counted once); VmHWM of this process "
          f"{own:.0f} MB, of its {len(others)} helper process(es) "
          f"{', '.join(f'{v:.0f}' for v in others.values())} MB")
    emit("ingest_rss_child", [
        result("peak memory, process tree (PSS)", [tree], "MB", lower_is_better=True),
        result("peak RSS of the largest process", [max([own, *others.values()])], "MB",
               lower_is_better=True),
        result("peak RSS, ingesting process alone", [own], "MB")],
        failed=report.failed)
    return 0


def _own_peak_kib() -> float:
    """This process's peak resident size (KiB): VmHWM, its own memory's high-water
    mark. ru_maxrss is not that: Linux carries into it, across exec, the RSS of the
    process it was started from (subprocess starts the child with vfork, sharing the
    bench's memory until the exec), so it reported the bench process's size."""
    kib = status_kib(os.getpid(), ("VmHWM",)).get("VmHWM")
    return kib if kib is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_rss_mb(pdf: Path) -> tuple[list[float], str]:
    """[peak PSS of the process tree, peak RSS of its largest process] (MB) of a child
    ingesting ``pdf``, and the child's summary line."""
    proc = subprocess.run([sys.executable, __file__, "--rss-child", str(pdf)],
                          capture_output=True, text=True, cwd=ROOT)
    data = parse_output(proc.stdout)
    if proc.returncode != 0 or data is None or data.get("failed"):
        raise SystemExit(f"RSS child failed:\n{proc.stdout}\n{proc.stderr}")
    return ([r["value"] for r in data["results"][:2]],
            proc.stdout.strip().splitlines()[0])


# -- profile ---------------------------------------------------------------------------

def profile(files: list[Path], top: int = 30) -> None:
    import cProfile
    import pstats

    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.core.limits import Limits
    from huibian.store import connect

    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "prof.db")
        ingestor = Ingestor(conn, resources=_STATE["resources"], limits=Limits())
        prof = cProfile.Profile()
        prof.enable()
        ingestor.ingest(sources_from_paths([str(f) for f in files], Limits()))
        prof.disable()
        conn.close()
    stats = pstats.Stats(prof, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny inputs, 1 run")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--pdfs", type=int, default=16, help="PDF files (default 16)")
    ap.add_argument("--texts", type=int, default=200, help="text files (default 200)")
    ap.add_argument("--rss-pages", type=int, default=500)
    ap.add_argument("--profile", action="store_true",
                    help="profile a one-process ingest of the text and PDF folders")
    ap.add_argument("--rss-child", metavar="PDF", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.rss_child:
        return rss_child(args.rss_child)
    if args.quick:
        args.runs, args.pdfs, args.texts, args.rss_pages = 1, 2, 4, 3

    from huibian.testkit.corpus_vocab import write_text_folder
    from huibian.pipeline.resources import Resources

    t0 = time.perf_counter()
    pdf_dir, pages = (pdf_folder(args.pdfs, 3) if not args.quick
                      else pdf_folder(args.pdfs, 1, max_chars=1500))
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    tseed = 9 if not args.quick else 1
    txt_dir = write_text_folder(args.texts, seed=tseed,
                                gen=None if (OUT / f"txt_{args.texts}_{tseed}").exists()
                                else _generator(tseed))
    txts = sorted(txt_dir.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in txts]
    chars = sum(map(len, texts))
    big = big_pdf(args.rss_pages)
    print(f"inputs: {len(pdfs)} PDFs ({pages} pages), {len(txts)} text files "
          f"({chars:,} chars), {big.name} (ready in {time.perf_counter() - t0:.1f} s)")

    t0 = time.perf_counter()
    resources = Resources()
    _warm(resources)
    _STATE["resources"] = resources
    print(f"resources loaded and warm in {time.perf_counter() - t0:.1f} s; "
          f"segmenter {resources.tokenizer.engine}; {args.jobs} worker process(es)")

    if args.profile:
        profile(txts[:max(1, len(txts) // 4)])
        profile(pdfs[:max(1, len(pdfs) // 4)])
        return 0

    pdf_runs, txt_runs, jieba_runs, txt1_runs, startups = [], [], [], [], []
    for r in range(args.runs):
        wall, _, up = ingest_parallel(pdfs, args.jobs)
        pdf_runs.append(pages / wall)
        startups.append(up)
        wall, _, up = ingest_parallel(txts, args.jobs)
        txt_runs.append(chars / wall)
        startups.append(up)
        jieba_runs.append(plain_jieba_chars_per_s(texts))
        print(f"run {r + 1}: PDFs {pdf_runs[-1]:.1f} pages/s; text {txt_runs[-1]:,.0f} chars/s "
              f"vs plain jieba {jieba_runs[-1]:,.0f} chars/s "
              f"({txt_runs[-1] / jieba_runs[-1]:.2f}x); worker start-up {up:.1f} s "
              "(not timed)")
    if args.jobs > 1:  # the one-worker rate of text ingest, for reference
        for _ in range(min(args.runs, 2)):
            wall, _, _ = ingest_parallel(txts, 1)
            txt1_runs.append(chars / wall)
    trees, largests = [], []
    for _ in range(args.runs):  # a fresh child process each time
        (tree, largest), line = peak_rss_mb(big)
        trees.append(tree)
        largests.append(largest)
        print(f"peak memory ingesting {big.name}: {line}")

    pdf_med = statistics.median(pdf_runs)
    txt_ratio = statistics.median(txt_runs) / statistics.median(jieba_runs)
    results = [
        result(f"ingest PDFs ({len(pdfs)} files, {pages} pages, {args.jobs} worker "
               "processes)", pdf_runs, "pages/s", goal=">= 50 pages/s", holds=pdf_med >= 50,
               note=TIMED),
        result(f"ingest text files ({len(txts)} files, {chars:,} chars, {args.jobs} worker "
               "processes)", txt_runs, "chars/s",
               baseline="plain jieba 0.42.1 lcut of the same text, 1 process",
               baseline_runs=jieba_runs, goal=">= 1.5x baseline", holds=txt_ratio >= 1.5,
               note=TIMED + f"; worker start-up (loading models, not timed) median "
                            f"{statistics.median(startups):.1f} s"),
        result(f"peak memory ingesting a {args.rss_pages}-page PDF, all processes",
               trees, "MB", goal="<= 1024 MB every run", holds=max(trees) <= 1024,
               lower_is_better=True,
               note="each run a fresh process: the largest sum over the ingesting process, "
                    "the forkserver and the workers (each with every model loaded before "
                    "it reads) of their PSS (shared pages counted once), sampled every "
                    "20 ms"),
        result(f"peak RSS of the largest process ingesting a {args.rss_pages}-page PDF",
               largests, "MB", goal="<= 1024 MB every run", holds=max(largests) <= 1024,
               lower_is_better=True, note="its VmHWM (the worker that reads the PDF)"),
    ]
    if txt1_runs:
        results.append(result("ingest text files, 1 worker process", txt1_runs, "chars/s",
                              baseline="plain jieba 0.42.1 lcut", baseline_runs=jieba_runs))
    emit("ingest_speed", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
