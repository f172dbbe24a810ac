"""A small OFD writer (GB/T 33190): a valid minimal package with ``OFD.xml``, one
document (``Doc_0/Document.xml``, ``PublicRes.xml`` with one font) and one
``Content.xml`` per page, text laid out like a printed notice: A4 pages, a title
centred, body paragraphs with a two-character first-line indent wrapped at the right
margin (one ``TextObject``/``TextCode`` per line, advances in ``DeltaX``, written in
both its plain and ``g N v`` forms), a page number ``- N -`` at the foot.

Used by tests/ingest/test_ofd.py."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP, BOTTOM = 25.0, 30.0, 270.0
SIZE = 4.2333  # 12 pt in millimetres
PITCH = SIZE * 1.6
PER_LINE = 36  # characters per full line (36 * SIZE = 152.4 mm)


def _wide(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or ch in "“”‘’—…·"


def _advance(ch: str, size: float = SIZE) -> float:
    return size if _wide(ch) else size / 2


def _wrap(text: str, first_indent: int) -> list[tuple[float, str]]:
    """(x offset in mm, line text) for a paragraph wrapped at PER_LINE characters' width."""
    out = []
    width = PER_LINE * SIZE
    x0 = first_indent * SIZE
    line, used = "", x0
    for ch in text:
        if used + _advance(ch) > width + 1e-6:
            out.append((x0, line))
            x0, line, used = 0.0, "", 0.0
        line += ch
        used += _advance(ch)
    if line:
        out.append((x0, line))
    return out


def _delta_x(line: str, compress: bool, size: float = SIZE) -> str:
    adv = [round(_advance(c, size), 4) for c in line[:-1]]
    if not adv:
        return ""
    if not compress:
        return " ".join(f"{a:g}" for a in adv)
    parts: list[str] = []
    i = 0
    while i < len(adv):
        j = i
        while j < len(adv) and adv[j] == adv[i]:
            j += 1
        parts.append(f"g {j - i} {adv[i]:g}" if j - i > 1 else f"{adv[i]:g}")
        i = j
    return " ".join(parts)


def layout(blocks: list[str | tuple[str, str]], pages: int | None = None
           ) -> list[list[tuple[float, float, str]]]:
    """Blocks (a ``str`` body paragraph, ``("title", text)``, ``("right", text)``) laid
    out as pages of (x, baseline y, text) lines in millimetres. ``pages`` forces a page
    break so that the text fills that many pages (breaking at the middle line)."""
    lines: list[tuple[float, str]] = []
    for block in blocks:
        style, text = ("body", block) if isinstance(block, str) else block
        if style == "title":
            w = sum(_advance(c) for c in text)
            lines.append((LEFT + (PER_LINE * SIZE - w) / 2, text))
        elif style == "right":
            w = sum(_advance(c) for c in text)
            lines.append((LEFT + PER_LINE * SIZE - w, text))
        else:
            lines.extend((LEFT + x, t) for x, t in _wrap(text, 2))
    per_page = int((BOTTOM - TOP) // PITCH)
    if pages:
        per_page = min(per_page, -(-len(lines) // pages))
    out = []
    for start in range(0, len(lines), per_page):
        chunk = lines[start:start + per_page]
        out.append([(x, TOP + (i + 1) * PITCH, t) for i, (x, t) in enumerate(chunk)])
    return out


def make_ofd(blocks: list[str | tuple[str, str]], *, pages: int | None = None,
             title: str = "文档", page_numbers: bool = True) -> bytes:
    laid = layout(blocks, pages)
    next_id = iter(range(10, 1_000_000))
    files: dict[str, str] = {}
    files["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ofd:OFD xmlns:ofd="{NS}" Version="1.1" DocType="OFD"><ofd:DocBody>'
        f'<ofd:DocInfo><ofd:DocID>6a1b0c2d3e4f56789a0b1c2d3e4f5a6b</ofd:DocID>'
        f'<ofd:Title>{escape(title)}</ofd:Title><ofd:CreationDate>2024-05-01</ofd:CreationDate>'
        f'</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    page_refs = []
    for n, lines in enumerate(laid):
        objs = []
        for i, (x, y, text) in enumerate(lines):
            objs.append(_text_object(next(next_id), x, y, text, compress=i % 2 == 0))
        if page_numbers:
            num = f"- {n + 1} -"
            w = sum(_advance(c) for c in num)
            objs.append(_text_object(next(next_id), LEFT + (PER_LINE * SIZE - w) / 2,
                                     PAGE_H - 15, num, compress=True, size=3.175))
        files[f"Doc_0/Pages/Page_{n}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="{next(next_id)}">'
            + "".join(objs) + "</ofd:Layer></ofd:Content></ofd:Page>")
        page_refs.append(f'<ofd:Page ID="{next(next_id)}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    files["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
        f'<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f'<ofd:MaxUnitID>{next(next_id)}</ofd:MaxUnitID>'
        f'<ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W:g} {PAGE_H:g}</ofd:PhysicalBox></ofd:PageArea>'
        f'<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
        f'<ofd:Pages>{"".join(page_refs)}</ofd:Pages></ofd:Document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in files.items():
            zf.writestr(name, xml.encode("utf-8"))
    return buf.getvalue()


def _text_object(oid: int, x: float, y: float, text: str, *, compress: bool,
                 size: float = SIZE) -> str:
    # the boundary's origin is the line's top left; the TextCode's Y is the baseline
    # in the boundary's space
    w = sum(_advance(c, size) for c in text)
    delta = _delta_x(text, compress, size)
    dx = f' DeltaX="{delta}"' if delta else ""
    return (f'<ofd:TextObject ID="{oid}" Boundary="{x:.3f} {y - size:.3f} {w + 1:.3f} '
            f'{size * 1.4:.3f}" Font="1" Size="{size:g}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{size:g}"{dx}>{escape(text)}</ofd:TextCode>'
            f'</ofd:TextObject>')
