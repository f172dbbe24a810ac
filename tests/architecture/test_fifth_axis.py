"""Acceptance (issue 15): an axis added to the taxonomy needs no code change. A copy of
``models/`` gets a fifth axis, 经费 (``funding``: 财政拨款 / 自筹资金, a few cue words
each), and is put in force with ``HUIBIAN_MODELS``. Three short texts of our own are
ingested by ``huibian ingest`` into a real store; then the items carry the fifth
axis's label (classified by its cues), it is stored, ``huibian search`` facets and
filters on it, ``huibian show`` prints it, and the item page (Streamlit AppTest)
shows it and takes a person's correction on it.

Runs on both stores with ``pytest --both-stores`` (the ``collection`` fixture); not
marked both_stores: its second half is a dozen more CLI runs and page runs, more than
the ~25 s a marked module's PostgreSQL half may add."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from huibian.store import connect
from tests.app.harness import errors, page

REPO = Path(__file__).resolve().parents[2]
HUIBIAN = [sys.executable, "-m", "huibian.cli"]

FUNDING = {
    "id": "funding", "name": "经费", "multi": True,
    "labels": [
        {"id": "fiscal", "name": "财政拨款",
         "definition": "activities paid for from the public budget",
         "cues": ["财政拨款", "专项经费", "财政资金", "列入年度预算"]},
        {"id": "self_raised", "name": "自筹资金",
         "definition": "activities paid for by the unit itself or by donations",
         "cues": ["自筹资金", "自筹经费", "社会捐助", "自愿捐款"]},
    ],
}

TEXTS = {
    "经费保障方案.txt": """关于保障村级党组织活动经费的实施方案

为进一步加强基层党组织建设，保障村级党组织正常开展活动，经研究，制定本方案。

一、经费来源
村级党组织活动经费由县级财政拨款，列入年度预算，按每个村每年两万元的标准安排专项经费，财政资金按季度拨付到位。

二、使用范围
经费主要用于党员教育培训、组织生活和为民服务，不得挪作他用。

三、监督管理
乡镇党委每年对经费使用情况进行检查，并向党员群众公开。

中共青田县委组织部
2011年3月15日
""",
    "志愿服务站汇报.txt": """社区党员志愿服务站建设情况汇报

我社区党总支围绕服务群众，建设党员志愿服务站，取得了较好成效。

一、主要做法
服务站所需资金以自筹资金为主，社区企业和居民自愿捐款，共筹集社会捐助三万余元，全部用于添置设备和开展活动。

二、取得的成效
一年来，服务站组织党员志愿者开展便民服务四十余次，受到居民好评。

三、下一步打算
继续发动党员参与，完善服务站的管理制度。

城关镇东门社区党总支
2012年5月20日
""",
    "学生党员教育管理.txt": """浅谈新时期高校学生党员的教育管理

摘要：本文分析了高校学生党员教育管理中存在的问题，提出了改进的思路。

一、存在的问题
部分学生党员理想信念不够坚定，党员意识有待增强。

二、改进的思路
高校党组织应当创新教育方式，加强日常管理，发挥学生党员的先锋模范作用。

三、结语
学生党员的教育管理是一项长期任务，需要持续推进。

某大学马克思主义学院
2012年9月1日
""",
}
FISCAL, SELF_RAISED, NEITHER = "关于保障村级党组织活动经费的实施方案", \
    "社区党员志愿服务站建设情况汇报", "浅谈新时期高校学生党员的教育管理"


def _models_with_a_fifth_axis(folder: Path) -> Path:
    models = folder / "models"
    shutil.copytree(REPO / "models", models, ignore=shutil.ignore_patterns("__pycache__"))
    path = models / "taxonomy.json"
    taxonomy = json.loads(path.read_text(encoding="utf-8"))
    assert [a["id"] for a in taxonomy["axes"]] == ["genre", "sector", "theme", "carrier"]
    taxonomy["axes"].append(FUNDING)
    path.write_text(json.dumps(taxonomy, ensure_ascii=False, indent=2), encoding="utf-8")
    return models


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    r = subprocess.run(HUIBIAN + list(args), capture_output=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    return r


def _ingest(db, models: Path, texts: Path) -> None:
    env = {**os.environ, "HUIBIAN_MODELS": str(models), "HUIBIAN_DB": str(db)}
    out = _cli("ingest", str(texts), env=env).stdout.decode("utf-8").splitlines()
    assert out[-1] == "3 files: 3 stored (3 items), 0 duplicate, 0 failed"


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """(models folder with the five-axis taxonomy, folder of the three texts)."""
    root = tmp_path_factory.mktemp("fifth_axis")
    models = _models_with_a_fifth_axis(root)
    texts = root / "texts"
    texts.mkdir()
    for name, text in TEXTS.items():
        (texts / name).write_text(text, encoding="utf-8")
    return models, texts


@pytest.fixture(scope="module")
def sqlite_collection(sources, tmp_path_factory):
    db = tmp_path_factory.mktemp("fifth_axis_store") / "store" / "huibian.db"
    _ingest(db, *sources)
    return db


@pytest.fixture
def collection(sources, store_kind, request, tmp_path, monkeypatch):
    """(db, models folder, env, {title: id}): the three texts ingested by the CLI with
    the five-axis taxonomy in force: the module's SQLite store, or (``--both-stores``)
    a copy of the same store built once on the PostgreSQL server."""
    models, texts = sources
    if store_kind == "postgresql":
        db = request.getfixturevalue("pg_templates").copy(
            "fifth_axis", lambda url: _ingest(url, models, texts), tmp_path, monkeypatch)
    else:
        db = request.getfixturevalue("sqlite_collection")
    env = {**os.environ, "HUIBIAN_MODELS": str(models), "HUIBIAN_DB": str(db)}
    conn = connect(db)
    try:
        ids = {title: iid for iid, title in conn.execute("SELECT id, title FROM items")}
    finally:
        conn.close()
    assert set(ids) == {FISCAL, SELF_RAISED, NEITHER}
    return db, models, env, ids


def _funding_rows(db: Path | str) -> dict[str, list[tuple[str, str]]]:
    conn = connect(db)
    try:
        rows = conn.execute("SELECT i.title, l.label, l.source FROM labels l JOIN items i "
                            "ON i.id = l.item_id WHERE l.axis = 'funding' AND "
                            "l.source IN ('final', 'human') ORDER BY i.title, l.label, l.source").fetchall()
    finally:
        conn.close()
    out: dict[str, list[tuple[str, str]]] = {}
    for title, label, source in rows:
        out.setdefault(title, []).append((label, source))
    return out


def test_the_fifth_axis_is_classified_by_its_cues_and_stored(collection):
    db, _, env, ids = collection
    assert _funding_rows(db) == {FISCAL: [("fiscal", "final")],
                                 SELF_RAISED: [("self_raised", "final")]}
    shown = json.loads(_cli("show", ids[FISCAL], "--json", env=env).stdout)
    assert [x["label"] for x in shown["funding"]] == ["fiscal"]
    assert "财政拨款" in shown["funding"][0]["reason"]
    assert json.loads(_cli("show", ids[NEITHER], "--json", env=env).stdout)["funding"] == []
    text = _cli("show", ids[SELF_RAISED], env=env).stdout.decode("utf-8")
    assert [ln.split()[:2] for ln in text.splitlines() if ln.startswith("funding")] == \
        [["funding", "self_raised"]]


def test_search_facets_and_filters_on_the_fifth_axis(collection, tmp_path):
    _, _, env, ids = collection
    r = json.loads(_cli("search", "党员", "--json", env=env).stdout)
    assert r["total"] == 3
    assert r["facets"]["funding"] == {"fiscal": 1, "self_raised": 1}
    assert list(r["facets"])[:5] == ["genre", "sector", "theme", "carrier", "funding"]
    only = json.loads(_cli("search", "党员", "--funding", "self_raised", "--json",
                           env=env).stdout)
    assert [h["id"] for h in only["hits"]] == [ids[SELF_RAISED]]
    either = json.loads(_cli("search", "党员", "--funding", "fiscal", "--funding",
                             "self_raised", "--json", "--csv", str(tmp_path / "r.csv"),
                             env=env).stdout)
    assert {h["id"] for h in either["hits"]} == {ids[FISCAL], ids[SELF_RAISED]}
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    # issue 17: Chinese headers, the fifth axis by its name, label names in the cells and
    # the label ids in the last column
    assert lines[0] == ("序号,编号,标题,单位,日期,地区,字数,得分,文种,领域,主题,载体类型,"
                        "经费,具名载体,来源文件,摘要,标签编号")
    cells = {row[1]: (row[12], row[-1].split("；")[-1]) for row in csv.reader(lines[1:])}
    assert cells[ids[FISCAL]] == ("财政拨款", "funding=fiscal")
    assert cells[ids[SELF_RAISED]] == ("自筹资金", "funding=self_raised")
    assert "--funding LABEL" in _cli("search", "--help", env=env).stdout.decode()


def test_the_search_and_overview_pages_show_the_fifth_axis(collection, monkeypatch):
    _, _, env, ids = collection
    monkeypatch.setenv("HUIBIAN_DB", env["HUIBIAN_DB"])
    monkeypatch.setenv("HUIBIAN_MODELS", env["HUIBIAN_MODELS"])
    at = page("overview_page", role="admin")
    assert not errors(at)
    # two columns of charts: the page's tree holds the left column's first
    assert [h.value for h in at.subheader][:7] == ["按文种", "按主题", "按经费", "按年份",
                                                   "按领域", "按载体类型", "按地区"]
    at = page("search_page", role="admin")
    assert not errors(at)
    funding = at.multiselect(key="search_f_funding")
    assert funding.label == "经费"
    assert funding.options == ["财政拨款（1）", "自筹资金（1）"]
    at = funding.set_value(["self_raised"]).run()
    assert not errors(at)
    assert at.caption[0].value == "共 1 篇，第 1/1 页"
    assert "经费：自筹资金" in at.caption[1].value


def test_the_item_page_shows_the_fifth_axis_and_takes_a_correction(collection, monkeypatch):
    db, _, env, ids = collection
    monkeypatch.setenv("HUIBIAN_DB", env["HUIBIAN_DB"])
    monkeypatch.setenv("HUIBIAN_MODELS", env["HUIBIAN_MODELS"])
    at = page("item_page", role="admin", query_params={"id": ids[FISCAL]})
    assert not errors(at)
    shown = [m.value for m in at.markdown]
    k = shown.index("**经费**")
    assert shown[k + 1].startswith("- 财政拨款 （")
    assert at.selectbox(key="label_axis").options == ["文种", "领域", "主题", "载体类型", "经费"]
    at.selectbox(key="label_axis").select("funding").run()
    at.multiselect(key="label_new_funding").set_value(["fiscal", "self_raised"])
    [b for b in at.button if b.label == "保存更正"][0].click().run()
    assert not errors(at)
    assert [s.value for s in at.success] == ["已保存：经费 → 财政拨款、自筹资金（人工标签）"]
    assert _funding_rows(db)[FISCAL] == [("fiscal", "final"), ("fiscal", "human"),
                                         ("self_raised", "human")]
    r = json.loads(_cli("search", "党员", "--funding", "self_raised", "--json",
                        env=env).stdout)
    assert {h["id"] for h in r["hits"]} == {ids[FISCAL], ids[SELF_RAISED]}
    assert r["facets"]["funding"] == {"self_raised": 2, "fiscal": 1}


def test_huibian_classify_and_label_take_the_fifth_axis(collection, tmp_path):
    db, _, env, ids = collection
    text = tmp_path / "经费保障方案.txt"
    text.write_text(TEXTS["经费保障方案.txt"], encoding="utf-8")
    out = _cli("classify", str(text), env=env).stdout.decode("utf-8").splitlines()
    assert [ln.split(":")[0].strip() for ln in out[1:6]] == ["genre", "sector", "theme",
                                                              "carrier", "funding"]
    assert out[5].startswith("  funding: fiscal (")
    assert "--funding LABEL [LABEL ...]" in _cli("label", "--help", env=env).stdout.decode()
    _cli("label", ids[NEITHER], "--funding", "fiscal", "--who", "tester", env=env)
    assert _funding_rows(db)[NEITHER] == [("fiscal", "human")]
    r = json.loads(_cli("search", "党员", "--funding", "fiscal", "--json", env=env).stdout)
    assert {h["id"] for h in r["hits"]} == {ids[FISCAL], ids[NEITHER]}
    bad = subprocess.run(HUIBIAN + ["label", ids[NEITHER], "--funding", "nonsense"],
                         capture_output=True, env=env)
    assert bad.returncode == 2
    assert "unknown funding label 'nonsense'" in bad.stderr.decode("utf-8")
