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
from huibian.search.index import label_axes
from huibian.core.cells import neutralize

HEAD = ("rank", "id", "title", "unit", "date", "region", "chars", "score")
TAIL = ("named_carrier", "source", "snippet")
WIDTHS = {"rank": 6, "id": 18, "title": 40, "unit": 24, "date": 12, "region": 10,
          "chars": 8, "score": 8, "named_carrier": 20, "source": 30, "snippet": 80}
LABEL_WIDTH = 12  # a column of labels, one for each taxonomy axis


def columns(result: SearchResult) -> tuple[str, ...]:
    """The columns: the hit's metadata, one column of labels for each label axis of
    the result (the taxonomy's, in its order: ``genre sector theme carrier`` and any
    axis the taxonomy adds), the named carriers, the source file and the snippets."""
    return HEAD + (result.label_axes or label_axes()) + TAIL


COLUMNS = HEAD + label_axes() + TAIL  # those of a taxonomy with the four axes only


def rows(result: SearchResult, offset: int = 0) -> list[list]:
    axes = (result.label_axes or label_axes()) + ("named_carrier",)
    out = []
    for k, h in enumerate(result.hits, offset + 1):
        out.append([k, h.id, h.title, h.unit or "", h.date or "", h.region or "", h.chars,
                    h.score, *("；".join(h.labels.get(a, [])) for a in axes),
                    h.source or "", _snippet(h)])
    return out


def _snippet(h: Hit) -> str:
    return " … ".join(s.text for s in h.snippets)


def _safe(value):

    return neutralize(value)


def write_csv(result: SearchResult, path: str | os.PathLike, offset: int = 0) -> Path:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns(result))
        for row in rows(result, offset):
            w.writerow([_safe(v) for v in row])
    return path


def write_xlsx(result: SearchResult, path: str | os.PathLike, offset: int = 0) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "results"
    cols = columns(result)
    ws.append(list(cols))
    for r, row in enumerate(rows(result, offset), 2):
        for c, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # never a formula
    for n, name in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(n)].width = WIDTHS.get(name, LABEL_WIDTH)
    ws.freeze_panes = "A2"
    wb.save(path)
    return path
