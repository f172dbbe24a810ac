"""Signing in for a token, and finding the user behind a request's bearer token.

``POST /api/v1/token`` (form fields ``username``, ``password``) answers
``{"token", "expires_at", "token_type": "bearer"}``. Failed attempts are counted and
slowed down exactly as the app's sign-in form is (``huibian.services.sessions.SignIn``:
per name and address, per address, per name): a locked name answers 429 with
``Retry-After``. Tokens and their rules are ``huibian.services.tokens``."""

from __future__ import annotations

import math
from typing import Callable

from fastapi import APIRouter, Depends, Form, Request

from huibian.core.errors import HuibianError, PermissionDenied
from huibian.services.people import User, require
from huibian.services.sessions import SignIn, client_address
from huibian.services.tokens import TokenError, authenticate, issue_token

router = APIRouter(tags=["auth"])


class SignInError(HuibianError):
    code = "E752"

    def __init__(self, message: str, *, code: str, retry_after: float | None = None):
        self.retry_after = retry_after
        super().__init__(message, code=code)


def client_of(request: Request) -> str | None:
    peer = request.client.host if request.client else None
    return client_address(dict(request.headers), peer)


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization") or ""
    scheme, _, value = header.partition(" ")
    if not header:
        return None
    if scheme.lower() != "bearer" or not value.strip():
        raise TokenError("the Authorization header must be 'Bearer TOKEN'", code="E750")
    return value.strip()


def current_user(request: Request) -> User:
    """The signed-in user of this request (401 without a usable token)."""
    state = request.app.state.hb
    user = authenticate(state.conn(), state.accounts, bearer(request))
    request.state.user = user
    return user


def need(action: str) -> Callable[..., User]:
    """A dependency: the current user, when their role allows ``action`` (403 if not)."""
    def dep(user: User = Depends(current_user)) -> User:
        return require(user, action)
    dep.__name__ = f"need_{action}"
    return dep


def need_role(*roles: str) -> Callable[..., User]:
    """A dependency: the current user, when their role is one of ``roles``."""
    def dep(user: User = Depends(current_user)) -> User:
        if user.role not in roles:
            raise PermissionDenied(f"{user.name} ({user.role}) may not do this through the "
                                   f"API; it needs the role {'/'.join(roles)}")
        return user
    return dep


@router.post("/token", summary="Sign in: a bearer token for a name and password")
def sign_in(request: Request, username: str = Form(...), password: str = Form(...)) -> dict:
    state = request.app.state.hb
    request.state.account = (username or "").strip()[:64] or None
    result = SignIn(state.conn(), state.accounts).attempt(username, password, client_of(request))
    if result.status == "locked":
        raise SignInError(f"too many failed sign-ins for {username!r}; try again in "
                          f"{math.ceil(result.wait)} seconds", code="E753",
                          retry_after=math.ceil(result.wait))
    if result.status == "disabled":
        raise SignInError(f"the account {username!r} is disabled; ask an admin", code="E754")
    if result.user is None:
        extra = (f"; wait {math.ceil(result.wait)} seconds before the next try"
                 if result.wait > 0 else "")
        raise SignInError("wrong account name or password" + extra, code="E752")
    issued = issue_token(state.conn(), state.accounts, result.user.name, kind="signin")
    return {"token": issued.token, "expires_at": issued.expires_at, "token_type": "bearer"}


@router.get("/me", summary="The signed-in account")
def me(user: User = Depends(current_user)) -> dict:
    return {"name": user.name, "role": user.role, "unit": user.unit}
