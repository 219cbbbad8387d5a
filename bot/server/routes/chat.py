"""``POST /api/chat``: the web channel's adapter (session id → user id on channel ``web``)."""

from __future__ import annotations

import math

from fastapi import APIRouter, Response, status

from bot.dialogue.ratelimit import rate_limited_reply
from bot.server.deps import StateDep
from bot.server.render import render_reply
from bot.server.schemas import ChatRequest, ChatResponse

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", responses={429: {"model": ChatResponse, "description": "Too many messages; polite notice."}})
async def chat(body: ChatRequest, state: StateDep, response: Response) -> ChatResponse:
    """Answer one typed question or button press with the assistant's replies."""
    incoming = body.to_incoming()
    decision = await state.limiter.decide(incoming.channel, incoming.user_id)
    if not decision.allowed:
        response.status_code = status.HTTP_429_TOO_MANY_REQUESTS
        response.headers["Retry-After"] = str(math.ceil(decision.retry_after))
        return ChatResponse(replies=[render_reply(rate_limited_reply(decision.retry_after))])
    replies = await state.assistant.handle(incoming)
    return ChatResponse(replies=[render_reply(reply) for reply in replies])
