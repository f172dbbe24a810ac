from pathlib import Path

import pytest

from huibian.pipeline.ingestor import process_file
from huibian.core.records import SourceFile
from huibian.pipeline.resources import Resources

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


@pytest.fixture(scope="session")
def resources():
    return Resources()


@pytest.fixture(scope="session")
def seeds():
    docs = {}
    for path in sorted(SAMPLE.glob("*.txt")):
        docs[path.name[:3]] = process_file(SourceFile.from_bytes(str(path), path.read_bytes()))
    return docs


@pytest.fixture(scope="session")
def analyzed(resources, seeds):
    return {k: resources.analyzer.analyze(d.items) for k, d in seeds.items()}
