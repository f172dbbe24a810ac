"""A result list to CSV and XLSX, with the metadata and labels of each hit.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or their full-width forms ``＝``
``＋`` ``－`` ``＠``) would be run as a formula by a spreadsheet; such values get a leading
apostrophe (``huibian.core.cells.neutralize``, the rule of every export), and in XLSX are
string cells (never a formula).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from huibian.search.engine import Hit, SearchResult

COLUMNS = ("rank", "id", "title", "unit", "date", "region", "chars", "score", "genre",
           "sector", "theme", "carrier", "named_carrier", "source", "snippet")


def rows(result: SearchResult, offset: int = 0) -> list[list]:
    out = []
    for k, h in enumerate(result.hits, offset + 1):
        out.append([k, h.id, h.title, h.unit or "", h.date or "", h.region or "", h.chars,
                    h.score, *("；".join(h.labels.get(a, [])) for a in
                               ("genre", "sector", "theme", "carrier", "named_carrier")),
                    h.source or "", _snippet(h)])
    return out


def _snippet(h: Hit) -> str:
    return " … ".join(s.text for s in h.snippets)


def _safe(value):
    from huibian.core.cells import neutralize

    return neutralize(value)


def write_csv(result: SearchResult, path: str | os.PathLike, offset: int = 0) -> Path:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for row in rows(result, offset):
            w.writerow([_safe(v) for v in row])
    return path


def write_xlsx(result: SearchResult, path: str | os.PathLike, offset: int = 0) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "results"
    ws.append(list(COLUMNS))
    for r, row in enumerate(rows(result, offset), 2):
        for c, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # never a formula
    for col, width in zip("ABCDEFGHIJKLMNO", (6, 18, 40, 24, 12, 10, 8, 8, 12, 12, 12, 12, 20,
                                             30, 80)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    wb.save(path)
    return path
