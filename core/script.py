"""Traditional and simplified Chinese characters: one table, one character each way.

``models/t2s.tsv`` (regenerated from OpenCC's ``t2s`` by ``models/make_t2s.py``) maps
a traditional character to its simplified form, one character to one character, so a
text and its folded form have the same length and every offset holds. Three readers
use it: the copy check folds every text (``similarity.shingles``), the review compares
unit names (``services.review``), and normalization folds a document written in
traditional characters (``ingest.normalize``), so that layout, metadata, labels and
search read it as they read the simplified documents they were built on.

A few table keys are also ordinary characters of simplified text (乾, 於, 著 in some
words), so a document is folded only when it is *written* in traditional characters:
most of the characters that tell the two scripts apart are the traditional ones
(``is_traditional``); a simplified document that quotes a traditional name is left
as it is."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from huibian.core.errors import DataFileError
from huibian.core.models_dir import model_file

TABLE = "t2s.tsv"
# a document is written in traditional characters when at least this share of the
# characters that differ between the scripts are traditional, and there are a few
TRADITIONAL_SHARE = 0.6
MIN_TRADITIONAL = 5


@dataclass(frozen=True)
class Script:
    """The table as ``str.translate`` wants it, and the two sets that tell scripts apart."""

    t2s: dict[int, str]
    traditional: frozenset[str]   # characters that have a different simplified form
    simplified: frozenset[str]    # simplified forms that are not themselves traditional


def read_table(path: Path) -> list[tuple[str, str]]:
    """The (traditional, simplified) pairs of a table file; E210 when it cannot be read,
    E211 on a line that is not one character, a tab and one character."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"cannot read the traditional->simplified table ({exc})",
                            file=str(path), code="E210") from exc
    pairs = []
    for lineno, line in enumerate(lines, 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[0]) != 1 or len(parts[1]) != 1:
            raise DataFileError("expected 'traditional<TAB>simplified', one character each",
                                file=str(path), line=lineno, code="E211")
        pairs.append((parts[0], parts[1]))
    return pairs


def table_path() -> Path:
    return model_file(TABLE)


@lru_cache(maxsize=4)
def _script(path: Path) -> Script:
    pairs = read_table(path)
    direct = dict(pairs)
    t2s = {}
    for t, s in pairs:
        seen = {t}
        while s in direct and s not in seen:  # a chain (薴→苧→苎) folds to its end,
            seen.add(s)                       # so folding twice changes nothing
            s = direct[s]
        t2s[ord(t)] = s
    traditional = frozenset(t for t, _ in pairs)
    simplified = frozenset(s for _, s in pairs) - traditional
    return Script(t2s, traditional, simplified)


def script(path: Path | None = None) -> Script:
    """The table (read once per file)."""
    return _script(path or table_path())


def is_traditional(text: str, tables: Script | None = None) -> bool:
    """Whether ``text`` is written in traditional characters (see the module notes)."""
    tables = tables or script()
    trad = sum(1 for ch in text if ch in tables.traditional)
    if trad < MIN_TRADITIONAL:
        return False
    simp = sum(1 for ch in text if ch in tables.simplified)
    return trad >= TRADITIONAL_SHARE * (trad + simp)


def to_simplified(text: str, tables: Script | None = None) -> str:
    """``text`` with every traditional character of the table simplified; the same
    length, so every offset holds."""
    return text.translate((tables or script()).t2s)


def to_traditional(text: str, tables: Script | None = None) -> str:
    """The inverse, for making test and benchmark texts: each simplified character of
    the table as the first traditional form that maps to it (not a faithful converter:
    one simplified character may stand for several traditional ones)."""
    tables = tables or script()
    s2t: dict[str, str] = {}
    for code, simp in tables.t2s.items():
        s2t.setdefault(simp, chr(code))
    return "".join(s2t.get(ch, ch) for ch in text)
