"""Sessions kept by the browser in a signed cookie (issue 17): a real store (a SQLite
file in tmp_path, or a PostgreSQL database with its files in tmp_path) and its accounts
file, time given explicitly."""

from __future__ import annotations

import os
import stat

import pytest

from huibian.services.people import LOCAL_OPERATOR, Accounts
from huibian.services.sessions import (CookieSessions, SessionExpired, SessionPolicy,
                                       forget_old_sessions, session_key)
from huibian.store import connect
from tests.conftest import environment

pytestmark = pytest.mark.both_stores  # SQLite and PostgreSQL (tests/conftest.py)

PW = "password-1"
T0 = 1_700_000_000.0


@pytest.fixture
def store(db_path, store_kind, tmp_path, request):
    """(connection, accounts, a function opening another store of the same kind) for
    the store, whose files folder is ``files`` (``tmp_path/store/huibian_files`` beside
    a SQLite file, ``tmp_path/files`` for PostgreSQL: HUIBIAN_FILES)."""
    conn = connect(db_path)
    acc = Accounts.for_store(conn)
    acc.add(LOCAL_OPERATOR, "root", PW, "admin", conn=conn)
    acc.add(LOCAL_OPERATOR, "ann", PW, "reviewer", "江西省电教馆", conn=conn)
    files = tmp_path / ("files" if store_kind == "postgresql" else "store/huibian_files")

    def other():
        """Another store: another SQLite file, or another database with its own files."""
        if store_kind != "postgresql":
            return connect(tmp_path / "t.db")
        url = request.getfixturevalue("pg_server").new_database()
        with environment({"HUIBIAN_FILES": str(tmp_path / "other_files")}):
            return connect(url)

    yield conn, acc, files, other
    conn.close()


def _reason(fn) -> str:
    with pytest.raises(SessionExpired) as exc:
        fn()
    return exc.value.reason


def test_key_is_made_once_in_the_store_folder_for_its_owner_only(store):
    conn, _acc, files, other_store = store
    key = session_key(conn)
    path = files / "session.key"
    assert path.exists() and len(key) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert session_key(conn) == key
    other = other_store()
    assert session_key(other) != key
    other.close()


def test_cookie_resumes_the_session_until_idle_or_too_old(store):
    conn, acc, _files, _other = store
    cs = CookieSessions(conn, acc, SessionPolicy(idle_minutes=30, max_hours=2))
    started = cs.start(acc.get("ann"), T0)
    sid, sig = started.token.split(".")
    assert len(sid) == 32 and len(sig) == 32 and started.sid == sid
    assert cs.max_age(started, T0) == 7200
    # a reload 29 minutes later, then every 29 minutes: still signed in, same session
    now = T0
    for _ in range(4):
        now += 29 * 60
        again = cs.resume(started.token, now)
        assert (again.sid, again.session.user.name, again.session.user.role,
                again.session.started, again.session.last_seen) == (
                    sid, "ann", "reviewer", T0, now)
    assert _reason(lambda: cs.resume(started.token, T0 + 121 * 60)) == "lifetime"
    # ended for good: revoked, even at a time it would have been fine
    assert _reason(lambda: cs.resume(started.token, T0 + 60)) == "revoked"
    other = cs.start(acc.get("ann"), T0)
    assert _reason(lambda: cs.resume(other.token, T0 + 30 * 60 + 1)) == "idle"
    third = cs.start(acc.get("ann"), T0)
    cs.touch(third.sid, T0 + 20 * 60)  # activity inside the page
    assert cs.resume(third.token, T0 + 45 * 60).session.last_seen == T0 + 45 * 60


def test_forged_unknown_and_other_stores_cookies_are_refused(store):
    conn, acc, _files, other_store = store
    cs = CookieSessions(conn, acc)
    good = cs.start(acc.get("root"), T0)
    sid, sig = good.token.split(".")
    flipped = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    for token in (None, "", "x", sid, f"{sid}.{flipped}", f"{'0' * 32}.{sig}",
                  good.token + "0", good.token.upper()):
        assert _reason(lambda: cs.resume(token, T0 + 1)) == "none", token
    # a cookie signed by another store's key names no session here
    other_conn = other_store()
    other = CookieSessions(other_conn, Accounts.for_store(other_conn))
    assert _reason(lambda: other.resume(good.token, T0 + 1)) == "none"
    other_conn.close()
    # a well-signed id with no row (a store restored from an older backup)
    unknown = cs.token("f" * 32)
    assert _reason(lambda: cs.resume(unknown, T0 + 1)) == "none"
    assert cs.resume(good.token, T0 + 1).session.user.name == "root"


def test_sign_out_disable_password_and_removal_revoke(store):
    conn, acc, _files, _other = store
    root = acc.get("root")
    cs = CookieSessions(conn, acc)
    a = cs.start(acc.get("ann"), T0)
    b = cs.start(acc.get("ann"), T0)  # another browser
    cs.revoke(a.sid, T0 + 5)
    assert _reason(lambda: cs.resume(a.token, T0 + 10)) == "revoked"
    assert cs.resume(b.token, T0 + 10).session.user.name == "ann"
    # a role change applies to the resumed session at once
    acc.set_role(root, "ann", "editor", conn=conn)
    assert cs.resume(b.token, T0 + 20).session.user.role == "editor"
    acc.set_disabled(root, "ann", True, conn=conn)
    assert _reason(lambda: cs.resume(b.token, T0 + 30)) == "account"
    row = conn.execute("SELECT revoked_reason FROM app_sessions WHERE id=?", (b.sid,)).fetchone()
    assert row[0] == "account disabled"
    acc.set_disabled(root, "ann", False, conn=conn)
    assert _reason(lambda: cs.resume(b.token, T0 + 40)) == "account"  # stays revoked
    c = cs.start(acc.get("ann"), T0 + 50)
    acc.set_password(root, "ann", "password-2", conn=conn)
    assert _reason(lambda: cs.resume(c.token, T0 + 60)) == "account"
    # a password changed with no store at hand (the accounts file only): the stamp
    d = cs.start(acc.get("ann"), T0 + 70)
    acc.set_password(root, "ann", "password-3")
    assert _reason(lambda: cs.resume(d.token, T0 + 80)) == "account"
    e = cs.start(acc.get("ann"), T0 + 90)
    acc.remove(root, "ann", conn=conn)
    assert _reason(lambda: cs.resume(e.token, T0 + 100)) == "account"
    # a disabled account seen only through the accounts file (no store at hand)
    acc.add(root, "bob", PW, "reviewer", conn=conn)
    f = cs.start(acc.get("bob"), T0 + 110)
    acc.set_disabled(root, "bob", True)
    assert _reason(lambda: cs.resume(f.token, T0 + 120)) == "account"
    assert conn.execute("SELECT revoked_reason FROM app_sessions WHERE id=?",
                        (f.sid,)).fetchone()[0] == "account"


def test_old_rows_are_forgotten(store):
    conn, acc, _files, _other = store
    cs = CookieSessions(conn, acc, SessionPolicy(30, 12))
    old = cs.start(acc.get("ann"), T0)
    new = cs.start(acc.get("ann"), T0 + 86400)
    assert forget_old_sessions(conn, T0 + 12 * 3600 + 86400 + 1, cs.policy) == 1
    ids = [r[0] for r in conn.execute("SELECT id FROM app_sessions")]
    assert ids == [new.sid] and old.sid not in ids
