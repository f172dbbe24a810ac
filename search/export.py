"""A result list to CSV and XLSX, with the metadata and labels of each hit.

What a panel opens is in Chinese (issue 17): the headers (序号, 编号, 标题 …, each label
axis by its taxonomy name: 文种, 领域 …), the label cells (the taxonomy's label names,
``教育行政；基础教育``), the XLSX sheet (检索结果). The ids stay for scripts: the item's
id in 编号, and the label ids in the last column, 标签编号 (``genre=plan；sector=k12,…``;
hidden in XLSX). ``columns()`` gives the columns' keys (``rank``, ``id`` … ``label_ids``),
``headers()`` their Chinese names.

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
from huibian.core.errors import HuibianError
from huibian.nlp.taxonomy import Taxonomy, load_taxonomy

HEAD = ("rank", "id", "title", "unit", "date", "region", "chars", "score")
TAIL = ("named_carrier", "source", "snippet", "label_ids")
WIDTHS = {"rank": 6, "id": 18, "title": 40, "unit": 24, "date": 12, "region": 10,
          "chars": 8, "score": 8, "named_carrier": 20, "source": 30, "snippet": 80,
          "label_ids": 30}
NAMES = {"rank": "序号", "id": "编号", "title": "标题", "unit": "单位", "date": "日期",
         "region": "地区", "chars": "字数", "score": "得分", "named_carrier": "具名载体",
         "source": "来源文件", "snippet": "摘要", "label_ids": "标签编号"}
SHEET = "检索结果"
LABEL_WIDTH = 12  # a column of labels, one for each taxonomy axis


def columns(result: SearchResult) -> tuple[str, ...]:
    """The columns: the hit's metadata, one column of labels for each label axis of
    the result (the taxonomy's, in its order: ``genre sector theme carrier`` and any
    axis the taxonomy adds), the named carriers, the source file and the snippets."""
    return HEAD + (result.label_axes or label_axes()) + TAIL


COLUMNS = HEAD + label_axes() + TAIL  # those of a taxonomy with the four axes only


def _taxonomy(taxonomy: Taxonomy | None) -> Taxonomy | None:
    if taxonomy is not None:
        return taxonomy
    try:
        return load_taxonomy()  # the one in use (HUIBIAN_MODELS's, else the packaged one)
    except HuibianError:
        return None  # no names to give: the ids


def headers(result: SearchResult, taxonomy: Taxonomy | None = None) -> tuple[str, ...]:
    """The Chinese header of each column of ``columns(result)``."""
    tax = _taxonomy(taxonomy)

    def name(col: str) -> str:
        if col in NAMES:
            return NAMES[col]
        try:
            return tax[col].name
        except (KeyError, TypeError):
            return col
    return tuple(name(c) for c in columns(result))


def _label_name(tax: Taxonomy | None, axis: str, label: str) -> str:
    try:
        return tax[axis].label(label).name
    except Exception:  # noqa: BLE001 - an axis or label the taxonomy no longer has
        return label


def rows(result: SearchResult, offset: int = 0, taxonomy: Taxonomy | None = None) -> list[list]:
    tax = _taxonomy(taxonomy)
    axes = result.label_axes or label_axes()
    out = []
    for k, h in enumerate(result.hits, offset + 1):
        ids = "；".join(f"{a}={','.join(h.labels[a])}" for a in axes if h.labels.get(a))
        out.append([k, h.id, h.title, h.unit or "", h.date or "", h.region or "", h.chars,
                    h.score,
                    *("；".join(_label_name(tax, a, lab) for lab in h.labels.get(a, []))
                      for a in axes),
                    "；".join(h.labels.get("named_carrier", [])),
                    h.source or "", _snippet(h), ids])
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
        tax = _taxonomy(None)
        w.writerow(headers(result, tax))
        for row in rows(result, offset, tax):
            w.writerow([_safe(v) for v in row])
    return path


def write_xlsx(result: SearchResult, path: str | os.PathLike, offset: int = 0) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    cols = columns(result)
    tax = _taxonomy(None)
    ws.append(list(headers(result, tax)))
    for r, row in enumerate(rows(result, offset, tax), 2):
        for c, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # never a formula
    for n, name in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(n)].width = WIDTHS.get(name, LABEL_WIDTH)
    ws.column_dimensions[get_column_letter(len(cols))].hidden = True  # 标签编号: for scripts
    ws.freeze_panes = "A2"
    wb.save(path)
    return path
