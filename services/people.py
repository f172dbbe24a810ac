"""People: accounts, roles, permission checks and the audit log.

Accounts live in a local JSON file next to the store (``data/huibian.db`` ->
``data/huibian_users.json``, mode 0600), passwords hashed with Argon2id
(argon2-cffi, a memory-hard KDF). Roles:

- ``admin``: everything, including importing files and managing accounts;
- ``editor``: reads, corrects labels, builds volumes;
- ``reviewer``: reads, corrects labels, scores items (not from their own unit).

Every function that changes something takes the acting ``User`` and raises
``PermissionDenied`` when the role does not allow it; the UI and the CLI only call
these. ``LOCAL_OPERATOR`` is the person at the shell (``huibian user add``): whoever
can write the store's folder can already edit the accounts file, so the CLI acts as
admin. Every change is written to the store's ``audit_log`` (who, what, when)."""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import sqlite3
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from huibian.core.errors import HuibianError, InputError, NotFound, PermissionDenied
from huibian.core.settings import read_settings
from huibian.store.db import now_iso, store_file, store_file_of

ROLES = ("admin", "editor", "reviewer")
ROLE_NAMES = {"admin": "管理员", "editor": "编辑", "reviewer": "评审专家"}

# action -> roles allowed to do it (the one place permissions are decided)
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),
    "import": frozenset({"admin"}),
    "manage_users": frozenset({"admin"}),
    "label": frozenset(ROLES),
    "score": frozenset({"admin", "reviewer"}),
    "see_all_scores": frozenset({"admin", "editor"}),
    "volume": frozenset({"admin", "editor"}),
    "audit": frozenset({"admin"}),
}

MIN_PASSWORD = 8
_NAME = re.compile(r"^[\w.\-@\u4e00-\u9fff]{1,64}$")
_HASHER = PasswordHasher()  # Argon2id with argon2-cffi's RFC 9106 low-memory profile


class AccountError(HuibianError):
    code = "E710"


@dataclass(frozen=True)
class User:
    name: str
    role: str
    unit: str | None = None

    def can(self, action: str) -> bool:
        return self.role in PERMISSIONS.get(action, frozenset())

    @property
    def label(self) -> str:
        unit = f"，{self.unit}" if self.unit else ""
        return f"{self.name}（{ROLE_NAMES.get(self.role, self.role)}{unit}）"


LOCAL_OPERATOR = User("(local operator)", "admin")


def require(user: User | None, action: str) -> User:
    """The user, if their role allows ``action``; PermissionDenied otherwise."""
    if user is None:
        raise PermissionDenied("sign in first")
    if action not in PERMISSIONS:
        raise PermissionDenied(f"unknown action {action!r}")
    if not user.can(action):
        allowed = "/".join(sorted(PERMISSIONS[action]))
        raise PermissionDenied(f"{user.name} ({user.role}) may not {action}; "
                               f"it needs the role {allowed}")
    return user


def users_path(db_path: str | os.PathLike) -> Path:
    """The accounts file beside a store: ``data/huibian.db`` -> ``data/huibian_users.json``."""
    db = Path(db_path)
    return db.with_name(db.stem + "_users.json")


def store_path(conn: sqlite3.Connection) -> Path:
    return store_file(conn)


# -- audit log -----------------------------------------------------------------------

def audit(conn: sqlite3.Connection, actor: User, action: str, target_kind: str,
          target: str, detail: dict | None = None) -> None:
    """Record who did what to which thing, and when. Call inside the transaction of the
    change itself so the change and its record are stored together."""
    conn.execute("INSERT INTO audit_log (at, actor, action, target_kind, target, detail) "
                 "VALUES (?,?,?,?,?,?)",
                 (now_iso(), actor.name, action, target_kind, str(target),
                  json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)))


# -- accounts ------------------------------------------------------------------------

class Accounts:
    """The accounts file of one store. Reads are fresh each call (the file is small);
    changes take an exclusive lock, rewrite the file atomically, and are audited."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    @classmethod
    def for_store(cls, conn_or_path: sqlite3.Connection | str | os.PathLike) -> "Accounts":
        db = store_file_of(conn_or_path) if isinstance(conn_or_path, (str, os.PathLike)) \
            else store_path(conn_or_path)
        return cls(users_path(db))

    # reading
    def _load(self) -> dict[str, dict]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(raw)
            users = data["users"]
            if not isinstance(users, dict):
                raise TypeError("users is not an object")
        except (ValueError, KeyError, TypeError) as exc:
            raise AccountError(f"the accounts file is damaged ({exc}); restore it from a "
                               "backup or move it away and add the accounts again",
                               file=str(self.path)) from exc
        return users

    def is_empty(self) -> bool:
        return not self._load()

    def users(self) -> list[User]:
        return [User(n, u["role"], u.get("unit")) for n, u in sorted(self._load().items())]

    def get(self, name: str) -> User:
        u = self._load().get(name)
        if u is None:
            raise NotFound(f"no account named {name!r}")
        return User(name, u["role"], u.get("unit"))

    def records(self) -> list[dict]:
        """Every account without its hash: name, role, unit, disabled, created_at/by."""
        return [{"name": n, "role": u["role"], "unit": u.get("unit"),
                 "disabled": bool(u.get("disabled")), "created_at": u.get("created_at"),
                 "created_by": u.get("created_by")} for n, u in sorted(self._load().items())]

    def credential_stamp(self, name: str) -> str | None:
        """A hash of the account's password hash: it changes when the password does (an
        API token keeps the stamp it was issued with; huibian.services.tokens)."""
        import hashlib

        u = self._load().get(name)
        return hashlib.sha256(u["hash"].encode("utf-8")).hexdigest()[:32] if u else None

    def is_disabled(self, name: str) -> bool:
        u = self._load().get(name)
        return bool(u and u.get("disabled"))

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when the password is right and the account is not disabled, None
        otherwise (same answer for an unknown name and a wrong password, with the same
        hashing cost)."""
        user, disabled = self.verify(name, password)
        return None if disabled else user

    def verify(self, name: str, password: str) -> tuple[User | None, bool]:
        """(the user if the password is right, whether that account is disabled).
        Whether an account is disabled is only told to someone who knows its password."""
        u = self._load().get((name or "").strip())
        stored = u["hash"] if u else _dummy_hash()
        try:
            _HASHER.verify(stored, password or "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None, False
        if u is None:
            return None, False
        user = User(name.strip(), u["role"], u.get("unit"))
        if _HASHER.check_needs_rehash(stored):
            with self._locked() as users:
                if user.name in users:
                    users[user.name]["hash"] = _HASHER.hash(password)
        return user, bool(u.get("disabled"))

    # changing
    @contextmanager
    def _locked(self) -> Iterator[dict[str, dict]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = self.path.with_name(self.path.name + ".lock")
        with open(lock, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                users = self._load()
                yield users
                self._write(users)
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _write(self, users: dict[str, dict]) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": 1, "users": users}, fh, ensure_ascii=False, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def add(self, actor: User, name: str, password: str, role: str, unit: str | None = None,
            *, conn: sqlite3.Connection | None = None) -> User:
        require(actor, "manage_users")
        name = (name or "").strip()
        if not _NAME.match(name):
            raise InputError(f"the account name {name!r} is not usable: 1-64 letters, digits, "
                             "Chinese characters, or . - _ @", code="E711")
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}; use one of {', '.join(ROLES)}",
                             code="E712")
        _check_password(password)
        unit = (unit or "").strip() or None
        with self._locked() as users:
            if name in users:
                raise AccountError(f"an account named {name!r} already exists", code="E713")
            users[name] = {"role": role, "unit": unit, "hash": _HASHER.hash(password),
                           "created_at": now_iso(), "created_by": actor.name}
        if conn is not None:
            audit(conn, actor, "user.add", "user", name, {"role": role, "unit": unit})
        return User(name, role, unit)

    def set_password(self, actor: User, name: str, password: str, *,
                     conn: sqlite3.Connection | None = None) -> None:
        if actor.name != name:
            require(actor, "manage_users")
        _check_password(password)
        with self._locked() as users:
            if name not in users:
                raise NotFound(f"no account named {name!r}")
            users[name]["hash"] = _HASHER.hash(password)
        if conn is not None:
            from huibian.services.tokens import revoke_account_tokens  # it imports this module

            revoke_account_tokens(conn, name, "password changed")
            _revoke_app_sessions(conn, name, "password changed")
            audit(conn, actor, "user.password", "user", name)

    def set_role(self, actor: User, name: str, role: str, unit=None, *,
                 conn: sqlite3.Connection | None = None) -> User:
        """Change an account's role (and its unit, when ``unit`` is given; "" clears it)."""
        require(actor, "manage_users")
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}; use one of {', '.join(ROLES)}",
                             code="E712")
        with self._locked() as users:
            if name not in users:
                raise NotFound(f"no account named {name!r}")
            before = {"role": users[name]["role"], "unit": users[name].get("unit")}
            if before["role"] == "admin" and role != "admin":
                _keep_an_admin(users, name)
            users[name]["role"] = role
            if unit is not None:
                users[name]["unit"] = (unit or "").strip() or None
            after = {"role": role, "unit": users[name].get("unit")}
        if conn is not None and after != before:
            audit(conn, actor, "user.role", "user", name, {"before": before, "after": after})
        return User(name, after["role"], after["unit"])

    def set_disabled(self, actor: User, name: str, disabled: bool = True, *,
                     conn: sqlite3.Connection | None = None) -> None:
        """Disable an account (it can no longer sign in; a signed-in session of it ends
        at its next action) or enable it again."""
        require(actor, "manage_users")
        with self._locked() as users:
            if name not in users:
                raise NotFound(f"no account named {name!r}")
            if disabled and users[name]["role"] == "admin":
                _keep_an_admin(users, name)
            changed = bool(users[name].get("disabled")) != bool(disabled)
            if disabled:
                users[name]["disabled"] = True
            else:
                users[name].pop("disabled", None)
        if conn is not None and disabled:
            from huibian.services.tokens import revoke_account_tokens  # it imports this module

            revoke_account_tokens(conn, name, "account disabled")
            _revoke_app_sessions(conn, name, "account disabled")
        if conn is not None and changed:
            audit(conn, actor, "user.disable" if disabled else "user.enable", "user", name)

    def remove(self, actor: User, name: str, *, conn: sqlite3.Connection | None = None) -> None:
        require(actor, "manage_users")
        with self._locked() as users:
            if name not in users:
                raise NotFound(f"no account named {name!r}")
            if users[name]["role"] == "admin":
                _keep_an_admin(users, name)
            del users[name]
        if conn is not None:
            _revoke_app_sessions(conn, name, "account removed")
            audit(conn, actor, "user.remove", "user", name)


def _revoke_app_sessions(conn: sqlite3.Connection, name: str, reason: str) -> None:
    """End the account's signed-in app sessions (their cookies) at once."""
    from huibian.services.sessions import revoke_sessions  # it imports this module

    revoke_sessions(conn, time.time(), reason, account=name)


def _keep_an_admin(users: dict[str, dict], name: str) -> None:
    """Refuse a change that would leave no enabled admin account."""
    others = [n for n, u in users.items()
              if n != name and u["role"] == "admin" and not u.get("disabled")]
    if not others:
        raise AccountError("this is the last admin account; add another admin first",
                           code="E714")


def _check_password(password: str) -> None:
    if not password or len(password) < MIN_PASSWORD:
        raise InputError(f"the password must have at least {MIN_PASSWORD} characters",
                         code="E715")


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for an unknown name (the same cost as a wrong password);
    made on first use, not at import: hashing takes ~0.3 s, which every command paid."""
    return _HASHER.hash("not a password of anyone")


def ensure_first_admin(conn: sqlite3.Connection, *, name: str | None = None,
                       password: str | None = None) -> User | None:
    """On first run (no accounts yet), create an admin from ``HUIBIAN_ADMIN_USER``
    (default ``admin``) and ``HUIBIAN_ADMIN_PASSWORD``. Returns the new admin, or
    None when accounts exist already or no password was given."""
    accounts = Accounts.for_store(conn)
    settings = read_settings()
    password = password if password is not None else settings.admin_password
    if not password or not accounts.is_empty():
        return None
    name = name or settings.admin_user
    try:
        return accounts.add(LOCAL_OPERATOR, name, password, "admin", conn=conn)
    except AccountError:  # another process created it first
        return None
