"""Originals are kept under content-hash names only; no name chosen by an uploader or
written inside a zip can place a file outside the store's folder."""

import io
import os
import stat
import zipfile

import pytest

from huibian.core.errors import StoreError
from huibian.pipeline.ingestor import Ingestor, sources_from_bytes
from huibian.store.db import store_dir, store_file
from huibian.store.documents import save_original
from tests.conftest import SEED_NOTICE, SEED_PLAN, SEED_VOLUME

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

HOSTILE = ["../escape1.txt", "/tmp/escape2.txt", "C:\\escape3.txt", "a/../../escape4.txt",
           "..\\..\\escape5.txt", "ok/../../escape6.txt", "\\\\server\\share\\escape7.txt"]


def _files_under(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def _zip_with_hostile_names() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, name in enumerate(HOSTILE):
            zf.writestr(name, f"逃逸路径{k}：不应存储的内容，不应写到任何地方。")
        zf.writestr("good/通知.txt", SEED_NOTICE.read_bytes())
        # a GBK name without the UTF-8 flag (as Chinese Windows writes): patched below
        zf.writestr("..\\QQQQ.txt", "GBK 名称的逃逸文件内容。")
        # a symlink member pointing outside
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    data = buf.getvalue()
    assert data.count(b"QQQQ") == 2  # local header and central directory
    return data.replace(b"QQQQ", "逃逸".encode("gbk"))


def test_zip_and_upload_names_cannot_escape(conn, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative escape would land here
    root = store_dir(conn)
    before = set(_files_under(tmp_path))
    uploads = [("../../uploaded.txt", SEED_PLAN.read_bytes()),
               ("/etc/cron.d/x.txt", SEED_VOLUME.read_bytes()),
               ("evil.zip", _zip_with_hostile_names())]
    with Ingestor(conn, stages=[]) as ing:
        results = [ing.ingest_one(src) for name, data in uploads
                   for src in sources_from_bytes(name, data, ing.limits)]
    by = {r.name: r for r in results}
    for name in HOSTILE:
        r = by[f"evil.zip!{name}"]
        assert r.status == "failed" and r.error.endswith("member skipped [E136]"), r
    assert by["evil.zip!..\\逃逸.txt"].status == "failed"
    assert by["evil.zip!good/通知.txt"].status == "stored"
    assert by["../../uploaded.txt"].status == "stored"
    assert by["/etc/cron.d/x.txt"].status == "stored"
    # the symlink member is read as a (tiny) text file, never followed
    assert by["evil.zip!link.txt"].status in ("stored", "failed")

    new = set(_files_under(tmp_path)) - before
    shas = {r[0] for r in conn.execute("SELECT sha256 FROM files")}
    kept = {p for p in new if root in p.parents}
    assert {p.name for p in kept} == shas  # originals: content-hash names, nothing else
    assert all(p.parent.name == p.name[:2] and p.parent.parent == root for p in kept)
    others = new - kept
    db = str(store_file(conn))  # a SQLite store's file (PostgreSQL: none is made)
    assert {str(p) for p in others} <= {db, db + "-wal", db + "-shm"}
    assert not any("escape" in p.name or "uploaded" in p.name for p in new)
    blob_paths = [r[0] for r in conn.execute("SELECT blob_path FROM files")]
    assert all(os.path.join(p[:2], p[3:]) == p and ".." not in p for p in blob_paths)


def test_save_original_takes_only_a_content_hash(conn, tmp_path):
    for bad in ("../../../escape", "ab/../../x", "A" * 64, "0" * 63, ""):
        with pytest.raises(StoreError):
            save_original(conn, b"data", bad)
    assert not list(tmp_path.rglob("escape*"))
