import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from huibian.cli import main
from huibian.nlp.analysis_store import items_with_named_carrier, load_analysis

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.both_stores  # the tests that store (db_path): SQLite and PostgreSQL


def _table(text):
    return re.findall(r"^\| (\w+) \| (model|rule|final)" + r" \| ([\d.]+)" * 6 + r" \| (\d+) \|$",
                      text, re.M)


def test_train_reproduces_model_card(tmp_path):
    assert main(["train", "--no-store", "--models-dir", str(tmp_path)]) == 0
    card = (tmp_path / "MODEL_CARD.md").read_text(encoding="utf-8")
    new = _table(card)
    shipped = _table((ROOT / "models" / "MODEL_CARD.md").read_text(encoding="utf-8"))
    assert len(new) == 12 and new == shipped
    units = re.compile(r"^- \d+ labeled units from .*$", re.M)  # the training set's size
    assert units.findall(card) == units.findall(
        (ROOT / "models" / "MODEL_CARD.md").read_text(encoding="utf-8")) != []
    assert (tmp_path / "classifier.skops").stat().st_size > 0


def test_ingest_stores_analysis_and_human_label_overrides(db_path, capsys):
    db = db_path
    sample = ROOT / "corpora" / "sample" / "000_3d6cb0e400fd333e.txt"
    assert main(["--db", str(db), "ingest", str(sample)]) == 0
    from huibian.store import connect

    conn = connect(db)
    item_id = conn.execute("SELECT id FROM items WHERE seq=2").fetchone()[0]
    a = load_analysis(conn, item_id)
    assert a["genre"]["label"] == "case"
    assert "创岗建区" in [n["name"] for n in a["named_carriers"]]
    assert item_id in items_with_named_carrier(conn, "创岗建区")
    assert a["keywords"] and a["entities"]
    assert main(["label", item_id, "--theme", "ethics", "--who", "tester", "--db", str(db)]) == 0
    b = load_analysis(conn, item_id)
    assert [t["label"] for t in b["theme"]] == ["ethics"]
    assert "human label by tester" in b["theme"][0]["reason"]
    assert b["carrier"] == a["carrier"]
    rows = conn.execute("SELECT actor, action, target, detail FROM audit_log "
                        "WHERE action='label.set'").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("tester", "label.set", item_id)]
    detail = json.loads(rows[0][3])
    assert detail["axis"] == "theme" and detail["labels"] == ["ethics"]
    assert detail["before"] == [t["label"] for t in a["theme"]]
    assert main(["label", item_id, "--theme", "nonsense", "--db", str(db)]) == 2


def test_classify_json_cli():
    sample = ROOT / "corpora" / "sample" / "002_f10f9b464623ee1e.txt"
    out = subprocess.run([sys.executable, "-m", "huibian.cli", "classify", str(sample), "--json"],
                         capture_output=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr.decode()
    data = json.loads(out.stdout)
    assert [d["genre"]["label"] for d in data] == ["notice", "guidance"]
    assert set(data[1]) == {"title", "genre", "sector", "theme", "carrier", "named_carriers",
                            "keywords", "entities"}
