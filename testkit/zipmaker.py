"""Zip archives built byte by byte for the hostile-input tests and bench/fuzz.py: a
member whose compressed data is made once and written many times (a zip bomb of
thousands of megabytes costs seconds to build, not minutes), and names given as raw
bytes (GBK without the UTF-8 flag, control characters); and ``zip_of``, an ordinary
zip whose bytes depend on its members only (a fixed timestamp)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

MB = 1 << 20


@dataclass(frozen=True)
class Packed:
    """One member's stored bytes: ``payload`` (deflated or stored), its CRC-32 and
    inflated size."""

    payload: bytes
    crc: int
    size: int
    method: int  # 8 deflate, 0 stored


def deflated(data: bytes, level: int = 9) -> Packed:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Packed(c.compress(data) + c.flush(), zlib.crc32(data), len(data), 8)


def stored(data: bytes) -> Packed:
    return Packed(data, zlib.crc32(data), len(data), 0)


def deflated_zeros(size: int) -> Packed:
    """``size`` zero bytes, deflated, computed chunk by chunk (never held whole)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(MB)
    out, crc, left = [], 0, size
    while left:
        piece = chunk if left >= MB else bytes(left)
        out.append(c.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    out.append(c.flush())
    return Packed(b"".join(out), crc, size, 8)


def build(members: list[tuple[str | bytes, Packed]], utf8_flag: bool | None = None) -> bytes:
    """A zip of ``members`` (name as text, or raw bytes written as they are). The UTF-8
    flag is set for text names that are not ASCII unless ``utf8_flag`` says otherwise;
    never for byte names."""
    local, central = bytearray(), bytearray()
    for name, p in members:
        if isinstance(name, bytes):
            raw, flag = name, 0
        else:
            raw = name.encode("utf-8")
            flag = 0x800 if (utf8_flag if utf8_flag is not None else not name.isascii()) else 0
        offset = len(local)
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flag, p.method, 0, 0x21,
                             p.crc, len(p.payload), p.size, len(raw), 0) + raw + p.payload
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flag, p.method, 0, 0x21,
                                p.crc, len(p.payload), p.size, len(raw), 0, 0, 0, 0,
                                0o600 << 16, offset) + raw
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(central), len(local), 0)
    return bytes(local + central + end)


def nested_bomb(width: int = 10, member_mb: int = 1000, levels: int = 2,
                deflate_levels: bool = True) -> bytes:
    """``levels`` of zips, ``width`` members each; the innermost members are
    ``member_mb`` MB of zeros each (deflated). With ``deflate_levels`` the nested zips
    are deflated too (a few KB in all), else stored."""
    zeros = deflated_zeros(member_mb * MB)
    inner = build([(f"z{k}.txt", zeros) for k in range(width)])
    for level in range(1, levels):
        packed = deflated(inner) if deflate_levels else stored(inner)
        inner = build([(f"l{level}_{k}.zip", packed) for k in range(width)])
    return inner


def zip_of(members: dict[str, bytes], compress: bool = True) -> bytes:
    """A zip of the members (``zipfile``) with a fixed timestamp, so the same members
    always give the same bytes (``writestr`` with a bare name stamps the current time,
    in two-second steps)."""
    buf = io.BytesIO()
    mode = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", mode) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2011, 1, 1, 0, 0, 0))
            info.external_attr = 0o600 << 16  # what writestr(name, …) gives
            zf.writestr(info, data, compress_type=mode)
    return buf.getvalue()
