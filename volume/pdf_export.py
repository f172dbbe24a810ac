"""Render a volume's DOCX to PDF with LibreOffice, and fill the table of contents with
the pages where sections and items really start.

``export_volume`` writes the DOCX, renders it, reads where each heading landed, writes
the DOCX again with those numbers and re-renders, until the numbers no longer change
(at most ``MAX_PASSES`` renders). LibreOffice runs headless with a private profile in
a temporary folder (so it never touches, or waits for, a user's running office) and
with a fontconfig file that maps missing official fonts to the Noto CJK fonts.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from huibian.core import tempdirs
from huibian.core.errors import HuibianError, ToolMissing
from huibian.volume import layout
from huibian.volume.docx_export import TocEntry, build_docx
from huibian.volume.records import Compiled

MAX_PASSES = 3
SOFFICE_TIMEOUT = 240
INSTALL_HINT = ("LibreOffice is needed to make the PDF and the table of contents' page "
                "numbers; install it: sudo apt-get install libreoffice-writer-nogui "
                "fonts-noto-cjk")


class RenderError(HuibianError):
    """LibreOffice failed or timed out on a file."""

    code = "E610"


@dataclass(frozen=True)
class ExportResult:
    docx: Path
    pdf: Path | None
    pages: Mapping[str, int]          # TOC key -> page number (1 = the cover)
    page_count: int | None
    passes: int                       # renders done
    stable: bool                      # the TOC numbers equal the pages in the PDF
    warnings: tuple[str, ...] = field(default=())


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, out_dir: Path, *, work: Path | None = None,
                timeout: int = SOFFICE_TIMEOUT) -> Path:
    """``soffice --headless --convert-to pdf``; returns the PDF's path in ``out_dir``."""
    soffice = find_soffice()
    if not soffice:
        raise ToolMissing(INSTALL_HINT, file=str(docx))
    with tempdirs.workdir("huibian-lo-") as tmp:  # swept if this process is killed
        base = Path(work) if work else Path(tmp)
        profile = base / "lo-profile"
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(layout.write_fontconfig(base))
        env.setdefault("HOME", str(base))
        cmd = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
               "--invisible", "--norestore", "--nolockcheck", "--nodefault",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), str(docx)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group this call started
            proc.communicate()
            raise RenderError(f"LibreOffice did not finish within {timeout} s",
                              file=str(docx)) from None
    pdf = Path(out_dir) / (Path(docx).stem + ".pdf")
    if proc.returncode != 0 or not pdf.exists():
        detail = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError("LibreOffice could not convert it to PDF"
                          + (f": {detail[-1]}" if detail else ""), file=str(docx))
    return pdf


_WS = re.compile(r"\s+")
_FOOTER = re.compile(rf"[{layout.DASH}\-－]\s*\d+\s*[{layout.DASH}\-－]\s*$")


def page_texts(pdf: Path) -> list[str]:
    """Each page's text with whitespace and the footer page number removed."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            text = tp.get_text_range()
            tp.close()
            page.close()
            text = _WS.sub("", text.replace("\ufffe", ""))
            out.append(_FOOTER.sub("", text))
        return out
    finally:
        doc.close()


def locate(entries: Sequence[TocEntry], texts: Sequence[str]) -> dict[str, int]:
    """1-based page of each entry: a section's page holds its heading alone, an item's
    page starts with its title; searched in document order, so the table of contents
    (which lists the same titles) is never taken for them."""
    found: dict[str, int] = {}
    page = 0
    for e in entries:
        title = _WS.sub("", e.title)
        for i in range(page, len(texts)):
            text = texts[i]
            ok = text == title if e.level == 1 else text.startswith(title)
            if ok:
                found[e.key] = i + 1
                page = i + 1
                break
        else:
            raise RenderError(f"could not find where {e.title!r} starts in the rendered PDF")
    return found


def export_volume(compiled: Compiled, docx_out: str | Path, pdf_out: str | Path | None = None,
                  *, max_passes: int = MAX_PASSES) -> ExportResult:
    """Write the DOCX (and the PDF when asked) with a table of contents whose page
    numbers match the rendered pages. Without LibreOffice: the PDF is a ToolMissing
    error; a DOCX alone is still written, its TOC numbers left for Word to fill."""
    docx_out = Path(docx_out)
    if find_soffice() is None:
        if pdf_out is not None:
            raise ToolMissing(INSTALL_HINT, file=str(pdf_out))
        build_docx(compiled, docx_out)
        return ExportResult(docx_out, None, {}, None, 0, False,
                            ("LibreOffice is not installed: the table of contents has no page "
                             "numbers; update fields in Word (F9) or install "
                             "libreoffice-writer-nogui",))
    numbers: dict[str, int] = {}
    stable = False
    passes = 0
    with tempdirs.workdir("huibian-volume-") as tmp:  # swept if this process is killed
        work = Path(tmp)
        draft = work / "volume.docx"
        pdf = None
        texts: list[str] = []
        while passes < max_passes:
            entries = build_docx(compiled, draft, numbers)
            pdf = docx_to_pdf(draft, work, work=work)
            passes += 1
            texts = page_texts(pdf)
            found = locate(entries, texts)
            if found == numbers:
                stable = True
                break
            numbers = found
        docx_out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(draft, docx_out)
        pdf_path = None
        if pdf_out is not None:
            pdf_path = Path(pdf_out)
            pdf_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, pdf_path)
    warnings = () if stable else (
        f"page numbers still moved after {max_passes} renders; the table of contents may "
        "be off by a page — update fields in Word (F9)",)
    return ExportResult(docx_out, pdf_path, numbers, len(texts), passes, stable, warnings)
