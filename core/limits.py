"""Configurable limits on what one submission may be. Each limit, when hit, gives a
``LimitError`` naming the file and the limit."""

from __future__ import annotations

import os
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * MB
    max_pages: int = 2000
    max_zip_members: int = 2000
    max_unpacked_bytes: int = 1024 * MB
    max_zip_depth: int = 2
    max_seconds_per_file: float = 300.0
    max_zip_ratio: float = 200.0  # inflated / compressed size of one zip member; 0: none
    max_chars: int = 10_000_000  # characters of text in one file
    max_item_chars: int = 2_000_000  # characters in one item

    @classmethod
    def from_env(cls) -> "Limits":
        """``HUIBIAN_MAX_FILE_MB``, ``HUIBIAN_MAX_PAGES``, ``HUIBIAN_MAX_ZIP_MEMBERS``,
        ``HUIBIAN_MAX_UNPACKED_MB``, ``HUIBIAN_MAX_ZIP_DEPTH``, ``HUIBIAN_FILE_TIMEOUT``,
        ``HUIBIAN_MAX_ZIP_RATIO``, ``HUIBIAN_MAX_CHARS``, ``HUIBIAN_MAX_ITEM_CHARS``."""
        d = cls()
        env = os.environ.get
        return cls(
            max_file_bytes=int(float(env("HUIBIAN_MAX_FILE_MB", d.max_file_bytes / MB)) * MB),
            max_pages=int(env("HUIBIAN_MAX_PAGES", d.max_pages)),
            max_zip_members=int(env("HUIBIAN_MAX_ZIP_MEMBERS", d.max_zip_members)),
            max_unpacked_bytes=int(float(env("HUIBIAN_MAX_UNPACKED_MB",
                                             d.max_unpacked_bytes / MB)) * MB),
            max_zip_depth=int(env("HUIBIAN_MAX_ZIP_DEPTH", d.max_zip_depth)),
            max_seconds_per_file=float(env("HUIBIAN_FILE_TIMEOUT", d.max_seconds_per_file)),
            max_zip_ratio=float(env("HUIBIAN_MAX_ZIP_RATIO", d.max_zip_ratio)),
            max_chars=int(float(env("HUIBIAN_MAX_CHARS", d.max_chars))),
            max_item_chars=int(float(env("HUIBIAN_MAX_ITEM_CHARS", d.max_item_chars))),
        )
