"""OFD (GB/T 33190, the Chinese standard for fixed-layout electronic documents): a zip
package with ``OFD.xml`` at its root naming each document's ``Document.xml``, which
lists the pages; each page's ``Content.xml`` places ``TextObject``s (a boundary box, a
font size, an optional CTM) holding ``TextCode``s (a start point and per-character
advances ``DeltaX``/``DeltaY``, with the ``g N v`` repetition shorthand).

Each TextCode becomes a run of the PDF reader (``huibian.ingest.readers.pdf``) at its
position (millimetres, y down, turned into points, y up), text of the page's
templates included; then the PDF reader's rules apply: lines rebuilt by baseline
and read left to right, running heads and page numbers removed, wrapped lines
joined by where they end. Pages are kept (``page_starts``).

An OFD is recognized by its ``OFD.xml`` before the rule that unpacks zips as
archives of submissions applies (``huibian.ingest.archive.is_zip_archive``). A package that
is not a sound zip, lacks a part it names or has XML that does not parse gets E164;
a part with a DOCTYPE (entity expansion) E142; past the unpacked-size or member
limits E113 / E118, past the page limit E112."""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile

from huibian.core.errors import InputError, LimitError
from huibian.core.records import Extracted, SourceFile
from huibian.core.limits import Limits
from huibian.ingest.archive import local_member_names

MM = 72 / 25.4  # points per millimetre
_DOCTYPE_MARKS = (b"<!doctype", b"<!entity")


def local_names(data: bytes, limit: int = 16) -> list[str]:

    return local_member_names(data, limit)


def is_ofd(data: bytes) -> bool:
    """A zip whose root holds ``OFD.xml`` (read from the local headers, so a package cut
    short is still recognized and reported as a damaged OFD)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return any(n.lower() == "ofd.xml" for n in zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return any(n.lower() == "ofd.xml" for n in local_names(data))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: ET.Element, name: str) -> ET.Element | None:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _find(el: ET.Element | None, *path: str) -> ET.Element | None:
    for name in path:
        if el is None:
            return None
        el = _child(el, name)
    return el


def _text(el: ET.Element | None) -> str | None:
    return el.text if el is not None else None


def _numbers(s: str | None) -> list[float]:
    if not s:
        return []
    out = []
    for tok in s.split():
        try:
            out.append(float(tok))
        except ValueError:
            out.append(float("nan"))
    return out


def deltas(s: str | None) -> list[float]:
    """``DeltaX``/``DeltaY`` values with ``g N v`` (N times v) expanded."""
    if not s:
        return []
    toks = s.split()
    out: list[float] = []
    i = 0
    while i < len(toks):
        if toks[i] == "g" and i + 2 < len(toks):
            try:
                out.extend([float(toks[i + 2])] * min(int(float(toks[i + 1])), 100_000))
            except ValueError:
                pass
            i += 3
        else:
            try:
                out.append(float(toks[i]))
            except ValueError:
                pass
            i += 1
    return out


class _Package:
    def __init__(self, src: SourceFile, limits: Limits):
        self.src = src
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(src.data))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise self.corrupt(f"not a sound zip package: {exc}") from exc
        infos = self.zf.infolist()
        if len(infos) > limits.max_zip_members:
            raise LimitError(f"the OFD package has {len(infos)} parts, over the "
                             f"{limits.max_zip_members} limit (HUIBIAN_MAX_ZIP_MEMBERS)",
                             file=src.name, code="E118")
        total = sum(i.file_size for i in infos)
        if total > limits.max_unpacked_bytes:
            raise LimitError(f"the OFD package unpacks to {total / 1048576:.0f} MB, over the "
                             f"{limits.max_unpacked_bytes / 1048576:.0f} MB limit "
                             "(HUIBIAN_MAX_UNPACKED_MB)", file=src.name, code="E113")
        self.names = {i.filename.lstrip("/").lower(): i.filename for i in infos}

    def corrupt(self, why: str) -> InputError:
        return InputError(f"corrupt or truncated OFD file ({why}); export it again",
                          file=self.src.name, code="E164")

    def xml(self, path: str) -> ET.Element:
        key = posixpath.normpath(path.replace("\\", "/").lstrip("/")).lower()
        name = self.names.get(key)
        if name is None:
            raise self.corrupt(f"the part {path} it names is missing")
        try:
            data = self.zf.read(name)
        except (zipfile.BadZipFile, RuntimeError, OSError, ValueError, EOFError) as exc:
            raise self.corrupt(f"the part {path} cannot be unpacked: {exc}") from exc
        head = data[:4096].lower()
        if any(m in head for m in _DOCTYPE_MARKS) or b"<!entity" in data.lower():
            raise InputError(f"the OFD part {path} declares a DOCTYPE or entities; refused",
                             file=self.src.name, code="E142")
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise self.corrupt(f"the part {path} is not well-formed XML: {exc}") from exc


def _resolve(base_dir: str, loc: str) -> str:
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return loc.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, loc))


def _page_runs(root: ET.Element, page_h: float):
    """The PDF reader's runs for every TextCode under ``root`` (a page or template)."""
    from huibian.ingest.readers.pdf import _Run, is_wide  # deferred for start-up time (pypdfium2)

    runs = []
    for obj in root.iter():
        if _local(obj.tag) != "TextObject":
            continue
        box = _numbers(obj.get("Boundary"))
        if len(box) < 2:
            continue
        bx, by = box[0], box[1]
        size = _numbers(obj.get("Size")) or [3.5]
        size = size[0] if size[0] > 0 else 3.5
        ctm = _numbers(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1, 0, 0, 1, 0, 0)
        scale = abs(a * d - b * c) ** 0.5 or 1.0
        em = size * scale
        for code in obj:
            if _local(code.tag) != "TextCode":
                continue
            text = code.text or ""
            if not text.strip():
                continue
            x = (_numbers(code.get("X")) or [0.0])[0]
            y = (_numbers(code.get("Y")) or [0.0])[0]
            dx = deltas(code.get("DeltaX"))
            dy = deltas(code.get("DeltaY"))
            points = []
            cx, cy = x, y
            for i, ch in enumerate(text):
                points.append((cx, cy, ch))
                cx += dx[i] if i < len(dx) else (size if is_wide(ch) else size * 0.5) * (not dy)
                cy += dy[i] if i < len(dy) else 0.0

            def place(px: float, py: float) -> tuple[float, float]:
                return bx + a * px + c * py + e, by + b * px + d * py + f

            if dy:  # vertical writing: a run per character
                pieces = [[p] for p in points]
            else:
                pieces = [points]
            for piece in pieces:
                chars = "".join(p[2] for p in piece)
                x0, y0 = place(piece[0][0], piece[0][1])
                last = piece[-1]
                x1, _ = place(last[0] + (size if is_wide(last[2]) else size * 0.5), last[1])
                runs.append(_Run(_clean(chars), x0 * MM, max(x1, x0) * MM,
                                 (page_h - y0) * MM, em * MM, em * MM))
    return [r for r in runs if r.text]


_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def _clean(text: str) -> str:
    """Spaces between two wide characters dropped; other runs of spaces made one."""
    from huibian.ingest.readers.pdf import is_wide  # deferred for start-up time (pypdfium2)

    out = []
    pos = 0
    for m in _SPACES.finditer(text):
        out.append(text[pos:m.start()])
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before and after and not (is_wide(before) and is_wide(after)):
            out.append(" ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


class OfdReader:
    kind = "ofd"

    def score(self, src: SourceFile) -> int:
        return 100 if is_ofd(src.data) else 0

    def read(self, src: SourceFile, limits: Limits) -> Extracted:
        # deferred for start-up time (pypdfium2)
        from huibian.ingest.readers.pdf import _group_lines, extracted_from_lines

        pkg = _Package(src, limits)
        with pkg.zf:
            ofd = pkg.xml("OFD.xml")
            roots = [el.text.strip() for el in ofd.iter()
                     if _local(el.tag) == "DocRoot" and el.text and el.text.strip()]
            if not roots:
                raise pkg.corrupt("OFD.xml names no document (DocRoot)")
            pages: list = []
            for doc_root in roots:
                doc_path = _resolve("", doc_root)
                doc = pkg.xml(doc_path)
                doc_dir = posixpath.dirname(doc_path)
                default_box = _numbers(_text(_find(doc, "CommonData", "PageArea",
                                                   "PhysicalBox"))) or [0, 0, 210, 297]
                templates = {}
                common = _child(doc, "CommonData")
                for t in (list(common) if common is not None else []):
                    if _local(t.tag) == "TemplatePage" and t.get("BaseLoc"):
                        templates[t.get("ID")] = _resolve(doc_dir, t.get("BaseLoc"))
                pages_el = _child(doc, "Pages")
                page_els = [p for p in (list(pages_el) if pages_el is not None else [])
                            if _local(p.tag) == "Page" and p.get("BaseLoc")]
                if len(pages) + len(page_els) > limits.max_pages:
                    raise LimitError(f"the OFD has {len(pages) + len(page_els)} pages, over "
                                     f"the {limits.max_pages}-page limit (HUIBIAN_MAX_PAGES)",
                                     file=src.name, code="E112")
                for p in page_els:
                    page_path = _resolve(doc_dir, p.get("BaseLoc"))
                    page = pkg.xml(page_path)
                    box = _numbers(_text(_find(page, "Area", "PhysicalBox"))) or default_box
                    page_h = box[3] if len(box) >= 4 else 297.0
                    runs = []
                    for t in page:
                        if _local(t.tag) == "Template" and t.get("TemplateID") in templates:
                            runs.extend(_page_runs(pkg.xml(templates[t.get("TemplateID")]),
                                                   page_h))
                    runs.extend(_page_runs(page, page_h))
                    pages.append(_group_lines(runs))
        if not pages:
            raise pkg.corrupt("its document has no pages")
        if not any(pages):
            raise InputError("the document has no text (an OFD of images?)", file=src.name,
                             code="E103")
        return extracted_from_lines(src, pages, None, kind="ofd")
