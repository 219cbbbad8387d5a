"""Console sign-in, sessions and CSRF: the dependencies every console route stands on.

* The session cookie holds a random id signed with ``itsdangerous`` (a forged or altered
  cookie is refused before the database is asked); the database keeps only its SHA-256,
  with the admin's name, its CSRF token and its expiry. Sign-out deletes the row, so the
  cookie is dead wherever it was copied. Cookie: HttpOnly, SameSite=Strict, path /admin,
  Secure when the request came over HTTPS (directly, or through a proxy whose
  ``X-Forwarded-Proto`` is trusted: ``CCHC_TRUSTED_PROXIES``, applied by the app itself).
* CSRF: every state-changing route is on :data:`actions`, whose dependency compares the
  form's ``csrf`` field with the session's token in constant time. The sign-in form has a
  double-submit token of its own (a cookie and a field that must match).
* Lock-out: ``bot.console.signin``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bot import messages
from bot.config import Settings
from bot.console import signin
from bot.console.reload import ReloadJob
from bot.dialogue.assistant import Assistant
from bot.server.console.templating import render
from bot.server.deps import StateDep
from bot.server.state import ServerState
from bot.storage.console import LOGIN, LOGIN_FAILED, AdminSession, ConsoleStore
from indexer.build import BuildReport

SESSION_COOKIE = "cchc_admin"
LOGIN_COOKIE = "cchc_admin_login"
COOKIE_PATH = "/admin"
SIGNING_SALT = "cchc-admin-session"
# 256-bit session ids and CSRF tokens: unguessable, and short enough for a cookie.
TOKEN_BYTES = 32
# The sign-in form's own token lives this long: enough to type a password, slowly.
LOGIN_FORM_SECONDS = 30 * 60
MAX_PASSWORD_CHARS = 1024


class ConsoleRefusal(Exception):
    """A console request refused with a Vietnamese page (rendered by the app's handler)."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


class SignInRequired(Exception):
    """No live session: the browser is sent to the sign-in page."""


@dataclass
class Console:
    """What the console keeps per server: the cookie signer, the reload job, the last build report."""

    signer: URLSafeTimedSerializer
    reload: ReloadJob = field(default_factory=ReloadJob)
    last_report: BuildReport | None = None


def _secret(settings: Settings) -> str:
    """``CCHC_ADMIN_SECRET_KEY``, or a random key created once in the data directory (0600)."""
    if settings.admin_secret_key is not None and settings.admin_secret_key.get_secret_value():
        return settings.admin_secret_key.get_secret_value()
    path = settings.admin_secret_path
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(TOKEN_BYTES), encoding="ascii")
    return path.read_text(encoding="ascii").strip()


def get_console(request: Request) -> Console:
    """The console's per-server object, made at the first console request."""
    console: Console | None = getattr(request.app.state, "console", None)
    if console is None:
        state: ServerState = request.app.state.cchc
        console = Console(signer=URLSafeTimedSerializer(_secret(state.settings), salt=SIGNING_SALT))
        request.app.state.console = console
    return console


ConsoleDep = Annotated[Console, Depends(get_console)]


def client_address(request: Request) -> str:
    """The client's address (the proxy's ``X-Forwarded-For`` from ``CCHC_TRUSTED_PROXIES``)."""
    return request.client.host if request.client else ""


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii")).hexdigest()


def _set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    """A console cookie: HttpOnly, SameSite=Strict, path /admin, Secure over HTTPS."""
    response.set_cookie(name, value, max_age=max_age, path=COOKIE_PATH, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


async def current_session(request: Request, state: StateDep, console: ConsoleDep) -> AdminSession:
    """The signed-in admin's session; otherwise the browser goes to the sign-in page.

    Raises:
        SignInRequired: no cookie, a forged or expired one, or a signed-out session.
    """
    cookie = request.cookies.get(SESSION_COOKIE, "")
    max_age = state.settings.admin_session_hours * 3600
    try:
        session_id = console.signer.loads(cookie, max_age=max_age) if cookie else None
    except BadSignature:
        session_id = None
    if not isinstance(session_id, str):
        raise SignInRequired()
    session = await ConsoleStore(state.storage).session(token_hash=_digest(session_id))
    if session is None:
        raise SignInRequired()
    request.state.console_session = session
    return session


SessionDep = Annotated[AdminSession, Depends(current_session)]


async def check_csrf(request: Request, session: SessionDep) -> None:
    """Refuse a state-changing request whose form lacks this session's CSRF token.

    Raises:
        ConsoleRefusal: 403, the token is missing or wrong.
    """
    form = await request.form()
    given = form.get("csrf")
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), session.csrf.encode()):
        raise ConsoleRefusal(403, messages.CONSOLE_CSRF_FAILED)


# Pages (GET): a session is needed. Actions (POST): a session and its CSRF token.
pages = APIRouter(prefix="/admin", include_in_schema=False, dependencies=[Depends(current_session)])
actions = APIRouter(prefix="/admin", include_in_schema=False, dependencies=[Depends(check_csrf)])
# Sign-in and sign-out stand apart: sign-in has no session yet, sign-out checks its own.
public = APIRouter(prefix="/admin", include_in_schema=False)


async def audit(
    state: ServerState, request: Request, actor: str, action: str, target: str = "", detail: str = ""
) -> None:
    """One audit line for ``actor``'s ``action`` from this request's address."""
    await ConsoleStore(state.storage).audit(
        actor=actor, action=action, target=target[:300], detail=detail[:1000], address=client_address(request)
    )


def redirect(path: str) -> RedirectResponse:
    """After a successful action: back to a page (303, so a reload does not resubmit)."""
    return RedirectResponse(path, status_code=303)


@public.get("/login")
async def login_page(request: Request) -> Response:
    """The sign-in form, with a fresh double-submit token."""
    return _login_form(request)


def _login_form(request: Request, *, error: str = "", status_code: int = 200) -> Response:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    response = render(request, "login.html", login_token=token, errors=[error] if error else [],
                      status_code=status_code)
    _set_cookie(response, request, LOGIN_COOKIE, token, LOGIN_FORM_SECONDS)
    return response


@public.post("/login")
async def login(
    request: Request,
    state: StateDep,
    console: ConsoleDep,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    login_token: Annotated[str, Form()] = "",
) -> Response:
    """Check the form token, the lock-outs, then the password; a success opens a session."""
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(login_token.encode(), expected.encode()):
        return _login_form(request, error=messages.CONSOLE_LOGIN_FORM_EXPIRED, status_code=403)
    password = password[:MAX_PASSWORD_CHARS]
    store = ConsoleStore(state.storage)
    account = signin.account_of(name)
    address = client_address(request)
    locked = await signin.lock(store, account=account, address=address)
    if locked is not None:
        await audit(state, request, account, "login_locked", detail=locked.scope)
        template = messages.CONSOLE_LOCKED_ACCOUNT if locked.scope == "account" else messages.CONSOLE_LOCKED_ADDRESS
        return _login_form(request, error=template.format(minutes=locked.minutes), status_code=429)
    if not await asyncio.to_thread(signin.check_password, state.settings, account, password):
        await audit(state, request, account, LOGIN_FAILED)
        return _login_form(request, error=messages.CONSOLE_LOGIN_FAILED, status_code=401)
    return await _open_session(request, state, console, store, account)


async def _open_session(
    request: Request, state: ServerState, console: Console, store: ConsoleStore, account: str
) -> Response:
    session_id = secrets.token_urlsafe(TOKEN_BYTES)
    now = datetime.now(timezone.utc)
    await store.prune_sessions(now=now)
    await store.create_session(
        token_hash=_digest(session_id), admin=account, csrf=secrets.token_urlsafe(TOKEN_BYTES),
        address=client_address(request), expires_at=now + timedelta(hours=state.settings.admin_session_hours), at=now,
    )
    await audit(state, request, account, LOGIN)
    response = redirect("/admin/")
    max_age = int(state.settings.admin_session_hours * 3600)
    _set_cookie(response, request, SESSION_COOKIE, console.signer.dumps(session_id), max_age)
    response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)
    return response


@actions.post("/logout")
async def logout(request: Request, state: StateDep, session: SessionDep, console: ConsoleDep) -> Response:
    """End the session (the row is deleted: the cookie is useless from now on)."""
    session_id = console.signer.loads(request.cookies[SESSION_COOKIE])
    await ConsoleStore(state.storage).delete_session(token_hash=_digest(session_id))
    await audit(state, request, session.admin, "logout")
    response = redirect("/admin/login")
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


def admin_of(request: Request) -> str:
    """The signed-in admin's name (set by :func:`current_session`)."""
    session: AdminSession = request.state.console_session
    return session.admin



def core_of(state: ServerState) -> Assistant:
    """The server's core assistant (behind the metrics wrapper): its curated answers and admin tools."""
    assistant = state.assistant.assistant
    if not isinstance(assistant, Assistant):
        raise TypeError(f"the server's assistant is a {type(assistant).__name__}, not an Assistant")
    return assistant
