"""Make the PDF and DOCX samples from the seed texts (run: python corpora/make_samples.py).

- ``000_3d6cb0e400fd333e.pdf``: seed 000 (a compiled volume's preface and two cases)
  as an A4 book page layout: Noto CJK, running head 创先争优活动优秀成果汇编, page
  numbers ``- N -``, paragraphs re-joined from the seed's wrapped lines and wrapped
  again by the PDF layout (huibian.testkit.pdfmaker, shared with the reader tests).
- ``001_034e52bbb917526e.docx``: seed 001 (an implementation plan) as a Word file:
  document number, Title style for the title, Heading 1 for 一、… lines, the
  signature, date, 主题词 and distribution lines as they are in the seed.

The outputs are deterministic for the same seeds (fixed dates in both files)."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from huibian.testkit.pdfmaker import make_pdf, rejoin_seed

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"

SEED_VOLUME = SAMPLE / "000_3d6cb0e400fd333e.txt"
SEED_PLAN = SAMPLE / "001_034e52bbb917526e.txt"
FIXED = datetime(2012, 7, 1, tzinfo=timezone.utc)
_HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、\S{1,20}$")


def volume_pdf() -> bytes:
    return make_pdf(rejoin_seed(SEED_VOLUME.read_text(encoding="utf-8")))


def plan_docx() -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    lines = [ln.strip() for ln in SEED_PLAN.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = FIXED.replace(tzinfo=None)
    d.core_properties.title = lines[1] + lines[2]
    doc_number = d.add_paragraph(lines[0])  # 湖教体发[2010]6号
    doc_number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_heading(lines[1] + lines[2], level=0)  # the title is wrapped over two lines
    for line in lines[3:]:
        if _HEADING_1.match(line):
            d.add_heading(line, level=1)
        elif line.startswith("主题词"):
            p = d.add_paragraph()
            p.add_run(line).bold = True
        else:
            d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed, zin.read(info))
    return out.getvalue()


def main() -> int:
    outputs = {SAMPLE / "000_3d6cb0e400fd333e.pdf": volume_pdf(),
               SAMPLE / "001_034e52bbb917526e.docx": plan_docx()}
    for path, data in outputs.items():
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        print(f"{path.relative_to(ROOT)}: {len(data) / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
