"""The ingest pipeline: file -> Document (read, normalize, split) -> stages -> store.

``stages_for(resources)`` is the one visible list of what happens to a document after
it is split; each later stage (analysis, search index, fingerprints) is added here."""

from __future__ import annotations

from huibian.resources import Resources
from huibian.stages import Stage


def stages_for(resources: Resources) -> list[Stage]:
    stages: list[Stage] = []
    return stages
