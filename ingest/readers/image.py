"""Scanned pages as image files: PNG, JPEG, TIFF (every page of a multi-page TIFF),
BMP and WebP, read by OCR (``huibian.ingest.ocr``) and then treated as a PDF's pages are:
running heads and page numbers removed, wrapped lines joined by position."""

from __future__ import annotations

import io
import time
import warnings

from PIL import Image, ImageSequence, UnidentifiedImageError

from huibian.core.errors import InputError, LimitError
from huibian.core.records import Extracted, OcrPage, SourceFile
from huibian.ingest.progress import report
from huibian.core.limits import Limits

IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"),
               (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"BM", "BMP"))


def image_format(data: bytes) -> str | None:
    for magic, fmt in IMAGE_MAGIC:
        if data.startswith(magic):
            if fmt == "BMP" and len(data) < 26:
                return None
            return fmt
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


class ImageReader:
    kind = "image"

    def score(self, src: SourceFile) -> int:
        return 90 if image_format(src.data) else 0

    def read(self, src: SourceFile, limits: Limits) -> Extracted:
        # deferred for start-up time (PIL, numpy)
        from huibian.ingest.ocr import MAX_PIXELS, check_engine, engine_from_env, image_dpi, ocr_image
        # deferred for start-up time (pypdfium2)
        from huibian.ingest.readers.pdf import _PageOcr, extracted_from_lines

        engine = engine_from_env()
        if engine == "off":
            raise InputError("an image, and OCR is off (HUIBIAN_OCR=off); set "
                             "HUIBIAN_OCR=tesseract or submit the text", file=src.name,
                             code="E160")
        check_engine(engine, src.name)
        started = time.monotonic()
        deadline = started + limits.max_seconds_per_file
        fmt = image_format(src.data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                img = Image.open(io.BytesIO(src.data))
                img.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise LimitError(f"an image too large to read ({exc})", file=src.name,
                             code="E162") from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise InputError(f"corrupt or truncated {fmt} image ({exc}); scan or export it "
                             "again", file=src.name, code="E163") from exc
        ocr = _PageOcr(src, engine)
        pages = []
        try:
            frames = getattr(img, "n_frames", 1)
            if frames > limits.max_pages:
                raise LimitError(f"the image has {frames} pages, over the {limits.max_pages}"
                                 "-page limit (HUIBIAN_MAX_PAGES)", file=src.name, code="E112")
            for index, frame in enumerate(ImageSequence.Iterator(img)):
                try:
                    frame.load()
                    if frame.width * frame.height > MAX_PIXELS:
                        raise LimitError(f"page {index + 1} is {frame.width}x{frame.height} "
                                         f"pixels, over the {MAX_PIXELS // 1_000_000}-megapixel "
                                         "limit", file=src.name, code="E162")
                    page = frame.copy()
                except (OSError, ValueError, SyntaxError) as exc:
                    raise InputError(f"corrupt or truncated {fmt} image (page {index + 1}: "
                                     f"{exc}); scan or export it again", file=src.name,
                                     code="E163") from exc
                got = ocr_image(page, dpi=image_dpi(frame), engine=engine, name=src.name,
                                deadline=deadline)
                if got.lines:
                    ocr.done.append(OcrPage(index + 1, got.engine, got.confidence, got.chars))
                pages.append(got.lines)
                report("ocr", index + 1, frames)
                if time.monotonic() > deadline:
                    raise LimitError(f"reading took over {limits.max_seconds_per_file:.0f} s "
                                     f"at page {index + 1} (HUIBIAN_FILE_TIMEOUT)",
                                     file=src.name, code="E114")
        finally:
            img.close()
        return extracted_from_lines(src, pages, ocr, kind="image")
