"""The admin console at ``/admin``: server-rendered pages over the same process as the chat.

It exists only when an admin credential is configured (``Settings.console_enabled``):
otherwise :func:`install` is never called and every console path is a 404. Each module
holds one page's routes; ``auth`` holds the session, CSRF and sign-in that all stand on.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from bot import messages
from bot.server.console import audit, curated, documents, overview, procedures, quiz
from bot.server.console.auth import ConsoleRefusal, SignInRequired, actions, pages, public
from bot.server.console.templating import render

# Importing a page module registers its routes on the shared routers of ``auth``.
PAGE_MODULES = (overview, curated, documents, procedures, quiz, audit)


def install(app: FastAPI) -> None:
    """Mount the console's routes and the handlers that turn its refusals into pages."""
    for router in (public, pages, actions):
        app.include_router(router)
    app.add_exception_handler(SignInRequired, _sign_in)
    app.add_exception_handler(ConsoleRefusal, _refused)


async def _sign_in(request: Request, exc: Exception) -> Response:
    """No session: pages send the browser to sign in; actions are refused outright (nothing is done)."""
    if request.method == "GET":
        return RedirectResponse("/admin/login", status_code=303)
    return render(request, "error.html", message=messages.CONSOLE_SIGN_IN_FIRST, status_code=401)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ConsoleRefusal)
    return render(request, "error.html", message=exc.message, status_code=exc.status_code)

