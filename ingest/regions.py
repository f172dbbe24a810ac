"""Region (province / city / county) of an item, from its unit and text.

The gazetteer is the administrative-division table shipped by the ``cpca`` package
(``cpca/resources/adcodes.csv``: adcode, name); only that data file is read. Codes
give the hierarchy: ``36`` province, ``3601`` city, ``360111`` county."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市",
             "自治州", "地区", "盟", "自治县", "区", "县", "旗")


@dataclass(frozen=True)
class Place:
    code: str  # 6-digit adcode
    name: str

    @property
    def level(self) -> int:
        if self.code[2:] == "0000":
            return 1
        if self.code[4:] == "00":
            return 2
        return 3


class Gazetteer:
    """Finds the most specific place named in a text and gives its full path."""

    def __init__(self, rows: list[tuple[str, str]]):
        self.by_code: dict[str, Place] = {}
        for code, name in rows:
            self.by_code[code] = Place(code, name)
        self.full: dict[str, list[Place]] = {}
        self.short: dict[str, list[Place]] = {}
        for p in self.by_code.values():
            self.full.setdefault(p.name, []).append(p)
            s = _short(p.name)
            if s and s != p.name and len(s) >= 2:
                self.short.setdefault(s, []).append(p)
        names = sorted(set(self.full) | set(self.short), key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, names)))
        self._names = names
        self._automaton = _automaton(names)

    @classmethod
    def load(cls) -> "Gazetteer":
        data = (resources.files("cpca") / "resources" / "adcodes.csv").read_text(encoding="utf-8")
        rows = []
        for row in csv.DictReader(io.StringIO(data)):
            code = row["adcode"][:6]
            if code.endswith("00") and code[4:] == "00" and row["name"].endswith("辖区"):
                continue
            rows.append((code, row["name"]))
        return cls(rows)

    def find(self, *texts: str) -> str | None:
        """Full path of the most specific place found, looking at ``texts`` in order
        (unit first, then title, then body): the first text that names a place wins."""
        for text in texts:
            if not text:
                continue
            places = self._places_in(text)
            if places:
                best = max(places, key=lambda p: (p.level, -places.index(p)))
                return self.path(best, places)
        return None

    def _matches(self, text: str) -> list[tuple[str, int]]:
        """(name, end) of each place name in ``text``: what ``re.finditer`` of the
        alternation of the names (longest first) gives -- scanning left to right, the
        longest name at the first position where one starts, then on from its end --
        which is an Aho-Corasick leftmost-longest search (``ahocorasick_rs``, about 10x
        faster than the regular expression over thousands of names)."""
        if self._automaton is None:
            return [(m.group(), m.end()) for m in self._pattern.finditer(text)]
        names = self._names
        return [(names[i], end) for i, _, end in self._automaton.find_matches_as_indexes(text)]

    def _places_in(self, text: str) -> list[Place]:
        found: list[Place] = []
        for word, end in self._matches(text):
            if word in self.full:
                cands = self.full[word]
            else:
                cands = self.short[word]
                # a county's short name only counts when followed by 市/区/县
                nxt = text[end:end + 1]
                cands = [p for p in cands if p.level < 3 or nxt in "市区县"]
            if cands:
                found.append(self._disambiguate(cands, found))
        return found

    def _disambiguate(self, cands: list[Place], context: list[Place]) -> Place:
        for p in cands:  # prefer one inside a place already named
            if any(p.code.startswith(c.code[:2 * c.level]) for c in context):
                return p
        return min(cands, key=lambda p: p.level)

    def path(self, place: Place, context: list[Place] | None = None) -> str:
        parts = []
        prov = self.by_code.get(place.code[:2] + "0000")
        city = self.by_code.get(place.code[:4] + "00")
        for p in (prov, city, place):
            if p and (not parts or parts[-1] != p.name):
                parts.append(p.name)
        return "".join(parts)


def _automaton(names: list[str]):
    try:
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - installed with the dependencies
        return None
    if not names or "" in names:
        return None
    return ahocorasick_rs.AhoCorasick(names, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)


def _short(name: str) -> str:
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name
