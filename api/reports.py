"""The similarity report as a PDF: its HTML printed by a headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from huibian.core.errors import HuibianError, ToolMissing

TIMEOUT = 120.0


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, name: str = "report") -> bytes:
    """PDF bytes of one self-contained HTML page (A4, backgrounds kept)."""
    exe = find_chromium()
    if exe is None:
        raise ToolMissing("the PDF report needs Chromium (Debian package chromium); "
                          "ask for format=html instead", file=name, code="E604")
    with tempfile.TemporaryDirectory(prefix="huibian-report-") as tmp:
        page = Path(tmp) / "report.html"
        out = Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
               f"--print-to-pdf={out}", page.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT,
                                  env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise HuibianError(f"Chromium did not print the report within {TIMEOUT:.0f} s",
                               file=name, code="E605") from None
        if not out.is_file() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise HuibianError(f"Chromium could not print the report ({tail[0][:200]})",
                               file=name, code="E605")
        return out.read_bytes()
