"""The documents page: the knowledge files and their metadata, upload, delete, reload with progress."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Annotated, Any

from fastapi import Form, Request, UploadFile
from fastapi.responses import Response

from bot import messages
from bot.console.documents import list_documents, move_to_trash, resolve_document, restore, skipped_of
from bot.console.reload import failure_message
from bot.dialogue.render import format_build_report
from bot.server.console.auth import Console, ConsoleDep, ConsoleRefusal, actions, admin_of, audit, core_of, pages, redirect
from bot.server.console.templating import render
from bot.server.deps import StateDep
from bot.server.state import ServerState
from indexer.readers import SUPPORTED_EXTENSIONS



async def _page(request: Request, state: ServerState, console: Console, *, status_code: int = 200,
                **context: object) -> Response:
    report = console.last_report
    rows = list_documents(state.knowledge, skipped_of(report))
    return render(request, "documents.html", page="documents", rows=rows, report=report,
                  extensions=", ".join(sorted(SUPPORTED_EXTENSIONS)), limit_mb=state.settings.max_upload_bytes / 2**20,
                  reload=console.reload.status, status_code=status_code, **context)


@pages.get("/documents")
async def documents(request: Request, state: StateDep, console: ConsoleDep) -> Response:
    """Every knowledge file: title, number, date, validity, chunks; the upload and reload forms."""
    return await _page(request, state, console)


@actions.post("/documents/upload")
async def upload(request: Request, state: StateDep, console: ConsoleDep, file: UploadFile | None = None) -> Response:
    """The Telegram upload's checks and atomic install (``AdminTools.upload``); a bad file changes nothing."""
    limit = state.settings.max_upload_bytes
    name = file.filename if file is not None else None
    data = await file.read(limit + 1) if file is not None else None
    outcome = await core_of(state).admin.upload(name, data or None)
    await audit(state, request, admin_of(request), "document_upload", target=name or "", detail=outcome)
    return await _page(request, state, console, notice=outcome)


@pages.get("/documents/delete")
async def delete_confirm(request: Request, state: StateDep, path: str = "") -> Response:
    """Ask before deleting a document."""
    if resolve_document(state.settings, path) is None:
        raise ConsoleRefusal(404, messages.CONSOLE_NOT_FOUND)
    return render(request, "confirm.html", page="documents", title=messages.CONSOLE_CONFIRM_DELETE_DOCUMENT,
                  subject=path, action="/admin/documents/delete", fields={"path": path}, back="/admin/documents")


@actions.post("/documents/delete")
async def delete(request: Request, state: StateDep, console: ConsoleDep, path: Annotated[str, Form()] = "") -> Response:
    """Move the file to the trash and rebuild; if the rebuild fails it is put back and the old store stays."""
    file = resolve_document(state.settings, path)
    if file is None:
        raise ConsoleRefusal(404, messages.CONSOLE_NOT_FOUND)
    lock = core_of(state).admin.rebuild_lock
    if lock.locked() or console.reload.running:
        return await _page(request, state, console, errors=[messages.RELOAD_BUSY], status_code=409)
    async with lock:
        moves = await asyncio.to_thread(move_to_trash, state.settings, file)
        try:
            report = await asyncio.to_thread(state.knowledge.rebuild)
        except Exception as exc:
            await asyncio.to_thread(restore, moves)
            error = failure_message(exc)
            await audit(state, request, admin_of(request), "document_delete_failed", target=path, detail=error)
            return await _page(request, state, console, errors=[error], status_code=409)
    console.last_report = report
    await audit(state, request, admin_of(request), "document_delete", target=path)
    notice = messages.CONSOLE_DOCUMENT_DELETED.format(path=path) + "\n" + format_build_report(report)
    return await _page(request, state, console, notice=notice)


@actions.post("/documents/reload")
async def reload(request: Request, state: StateDep, console: ConsoleDep) -> Response:
    """Start a rebuild in the background and show its progress page."""
    work = console.reload.start(state.knowledge, core_of(state).admin.rebuild_lock, by=admin_of(request))
    if work is None:
        return await _page(request, state, console, errors=[messages.RELOAD_BUSY], status_code=409)
    state.tasks.spawn(_after(work, state, console))
    await audit(state, request, admin_of(request), "reload")
    return redirect("/admin/documents/reload")


async def _after(work: Coroutine[Any, Any, None], state: ServerState, console: Console) -> None:
    """Run the rebuild, then keep its report for the documents page and count it in /metrics."""
    await work
    status = console.reload.status
    state.metrics.record_reload(ok=status.state == "done")
    if status.report is not None:
        console.last_report = status.report


@pages.get("/documents/reload")
async def reload_status(request: Request, console: ConsoleDep) -> Response:
    """The running rebuild's stage and progress (the page refreshes itself), then its report."""
    return render(request, "reload.html", page="documents", status=console.reload.status)
