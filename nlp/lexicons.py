"""Loaders for the user-editable lexicons in ``models/``: the jieba user dictionary
and the stopword list. Each loader validates its file and names the file and line
of any error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from huibian.core.errors import DataFileError
from huibian.core.models_dir import model_file, packaged_models_dir
from huibian.nlp.combine import STACK_FEATURES

# the packaged model files (a ``HUIBIAN_MODELS`` folder may replace any of them: the
# loaders' defaults go through ``huibian.core.models_dir.model_file``)
MODELS_DIR = packaged_models_dir()

_TAG = re.compile(r"^[a-zA-Z]{1,4}$")


@dataclass(frozen=True)
class DictEntry:
    word: str
    freq: int | None
    tag: str | None


def load_userdict(path: Path) -> list[DictEntry]:
    """``word [freq] [tag]`` per line, ``#`` comments and blank lines ignored."""
    entries: list[DictEntry] = []
    seen: dict[str, int] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise DataFileError("user dictionary not found", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError("user dictionary is not UTF-8", file=str(path)) from exc
    for no, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word, freq, tag = parts[0], None, None
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest:
            tag = rest.pop(0)
            if not _TAG.match(tag):
                raise DataFileError(f"bad part-of-speech tag {tag!r} (use letters like n, nz, nt)",
                                    file=str(path), line=no)
        if rest:
            raise DataFileError("expected 'word [freq] [tag]'", file=str(path), line=no)
        if word in seen:
            raise DataFileError(f"duplicate entry {word!r} (first on line {seen[word]})",
                                file=str(path), line=no)
        seen[word] = no
        entries.append(DictEntry(word, freq, tag))
    return entries


def load_stopwords(path: Path | None = None) -> frozenset[str]:
    """One stopword per line; ``#`` comments allowed."""
    path = Path(path) if path else model_file("stopwords.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise DataFileError("stopword list not found", file=str(path)) from exc
    words = set()
    for no, line in enumerate(lines, 1):
        w = line.strip()
        if not w or w.startswith("#"):
            continue
        if any(c.isspace() for c in w):
            raise DataFileError("one stopword per line, no spaces inside", file=str(path), line=no)
        words.add(w)
    return frozenset(words)


def load_genre_titles(path: Path, genres: tuple[str, ...]) -> list[tuple[str, "re.Pattern[str]"]]:
    """``genre<TAB>regex`` per line (``#`` comments); the genre must be a taxonomy id."""
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return out
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        genre, sep, pattern = line.partition("\t")
        if not sep:
            raise DataFileError("expected 'genre<TAB>pattern'", file=str(path), line=no)
        if genre.strip() not in genres:
            raise DataFileError(f"unknown genre {genre.strip()!r}", file=str(path), line=no)
        try:
            out.append((genre.strip(), re.compile(pattern.strip())))
        except re.error as exc:
            raise DataFileError(f"not a valid regular expression: {exc}", file=str(path),
                                line=no) from exc
    return out


def load_label_thresholds(path: Path, taxonomy=None) -> dict:
    """Per-label thresholds calibrated on the development set (``huibian.evaluation.thresholds``);
    an empty dict when the file is absent. Labels must be taxonomy ids."""
    import json

    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"not valid JSON: {exc}", file=str(path)) from exc
    if taxonomy is not None:
        for axis, labels in data.get("coverage", {}).items():
            for lab in labels:
                if lab not in taxonomy[axis].ids:
                    raise DataFileError(f"unknown {axis} label {lab!r}", file=str(path))
        for lab in data.get("carrier_min_hits", {}):
            if lab not in taxonomy["carrier"].ids:
                raise DataFileError(f"unknown carrier label {lab!r}", file=str(path))
        for key in ("item_vote", "sentence_vote"):
            for axis in data.get(key, {}):
                if axis not in taxonomy.axes:
                    raise DataFileError(f"unknown axis {axis!r} under {key}", file=str(path))
    for axis, vote in data.get("sentence_vote", {}).items():
        if not isinstance(vote, dict) or set(vote) != {"veto", "add"}:
            raise DataFileError(f"sentence_vote of {axis!r} needs \"veto\" and \"add\"",
                                file=str(path))
    for axis, model in data.get("stacker", {}).items():
        if taxonomy is not None and axis not in taxonomy.axes:
            raise DataFileError(f"unknown axis {axis!r} under stacker", file=str(path))
        names = model.get("features", list(STACK_FEATURES)) if isinstance(model, dict) else ()
        ok = isinstance(model, dict) and {"weights", "bias", "cut"} <= set(model) and \
            isinstance(names, list) and set(names) <= set(STACK_FEATURES) and \
            isinstance(model["weights"], list) and len(model["weights"]) == len(names) \
            and all(isinstance(v, (int, float)) for v in (*model["weights"], model["bias"],
                                                          model["cut"]))
        if not ok:
            raise DataFileError(f"stacker of {axis!r} needs \"weights\" (one number for each "
                                f"of its \"features\", some of {', '.join(STACK_FEATURES)}), "
                                f"\"bias\" and \"cut\"",
                                file=str(path))
    out = {"coverage": data.get("coverage", {}),
           "carrier_min_hits": data.get("carrier_min_hits", {}),
           "item_vote": data.get("item_vote", {}),
           "sentence_vote": data.get("sentence_vote", {})}
    if data.get("stacker"):
        out["stacker"] = data["stacker"]
    return out
