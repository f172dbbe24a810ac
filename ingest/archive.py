"""Zip archives: each member becomes its own submission. Members with unsafe paths,
archives nested deeper than the limit, and archives whose members would unpack past
the size or count limits are refused with a message naming the archive and member."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from typing import Iterator

from huibian.core.errors import InputError, LimitError
from huibian.core.records import SourceFile
from huibian.core.limits import Limits

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def is_zip_archive(data: bytes) -> bool:
    """A zip that is an archive of submissions, not a DOCX/XLSX (also zips)."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        # a broken zip is reported by expand(), unless its parts say it is an office
        # document (a truncated .docx) or an OFD: then its reader says what is wrong
        return office_package_kind(data) is None and not _names_ofd(local_member_names(data))
    return ("[Content_Types].xml" not in names and "mimetype" not in names
            and not _names_ofd(names))


def _names_ofd(names) -> bool:
    """An OFD document (GB/T 33190) is a zip with OFD.xml at its root: a document,
    read by ``huibian.ingest.readers.ofd``, never an archive of submissions."""
    return any(n.lower() == "ofd.xml" for n in names)


_OFFICE_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))


def local_member_names(data: bytes, limit: int = 64) -> list[str]:
    """Names in the zip's local file headers, read from the front of the bytes (they
    survive when the end of the file, with the central directory, is cut off)."""
    names: list[str] = []
    pos = 0
    while len(names) < limit:
        pos = data.find(b"PK\x03\x04", pos)
        if pos < 0 or pos + 30 > len(data):
            break
        n = int.from_bytes(data[pos + 26:pos + 28], "little")
        names.append(data[pos + 30:pos + 30 + n].decode("cp437"))
        pos += 30 + n
    return names


def office_package_kind(data: bytes) -> str | None:
    """"docx", "xlsx", "pptx", "odf" or "ooxml" when the local headers of a zip (even a
    truncated one) show an office document's parts; None for any other zip."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    names = local_member_names(data)
    for prefix, kind in _OFFICE_PARTS:
        if any(n.startswith(prefix) for n in names):
            return kind
    if names and names[0] == "mimetype":
        return "odf"
    if "[Content_Types].xml" in names:
        return "ooxml"
    return None


@dataclass(frozen=True)
class Refused:
    """A member that could not be taken out of an archive, and why."""

    name: str
    error: InputError


def member_name(raw: zipfile.ZipInfo) -> str:
    """Zip members written on Chinese Windows carry GBK names without the UTF-8 flag."""
    name = raw.filename
    if not raw.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def safe_member_path(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\x00" in name:
        return False
    if len(name) > 1 and name[1] == ":":
        return False
    norm = posixpath.normpath(name.replace("\\", "/"))
    return not (norm == ".." or norm.startswith("../") or "/../" in f"/{norm}/")


class Budget:
    """What one upload may unpack, all nesting levels together: every member inflated
    (a nested archive, then each of its members) is charged to the same budget, as it
    is inflated."""

    def __init__(self, limits: Limits):
        self.left = limits.max_unpacked_bytes
        self.limit = limits.max_unpacked_bytes


# a member smaller than this is never judged by its compression ratio (small files of
# repeated text compress well and are harmless)
RATIO_FLOOR = 1 << 20


def expand(src: SourceFile, limits: Limits, depth: int = 0,
           budget: Budget | None = None) -> Iterator[SourceFile | Refused]:
    """Yield each member as a SourceFile (nested zips expanded up to the depth limit),
    or a Refused record for a member that is refused.

    One ``budget`` (``HUIBIAN_MAX_UNPACKED_MB``) covers the archive and every archive
    nested in it, checked while each member is inflated; a member that inflates to more
    than ``HUIBIAN_MAX_ZIP_RATIO`` times its compressed size (past ``RATIO_FLOOR``) or
    past ``HUIBIAN_MAX_FILE_MB`` is stopped as it inflates. Once the budget is spent the
    rest of the upload is refused (E113)."""
    budget = budget or Budget(limits)
    try:
        zf = zipfile.ZipFile(io.BytesIO(src.data))
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
        yield Refused(src.name, InputError(f"corrupt zip archive ({exc})", file=src.name,
                                           code="E135"))
        return
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > limits.max_zip_members:
            yield Refused(src.name, LimitError(
                f"the archive has {len(infos)} files, over the limit of "
                f"{limits.max_zip_members} (HUIBIAN_MAX_ZIP_MEMBERS)", file=src.name, code="E118"))
            return
        declared = sum(i.file_size for i in infos)
        if declared > budget.left:
            yield Refused(src.name, LimitError(
                f"the archive would unpack to {declared / 1048576:.0f} MB, more than the "
                f"{max(budget.left, 0) / 1048576:.0f} MB left of the "
                f"{budget.limit / 1048576:.0f} MB limit for one upload with its nested "
                "archives (HUIBIAN_MAX_UNPACKED_MB; a zip bomb?)", file=src.name, code="E113"))
            return
        for info in infos:
            name = member_name(info)
            shown = f"{src.name}!{name}"
            if not safe_member_path(name):
                yield Refused(shown, InputError("unsafe path in the archive (absolute or "
                                                "'..'); member skipped", file=shown, code="E136"))
                continue
            if info.flag_bits & 0x1:
                yield Refused(shown, InputError("encrypted zip member; submit it without a "
                                                "password", file=shown, code="E137"))
                continue
            try:
                data = _read_capped(zf, info, budget, limits)
            except LimitError as exc:
                yield Refused(shown, LimitError(exc.message, file=shown, code=exc.code))
                if exc.code == "E113":
                    budget.left = 0  # spent: every later member of the upload is refused
                    return
                continue
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error,
                    NotImplementedError) as exc:  # corrupt data, unknown method
                yield Refused(shown, InputError(f"cannot unpack ({exc})", file=shown,
                                                code="E133"))
                continue
            member = SourceFile.from_bytes(shown, data)
            if is_zip_archive(data):
                if depth + 1 > limits.max_zip_depth:
                    yield Refused(shown, LimitError(
                        f"archives nested more than {limits.max_zip_depth} deep are refused",
                        file=shown, code="E119"))
                    continue
                del data
                yield from expand(member, limits, depth + 1, budget)
                if budget.left <= 0:
                    return
            else:
                yield member


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget,
                 limits: Limits) -> bytes:
    """Read a member, charging the upload's ``budget`` chunk by chunk and stopping as
    soon as it passes the budget (E113), the size limit for one file (E111) or the
    compression-ratio limit (E138): a member's declared size can lie, and nothing is
    inflated past the first chunk over a limit."""
    out = bytearray()
    cap = limits.max_file_bytes
    packed = max(info.compress_size, 1)
    ratio = limits.max_zip_ratio
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(1 << 18)
            if not chunk:
                break
            out += chunk
            budget.left -= len(chunk)
            if budget.left < 0:
                raise LimitError(
                    f"the upload unpacks past the {budget.limit / 1048576:.0f} MB limit, "
                    "nested archives included (HUIBIAN_MAX_UNPACKED_MB; a zip bomb?)",
                    code="E113")
            if len(out) > cap:
                raise LimitError(
                    f"the member unpacks to more than the {cap / 1048576:.0f} MB limit for "
                    "one file (HUIBIAN_MAX_FILE_MB)", code="E111")
            if ratio and len(out) > RATIO_FLOOR and len(out) > ratio * packed:
                raise LimitError(
                    f"the member inflates to more than {ratio:g} times its compressed size "
                    f"({packed} bytes; HUIBIAN_MAX_ZIP_RATIO, a zip bomb?)", code="E138")
    return bytes(out)
