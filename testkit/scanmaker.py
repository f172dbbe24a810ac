"""Scans made from our own PDFs: each page rendered to a grey image (pypdfium2) at a
resolution, turned by a slight skew, blurred and sprinkled with noise, as a scanner
gives them; then saved as an image-only PDF, PNG pages or a multi-page TIFF.

Used by the OCR tests (tests/ingest/test_ocr.py, tests/app) and by bench/ocr.py."""

from __future__ import annotations

import io
import random

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def render_pages(pdf: bytes, dpi: float = 300, pages: list[int] | None = None
                 ) -> list[Image.Image]:
    """The pages (0-based indices; all by default) of ``pdf`` as grey images."""
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in pages if pages is not None else range(len(doc)):
            page = doc[i]
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            img.info["dpi"] = (dpi, dpi)
            out.append(img)
            page.close()
        return out
    finally:
        doc.close()


def degrade(img: Image.Image, *, skew: float = 0.8, blur: float = 0.8, noise: float = 0.004,
            seed: int = 0) -> Image.Image:
    """A scanner's copy of ``img``: rotated ``skew`` degrees (counter-clockwise), a
    Gaussian blur of ``blur`` pixels, a ``noise`` share of pixels flipped to black or
    white, and grey-level jitter."""
    dpi = img.info.get("dpi", (300, 300))
    out = img.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255) if skew else img
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    a = np.asarray(out, dtype=np.int16).copy()
    rng = np.random.default_rng(seed)
    a += rng.integers(-12, 13, size=a.shape, dtype=np.int16)
    if noise:
        mask = rng.random(a.shape) < noise
        a[mask] = np.where(rng.random(int(mask.sum())) < 0.5, 0, 255)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    out.info["dpi"] = dpi
    return out


def scans(pdf: bytes, dpi: float = 300, seed: int = 0, **kw) -> list[Image.Image]:
    """Every page of ``pdf`` rendered and degraded (a skew between -1 and 1 degree per
    page unless ``skew`` is given)."""
    rng = random.Random(seed)
    out = []
    for i, img in enumerate(render_pages(pdf, dpi)):
        skew = kw.get("skew", round(rng.uniform(-1.0, 1.0), 2))
        out.append(degrade(img, skew=skew, blur=kw.get("blur", 0.8),
                           noise=kw.get("noise", 0.004), seed=seed * 1000 + i))
    return out


def image_pdf(images: list[Image.Image], dpi: float = 300) -> bytes:
    """An image-only PDF (no text layer), one image per page."""
    buf = io.BytesIO()
    first, rest = images[0], images[1:]
    first.save(buf, format="PDF", save_all=True, append_images=rest, resolution=dpi)
    return buf.getvalue()


def png(image: Image.Image, dpi: float = 300) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def tiff(images: list[Image.Image], dpi: float = 300) -> bytes:
    """A multi-page TIFF (deflate), one page per image."""
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:],
                   compression="tiff_deflate", dpi=(dpi, dpi))
    return buf.getvalue()
