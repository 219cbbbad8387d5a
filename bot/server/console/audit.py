"""The audit log page: every admin action, who, what, when, from where."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from bot.server.console.auth import pages
from bot.server.console.templating import render
from bot.server.deps import StateDep
from bot.storage.console import ConsoleStore

# Lines per page: a few weeks of an office's admin work.
PAGE_SIZE = 200


@pages.get("/audit")
async def audit_log(request: Request, state: StateDep, page: int = 0) -> Response:
    """The latest audit lines, newest first, ``PAGE_SIZE`` at a time."""
    page = max(0, min(page, 10_000))
    entries = await ConsoleStore(state.storage).audit_log(limit=PAGE_SIZE + 1, offset=page * PAGE_SIZE)
    return render(request, "audit.html", page="audit", entries=entries[:PAGE_SIZE], page_number=page,
                  more=len(entries) > PAGE_SIZE)
