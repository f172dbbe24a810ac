"""The team's labeled development set (``corpora/understanding/``): documents written by
the team in the layouts real submissions have, each labeled by reading it, and compiled
volumes assembled from them.

The split into ``train`` and ``test`` (the dev-test split) is a fixed function of the
file name (a hash), decided before any rule or model looked at the documents: no rule
and no model is tuned on ``test``; ``huibian train`` learns from ``train`` only and
reports ``test``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from huibian.core.errors import DataFileError

ROOT = Path(__file__).resolve().parent.parent / "corpora" / "understanding"
TEST_SHARE = 33  # percent of documents in the dev-test split
FIELDS = ("title", "unit", "date", "doc_number")


def split_of(name: str) -> str:
    """``test`` for about a third of the names, ``train`` for the rest; fixed."""
    h = int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16)
    return "test" if h % 100 < TEST_SHARE else "train"


@dataclass(frozen=True)
class LabeledDoc:
    name: str
    path: Path
    labels: dict
    split: str

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @property
    def genre(self) -> str:
        return self.labels["genre"]

    def axis(self, axis: str) -> list[str]:
        v = self.labels.get(axis)
        return [v] if isinstance(v, str) else list(v or [])


@dataclass(frozen=True)
class LabeledVolume:
    name: str
    paths: dict[str, Path]          # format -> file
    items: list[dict] = field(default_factory=list)  # title, unit, date, label, source
    split: str = "test"


def load_documents(root: Path | None = None, split: str | None = None) -> list[LabeledDoc]:
    root = Path(root or ROOT)
    if not (root / "labels").is_dir():  # an installed huibian: the corpora are not shipped
        raise DataFileError("no development set here: it is corpora/understanding/ of a "
                            "source checkout", file=str(root))
    docs = []
    for path in sorted((root / "labels").glob("*.jsonl")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                lab = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFileError(f"not valid JSON: {exc.msg}", file=str(path), line=no) from exc
            name = lab.get("file")
            if not name or not (root / "docs" / name).is_file():
                raise DataFileError(f"no document {name!r}", file=str(path), line=no)
            s = split_of(name)
            if split is None or s == split:
                docs.append(LabeledDoc(name, root / "docs" / name, lab, s))
    return docs


def load_volumes(root: Path | None = None, split: str | None = None) -> list[LabeledVolume]:
    root = Path(root or ROOT)
    path = root / "volumes" / "volumes.jsonl"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        v = json.loads(line)
        vol = LabeledVolume(v["name"], {fmt: root / "volumes" / f for fmt, f in v["files"].items()},
                            v["items"], v["split"])
        if split is None or vol.split == split:
            out.append(vol)
    return out
