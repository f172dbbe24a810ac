"""Where files come from: paths (files and folders, followed or not across symbolic
links, zip archives expanded under the limits) and uploaded bytes, each yielded as a
``SourceFile`` or a ``Refused`` with its reason."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from huibian.core.errors import InputError, LimitError
from huibian.core.limits import Limits
from huibian.core.names import stored_name
from huibian.core.records import SourceFile
from huibian.ingest.archive import Refused, expand, is_zip_archive


SUPPORTED_SUFFIXES = {".pdf", ".docx", ".doc", ".wps", ".txt", ".text", ".md", ".markdown",
                      ".zip", ".ofd", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def sources_from_paths(paths: Iterable[str | os.PathLike], limits: Limits, *,
                       follow_links: bool = False) -> Iterator[SourceFile | Refused]:
    """Files, folders (recursively, supported file types only) and zips, as sources.

    Symbolic links inside a folder are not followed: each is reported (E107), a
    dangling one too (E109). With ``follow_links``, a link to a file inside the folder
    is read; a link out of the folder is still refused (E108), and a link to a folder
    inside it is skipped (its files are read where they are). A path given by name is
    read even when it is a link: the user named it."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from _folder_sources(path, limits, follow_links)
        elif path.exists():
            yield from _source_from_file(path, limits)
        elif path.is_symlink():
            name = stored_name(str(path))
            yield Refused(name, InputError(f"a symbolic link to {_link_target(path)}, which "
                                           "does not exist", file=name, code="E109"))
        else:
            name = stored_name(str(path))
            yield Refused(name, InputError("no such file or folder", file=name, code="E105"))


def _folder_sources(root: Path, limits: Limits, follow_links: bool
                    ) -> Iterator[SourceFile | Refused]:
    """The supported files under ``root`` (not hidden ones) and its symbolic links, in
    path order; links are never walked into."""
    wanted: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):  # does not descend into links
        for n in dirnames + filenames:
            f = Path(dirpath) / n
            if n.startswith("."):
                continue
            if os.path.islink(f):
                if f.suffix.lower() in SUPPORTED_SUFFIXES or n in dirnames or not f.exists():
                    wanted.append(f)
            elif n in filenames and f.suffix.lower() in SUPPORTED_SUFFIXES:
                wanted.append(f)
    inside = root.resolve()
    for f in sorted(wanted):
        if not os.path.islink(f):
            if f.is_file():
                yield from _source_from_file(f, limits)
            continue
        name = stored_name(str(f))
        target = _link_target(f)
        if not f.exists():
            yield Refused(name, InputError(f"a symbolic link to {target}, which does not "
                                           "exist", file=name, code="E109"))
        elif not f.resolve().is_relative_to(inside):
            yield Refused(name, InputError(f"a symbolic link to {target}, outside the folder "
                                           f"{stored_name(str(root))}; not followed",
                                           file=name, code="E108"))
        elif not follow_links:
            yield Refused(name, InputError(f"a symbolic link (to {target}); not followed "
                                           "(give --follow-links to read links inside the "
                                           "folder)", file=name, code="E107"))
        elif f.is_file():
            yield from _source_from_file(f, limits)
        # a link to a folder inside the folder: its files are read where they are


def _link_target(link: Path) -> str:
    try:
        return stored_name(os.readlink(link))
    except OSError:
        return "?"


def _source_from_file(path: Path, limits: Limits) -> Iterator[SourceFile | Refused]:
    name = stored_name(str(path))  # a GBK name from unzip: decoded, never surrogates
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            yield Refused(name, LimitError(
                f"the file is {size / 1048576:.0f} MB, over the "
                f"{limits.max_file_bytes / 1048576:.0f} MB limit (HUIBIAN_MAX_FILE_MB)",
                file=name, code="E111"))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Refused(name, InputError(f"cannot read ({exc.strerror})", file=name, code="E106"))
        return
    try:
        yield from sources_from_bytes(name, data, limits)
    except Exception as exc:  # a bug unpacking one archive must not stop the batch
        yield Refused(name, InputError(
            f"unexpected error while unpacking ({type(exc).__name__}: {exc}); please report "
            "it with the file", file=name, code="E134"))


def sources_from_bytes(name: str, data: bytes, limits: Limits
                       ) -> Iterator[SourceFile | Refused]:
    src = SourceFile.from_bytes(name, data)
    if is_zip_archive(data):
        yield from expand(src, limits)
    else:
        yield src
