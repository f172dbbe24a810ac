"""``huibian volume``: new prints the id; add/show/move/export; errors are one line with
exit 1, usage errors exit 2."""

from __future__ import annotations

import json
import shutil

import pytest

from huibian.cli import main
from tests.volume.conftest import CASE_HOSP, CASE_NET, PLAN, PREFACE, ingest_sample, sample_ids


pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


@pytest.fixture
def db(db_path):
    ingest_sample(db_path).close()
    return str(db_path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_volume_commands(db, capsys, tmp_path):
    from huibian.store import connect

    ids = sample_ids(connect(db))
    code, out, _ = run(capsys, "volume", "new", "汇编", "--db", db)
    assert (code, out) == (0, "1\n")
    assert run(capsys, "volume", "add", "1", ids[CASE_NET], ids[CASE_HOSP][:6],
               "--section", "优秀实践案例", "--db", db)[0] == 0
    code, _, err = run(capsys, "volume", "add", "1", ids[CASE_NET], "--section", "2", "--db", db)
    assert code == 1 and "already in volume 1" in err and "[E800]" in err
    code, _, err = run(capsys, "volume", "add", "1", ids[PLAN], "--db", db)
    assert code == 1 and "say which section" in err
    assert run(capsys, "volume", "move", "1", ids[CASE_HOSP], "--to", "1", "--db", db)[0] == 0
    assert run(capsys, "volume", "set-preface", "1", "--item", ids[PREFACE], "--db", db)[0] == 0
    preface = tmp_path / "前言.txt"
    preface.write_text("这是前言。\n编者\n2024年5月\n", encoding="utf-8")
    assert run(capsys, "volume", "set-preface", "1", str(preface), "--db", db)[0] == 0
    code, out, _ = run(capsys, "volume", "show", "1", "--json", "--db", db)
    shown = json.loads(out)
    assert shown["preface"].startswith("这是前言")
    assert [i["id"] for i in shown["sections"][0]["items"]] == [ids[CASE_HOSP], ids[CASE_NET]]
    code, out, _ = run(capsys, "volume", "show", "1", "--db", db)
    assert "1. 优秀实践案例  (2)" in out
    assert run(capsys, "volume")[0] == 2  # no action: usage
    code, _, err = run(capsys, "volume", "show", "9", "--db", db)
    assert code == 1 and "no volume 9" in err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_volume_export(db, capsys, tmp_path):
    from huibian.store import connect

    ids = sample_ids(connect(db))
    run(capsys, "volume", "new", "汇编", "--sections", "manual", "--section", "制度", "--db", db)
    run(capsys, "volume", "add", "1", ids[PLAN], "--db", db)
    code, _, err = run(capsys, "volume", "export", "1", "--docx", str(tmp_path / "v.docx"),
                       "--pdf", str(tmp_path / "v.pdf"), "--db", db)
    assert code == 0, err
    assert (tmp_path / "v.docx").stat().st_size > 0
    assert (tmp_path / "v.pdf").read_bytes().startswith(b"%PDF")
    rows = connect(db).execute("SELECT actor, action, target, detail FROM audit_log "
                               "WHERE action='volume.export'").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("(local operator)", "volume.export", "1")]
    assert json.loads(rows[0][3])["formats"] == ["docx", "pdf"]
