"""``huibian serve`` driven over HTTP as a portal would: tokens, 401/403, an upload of
three files as one task polled to done, paging, search with a filter, a similarity
check, labels by role, and the answers compared with the CLI's on the same store."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import ROOT, SEED_VOLUME, Server, cli, make_store, wait_task

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

DOCS = ROOT / "corpora" / "understanding" / "docs"


@pytest.fixture(scope="module")
def server(module_db, tmp_path_factory):
    db = make_store(module_db)
    s = Server(db, tmp_path_factory.mktemp("serve") / "serve.log").start()
    yield s
    s.stop()


def test_openapi_and_docs_are_served(server):
    import httpx

    spec = httpx.get(server.base + "/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/token", "/api/v1/documents", "/api/v1/tasks/{task_id}", "/api/v1/items",
            "/api/v1/search", "/api/v1/check"} <= set(spec["paths"])
    docs = httpx.get(server.base + "/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_token_sign_in_and_401s(server):
    import httpx

    r = httpx.post(server.base + "/token", data={"username": "admin", "password": "adminpass1"})
    assert r.status_code == 200
    body = r.json()
    assert body["token"].startswith("hb_") and body["expires_at"] > "2020"
    me = httpx.get(server.base + "/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json() == {"name": "admin", "role": "admin", "unit": None}

    wrong = httpx.post(server.base + "/token", data={"username": "admin", "password": "nope"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "E752"

    none = httpx.get(server.base + "/items")
    assert none.status_code == 401
    assert none.headers["www-authenticate"] == "Bearer"
    assert none.json()["error"]["code"] == "E750"
    bad = httpx.get(server.base + "/items", headers={"Authorization": "Bearer hb_forged"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "E751"


def test_a_reviewer_cannot_relabel_and_the_403_is_audited(server):
    with server.client("rev2") as c:
        item = c.get("/items", params={"page_size": 1}).json()["items"][0]["id"]
        r = c.put(f"/items/{item}/labels", json={"theme": ["x"]})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "E700"
    audit = json.loads(cli(server.db, "audit", "--json", "--kind", "api").stdout)
    denied = [a for a in audit if a["actor"] == "rev2"]
    assert denied and denied[0]["action"] == "api.denied"
    assert denied[0]["target"] == f"PUT /api/v1/items/{item}/labels"
    assert denied[0]["detail"]["status"] == 403
    anonymous = [a for a in audit if a["actor"] == "(anonymous)"]
    assert anonymous and {a["detail"]["status"] for a in anonymous} == {401}


def test_upload_three_files_as_one_task(server, tmp_path):
    from huibian.testkit.docxmaker import make_docx
    from huibian.testkit.pdfmaker import make_pdf, rejoin_seed

    # three submissions not in the store (a seed again would be a rendition of its item)
    pdf = make_pdf(rejoin_seed((DOCS / "w1_003.txt").read_text(encoding="utf-8")))
    docx = make_docx([p for p in (DOCS / "w1_008.txt").read_text(encoding="utf-8").split("\n")
                      if p.strip()])
    gbk = (DOCS / "w1_019.txt").read_text(encoding="utf-8").encode("gb18030")  # no unit
    files = [("file", ("方案.pdf", pdf, "application/pdf")),
             ("file", ("通知.docx", docx, "application/octet-stream")),
             ("file", ("汇编.txt", gbk, "text/plain"))]
    with server.client("admin") as c:
        before = c.get("/items").json()["total"]
        r = c.post("/documents", files=files,
                   data={"campaign": "2024 优秀案例", "unit": "南昌市教育局"})
        assert r.status_code == 202
        task_id = r.json()["task"]
        task = wait_task(c, task_id)
        assert task["status"] == "done"
        assert [(f["name"], f["status"], len(f["items"]), f["rendition_of"])
                for f in task["files"]] == [("方案.pdf", "stored", 1, []),
                                            ("通知.docx", "stored", 1, []),
                                            ("汇编.txt", "stored", 1, [])]
        assert task["params"] == {"unit": "南昌市教育局", "campaign": "2024 优秀案例"}
        ids = [i for f in task["files"] for i in f["items"]]
        assert c.get("/items").json()["total"] == before + len(ids)
        shown = {i: c.get(f"/items/{i}").json() for i in ids}
        assert list(shown) == [d["id"] for d in shown.values()]
        # the campaign is the new items' collection: search filters on it
        found = c.get("/search", params={"q": "党员", "collection": "2024 优秀案例",
                                         "page_size": 100}).json()
        assert 0 < found["total"] <= len(ids) and {h["id"] for h in found["hits"]} <= set(ids)
        assert found["facets"]["collection"] == {"2024 优秀案例": found["total"]}
        original = c.get(f"/items/{task['files'][0]['items'][0]}/original")
        assert original.status_code == 200 and original.content == pdf
    # the uploader's unit stands for the items whose unit the text does not give, so a
    # reviewer with a unit may score them (without it: E729, unit unknown)
    unitless = [i for i, d in shown.items() if not d["unit"]]
    assert unitless
    with server.client("rev") as c:
        rubric = c.get("/rubric").json()
        r = c.put(f"/items/{unitless[0]}/review",
                  json={"scores": {k["id"]: 6 for k in rubric["criteria"]}})
        assert r.status_code == 200, r.text
    # the reviewer may not upload; another account does not see the task
    with server.client("rev2") as c:
        assert c.post("/documents", files=files[:1]).status_code == 403
        assert c.get(f"/tasks/{task_id}").status_code == 404


def test_items_pages_are_the_ls_list(server):
    listed = json.loads(cli(server.db, "ls", "--json").stdout)
    with server.client("rev") as c:
        first = c.get("/items", params={"page": 1, "page_size": 2}).json()
        second = c.get("/items", params={"page": 2, "page_size": 2}).json()
        assert c.get("/items", params={"page_size": 101}).json()["error"]["code"] == "E759"
        one = c.get(f"/items/{listed[1]['id']}").json()
        missing = c.get("/items/ffffffffffffffff")
    assert first["total"] == len(listed) and first["page_size"] == 2
    assert first["items"] + second["items"] == listed[:4]
    shown = json.loads(cli(server.db, "show", listed[1]["id"], "--json").stdout)
    assert one == shown
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E310"


def test_search_with_a_filter_is_the_cli_answer(server):
    everything = json.loads(cli(server.db, "search", "党员", "--json").stdout)
    genre = next(iter(everything["facets"]["genre"]))
    want = json.loads(cli(server.db, "search", "党员", "--genre", genre, "--json").stdout)
    with server.client("rev") as c:
        got = c.get("/search", params={"q": "党员", "genre": genre}).json()
        bad = c.get("/search", params={"q": "党员", "year": "twenty"})
    assert 0 < want["total"] < everything["total"]
    assert got == want
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E401"


def test_check_of_a_stored_text_as_docx(server):
    from huibian.testkit.docxmaker import make_docx

    text = SEED_VOLUME.read_text(encoding="utf-8")
    docx = make_docx([p for p in text.split("\n") if p.strip()])
    with server.client("rev") as c:
        r = c.post("/check", files={"file": ("copy.docx", docx)})
        html = c.post("/check", params={"format": "html"}, files={"file": ("copy.docx", docx)})
        empty = c.post("/check", files={"file": ("empty.txt", b"")})
    assert r.status_code == 200, r.text
    assert r.json()["ratios"]["total"] >= 0.9
    assert html.headers["content-type"].startswith("text/html") and "相似性检测报告" in html.text
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "E101"
    assert "empty.txt" in empty.json()["error"]["message"]


def test_an_admins_relabel_shows_in_huibian_show(server):
    listed = json.loads(cli(server.db, "ls", "--json").stdout)
    item = listed[0]["id"]
    shown = json.loads(cli(server.db, "show", item, "--json").stdout)
    themes = [t["label"] for t in shown["theme"]]
    from huibian.pipeline.resources import Resources

    tax = Resources().taxonomy
    new = next(t for t in tax["theme"].ids if t not in themes)
    with server.client("admin") as c:
        r = c.put(f"/items/{item}/labels", json={"theme": [new]})
        bad = c.put(f"/items/{item}/labels", json={"theme": ["no_such_label"]})
    assert r.status_code == 200, r.text
    assert [t["label"] for t in r.json()["theme"]] == [new]
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E731"
    after = json.loads(cli(server.db, "show", item, "--json").stdout)
    assert [t["label"] for t in after["theme"]] == [new]
