"""Named carriers (载体): every activity a document introduces in quotation marks with a
vehicle word — 开展/实施/推行“X”, “X”活动/工程/行动/岗, 以“X”为载体, or a quoted name
that itself ends in 工程/先锋岗… (“堡垒工程”). Each is returned with its sentence and
mapped to a taxonomy carrier label where one fits.

The vehicle words, exclusions and the name -> label map are data
(``models/carrier_rules.json``); this module is the logic only."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from huibian.core.errors import DataFileError
from huibian.core.models_dir import model_file
from huibian.nlp.sentences import sentence_at, sentence_spans
from huibian.nlp.taxonomy import Taxonomy

_QUOTE = re.compile(r"“([^“”\n]{1,40})”")


@dataclass(frozen=True)
class NamedCarrier:
    name: str
    label: str | None
    sentence: str
    start: int  # the name's offsets in the text (inside the quotation marks)
    end: int

    def as_json(self) -> dict:
        return {"name": self.name, "label": self.label, "sentence": self.sentence}


@dataclass(frozen=True)
class CarrierRules:
    verbs_before: tuple[str, ...]
    nouns_after: tuple[str, ...]
    frames_after: tuple[str, ...]
    not_after: tuple[str, ...]
    name_ends: tuple[str, ...]
    not_named: frozenset[str]
    labels: dict[str, str]
    noun_labels: dict[str, str]


def load_carrier_rules(path: Path | None = None, taxonomy: Taxonomy | None = None) -> CarrierRules:
    path = Path(path) if path else model_file("carrier_rules.json")
    try:
        raw = path.read_text(encoding="utf-8")
        data = json.loads(raw)
    except FileNotFoundError as exc:
        raise DataFileError("carrier rules not found", file=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"not valid JSON: {exc.msg}", file=str(path), line=exc.lineno) from exc
    lists = {}
    for key in ("verbs_before", "nouns_after", "frames_after", "not_after", "name_ends",
                "not_named_carriers"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise DataFileError(f'"{key}" must be a list of non-empty strings', file=str(path))
        lists[key] = tuple(sorted(value, key=len, reverse=True))
    maps = {}
    for key in ("labels", "noun_labels"):
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise DataFileError(f'"{key}" must map a name to a carrier label id', file=str(path))
        if taxonomy is not None:
            known = set(taxonomy["carrier"].ids)
            for name, label in value.items():
                if label not in known:
                    line = raw[:raw.find(f'"{name}"')].count("\n") + 1
                    raise DataFileError(f"{key}: {name!r} maps to unknown carrier label {label!r}",
                                        file=str(path), line=line)
        maps[key] = dict(value)
    return CarrierRules(lists["verbs_before"], lists["nouns_after"], lists["frames_after"],
                        lists["not_after"], lists["name_ends"],
                        frozenset(lists["not_named_carriers"]), maps["labels"], maps["noun_labels"])


class CarrierExtractor:
    def __init__(self, rules: CarrierRules, taxonomy: Taxonomy):
        self.rules = rules
        # carrier cue words, longest first, for mapping a name to a label
        cues = [(cue, label.id) for label in taxonomy["carrier"].labels for cue in label.cues]
        self._cues = sorted(cues, key=lambda c: len(c[0]), reverse=True)

    def extract(self, text: str) -> list[NamedCarrier]:
        spans = sentence_spans(text)
        found: list[NamedCarrier] = []
        seen: set[str] = set()
        for run in self._runs(text):
            first, last = run[0], run[-1]
            s_start, s_end = sentence_at(text, spans, first.start())
            before = text[max(s_start, first.start() - 8):first.start()]
            after = text[last.end():min(s_end if s_end > last.end() else len(text), last.end() + 10)]
            noun = next((n for n in self.rules.nouns_after if after.startswith(n)), None)
            if noun and any(after.startswith(n) for n in self.rules.not_after):
                noun = None
            verb = any(before.endswith(v) or before.endswith(v + "了") for v in self.rules.verbs_before)
            frame = before.endswith("以") and any(after.startswith(f) for f in self.rules.frames_after)
            for m in run:
                name = m.group(1).strip()
                ends = any(name.endswith(e) for e in self.rules.name_ends)
                if not (noun or frame or verb or (ends and s_start < m.start())):
                    continue
                if name in self.rules.not_named or not name:
                    continue
                key = name[:-2] if name.endswith("工程") and len(name) > 2 else name
                if key in seen:
                    continue
                seen.add(key)
                found.append(NamedCarrier(name, self.label_for(name, noun), text[s_start:s_end],
                                          m.start(1), m.start(1) + len(m.group(1))))
        return found

    def label_for(self, name: str, noun: str | None) -> str | None:
        if name in self.rules.labels:
            return self.rules.labels[name]
        for cue, label in self._cues:
            if cue in name:
                return label
        if noun and noun in self.rules.noun_labels:
            return self.rules.noun_labels[noun]
        return None

    @staticmethod
    def _runs(text: str) -> list[list[re.Match[str]]]:
        """Quoted names in a row (“X”、“Y”) share the verb before and the noun after."""
        runs: list[list[re.Match[str]]] = []
        for m in _QUOTE.finditer(text):
            if runs and text[runs[-1][-1].end():m.start()] in ("、", "，", ","):
                runs[-1].append(m)
            else:
                runs.append([m])
        return runs
