"""Volume records (汇编): what a stored volume holds (``Volume``, ``Section``,
``Entry``) and what an exporter renders (``Compiled`` and its sections and items),
plain data that the exporters read without a store. Building and changing volumes,
with the permission checks and audit, is ``huibian.services.volumes``."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from huibian.core.errors import HuibianError

AWARD_SECTIONS = ("优秀实践案例", "优秀理论文章", "优秀工作制度")
SECTIONINGS = ("award", "region", "manual")
NO_REGION = "其他"


class VolumeError(HuibianError):
    """A volume edit that cannot be done as asked; the message says what to change."""

    code = "E800"


# ---------------------------------------------------------------- records

@dataclass(frozen=True)
class Entry:
    item_id: str
    position: int
    title_override: str | None = None
    unit_override: str | None = None


@dataclass(frozen=True)
class Section:
    id: int
    position: int
    title: str
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Volume:
    id: int
    title: str
    subtitle: str | None
    date: str | None
    preface: str
    sectioning: str
    sections: tuple[Section, ...] = ()
    created_at: str = ""
    updated_at: str = ""

    @property
    def item_ids(self) -> list[str]:
        return [e.item_id for s in self.sections for e in s.entries]


@dataclass(frozen=True)
class OutlineMark:
    """An outline heading of a body: level (1 一、, 2 （一）, 3 1., 4 （1）; 0 第一章,
    5 第一条) and its span in the body text."""

    level: int
    start: int
    end: int


@dataclass(frozen=True)
class CompiledItem:
    item_id: str
    title: str
    unit: str | None
    body: str
    outline: tuple[OutlineMark, ...] = ()


@dataclass(frozen=True)
class CompiledSection:
    title: str
    items: tuple[CompiledItem, ...]


@dataclass(frozen=True)
class Compiled:
    """Everything an exporter needs, already resolved (overrides applied)."""

    title: str
    subtitle: str | None
    date: str | None
    preface: str
    sections: tuple[CompiledSection, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- volumes

def compiled_item(row: sqlite3.Row | dict, title: str | None = None,
                  unit: str | None = None) -> CompiledItem:
    text, body_start = row["text"], int(row["body_start"] or 0)
    return CompiledItem(item_id=row["id"], title=title or row["title"],
                        unit=unit if unit else row["unit"], body=text[body_start:],
                        outline=parse_outline(row["outline"], body_start))


def parse_outline(raw: str | None, body_start: int = 0) -> tuple[OutlineMark, ...]:
    """The stored outline (JSON list of ``OutlineEntry`` objects or of
    ``[level, marker, title, start, end]``) as marks relative to the body."""
    try:
        data = json.loads(raw or "[]")
    except (TypeError, ValueError):
        return ()
    marks = []
    for entry in data if isinstance(data, list) else ():
        if isinstance(entry, dict):
            level, start, end = entry.get("level"), entry.get("start"), entry.get("end")
        elif isinstance(entry, (list, tuple)) and len(entry) >= 5:
            level, start, end = entry[0], entry[3], entry[4]
        else:
            continue
        if not all(isinstance(v, int) for v in (level, start, end)):
            continue
        if start >= body_start and end > start:
            marks.append(OutlineMark(level, start - body_start, end - body_start))
    return tuple(sorted(marks, key=lambda m: m.start))
