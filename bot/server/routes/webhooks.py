"""Webhooks: Zalo OA events and Telegram updates. Both check authenticity, queue, return.

Bodies are size-limited before they are read (``bot.server.limits``) and decoded with
bounds (``bot.channels.webhook_body``): a malformed body is a 400 and one log line, never
a traceback, and no error response repeats what was sent.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request, status

from bot.channels.webhook_body import MalformedBody, parse_object
from bot.channels.zalo import InvalidSignature, StaleEvent, authenticate
from bot.server.deps import StateDep
from bot.server.schemas import Ack

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
log = logging.getLogger(__name__)
# The routes read the raw body (the Zalo MAC is over its exact bytes), so FastAPI cannot
# derive its schema: declared here, for clients and for the schema-driven fuzz tests.
JSON_EVENT = {"requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}}


@router.post("/zalo", openapi_extra=JSON_EVENT, responses={
    400: {"description": "Not a JSON event (malformed, nested too deeply, invalid Unicode)."},
    401: {"description": "Missing or wrong X-ZEvent-Signature."},
    403: {"description": "Signed timestamp outside the replay window."},
})
async def zalo(
    request: Request, state: StateDep, signature: Annotated[str | None, Header(alias="X-ZEvent-Signature")] = None
) -> Ack:
    """Verify the MAC and the timestamp, record the event, answer 200 and handle it in the background."""
    if state.zalo is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Zalo channel is not configured")
    try:
        event = authenticate(state.settings, await request.body(), signature)
    except MalformedBody as exc:
        raise _refused("Zalo", status.HTTP_400_BAD_REQUEST, "malformed body", exc) from None
    except InvalidSignature:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid signature") from None
    except StaleEvent as exc:
        raise _refused("Zalo", status.HTTP_403_FORBIDDEN, "event outside the replay window", exc) from None
    work = await state.zalo.accept(event)
    if work is not None:
        state.tasks.spawn(work)
    return Ack()


@router.post("/telegram", openapi_extra=JSON_EVENT, responses={
    400: {"description": "Not a Telegram update."},
    403: {"description": "Missing or wrong secret token."},
})
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
        work = await webhook.accept(parse_object(await request.body()))
    except ValueError as exc:  # MalformedBody, or PTB could not read it as an update
        raise _refused("Telegram", status.HTTP_400_BAD_REQUEST, "not a Telegram update", exc) from None
    if work is not None:
        state.tasks.spawn(work)
    return Ack()


def _refused(channel: str, code: int, detail: str, reason: Exception) -> HTTPException:
    """One log line (no traceback) and a fixed message: the reason may quote the body."""
    log.warning("Refused a %s webhook call (%s): %s", channel, code, str(reason)[:200])
    return HTTPException(code, detail)
