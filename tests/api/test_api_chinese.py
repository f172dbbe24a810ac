"""Issue 17: an API client that prefers Chinese (``Accept-Language: zh-CN``) gets error
messages in Chinese, with the same code, status and JSON shape; others get the English
messages as before."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ACCOUNTS, make_store

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}


@pytest.fixture(scope="module")
def client(module_db):
    from huibian.api.app import create_app

    store = make_store(module_db, seeds=())
    with TestClient(create_app(str(store)), base_url="http://testserver/api/v1") as c:
        yield c


def test_errors_in_chinese_when_asked(client):
    r = client.post("/token", data={"username": "ed", "password": ACCOUNTS["ed"][0]})
    ed = {"Authorization": f"Bearer {r.json()['token']}"}
    r = client.get("/search", params={"q": "党员 OR"}, headers=ed | ZH)
    assert (r.status_code, r.json()) == (400, {"error": {
        "code": "E400", "message": "OR 两边都需要检索词，例如：党员 OR 团员 [E400]"}})
    r = client.get("/search", params={"q": "党员 OR"}, headers=ed)
    assert (r.status_code, r.json()) == (400, {"error": {
        "code": "E400", "message": "OR needs a word on both sides, e.g. 党员 OR 团员 [E400]"}})
    r = client.get("/no-such-thing", headers=ZH)
    assert (r.status_code, r.json()["error"]) == (404, {
        "code": "E760", "message": "没有这个接口，或该接口不支持此方法 [E760]"})
    r = client.get("/items", headers={"Accept-Language": "zh"})
    assert (r.status_code, r.json()["error"]["code"]) == (401, "E750")
    assert r.json()["error"]["message"].startswith("缺少令牌")
    # English preferred over Chinese: English
    r = client.get("/items", headers={"Accept-Language": "en;q=1, zh;q=0.5"})
    assert r.json()["error"]["message"].startswith("no token")
