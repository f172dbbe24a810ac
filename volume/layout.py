"""Page layout of a compiled volume: GB/T 9704-2012 (党政机关公文格式) constants where
they apply to a book of texts, and the font fallback used when the official fonts are
not installed.

The DOCX always *names* the official fonts (so Word on an official PC uses them); when
they are missing here, LibreOffice is given a private fontconfig file that maps each
official name to the first installed fallback (the Noto CJK fonts), so the PDF is
rendered with real CJK glyphs and never with boxes.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

# A4 and the margins of GB/T 9704-2012 §5.2.1 (版心 156 mm × 225 mm).
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
# §7.5: the page number's 一字线 sits 7 mm below the text block; the footer is placed
# so that a 4号 line starts there.
FOOTER_DISTANCE_MM = 22
HEADER_DISTANCE_MM = 15

# Sizes in points (号 → pt).
SIZE_ER = 22.0      # 二号: titles (小标宋)
SIZE_SAN = 16.0     # 三号: body, headings, unit line
SIZE_SI = 14.0      # 四号: page numbers
SIZE_COVER = 22.0   # 二号: the volume's title on the cover (一号 wraps most titles)
# §5.2.2: 22 lines of 28 characters in the 225 mm text block → exactly 28.95 pt a line.
LINE_PITCH_PT = 28.95
FIRST_LINE_INDENT_CHARS = 2

DASH = "\u2014"  # 一字线 around page numbers: — 1 —


@dataclass(frozen=True)
class FontRole:
    """One typographic role: the font GB/T 9704 names, and what to render with when it
    is not installed (first installed wins)."""

    role: str
    official: str
    fallbacks: tuple[str, ...]
    bold_fallback: bool = False  # the fallback needs bold to look like the official face
    word_alt: str = ""           # what Word substitutes when the official font is missing
    family: str = "roman"        # fontTable family class (roman = serif, swiss = sans)


TITLE = FontRole("title", "方正小标宋简体", ("Noto Serif CJK SC",), bold_fallback=True,
                 word_alt="宋体")
BODY = FontRole("body", "仿宋_GB2312", ("FangSong", "仿宋", "Noto Serif CJK SC"),
                word_alt="仿宋")
HEI = FontRole("heading1", "黑体", ("SimHei", "Noto Sans CJK SC"), word_alt="SimHei",
               family="swiss")
KAI = FontRole("heading2", "楷体_GB2312", ("KaiTi", "楷体", "AR PL UKai CN", "Noto Serif CJK SC"),
               word_alt="楷体")
SONG = FontRole("pagenum", "宋体", ("SimSun", "Noto Serif CJK SC"), word_alt="SimSun")
EAST_ASIAN_LANG = "zh-CN"
LATIN = "Times New Roman"
ROLES = (TITLE, BODY, HEI, KAI, SONG)


def _fc_list_families() -> frozenset[str]:
    fc = shutil.which("fc-list")
    if not fc:
        return frozenset()
    try:
        out = subprocess.run([fc, ":", "family"], capture_output=True, text=True,
                             timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names: set[str] = set()
    for line in out.splitlines():
        names.update(n.strip() for n in line.split(",") if n.strip())
    return frozenset(names)


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Every font family fontconfig knows (all localized names), once per process."""
    return _fc_list_families()


def rendering_font(role: FontRole, installed: frozenset[str] | None = None) -> str | None:
    """The family LibreOffice should render ``role`` with, or ``None`` when the official
    font itself is installed (no substitution needed)."""
    installed = installed_families() if installed is None else installed
    if role.official in installed:
        return None
    for name in role.fallbacks:
        if name in installed:
            return name
    return None


def fontconfig_xml(installed: frozenset[str] | None = None) -> str:
    """A fontconfig file that includes the system configuration and maps every missing
    official font to its installed fallback (bold where the fallback needs it)."""
    installed = installed_families() if installed is None else installed
    rules = []
    for role in ROLES:
        target = rendering_font(role, installed)
        if target is None:
            continue
        weight = ('<edit name="weight" mode="assign" binding="strong"><const>bold</const>'
                  '</edit>') if role.bold_fallback else ""
        rules.append(
            '  <match target="pattern">\n'
            f'    <test name="family" qual="any"><string>{escape(role.official)}</string></test>\n'
            f'    <edit name="family" mode="assign" binding="strong"><string>{escape(target)}'
            f'</string></edit>{weight}\n'
            '  </match>')
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            + "\n".join(rules) + "\n</fontconfig>\n")


def write_fontconfig(folder: Path) -> Path:
    path = Path(folder) / "fonts.conf"
    path.write_text(fontconfig_xml(), encoding="utf-8")
    return path
