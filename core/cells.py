"""Spreadsheet cells that are never run as formulas: the one neutralization every
export (search results CSV/XLSX, the review shortlist XLSX) applies to text it writes.

A cell a spreadsheet would read as a formula or a command starts with ``=`` ``+``
``-`` ``@`` (or a tab, carriage return or line break before one), and Excel and
WPS also take the full-width forms ``＝`` ``＋`` ``－`` ``＠`` (Chinese input methods
type them) as those. Such text gets a leading apostrophe, which spreadsheets show as
nothing and read as "this is text"."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralize(value):
    """``value`` unchanged, unless it is text a spreadsheet would run: then with a
    leading apostrophe. Numbers and None pass through."""
    if isinstance(value, str) and value.lstrip(" \u3000").startswith(FORMULA_START):
        return "'" + value
    return value
