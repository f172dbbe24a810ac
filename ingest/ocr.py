"""OCR of page images (scanned PDF pages, PNG/JPEG/TIFF files) into the same lines a
PDF text layer gives, so the rest is the text-PDF pipeline (running heads and page
numbers removed, wrapped lines joined by position, items split).

Engines (``HUIBIAN_OCR``):

- ``tesseract`` (the default, chosen by ``bench/ocr.py``'s measurement, see
  bench/RESULTS.md): the ``tesseract`` program with its ``chi_sim`` model (Debian
  ``tesseract-ocr``, ``tesseract-ocr-chi-sim``), one thread, TSV output: every word
  with its box and confidence. Its text layer output (hOCR/PDF) is not used.
- ``rapidocr``: RapidOCR (PP-OCR models shipped in the ``rapidocr`` wheel, run by
  onnxruntime on one thread): text lines with boxes and scores.
- ``off``: no OCR; a page without a text layer stays empty (E132 for a PDF with no
  text at all, E160 for an image).

Before recognition the page is turned to grey, deskewed (the angle that makes the
rows of ink sharpest, within ±5°), scaled so its text lines are about
``TARGET_LINE_PX`` pixels high (Tesseract's Chinese model reads 24-26-pixel lines
best: 12-point text at 150 dpi; at 300 dpi its error rate is three times higher),
and median-filtered when it has scanner speckle.

Each word (Tesseract) or text line (RapidOCR) becomes one run of the PDF reader
(``huibian.ingest.readers.pdf._Run``) in points, y up, placed on its line's baseline, and
runs are grouped into lines by the PDF reader's own rule: spaces Tesseract puts
between Han characters disappear there (two wide characters are never separated by
a space), and a space is kept only between Latin words and numbers."""

from __future__ import annotations

import io
import os
import re
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from huibian.core.errors import InputError, LimitError, ToolMissing
from huibian.core.settings import OCR_ENGINES, Settings, read_settings

ENGINES = OCR_ENGINES  # tesseract, rapidocr, off
DEFAULT_ENGINE = Settings().ocr  # tesseract
LOW_CONFIDENCE = 75.0  # a page whose mean confidence is below this is named in reports
TARGET_LINE_PX = {"tesseract": 26.0, "rapidocr": 30.0}
MAX_SKEW = 5.0  # degrees
OCR_DPI = 300  # PDF pages are rendered at this resolution before scaling
MAX_PIXELS = 60_000_000  # an image page larger than this is refused (decompression bombs)


@dataclass(frozen=True)
class PageText:
    """One page read by OCR: its lines (``huibian.ingest.readers.pdf.Line``, points, y up), the
    engine, the mean word confidence (0-100, weighted by characters), the number of
    characters recognized, the skew corrected (degrees) and the seconds it took."""

    lines: list
    engine: str
    confidence: float
    chars: int
    skew: float
    seconds: float


def engine_from_env() -> str:
    """``HUIBIAN_OCR`` (tesseract | rapidocr | off), else the default engine; one that
    names no engine is refused by the settings (E603)."""
    return read_settings().ocr


def tesseract_lang() -> str:
    """``HUIBIAN_OCR_LANG`` (default ``chi_sim``)."""
    return read_settings().ocr_lang


@lru_cache(maxsize=4)
def _tesseract_langs(exe: str) -> frozenset[str]:
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True,
                         check=False, timeout=30)
    return frozenset(ln.strip() for ln in out.stdout.splitlines()[1:] if ln.strip())


def check_engine(engine: str, file: str | None = None) -> None:
    """Raise ToolMissing (E601, E602) when ``engine`` cannot run here."""
    if engine == "tesseract":
        exe = shutil.which("tesseract")
        if exe is None:
            raise ToolMissing("OCR needs Tesseract: install tesseract-ocr and "
                              "tesseract-ocr-chi-sim (or set HUIBIAN_OCR=off)", file=file,
                              code="E601")
        missing = [lang for lang in tesseract_lang().split("+")
                   if lang not in _tesseract_langs(exe)]
        if missing:
            raise ToolMissing(f"Tesseract has no {'+'.join(missing)} model: install "
                              "tesseract-ocr-chi-sim", file=file, code="E601")
    elif engine == "rapidocr":
        try:
            import onnxruntime  # noqa: F401
            import rapidocr  # noqa: F401
        except ImportError as exc:
            raise ToolMissing(f"HUIBIAN_OCR=rapidocr needs the rapidocr and onnxruntime "
                              f"packages ({exc})", file=file, code="E602") from exc


# -- image preparation ---------------------------------------------------------------


def _otsu(values: np.ndarray) -> float:
    hist = np.bincount(values.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128.0
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean_all = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * w0 / total - m0) ** 2 / (w0 * w1)
    between = np.nan_to_num(between)
    return float(np.argmax(between))


def _dark_points(gray: Image.Image, width: int = 800) -> tuple[np.ndarray, np.ndarray, float]:
    """Coordinates of the ink in a downscaled copy (isolated noise averaged away), and
    the scale of that copy."""
    f = min(1.0, width / max(gray.width, 1))
    small = gray.resize((max(1, round(gray.width * f)), max(1, round(gray.height * f))),
                        Image.Resampling.BOX) if f < 1 else gray
    a = np.asarray(small)
    t = min(_otsu(a), 160.0)
    ys, xs = np.nonzero(a < t)
    return xs.astype(np.float64), ys.astype(np.float64), f


def estimate_skew(gray: Image.Image) -> float:
    """The rotation of the text lines in degrees (positive: lines run down to the
    right), by the projection profile: the angle whose rows of ink are sharpest."""
    xs, ys, _ = _dark_points(gray)
    if len(xs) < 200:
        return 0.0
    if len(xs) > 120_000:
        step = len(xs) // 120_000 + 1
        xs, ys = xs[::step], ys[::step]

    def score(deg: float) -> float:
        a = np.deg2rad(deg)
        rows = np.round(ys * np.cos(a) - xs * np.sin(a)).astype(np.int64)
        rows -= rows.min()
        counts = np.bincount(rows)
        return float(np.dot(counts, counts))

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    best = max(fine, key=score)
    return float(round(best, 2)) if abs(best) >= 0.05 else 0.0


def line_height(gray: Image.Image) -> float | None:
    """The median height in pixels of the text lines (runs of inked rows)."""
    f = 0.5 if gray.width > 1000 else 1.0
    small = gray.resize((max(1, round(gray.width * f)), max(1, round(gray.height * f))),
                        Image.Resampling.BOX) if f < 1 else gray
    a = np.asarray(small)
    t = min(_otsu(a), 160.0)
    ink = (a < t).sum(axis=1)
    inked = ink > max(2, 0.01 * a.shape[1])
    heights = []
    run = 0
    for v in inked:
        if v:
            run += 1
        elif run:
            heights.append(run)
            run = 0
    if run:
        heights.append(run)
    heights = [h for h in heights if h >= 3]
    if len(heights) < 2:
        return None
    return statistics.median(heights) / f


SPECKLE = 0.0003  # share of isolated dark pixels from which a page counts as noisy


def speckle(gray: Image.Image) -> float:
    """The share of the page's pixels that are dark with no dark neighbour (scanner
    noise; a clean page has next to none)."""
    a = np.asarray(gray)
    dark = a < min(_otsu(a[::4, ::4]), 160.0)
    if dark.shape[0] < 3 or dark.shape[1] < 3:
        return 0.0
    core = dark[1:-1, 1:-1]
    neighbours = np.zeros_like(core)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy or dx:
                neighbours |= dark[1 + dy:dark.shape[0] - 1 + dy, 1 + dx:dark.shape[1] - 1 + dx]
    return float((core & ~neighbours).mean())


def prepare(image: Image.Image, engine: str) -> tuple[Image.Image, float, float]:
    """The page as the engine reads it best: grey, deskewed and scaled; returns (image,
    scale, skew in degrees)."""
    gray = ImageOps.exif_transpose(image) if image.mode != "L" else image
    if gray.mode in ("RGBA", "LA", "P", "PA"):
        bg = Image.new("RGBA", gray.size, (255, 255, 255, 255))
        gray = Image.alpha_composite(bg, gray.convert("RGBA"))
    gray = gray.convert("L")
    noisy = speckle(gray) >= SPECKLE
    if noisy:
        # scanner noise (isolated dark and light pixels) out, at the scan's resolution:
        # on a noisy 150-dpi scan Tesseract's error rate falls from 20% to under 1% (on
        # a clean page the filter thins strokes, so only where there is speckle)
        gray = gray.filter(ImageFilter.MedianFilter(3))
    skew = estimate_skew(gray)
    if skew:
        gray = gray.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False,
                           fillcolor=255)
    scale = 1.0
    lh = line_height(gray)
    if lh:
        scale = min(max(TARGET_LINE_PX[engine] / lh, 0.25), 3.0)
        if abs(scale - 1.0) > 0.08:
            gray = gray.resize((max(1, round(gray.width * scale)),
                                max(1, round(gray.height * scale))),
                               Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)
        else:
            scale = 1.0
    return gray, scale, skew


# -- engines ----------------------------------------------------------------------------


@dataclass
class _Box:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float
    line: object  # key shared by the boxes of one recognized line


def _tesseract(img: Image.Image, dpi: float, timeout: float, name: str) -> list[_Box]:
    exe = shutil.which("tesseract")
    if exe is None:
        check_engine("tesseract", name)
    buf = io.BytesIO()
    img.save(buf, format="PPM")
    cmd = [exe, "stdin", "stdout", "-l", tesseract_lang(), "--psm", "3", "--dpi",
           str(max(70, round(dpi))), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, env=env,
                              timeout=max(timeout, 1.0), check=False)
    except subprocess.TimeoutExpired as exc:
        raise LimitError(f"OCR of a page took over {timeout:.0f} s (HUIBIAN_FILE_TIMEOUT)",
                         file=name, code="E114") from exc
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"Tesseract failed on a page ({why[-1] if why else proc.returncode})",
                         file=name, code="E161")
    boxes: list[_Box] = []
    for row in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        level = cols[0]
        key = (cols[2], cols[3], cols[4])
        left, top, width, height = (int(c) for c in cols[6:10])
        if level == "5":
            text = cols[11].strip()
            conf = float(cols[10])
            if not text or conf < 0:
                continue
            boxes.append(_Box(text, left, left + width, top, top + height, conf, key))
    return boxes


@lru_cache(maxsize=1)
def _rapidocr_engine():
    import logging

    from rapidocr import RapidOCR

    engine = RapidOCR(params={
        "Global.log_level": "error",
        "Global.use_cls": False,  # scans are upright (deskewed): no per-line angle model
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return engine


def _rapidocr(img: Image.Image, name: str) -> list[_Box]:
    check_engine("rapidocr", name)
    out = _rapidocr_engine()(np.asarray(img.convert("RGB")))
    boxes: list[_Box] = []
    if out is None or getattr(out, "boxes", None) is None:
        return boxes
    for i, (box, text, score) in enumerate(zip(out.boxes, out.txts, out.scores)):
        text = (text or "").strip()
        if not text:
            continue
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        boxes.append(_Box(text, min(xs), max(xs), min(ys), max(ys), float(score) * 100, i))
    return boxes


# -- boxes -> lines ---------------------------------------------------------------------


def _rows(group: list[_Box]) -> list[list[_Box]]:
    """The boxes of one recognized line split into rows by their bottoms: Tesseract
    sometimes gives a line (a large, wrapped title) a box reaching into the next, so
    rows are found from the characters themselves. Small marks (quotes, commas) join
    the row whose bottom is nearest."""
    heights = [b.bottom - b.top for b in group]
    mh = statistics.median(heights)
    big = sorted((b for b in group if b.bottom - b.top >= 0.6 * mh), key=lambda b: b.bottom)
    if not big:
        return [group]
    rows: list[list[_Box]] = [[big[0]]]
    for b in big[1:]:
        if b.bottom - rows[-1][-1].bottom > 0.5 * mh:
            rows.append([b])
        else:
            rows[-1].append(b)
    if len(rows) == 1:
        return [group]
    bottoms = [statistics.median(b.bottom for b in r) for r in rows]
    for b in group:
        if b.bottom - b.top < 0.6 * mh:
            i = min(range(len(rows)), key=lambda i: abs(bottoms[i] - b.bottom))
            rows[i].append(b)
    return rows


def _runs(boxes: list[_Box], height_px: float, k: float):
    """The PDF reader's runs for the boxes: x in points, y up, every box of a row on
    that row's bottom, ``em`` the width of one Han character on the row."""
    from huibian.ingest.readers.pdf import _Run, is_wide  # deferred for start-up time (pypdfium2)

    by_line: dict[object, list[_Box]] = {}
    for b in boxes:
        by_line.setdefault(b.line, []).append(b)
    runs = []
    for line in by_line.values():
        for group in _rows(line):
            big = [b for b in group if all(is_wide(c) for c in b.text)] or group
            bottom = statistics.median(b.bottom for b in big)
            top = statistics.median(b.top for b in big)
            h = max(bottom - top, 1.0)
            # the ink of a Han character is about 0.92 of its em square high (widths
            # vary far more: 一 is wide, 卜 narrow)
            han = [b.bottom - b.top for b in group
                   if all(is_wide(c) for c in b.text) and not set(b.text) & _NARROW_WIDE]
            em = (statistics.median(han) if han else h) / 0.92
            for b in sorted(group, key=lambda b: b.x0):
                runs.append(_Run(b.text, b.x0 * k, b.x1 * k, (height_px - bottom) * k, h * k,
                                 em * k))
    return runs


# wide characters whose ink is narrow (punctuation): not used to measure a character
_NARROW_WIDE = set("，。、；：？！“”‘’（）《》〈〉【】〔〕…—·")

# 文号 years in 〔〕 (GB/T 9704), which Tesseract reads as [ ] ( ) 【 】
_DOC_YEAR = re.compile(r"[\[(（【〔〈<]\s*((?:19|20)\d{2})\s*[\])）】〕〉>]\s*(?=\d{1,4}\s*号)")
# a bracket pair whose opening half was misread: 〈…) or <…）
_PAIR = re.compile(r"[〈<]([^〈<〉>()（）\[\]]{1,30})[)）]")


# a 1 read as ] | l I inside a number or before 年 月 日 号
_ONE = re.compile(r"(\d+)[\]|lI](?=(\d|\s*[年月日号]))")


def _one(m: re.Match) -> str:
    # a year already has its four digits: the mark is a stray stroke (of 年), not a 1
    if len(m.group(1)) == 4 and m.group(2).strip() == "年":
        return m.group(1)
    return m.group(1) + "1"


# a run of three or more em dashes (省———市———县) is read as 一一一; no word has it
_DASHES = re.compile("一{3,}")


def fix_brackets(text: str) -> str:
    """Bracket misreadings OCR makes on printed Chinese documents: the
    year of a document number (``青教发(2011]8号`` → ``青教发〔2011〕8号``) and a
    parenthesis whose opening half came out as an angle bracket (``〈区)`` →
    ``（区）``)."""
    text = _DOC_YEAR.sub(r"〔\1〕", text)
    text = _ONE.sub(_one, text)
    text = _DASHES.sub(lambda m: "—" * len(m.group(0)), text)
    return _PAIR.sub(r"（\1）", text)


def ocr_image(image: Image.Image, *, dpi: float, engine: str, name: str,
              deadline: float | None = None) -> PageText:
    """Read one page image. ``dpi`` is the image's resolution (points = pixels * 72 /
    dpi); ``deadline`` a ``time.monotonic()`` past which it stops (E114)."""
    from huibian.ingest.readers.pdf import _group_lines  # deferred for start-up time (pypdfium2)

    started = time.monotonic()
    if image.width * image.height > MAX_PIXELS:
        raise LimitError(f"an image page of {image.width}x{image.height} pixels, over the "
                         f"{MAX_PIXELS // 1_000_000}-megapixel limit", file=name, code="E162")
    img, scale, skew = prepare(image, engine)
    eff_dpi = dpi * scale
    k = 72.0 / eff_dpi
    left = (deadline - time.monotonic()) if deadline is not None else 600.0
    if left <= 0:
        raise LimitError("reading took over the time limit before OCR of a page "
                         "(HUIBIAN_FILE_TIMEOUT)", file=name, code="E114")
    if engine == "tesseract":
        boxes = _tesseract(img, eff_dpi, left, name)
    elif engine == "rapidocr":
        boxes = _rapidocr(img, name)
    else:
        raise ValueError(f"unknown OCR engine {engine!r}")
    lines = _group_lines(_runs(boxes, img.height, k))
    for ln in lines:
        ln.text = fix_brackets(ln.text)
    chars = sum(len(b.text) for b in boxes)
    conf = (sum(b.conf * len(b.text) for b in boxes) / chars) if chars else 0.0
    return PageText(lines, engine, round(conf, 1), chars, skew, time.monotonic() - started)


def image_dpi(image: Image.Image, default: float = 300.0) -> float:
    dpi = image.info.get("dpi")
    try:
        d = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        d = 0.0
    return d if 50 <= d <= 2400 else default
