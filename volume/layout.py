"""Page layout of a compiled volume: GB/T 9704-2012 (党政机关公文格式) constants where
they apply to a book of texts, and the font fallback used when the official fonts are
not installed.

The DOCX always *names* the official fonts (so Word on an official PC uses them); when
they are missing here, LibreOffice is given a private fontconfig file that maps each
official name to the first installed fallback (the Noto CJK fonts), so the PDF is
rendered with real CJK glyphs and never with boxes.

The fallbacks are the Simplified Chinese faces (``Noto Serif CJK SC``). Debian's
fonts-noto-cjk ships them inside .ttc collections whose faces (JP, KR, SC, TC, HK) share
one CFF table named after the first face, so LibreOffice embedded ``NotoSerifCJKjp`` even
with the SC face chosen. ``sc_faces`` writes each SC face out of its collection as a
standalone OpenType file (its own cmap and name table, the CFF renamed to the face's
PostScript name), once, in the cache folder; the private fontconfig reads that folder
and rejects the collections, so the PDF embeds ``NotoSerifCJKsc``/``NotoSansCJKsc``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from huibian.core.settings import read_settings

log = logging.getLogger(__name__)

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


def _collection_faces(family: str) -> list[tuple[str, int]]:
    """(file, face index) of every style of ``family`` that sits in a font collection."""
    fc = shutil.which("fc-list")
    if not fc:
        return []
    try:
        out = subprocess.run([fc, "-f", "%{file}\t%{index}\n", f":family={family}"],
                             capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in out.splitlines():
        path, _, index = line.rpartition("\t")
        if path.lower().endswith((".ttc", ".otc")) and index.isdigit():
            faces.append((path, int(index)))
    return sorted(set(faces))


def extract_face(collection: str, index: int, folder: Path) -> Path:
    """Face ``index`` of ``collection`` as a standalone OpenType file in ``folder`` (made
    once: the name carries the collection's size and time), its tables copied as they
    are, the shared CFF's font names renamed to this face's PostScript prefix when the
    two are the same length (``NotoSerifCJKjp`` -> ``NotoSerifCJKsc``)."""
    from fontTools.ttLib import TTCollection  # only a PDF export needs fontTools here
    from fontTools.ttLib.sfnt import SFNTWriter  # (same reason)

    st = os.stat(collection)
    coll = TTCollection(collection, lazy=True)
    try:
        face = coll.fonts[index]
        ps = face["name"].getDebugName(6) or f"{Path(collection).stem}-{index}"
        out = Path(folder) / f"{ps}-{st.st_size}-{int(st.st_mtime)}.otf"
        if out.exists():
            return out
        reader = face.reader
        tags = sorted(reader.keys())
        cff_name = None
        if "CFF " in tags:
            cff_name = face["CFF "].cff.fontNames[0]
        old, new = (cff_name or "").split("-")[0].encode(), ps.split("-")[0].encode()
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        Path(folder).mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            writer = SFNTWriter(fh, len(tags), reader.sfntVersion)
            for tag in tags:
                data = reader[tag]
                if tag == "CFF " and old and old != new and len(old) == len(new):
                    data = data.replace(old, new)
                writer[tag] = data
            writer.close()
        os.replace(tmp, out)  # atomic: a parallel export sees the whole file or none
        return out
    finally:
        coll.close()


def sc_faces(folder: Path | None = None,
             installed: frozenset[str] | None = None) -> tuple[Path | None, tuple[str, ...]]:
    """The folder holding the fallback families' faces taken out of their collections,
    and the collection files they replace (``(None, ())`` when no fallback in use sits in
    a collection)."""
    installed = installed_families() if installed is None else installed
    families = sorted({f for f in (rendering_font(r, installed) for r in ROLES) if f})
    faces = [face for fam in families for face in _collection_faces(fam)]
    if not faces:
        return None, ()
    folder = Path(folder) if folder else read_settings().cache_dir / "fonts"
    try:
        for path, index in faces:
            extract_face(path, index, folder)
    except Exception:  # noqa: BLE001 - an unwritable cache or an odd collection
        # the PDF is still right in every glyph, only its fonts keep the collection's
        # first name (NotoSerifCJKjp): better than no PDF
        log.warning("could not write the SC faces to %s; the PDF names the collections' "
                    "fonts", folder, exc_info=True)
        return None, ()
    return folder, tuple(sorted({path for path, _ in faces}))


def fontconfig_xml(installed: frozenset[str] | None = None, *, fonts_dir: Path | None = None,
                   rejected: tuple[str, ...] = (), cache: Path | None = None) -> str:
    """A fontconfig file that includes the system configuration and maps every missing
    official font to its installed fallback (bold where the fallback needs it); with
    ``fonts_dir``, it also reads that folder and rejects the ``rejected`` collections."""
    installed = installed_families() if installed is None else installed
    rules = []
    if fonts_dir is not None:
        rules.append(f"  <dir>{escape(str(fonts_dir))}</dir>")
        if cache is not None:
            rules.append(f"  <cachedir>{escape(str(cache))}</cachedir>")
        if rejected:
            globs = "".join(f"<glob>{escape(p)}</glob>" for p in rejected)
            rules.append(f"  <selectfont><rejectfont>{globs}</rejectfont></selectfont>")
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
    """The private fontconfig file of one LibreOffice run, in ``folder``: the official
    names mapped to the SC fallbacks, those read from standalone faces (``sc_faces``)."""
    fonts_dir, rejected = sc_faces()
    path = Path(folder) / "fonts.conf"
    path.write_text(fontconfig_xml(fonts_dir=fonts_dir, rejected=rejected,
                                   cache=fonts_dir / "fc-cache" if fonts_dir else None),
                    encoding="utf-8")
    return path
