"""Gaps and curated answers: see what went unanswered, write the answer once, serve it from then on."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError

from bot import messages
from bot.curated.matcher import THRESHOLD
from bot.curated.models import CuratedDraft, draft_errors
from bot.curated.service import CuratedAnswers, local_today
from bot.curated.yaml_io import CuratedImportError, dump_yaml, parse_yaml
from bot.server.console.auth import ConsoleRefusal, actions, admin_of, audit, core_of, pages, redirect
from bot.server.console.templating import render
from bot.server.deps import StateDep
from bot.server.state import ServerState

# Gaps listed: the groups an admin can work through in one sitting.
GAP_GROUPS = 30
GAP_DAYS = 30
# Largest YAML file accepted for an import (thousands of answers).
MAX_IMPORT_BYTES = 2 * 2**20
# Wordings passed from a gap to the form (each becomes a question variant).
PREFILL_QUESTIONS = 10


def _curated(state: ServerState) -> CuratedAnswers:
    return core_of(state).curated


# ------------------------------------------------------------------ gaps


@pages.get("/gaps")
async def gaps(request: Request, state: StateDep) -> Response:
    """Unanswered and 👎 questions of the last 30 days, grouped, each with the curated answer covering it."""
    groups = await state.storage.gaps(limit=GAP_GROUPS, days=GAP_DAYS)
    index = await _curated(state).index()
    today = local_today()
    rows = []
    for group in groups:
        covered = index.match(group.representative, today=today)
        prefill = urlencode([("q", q) for q in (group.examples or (group.representative,))[:PREFILL_QUESTIONS]])
        rows.append({"group": group, "covered": covered.answer if covered else None, "prefill": prefill})
    return render(request, "gaps.html", page="gaps", rows=rows, days=GAP_DAYS)


# ------------------------------------------------------------------ curated answers


@pages.get("/curated")
async def curated_list(request: Request, state: StateDep, test: str = "", ok: str = "") -> Response:
    """Every curated answer with its hits; ``test`` shows how a question scores against them."""
    return await _list_page(request, state, test=test[:1000], notice=messages.CONSOLE_NOTICES.get(ok, ""))


async def _list_page(request: Request, state: ServerState, *, test: str = "", status_code: int = 200,
                     **context: object) -> Response:
    service = _curated(state)
    today = local_today()
    ranked = (await service.index()).ranked(test, today=today) if test.strip() else []
    return render(request, "curated_list.html", page="curated", answers=await service.store.all(),
                  hits=await service.store.hits(), test=test, ranked=ranked, threshold=THRESHOLD, today=today,
                  status_code=status_code, **context)


@pages.get("/curated/new")
async def curated_new(request: Request, q: Annotated[list[str] | None, Query()] = None) -> Response:
    """The empty form, or pre-filled with a gap's wordings (``?q=...&q=...``)."""
    questions = "\n".join(text.strip() for text in (q or [])[:PREFILL_QUESTIONS] if text.strip())
    return _form(request, None, {"questions": questions, "enabled": True})


@pages.get("/curated/export.yaml")
async def curated_export(request: Request, state: StateDep) -> Response:
    """Every curated answer as YAML (the format ``cchc curated import`` and the import form read)."""
    answers = await _curated(state).store.all()
    await audit(state, request, admin_of(request), "curated_export", detail=str(len(answers)))
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d")
    headers = {"Content-Disposition": f'attachment; filename="cau-tra-loi-bien-soan-{stamp}.yaml"'}
    return Response(dump_yaml(answers), media_type="application/x-yaml; charset=utf-8", headers=headers)


@pages.get("/curated/{answer_id}")
async def curated_edit(request: Request, state: StateDep, answer_id: int) -> Response:
    """The form of one answer, with the latest questions it answered."""
    service = _curated(state)
    answer = await service.store.get(answer_id)
    if answer is None:
        raise ConsoleRefusal(404, messages.CONSOLE_NOT_FOUND)
    values = {**answer.draft().model_dump(), "questions": "\n".join(answer.questions)}
    recent = await service.store.recent_hits(answer_id)
    return _form(request, answer_id, values, recent=recent, answer=answer)


def _form(request: Request, answer_id: int | None, values: dict, *, errors: list[str] | None = None,
          recent: list | None = None, answer: object = None, status_code: int = 200) -> Response:
    return render(request, "curated_form.html", page="curated", answer_id=answer_id, values=values,
                  errors=errors or [], recent=recent or [], answer=answer, status_code=status_code)


def _draft(form: dict) -> CuratedDraft:
    """The form's fields as a draft (raises ValidationError with the reasons)."""
    return CuratedDraft.model_validate({
        "questions": form.get("questions", ""),
        "answer": form.get("answer", ""),
        "source_document": form.get("source_document", ""),
        "source_section": form.get("source_section", ""),
        "source_url": form.get("source_url", ""),
        "expires_on": form.get("expires_on") or None,
        "enabled": form.get("enabled") == "on",
    })


async def _form_fields(request: Request) -> dict:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


@actions.post("/curated")
async def curated_create(request: Request, state: StateDep) -> Response:
    """Store a new curated answer; it is served from the next question on."""
    fields = await _form_fields(request)
    try:
        draft = _draft(fields)
    except ValidationError as exc:
        return _form(request, None, fields | {"enabled": fields.get("enabled") == "on"}, errors=draft_errors(exc),
                     status_code=422)
    service = _curated(state)
    created = await service.store.create(draft, by=admin_of(request))
    await service.refresh()
    await audit(state, request, admin_of(request), "curated_create", target=f"#{created.id}",
                detail=created.questions[0])
    return redirect("/admin/curated?ok=created")


@actions.post("/curated/{answer_id}")
async def curated_update(request: Request, state: StateDep, answer_id: int) -> Response:
    """Replace an answer's fields."""
    fields = await _form_fields(request)
    try:
        draft = _draft(fields)
    except ValidationError as exc:
        return _form(request, answer_id, fields | {"enabled": fields.get("enabled") == "on"},
                     errors=draft_errors(exc), status_code=422)
    service = _curated(state)
    updated = await service.store.update(answer_id, draft, by=admin_of(request))
    if updated is None:
        raise ConsoleRefusal(404, messages.CONSOLE_NOT_FOUND)
    await service.refresh()
    await audit(state, request, admin_of(request), "curated_update", target=f"#{answer_id}",
                detail=updated.questions[0])
    return redirect("/admin/curated?ok=updated")


@actions.post("/curated/{answer_id}/enabled")
async def curated_toggle(
    request: Request, state: StateDep, answer_id: int, enabled: Annotated[str, Form()] = ""
) -> Response:
    """Turn an answer on (``enabled=1``) or off (anything else)."""
    on = enabled == "1"
    service = _curated(state)
    if await service.store.set_enabled(answer_id, on, by=admin_of(request)) is None:
        raise ConsoleRefusal(404, messages.CONSOLE_NOT_FOUND)
    await service.refresh()
    await audit(state, request, admin_of(request), "curated_enable" if on else "curated_disable", target=f"#{answer_id}")
    return redirect("/admin/curated?ok=" + ("enabled" if on else "disabled"))


@pages.get("/curated/{answer_id}/delete")
async def curated_delete_confirm(request: Request, state: StateDep, answer_id: int) -> Response:
    """Ask before deleting (no script needed: a page with the confirming form)."""
    answer = await _curated(state).store.get(answer_id)
    if answer is None:
        raise ConsoleRefusal(404, messages.CONSOLE_NOT_FOUND)
    return render(request, "confirm.html", page="curated", title=messages.CONSOLE_CONFIRM_DELETE_ANSWER,
                  subject=answer.questions[0], action=f"/admin/curated/{answer_id}/delete", fields={},
                  back="/admin/curated")


@actions.post("/curated/{answer_id}/delete")
async def curated_delete(request: Request, state: StateDep, answer_id: int) -> Response:
    """Delete an answer (its past hits stay in the question log)."""
    service = _curated(state)
    answer = await service.store.get(answer_id)
    if answer is None or not await service.store.delete(answer_id):
        raise ConsoleRefusal(404, messages.CONSOLE_NOT_FOUND)
    await service.refresh()
    await audit(state, request, admin_of(request), "curated_delete", target=f"#{answer_id}", detail=answer.questions[0])
    return redirect("/admin/curated?ok=deleted")


@actions.post("/curated-import")
async def curated_import(request: Request, state: StateDep, file: UploadFile | None = None) -> Response:
    """Import a YAML file: all of it, or nothing with every reason listed."""
    data = await file.read(MAX_IMPORT_BYTES + 1) if file is not None else b""
    service = _curated(state)
    try:
        if file is None or not data:
            raise CuratedImportError([messages.CONSOLE_IMPORT_NO_FILE])
        if len(data) > MAX_IMPORT_BYTES:
            raise CuratedImportError([messages.CONSOLE_IMPORT_TOO_LARGE.format(limit_mb=MAX_IMPORT_BYTES / 2**20)])
        items = parse_yaml(data.decode("utf-8-sig", errors="replace"))
    except CuratedImportError as exc:
        errors = [messages.CURATED_IMPORT_REFUSED.format(count=len(exc.reasons)), *exc.reasons]
        return await _list_page(request, state, errors=errors, status_code=422)
    created, updated = await service.store.replace_many(items, by=admin_of(request))
    await service.refresh()
    summary = messages.CURATED_IMPORTED.format(created=created, updated=updated)
    await audit(state, request, admin_of(request), "curated_import", target=file.filename or "",
                detail=summary)
    return await _list_page(request, state, notice=summary)
