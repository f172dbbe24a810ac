"""The label taxonomy: axes (the four every taxonomy has: genre, sector, theme, carrier;
and any more the file adds), each a list of labels with a stable id, a Chinese name, a
definition and cue words.

The taxonomy is the user-editable data file ``models/taxonomy.json``; a user adds a
label, cue words or a whole axis there without touching code (the classifier, training
and analysis iterate over ``Taxonomy.axes``, in the file's order). ``load_taxonomy``
validates it and names the file and line (and the axis/label) of any error."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from huibian.core.errors import DataFileError
from huibian.core.models_dir import model_file

AXES = ("genre", "sector", "theme", "carrier")  # every taxonomy has these (more may follow)
_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
# names an added axis cannot take: the other keys of an item's analysis JSON
# (``huibian classify --json``) and the item facets search shows beside the axes
RESERVED = frozenset({"title", "named_carriers", "keywords", "entities", "named_carrier",
                      "region", "year", "unit", "collection"})


@dataclass(frozen=True)
class Label:
    axis: str
    id: str
    name: str
    definition: str
    cues: tuple[str, ...]
    # longer words that hold one of the cues and do not mean the label (研究生 holds the
    # article cue 研究; 想办法 the system cue 办法): a cue inside one of them is no cue
    not_cues: tuple[str, ...] = ()
    # its cues count in a clause that says how a result is used (the axis's result_uses):
    # 作为年度考核的依据 is the vehicle of mechanism, the use of an outcome for the others
    in_result_uses: bool = False


@dataclass(frozen=True)
class Axis:
    id: str
    name: str
    multi: bool
    labels: tuple[Label, ...]
    # words that deny what follows them in a clause (没有搞, 不评, 尚未): a cue of this
    # axis after one of them in its clause is no cue (没有搞先锋岗 names no 先锋岗)
    negations: tuple[str, ...] = ()
    # words that open a unit's intentions (下一步, 明年): a cue of this axis in a section so
    # headed (下一步打算, 明年工作思路) or in a sentence that opens with one and a comma is
    # what the unit means to do, not what it did
    intentions: tuple[str, ...] = ()
    # words that say how a result is used (作为评优的依据, 与评先挂钩, 评先资格, 优先推荐):
    # a cue of this axis in a clause with one of them, or in a condition (受到表彰的，加分),
    # is the use of an outcome, not a vehicle the unit runs
    result_uses: tuple[str, ...] = ()
    # words that head a section on problems (存在的问题, 不足之处, 短板): a cue of this axis
    # under such a heading, up to the next heading of its level, is a problem the text
    # analyses, not a vehicle it runs
    problems: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(label.id for label in self.labels)

    def label(self, label_id: str) -> Label:
        for label in self.labels:
            if label.id == label_id:
                return label
        raise KeyError(label_id)


@dataclass(frozen=True)
class Taxonomy:
    axes: dict[str, Axis]
    path: Path

    def __getitem__(self, axis: str) -> Axis:
        return self.axes[axis]

    @property
    def single_axes(self) -> tuple[str, ...]:
        """The ids of the axes with one label an item (``multi`` false), in file order."""
        return tuple(a for a, axis in self.axes.items() if not axis.multi)

    @property
    def multi_axes(self) -> tuple[str, ...]:
        """The ids of the multi-label axes, in file order."""
        return tuple(a for a, axis in self.axes.items() if axis.multi)

    def check_label(self, axis: str, label_id: str) -> None:
        """Raise a DataFileError-free ``KeyError`` message a CLI can show."""
        if axis not in self.axes:
            raise KeyError(f"unknown axis {axis!r} (axes: {', '.join(self.axes)})")
        if label_id not in self.axes[axis].ids:
            raise KeyError(f"unknown {axis} label {label_id!r} "
                           f"(labels: {', '.join(self.axes[axis].ids)})")


def _line_of(text: str, needle: str, after: int = 0) -> int | None:
    pos = text.find(needle, after)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else None


def _words(value) -> bool:
    """Is ``value`` a list of non-empty words without spaces?"""
    return isinstance(value, list) and all(
        isinstance(w, str) and w.strip() and not any(ch.isspace() for ch in w) for w in value)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    path = Path(path) if path else model_file("taxonomy.json")
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError("taxonomy not found", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError("taxonomy is not UTF-8", file=str(path)) from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"not valid JSON: {exc.msg} (column {exc.colno}); check commas "
                            "and quotes", file=str(path), line=exc.lineno) from exc

    def fail(message: str, needle: str | None = None, after: int = 0) -> DataFileError:
        line = _line_of(raw, needle, after) if needle else None
        return DataFileError(message, file=str(path), line=line)

    if not isinstance(data, dict) or not isinstance(data.get("axes"), list):
        raise fail('expected an object with an "axes" list')
    axes: dict[str, Axis] = {}
    for axis_data in data["axes"]:
        if not isinstance(axis_data, dict):
            raise fail("each axis must be an object with id, name, multi, labels")
        axis_id = axis_data.get("id")
        if axis_id not in AXES and not (isinstance(axis_id, str) and _ID.match(axis_id)
                                        and axis_id not in RESERVED):
            raise fail(f"bad axis id {axis_id!r}: an axis id is lower-case letters, digits "
                       f"and _ (like funding), not {', '.join(sorted(RESERVED))}; the axes every "
                       f"taxonomy has are "
                       f"{', '.join(AXES)}",
                       f'"id": "{axis_id}"' if isinstance(axis_id, str) else None)
        axis_pos = raw.find(f'"id": "{axis_id}"')
        if axis_id in axes:
            raise fail(f"axis {axis_id!r} appears twice", f'"id": "{axis_id}"', axis_pos + 1)
        multi = axis_data.get("multi")
        if not isinstance(multi, bool):
            raise fail(f'axis {axis_id}: "multi" must be true or false', f'"id": "{axis_id}"')
        labels_data = axis_data.get("labels")
        if not isinstance(labels_data, list) or not labels_data:
            raise fail(f'axis {axis_id}: "labels" must be a non-empty list', f'"id": "{axis_id}"')
        labels: list[Label] = []
        seen: set[str] = set()
        for ld in labels_data:
            lid = ld.get("id") if isinstance(ld, dict) else None
            needle = f'"id": "{lid}"' if isinstance(lid, str) else None
            where = f"{axis_id}/{lid}"
            if not isinstance(ld, dict):
                raise fail(f"axis {axis_id}: each label must be an object", f'"id": "{axis_id}"')
            if not isinstance(lid, str) or not _ID.match(lid):
                raise fail(f"{where}: label id must be lower-case letters, digits and _ "
                           "(like vanguard_post)", needle, axis_pos)
            if lid in seen:
                raise fail(f"{where}: label id appears twice in axis {axis_id}",
                           needle, raw.find(needle, axis_pos) + 1)
            seen.add(lid)
            for key in ("name", "definition"):
                if not isinstance(ld.get(key), str) or not ld[key].strip():
                    raise fail(f'{where}: "{key}" must be a non-empty string', needle, axis_pos)
            cues = ld.get("cues", [])
            if not isinstance(cues, list) or not all(isinstance(c, str) and c.strip()
                                                     and not any(ch.isspace() for ch in c)
                                                     for c in cues):
                raise fail(f'{where}: "cues" must be a list of words without spaces',
                           needle, axis_pos)
            not_cues = ld.get("not_cues", [])
            if not isinstance(not_cues, list) or not all(
                    isinstance(w, str) and not any(ch.isspace() for ch in w)
                    and any(c in w and c != w for c in cues) for w in not_cues):
                raise fail(f'{where}: "not_cues" must be a list of words without spaces, each '
                           "longer than one of the label's cues and holding it", needle, axis_pos)
            in_uses = ld.get("in_result_uses", False)
            if not isinstance(in_uses, bool):
                raise fail(f'{where}: "in_result_uses" must be true or false', needle, axis_pos)
            unknown = set(ld) - {"id", "name", "definition", "cues", "not_cues", "in_result_uses"}
            if unknown:
                raise fail(f"{where}: unknown field(s) {', '.join(sorted(unknown))}",
                           needle, axis_pos)
            labels.append(Label(axis_id, lid, ld["name"], ld["definition"], tuple(cues),
                                tuple(not_cues), in_uses))
        words = {}
        for key in ("negations", "intentions", "result_uses", "problems"):
            words[key] = axis_data.get(key, [])
            if not _words(words[key]):
                raise fail(f'axis {axis_id}: "{key}" must be a list of words without spaces',
                           f'"id": "{axis_id}"')
        axes[axis_id] = Axis(axis_id, str(axis_data.get("name", axis_id)), multi, tuple(labels),
                             tuple(words["negations"]), tuple(words["intentions"]),
                             tuple(words["result_uses"]), tuple(words["problems"]))
    missing = [a for a in AXES if a not in axes]
    if missing:
        raise fail(f"missing axis/axes: {', '.join(missing)}")
    return Taxonomy(axes=axes, path=path)
