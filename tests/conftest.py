"""Shared fixtures: the real sample corpus and real stores in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"
SEED_VOLUME = SAMPLE / "000_3d6cb0e400fd333e.txt"   # preface + two cases (wrapped book text)
SEED_PLAN = SAMPLE / "001_034e52bbb917526e.txt"     # 实施方案 with 文号 and 主题词
SEED_NOTICE = SAMPLE / "002_f10f9b464623ee1e.txt"   # notice forwarding a 指导意见
SEEDS = (SEED_VOLUME, SEED_PLAN, SEED_NOTICE)


@pytest.fixture(scope="session")
def resources():
    from huibian.pipeline.resources import Resources

    return Resources()


@pytest.fixture(scope="session")
def splitter():
    from huibian.ingest.split import Splitter

    return Splitter()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "store" / "huibian.db"


@pytest.fixture
def conn(db_path):
    from huibian.store import connect

    c = connect(db_path)
    yield c
    c.close()
