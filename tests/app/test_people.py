import json
import os
import stat

import pytest

from huibian.core.errors import InputError, PermissionDenied
from huibian.services.audit import audit_log
from huibian.services.people import (LOCAL_OPERATOR, AccountError, Accounts, User,
                            ensure_first_admin, require, users_path)
from huibian.store import connect

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)


@pytest.fixture
def conn(db_path):
    c = connect(db_path)
    yield c
    c.close()


def test_accounts_file_beside_store_hashes_with_argon2(conn, store_kind, tmp_path):
    # beside the SQLite file; in HUIBIAN_FILES (pg_store: tmp_path/files) for PostgreSQL
    folder = tmp_path / ("files" if store_kind == "postgresql" else "store")
    acc = Accounts.for_store(conn)
    assert acc.path == folder / "huibian_users.json" == users_path(folder / "huibian.db")
    acc.add(LOCAL_OPERATOR, "ann", "password-1", "reviewer", " 江西省电教馆 ", conn=conn)
    raw = json.loads(acc.path.read_text(encoding="utf-8"))
    assert raw["users"]["ann"]["hash"].startswith("$argon2id$")
    assert "password-1" not in acc.path.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(acc.path).st_mode) == 0o600
    assert acc.authenticate("ann", "password-1") == User("ann", "reviewer", "江西省电教馆")
    assert acc.authenticate("ann", "password-2") is None
    assert acc.authenticate("nobody", "password-1") is None


def test_only_admins_manage_accounts_and_changes_are_audited(conn):
    acc = Accounts.for_store(conn)
    admin = acc.add(LOCAL_OPERATOR, "root", "password-1", "admin", conn=conn)
    rev = acc.add(admin, "ann", "password-1", "reviewer", conn=conn)
    with pytest.raises(PermissionDenied):
        acc.add(rev, "eve", "password-1", "admin", conn=conn)
    with pytest.raises(AccountError):
        acc.add(admin, "ann", "password-1", "editor")
    with pytest.raises(InputError):
        acc.add(admin, "short", "1234567", "editor")
    with pytest.raises(InputError):
        acc.add(admin, "x", "password-1", "boss")
    with pytest.raises(AccountError):
        acc.remove(admin, "root")  # the last admin
    log = audit_log(conn, admin)
    assert [(e["actor"], e["action"], e["target"]) for e in log] == [
        ("root", "user.add", "ann"), ("(local operator)", "user.add", "root")]
    with pytest.raises(PermissionDenied):
        audit_log(conn, rev)


def test_require_names_the_needed_role():
    with pytest.raises(PermissionDenied, match="needs the role admin"):
        require(User("ann", "reviewer"), "import")
    with pytest.raises(PermissionDenied, match="sign in"):
        require(None, "read")
    assert require(User("a", "admin"), "import").name == "a"


def test_first_admin_from_environment_only_when_no_accounts(conn, monkeypatch):
    monkeypatch.setenv("HUIBIAN_ADMIN_PASSWORD", "first-run-pw")
    user = ensure_first_admin(conn)
    assert user == User("admin", "admin")
    assert ensure_first_admin(conn, password="other-password") is None
    assert Accounts.for_store(conn).authenticate("admin", "first-run-pw") is not None


def test_damaged_accounts_file_names_the_file(conn):
    acc = Accounts.for_store(conn)
    acc.path.parent.mkdir(parents=True, exist_ok=True)  # HUIBIAN_FILES: made on first use
    acc.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(AccountError, match="huibian_users.json"):
        acc.users()


def test_cli_user_add_reads_password_from_stdin(db_path):
    import subprocess
    import sys

    db = db_path
    run = lambda *a, inp: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "huibian.cli", "--db", str(db), "user", *a],
        input=inp, capture_output=True, text=True, timeout=60)
    r = run("add", "ann", "--role", "reviewer", "--unit", "南昌大学", inp="s3cret-pass\n")
    assert r.returncode == 0, r.stderr
    r = run("add", "bob", "--role", "reviewer", inp="short\n")
    assert r.returncode == 1 and "at least 8" in r.stderr
    r = run("list", "--json", inp="")
    assert json.loads(r.stdout) == [{"name": "ann", "role": "reviewer", "unit": "南昌大学"}]
    assert Accounts.for_store(db).authenticate("ann", "s3cret-pass").unit == "南昌大学"


def test_cli_user_role_disable_enable_are_audited(db_path):
    from huibian.cli import main

    db = str(db_path)
    acc = Accounts.for_store(db_path)
    from huibian.services.people import LOCAL_OPERATOR

    connect(db).close()
    acc.add(LOCAL_OPERATOR, "root", "root-pass-1", "admin")
    acc.add(LOCAL_OPERATOR, "ann", "s3cret-pass", "reviewer")
    assert main(["--db", db, "user", "role", "ann", "editor", "--unit", "南昌大学"]) == 0
    assert acc.get("ann").role == "editor" and acc.get("ann").unit == "南昌大学"
    assert main(["--db", db, "user", "disable", "ann"]) == 0
    assert acc.authenticate("ann", "s3cret-pass") is None
    assert main(["--db", db, "user", "enable", "ann"]) == 0
    assert acc.authenticate("ann", "s3cret-pass").role == "editor"
    assert main(["--db", db, "user", "disable", "root"]) == 1  # the last admin stays
    store = connect(db)
    actions = [r[0] for r in store.execute(
        "SELECT action FROM audit_log WHERE target='ann' ORDER BY id")]
    store.close()
    assert actions == ["user.role", "user.disable", "user.enable"]
