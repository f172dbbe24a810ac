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

from huibian.errors import InputError, LimitError
from huibian.records import SourceFile
from ingest.limits import Limits

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def is_zip_archive(data: bytes) -> bool:
    """A zip that is an archive of submissions, not a DOCX/XLSX (also zips)."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        # a broken zip is reported by expand(), unless its parts say it is an office
        # document (a truncated .docx): then its reader says what is wrong with it
        return office_package_kind(data) is None
    return "[Content_Types].xml" not in names and "mimetype" not in names


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


def expand(src: SourceFile, limits: Limits, depth: int = 0) -> Iterator[SourceFile | Refused]:
    """Yield each member as a SourceFile (nested zips expanded up to the depth limit),
    or a Refused record for a member that is refused."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(src.data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
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
        if declared > limits.max_unpacked_bytes:
            yield Refused(src.name, LimitError(
                f"the archive would unpack to {declared / 1048576:.0f} MB, over the "
                f"{limits.max_unpacked_bytes / 1048576:.0f} MB limit (a zip bomb?)",
                file=src.name, code="E113"))
            return
        unpacked = 0
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
                data = _read_capped(zf, info, limits.max_unpacked_bytes - unpacked)
            except LimitError as exc:
                yield Refused(shown, LimitError(exc.message, file=shown, code=exc.code))
                return
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error,
                    NotImplementedError) as exc:  # corrupt data, unknown method
                yield Refused(shown, InputError(f"cannot unpack ({exc})", file=shown,
                                                code="E133"))
                continue
            unpacked += len(data)
            member = SourceFile.from_bytes(shown, data)
            if is_zip_archive(data):
                if depth + 1 > limits.max_zip_depth:
                    yield Refused(shown, LimitError(
                        f"archives nested more than {limits.max_zip_depth} deep are refused",
                        file=shown, code="E119"))
                    continue
                yield from expand(member, limits, depth + 1)
            else:
                yield member


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Read a member, stopping as soon as it would pass the remaining size budget
    (a member's declared size can lie)."""
    out = bytearray()
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            out += chunk
            if len(out) > budget:
                raise LimitError("the archive unpacks past the size limit (a zip bomb?)",
                                 code="E113")
    return bytes(out)
