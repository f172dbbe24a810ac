"""The API's rules through FastAPI's TestClient on a real store (the server itself is
driven over HTTP in test_serve_e2e.py): token expiry and revocation, the CLI's token
commands, sign-in throttling, the review rules, volumes and their export task, and
the report formats."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ACCOUNTS, cli, make_store, wait_task

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


@pytest.fixture(scope="module")
def store(module_db):
    return make_store(module_db)


@pytest.fixture(scope="module")
def client(store):
    from huibian.api.app import create_app

    with TestClient(create_app(str(store)), base_url="http://testserver/api/v1") as c:
        yield c


def sign_in(client, name: str) -> dict:
    r = client.post("/token", data={"username": name, "password": ACCOUNTS[name][0]})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def items(client, headers) -> list[dict]:
    return client.get("/items", headers=headers, params={"page_size": 100}).json()["items"]


def test_a_token_is_revoked_when_its_account_is_disabled_or_its_password_changes(client, store):
    from huibian.services.people import LOCAL_OPERATOR, Accounts
    from huibian.store import connect

    conn = connect(store)
    accounts = Accounts.for_store(conn)
    ed = sign_in(client, "ed")
    assert client.get("/me", headers=ed).status_code == 200
    accounts.set_disabled(LOCAL_OPERATOR, "ed", True, conn=conn)
    r = client.get("/me", headers=ed)
    assert r.status_code == 401 and "account disabled" in r.json()["error"]["message"]
    accounts.set_disabled(LOCAL_OPERATOR, "ed", False, conn=conn)
    assert client.get("/me", headers=ed).status_code == 401  # revoked for good

    rev2 = sign_in(client, "rev2")
    accounts.set_password(LOCAL_OPERATOR, "rev2", "reviewpass2")  # the same, hashed anew,
    r = client.get("/me", headers=rev2)                              # and without conn
    assert r.status_code == 401 and "password changed" in r.json()["error"]["message"]
    assert client.get("/me", headers=sign_in(client, "rev2")).status_code == 200
    stored = conn.execute("SELECT token_hash FROM api_tokens").fetchall()
    assert all(len(r[0]) == 64 for r in stored)  # only hashes are kept
    conn.close()


def test_an_expired_token_is_refused(client, store):
    from huibian.services.people import Accounts
    from huibian.services.tokens import issue_token
    from huibian.store import connect

    conn = connect(store)
    old = issue_token(conn, Accounts.for_store(conn), "rev", hours=1, now=time.time() - 7200)
    conn.close()
    r = client.get("/me", headers={"Authorization": f"Bearer {old.token}"})
    assert r.status_code == 401 and "expired" in r.json()["error"]["message"]


def test_portal_tokens_from_the_cli(client, store):
    out = cli(store, "user", "token", "admin", "--expires", "30", "--label", "portal", "--json")
    assert out.returncode == 0, out.stderr
    issued = json.loads(out.stdout)
    headers = {"Authorization": f"Bearer {issued['token']}"}
    assert client.get("/me", headers=headers).json()["name"] == "admin"
    listed = json.loads(cli(store, "user", "tokens", "admin", "--json").stdout)
    mine = next(t for t in listed if t["id"] == issued["id"])
    assert (mine["state"], mine["kind"], mine["label"]) == ("live", "portal", "portal")
    assert issued["token"].startswith(mine["prefix"])
    assert cli(store, "user", "tokens", "admin", "--revoke", str(issued["id"])).returncode == 0
    assert client.get("/me", headers=headers).status_code == 401
    again = cli(store, "user", "tokens", "admin", "--revoke", str(issued["id"]))
    assert again.returncode == 1 and "[E756]" in again.stderr
    listed = json.loads(cli(store, "user", "tokens", "admin", "--json").stdout)
    assert next(t for t in listed if t["id"] == issued["id"])["state"] == "revoked"


def test_failed_sign_ins_are_throttled_as_in_the_app(client):
    codes = []
    for _ in range(6):
        r = client.post("/token", data={"username": "nobody", "password": "wrong-password"})
        codes.append((r.status_code, r.json()["error"]["code"]))
    assert codes[:4] == [(401, "E752")] * 4  # three free failures, the fourth locks
    assert codes[4] == (429, "E753")
    assert int(r.headers["retry-after"]) >= 1


def test_review_scores_under_the_blind_and_conflict_rules(client):
    rev, rev2, admin = sign_in(client, "rev"), sign_in(client, "rev2"), sign_in(client, "admin")
    listed = items(client, admin)
    own_unit = next(i for i in listed if i["unit"] == "江西省电教馆")["id"]
    no_unit = next(i for i in listed if not i["unit"])["id"]
    other = next(i for i in listed if i["unit"] and i["unit"] != "江西省电教馆")["id"]
    rubric = client.get("/rubric", headers=rev).json()
    scores = {c["id"]: 7 for c in rubric["criteria"]}

    r = client.put(f"/items/{own_unit}/review", headers=rev, json={"scores": scores})
    assert r.status_code == 403 and r.json()["error"]["code"] == "E721"
    r = client.put(f"/items/{no_unit}/review", headers=rev, json={"scores": scores})
    assert r.status_code == 403 and r.json()["error"]["code"] == "E729"

    r = client.get(f"/items/{other}/reviews", headers=rev2)
    assert r.status_code == 403 and r.json()["error"]["code"] == "E726"
    r = client.put(f"/items/{other}/review", headers=rev2,
                   json={"scores": scores, "comment": "做法具体"})
    assert r.status_code == 200 and r.json()["score"]["weighted"] == pytest.approx(7.0)
    r = client.put(f"/items/{other}/review", headers=admin,
                   json={"scores": {**scores, "effect": 9}})
    assert r.status_code == 200
    seen = client.get(f"/items/{other}/reviews", headers=rev2).json()["scores"]
    assert sorted(s["reviewer"] for s in seen) == ["admin", "rev2"]
    r = client.put(f"/items/{other}/review", headers=rev2, json={"scores": scores})
    assert r.status_code == 403 and r.json()["error"]["code"] == "E728"  # locked once seen
    bad = client.put(f"/items/{other}/review", headers=admin, json={"scores": {"innovation": 3}})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E722"
    mine = client.get(f"/items/{other}/review", headers=rev2).json()["score"]
    assert mine["comment"] == "做法具体"
    ed = sign_in(client, "ed")
    r = client.put(f"/items/{other}/review", headers=ed, json={"scores": scores})
    assert r.status_code == 403  # editors organise the review, they do not score


def test_volumes_and_their_export_task(client):
    ed, rev2 = sign_in(client, "ed"), sign_in(client, "rev2")
    listed = items(client, ed)
    assert client.get("/volumes", headers=rev2).status_code == 403
    r = client.post("/volumes", headers=ed, json={"title": "创先争优案例汇编",
                                                  "sectioning": "manual",
                                                  "sections": ["第一部分"]})
    assert r.status_code == 201, r.text
    vid = r.json()["id"]
    r = client.post(f"/volumes/{vid}/items", headers=ed,
                    json={"items": [listed[1]["id"], listed[2]["id"]]})
    assert r.status_code == 200, r.text
    assert r.json()["volume"]["item_ids"] == [listed[1]["id"], listed[2]["id"]]
    twice = client.post(f"/volumes/{vid}/items", headers=ed, json={"items": [listed[1]["id"]]})
    assert twice.status_code == 400 and twice.json()["error"]["code"].startswith("E8")
    r = client.post(f"/volumes/{vid}/export", headers=ed, json={"formats": ["docx"]})
    assert r.status_code == 202
    task = wait_task(_Headed(client, ed), r.json()["task"])
    assert task["status"] == "done", task
    [f] = task["result"]["files"]
    docx = client.get(f["url"].removeprefix("/api/v1"), headers=ed)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    from io import BytesIO

    from docx import Document

    text = "\n".join(p.text for p in Document(BytesIO(docx.content)).paragraphs)
    assert listed[1]["title"] in text and "创先争优案例汇编" in text
    assert client.get(f"/volumes/{vid}", headers=ed).json()["title"] == "创先争优案例汇编"
    assert client.get("/volumes/999", headers=ed).status_code == 404


def test_text_typed_with_a_nul_is_stored_not_refused(client, store_kind):
    """PostgreSQL's text cannot hold NUL: the store sends U+FFFD for it (as a
    document's text is stored); SQLite keeps the character. Neither answers 500."""
    ed = sign_in(client, "ed")
    r = client.post("/volumes", headers=ed, json={"title": "案例\x00汇编",
                                                  "sectioning": "manual",
                                                  "sections": ["第\x00一部分"]})
    assert r.status_code == 201, r.text
    kept = "案例\x00汇编" if store_kind == "sqlite" else "案例\ufffd汇编"
    assert client.get(f"/volumes/{r.json()['id']}", headers=ed).json()["title"] == kept
    r = client.get("/search", headers=ed, params={"q": "创岗\x00建区"})
    assert r.status_code == 200 and r.json()["total"] >= 1, r.text  # the NUL splits the word
    r = client.post("/token", data={"username": "ed\x00", "password": "x" * 10})
    assert r.status_code == 401 and r.json()["error"]["code"] == "E752"


class _Headed:
    """``wait_task``'s client: the TestClient with a token."""

    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def get(self, url):
        return self.client.get(url, headers=self.headers)


def test_the_check_report_as_html_and_pdf(client):
    rev = sign_in(client, "rev")
    item = items(client, rev)[1]["id"]
    data = client.get(f"/items/{item}/check", headers=rev).json()
    assert set(data) >= {"ratios", "sources", "chars", "copied_chars"}
    html = client.get(f"/items/{item}/check", headers=rev, params={"format": "html"})
    assert html.headers["content-type"].startswith("text/html")
    assert "相似性检测报告" in html.text
    pdf = client.get(f"/items/{item}/check", headers=rev, params={"format": "pdf"})
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    bad = client.get(f"/items/{item}/check", headers=rev, params={"format": "doc"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "E759"


def test_unknown_endpoints_and_tasks_answer_in_the_error_shape(client):
    admin = sign_in(client, "admin")
    r = client.get("/nothing-here", headers=admin)
    assert r.status_code == 404 and r.json()["error"]["code"] == "E760"
    r = client.get("/tasks/0123456789abcdef", headers=admin)
    assert r.status_code == 404 and r.json()["error"]["code"] == "E755"


def test_an_upload_reports_each_file_duplicates_and_zip_members(client):
    import io
    import zipfile

    from tests.api.conftest import SEED_NOTICE, SEED_PLAN

    admin = sign_in(client, "admin")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("报送/方案.txt", SEED_PLAN.read_text("utf-8") + "\n（压缩包内的一份）\n")
        zf.writestr("报送/空.txt", b"")
    files = [("file", ("材料.zip", buf.getvalue(), "application/zip")),
             ("file", ("通知副本.txt", SEED_NOTICE.read_bytes(), "text/plain"))]
    r = client.post("/documents", headers=admin, files=files)
    assert r.status_code == 202 and r.headers["location"] == f"/api/v1/tasks/{r.json()['task']}"
    task = wait_task(_Headed(client, admin), r.json()["task"])
    assert task["status"] == "done", task
    got = [(f["name"], f["status"], len(f["items"]), f["duplicate_of"],
            f["error"]["code"] if f["error"] else None) for f in task["files"]]
    assert got == [("材料.zip!报送/方案.txt", "stored", 0, None, None),
                   ("材料.zip!报送/空.txt", "failed", 0, None, "E101"),
                   ("通知副本.txt", "duplicate", 0, str(SEED_NOTICE), None)]
    # the plan again with one more line: one submission, one item -- a rendition of the
    # stored plan's item, no new item
    plan = next(i["id"] for i in items(client, admin) if i["source"] == str(SEED_PLAN))
    assert task["files"][0]["rendition_of"] == [plan]
    assert "材料.zip!报送/空.txt" in task["files"][1]["error"]["message"]


def test_the_openapi_document_names_the_error_shape(client):
    spec = client.get("/openapi.json").json()
    answers = spec["paths"]["/api/v1/items"]["get"]["responses"]
    for status in ("401", "403", "404", "422"):
        assert answers[status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorBody"}
    assert spec["components"]["schemas"]["ErrorDetail"]["required"] == ["code", "message"]
