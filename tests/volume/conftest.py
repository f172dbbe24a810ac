"""Fixtures for the volume tests: the sample corpus ingested for real into a store in a
temporary folder, and one exported volume shared by the export tests (LibreOffice runs
take seconds, so the export is made once per module)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SEEDS

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def cjk(text: str) -> str:
    return "".join(CJK.findall(text))


def ingest_sample(db: Path) -> sqlite3.Connection:
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.core.limits import Limits
    from huibian.store import connect

    conn = connect(db)
    # the three seed texts of corpora/sample (the folder also holds renderings of the
    # same seeds as PDF/DOCX, which would give every title twice)
    report = Ingestor(conn, stages=[]).ingest(sources_from_paths(SEEDS, Limits()))
    assert report.failed == 0, report.summary()
    return conn


def sample_ids(conn: sqlite3.Connection) -> dict[str, str]:
    """{title: id} of the six sample items."""
    return {r["title"]: r["id"] for r in conn.execute("SELECT id, title FROM items")}


PREFACE = "前言"
CASE_NET = "做好学科课程网络资源，促进义务教育均衡发展"
CASE_HOSP = "推行“创岗建区”活动 提升党建管理水平"
PLAN = "关于在全区教育系统党的基层组织和党员中深入开展创先争优活动的实施方案"
NOTICE = "关于印发《在全市教育卫生系统党组织和党员中深入开展创先争优活动的指导意见》的通知"
OPINION = "在全市教育卫生系统党组织和党员中深入开展创先争优活动的指导意见"
# the volume built from the sample corpus: section -> item titles, in order
LAYOUT = (("优秀实践案例", (CASE_NET, CASE_HOSP)),
          ("优秀理论文章", (OPINION,)),
          ("优秀工作制度", (PLAN, NOTICE)))


@pytest.fixture
def store(db_path):
    """The sample store (on SQLite, or on PostgreSQL for a ``both_stores`` run)."""
    conn = ingest_sample(db_path)
    yield conn
    conn.close()


@dataclass
class Exported:
    conn: sqlite3.Connection
    volume_id: int
    compiled: object
    result: object
    docx: Path
    pdf: Path
    folder: Path


def build_sample_volume(conn: sqlite3.Connection) -> int:
    from huibian.services import volumes as model

    ids = sample_ids(conn)
    vid = model.create_volume(conn, "全省教育系统创先争优活动优秀成果汇编",
                              subtitle="优秀实践案例·优秀理论文章·优秀工作制度",
                              date="2012年7月")
    model.update_volume(conn, vid, preface=model.preface_from_item(conn, ids[PREFACE]))
    for section, titles in LAYOUT:
        model.add_items(conn, vid, [ids[t] for t in titles], section=section)
    return vid


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from huibian.services.volumes import compile_volume
    from huibian.volume.pdf_export import export_volume

    folder = tmp_path_factory.mktemp("volume")
    conn = ingest_sample(folder / "huibian.db")
    vid = build_sample_volume(conn)
    compiled = compile_volume(conn, vid)
    result = export_volume(compiled, folder / "out" / "汇编.docx", folder / "out" / "汇编.pdf")
    yield Exported(conn, vid, compiled, result, result.docx, result.pdf, folder)
    conn.close()
