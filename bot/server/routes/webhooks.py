"""Webhooks: Zalo OA events and Telegram updates. Both check authenticity, queue, return."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request, status

from bot.channels.zalo import verify_signature
from bot.server.deps import StateDep
from bot.server.schemas import Ack

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
# Zalo and Telegram events are a few kilobytes; anything far larger is not one of them.
MAX_BODY_BYTES = 256 * 1024


@router.post("/zalo", responses={401: {"description": "Missing or wrong X-ZEvent-Signature."}})
async def zalo(
    request: Request, state: StateDep, signature: Annotated[str | None, Header(alias="X-ZEvent-Signature")] = None
) -> Ack:
    """Verify the MAC, record the event, answer 200 at once and handle it in the background."""
    if state.zalo is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Zalo channel is not configured")
    event = verify_signature(state.settings, await _body(request), signature)
    if event is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid signature")
    work = await state.zalo.accept(event)
    if work is not None:
        state.tasks.spawn(work)
    return Ack()


@router.post("/telegram", responses={403: {"description": "Missing or wrong secret token."}})
async def telegram(
    request: Request,
    state: StateDep,
    secret: Annotated[str | None, Header(alias="X-Telegram-Bot-Api-Secret-Token")] = None,
) -> Ack:
    """Check the secret header, record the update, answer 200 and handle it in the background."""
    webhook = state.telegram
    if webhook is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Telegram channel is not configured")
    if not webhook.authentic(secret):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "invalid secret token")
    try:
        work = await webhook.accept(_json(await _body(request)))
    except ValueError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    if work is not None:
        state.tasks.spawn(work)
    return Ack()


async def _body(request: Request) -> bytes:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "body too large")
    return body


def _json(body: bytes) -> dict[str, Any]:
    """The decoded body, or {} (rejected after the secret check, so a stranger learns nothing)."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
