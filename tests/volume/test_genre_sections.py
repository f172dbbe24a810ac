"""Issue 17, 汇编: an item goes to the section of its genre when the editor names none
(a case to 优秀实践案例, an article to 优秀理论文章, a system to 优秀工作制度), also
through ``huibian volume add``; a volume without items is not exported; the exported
file's author is the campaign body, not ``python-docx``."""

from __future__ import annotations

import pytest

from huibian.cli import main
from huibian.services import volumes as model
from huibian.services.people import LOCAL_OPERATOR
from huibian.volume.records import VolumeError
from tests.conftest import SEED_PLAN, SEED_VOLUME
from tests.volume.conftest import CASE_HOSP, CASE_NET, PLAN, PREFACE


pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


def _ingest_labelled(db, resources) -> None:
    from huibian.pipeline.ingestor import Ingestor, sources_from_paths
    from huibian.store import connect

    conn = connect(db)
    with Ingestor(conn, resources, processes=1) as ing:
        assert ing.ingest(sources_from_paths([SEED_VOLUME, SEED_PLAN], ing.limits)).failed == 0
    conn.close()


@pytest.fixture(scope="module")
def labelled(tmp_path_factory, resources):
    """The volume and the plan ingested with the analysis (genre labels)."""
    db = tmp_path_factory.mktemp("genre") / "h.db"
    _ingest_labelled(db, resources)
    return db


@pytest.fixture
def db_path(store_kind, request, tmp_path, monkeypatch, resources):
    """A copy of the labelled store: of the module's SQLite file, or of a PostgreSQL
    template database built once (tests/conftest.py PgTemplates)."""
    import shutil

    if store_kind == "postgresql":
        return request.getfixturevalue("pg_templates").copy(
            "genre_labelled", lambda url: _ingest_labelled(url, resources), tmp_path,
            monkeypatch)
    shutil.copy(request.getfixturevalue("labelled"), tmp_path / "h.db")
    return tmp_path / "h.db"


@pytest.fixture
def conn(db_path):
    from huibian.store import connect

    c = connect(db_path)
    yield c
    c.close()


def _ids(conn) -> dict[str, str]:
    return {r[1]: r[0] for r in conn.execute("SELECT id, title FROM items")}


def test_items_go_to_their_genre_section(conn):
    ids = _ids(conn)
    assert {t: model.item_genre(conn, i) for t, i in ids.items()} == {
        PREFACE: "preface", CASE_NET: "case", CASE_HOSP: "case", PLAN: "plan"}
    vid = model.create_volume(conn, "汇编")
    model.add_items(conn, vid, [ids[CASE_HOSP], ids[CASE_NET]])
    with pytest.raises(VolumeError, match=r"its genre \(plan\) has no section") as exc:
        model.add_items(conn, vid, [ids[PLAN]])
    assert exc.value.code == "E800"
    # the editor's word wins; a person's genre correction places it by itself
    model.add_items(conn, vid, [ids[PREFACE]], section="优秀理论文章")
    conn.execute("INSERT INTO labels (item_id, axis, label, score, source, who, at) VALUES "
                 "(?, 'genre', 'system', 1.0, 'human', 'ed', 'now')", (ids[PLAN],))
    model.add_items(conn, vid, [ids[PLAN]])
    vol = model.get_volume(conn, vid)
    assert [(s.title, [e.item_id for e in s.entries]) for s in vol.sections] == [
        ("优秀实践案例", [ids[CASE_HOSP], ids[CASE_NET]]),
        ("优秀理论文章", [ids[PREFACE]]),
        ("优秀工作制度", [ids[PLAN]])]
    # an award volume whose section was removed gets it back for the next case
    vid2 = model.create_volume(conn, "乙")
    model.remove_section(conn, vid2, "优秀实践案例", actor=LOCAL_OPERATOR)
    model.add_items(conn, vid2, [ids[CASE_NET]])
    assert [(s.position, s.title, len(s.entries)) for s in model.get_volume(conn, vid2).sections] \
        == [(1, "优秀理论文章", 0), (2, "优秀工作制度", 0), (3, "优秀实践案例", 1)]


def test_cli_add_without_section_and_empty_export(conn, db_path, capsys, tmp_path):
    db = str(db_path)
    ids = _ids(conn)
    assert main(["volume", "new", "汇编", "--db", db]) == 0
    assert main(["volume", "new", "空汇编", "--db", db]) == 0
    capsys.readouterr()
    assert main(["volume", "add", "1", ids[CASE_NET], ids[CASE_HOSP], "--db", db]) == 0
    assert main(["volume", "show", "1", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "1. 优秀实践案例  (2)" in out and "2. 优秀理论文章  (0)" in out
    assert main(["volume", "export", "2", "--docx", str(tmp_path / "e.docx"), "--db", db]) == 1
    err = capsys.readouterr().err
    assert err == ("huibian: volume 2 has no items to export; add items with: "
                   "huibian volume add 2 ID… [E800]\n")
    assert not (tmp_path / "e.docx").exists()


def test_docx_properties_name_the_campaign_body(conn, tmp_path, monkeypatch):
    from docx import Document

    from huibian.volume.docx_export import build_docx

    ids = _ids(conn)
    vid = model.create_volume(conn, "创先争优活动优秀成果汇编", subtitle="第一辑")
    model.add_items(conn, vid, [ids[CASE_NET]])
    monkeypatch.setenv("HUIBIAN_CAMPAIGN_BODY", "中共江西省委教育工委")
    build_docx(model.compile_volume(conn, vid), tmp_path / "v.docx")
    props = Document(str(tmp_path / "v.docx")).core_properties
    assert (props.title, props.subject, props.author, props.last_modified_by, props.comments) \
        == ("创先争优活动优秀成果汇编", "第一辑", "中共江西省委教育工委", "中共江西省委教育工委", "")
    monkeypatch.delenv("HUIBIAN_CAMPAIGN_BODY")
    build_docx(model.compile_volume(conn, vid), tmp_path / "w.docx")
    assert Document(str(tmp_path / "w.docx")).core_properties.author == "汇编编委会"
