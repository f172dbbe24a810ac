"""Legacy Word .doc and WPS .wps: converted to .docx by LibreOffice (headless, a
private profile per run so parallel conversions do not collide, with a timeout), then
read by the DOCX reader."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from huibian.core import tempdirs
from huibian.core.errors import InputError, LimitError, ToolMissing
from huibian.core.records import Extracted, SourceFile
from huibian.core.limits import Limits
from huibian.ingest.readers.docx import read_docx

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_LEGACY_NAMES = (".doc", ".wps", ".dot", ".wpt")
NEEDS_LIBREOFFICE = ("legacy Word format needs LibreOffice: install libreoffice-writer-nogui, "
                     "or save the file as .docx")
MAX_CONVERT_SECONDS = 120.0


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(src_path: Path, out_dir: Path, to: str, *, timeout: float,
            name: str) -> Path:
    """Convert ``src_path`` with LibreOffice to format ``to`` (``docx``, ``doc``) in
    ``out_dir``; return the new file. Raises ToolMissing / InputError / LimitError
    naming ``name``."""
    soffice = find_soffice()
    if soffice is None:
        raise ToolMissing(NEEDS_LIBREOFFICE, file=name)
    profile = tempdirs.make("huibian-lo-profile-")  # swept if this process is killed
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--nologo", "--nodefault", "--nolockcheck", "--convert-to", to,
           "--outdir", str(out_dir), str(src_path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "HOME": str(profile)}, check=False)
    except subprocess.TimeoutExpired as exc:
        raise LimitError(f"LibreOffice did not convert the file within {timeout:.0f} s; "
                         "save it as .docx and submit again", file=name, code="E114") from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = out_dir / (src_path.stem + "." + to.split(":")[0])
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        why = detail[-1] if detail else f"exit status {proc.returncode}"
        raise InputError(f"LibreOffice could not convert this file ({why}); it may be "
                         "corrupt or password-protected — open it in Word or WPS and save "
                         "it as .docx", file=name, code="E150")
    return out


def is_word_ole(data: bytes) -> bool:
    """An OLE2 compound file holding a WordDocument stream (Word 97-2003, WPS)."""
    return data.startswith(OLE2_MAGIC) and _WORD_STREAM in data[:4 * 1024 * 1024]


class LegacyWordReader:
    kind = "doc"

    def score(self, src: SourceFile) -> int:
        named = src.name.lower().endswith(_LEGACY_NAMES)
        if is_word_ole(src.data):
            return 90
        if src.data.startswith(OLE2_MAGIC):
            return 50 if named else 0  # OLE2 but maybe Excel/PowerPoint
        if src.name.lower().endswith(".wps") and not src.data.startswith((b"PK", b"%PDF")):
            return 15
        return 0

    def read(self, src: SourceFile, limits: Limits) -> Extracted:
        suffix = ".doc" if src.data.startswith(OLE2_MAGIC) else Path(src.name).suffix.lower()
        with tempdirs.workdir("huibian-doc-") as tmp:
            tmp_path = Path(tmp)
            source = tmp_path / f"input{suffix or '.doc'}"
            source.write_bytes(src.data)
            out_dir = tmp_path / "out"
            out_dir.mkdir()
            timeout = min(limits.max_seconds_per_file, MAX_CONVERT_SECONDS)
            out = convert(source, out_dir, "docx", timeout=timeout, name=src.name)
            converted = SourceFile.from_bytes(src.name, out.read_bytes())
        ex = read_docx(converted, limits, kind="doc")
        # keep the submitted file (its bytes and hash), not the converted one
        return Extracted(source=src, kind="doc", text=ex.text, page_starts=ex.page_starts,
                         headings=ex.headings, hard_wrapped=False, furniture=ex.furniture,
                         warnings=ex.warnings + ("converted from a legacy Word format "
                                                 "with LibreOffice",))
