"""``POST /api/chat``: the web channel's adapter (session id → user id on channel ``web``)."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request, Response, status

from bot.dialogue.ratelimit import Decision, rate_limited_reply
from bot.server.deps import StateDep
from bot.server.render import render_reply
from bot.server.schemas import ChatRequest, ChatResponse
from bot.server.state import ServerState

router = APIRouter(prefix="/api", tags=["chat"])
# The bucket "channel" of client addresses: apart from every session's bucket.
ADDRESS_BUCKETS = "web-address"


@router.post("/chat", responses={429: {"model": ChatResponse, "description": "Too many messages; polite notice."}})
async def chat(body: ChatRequest, state: StateDep, request: Request, response: Response) -> ChatResponse:
    """Answer one typed question or button press with the assistant's replies."""
    incoming = body.to_incoming()
    decision = await limit(state, request, incoming.user_id)
    if not decision.allowed:
        response.status_code = status.HTTP_429_TOO_MANY_REQUESTS
        response.headers["Retry-After"] = str(math.ceil(decision.retry_after))
        return ChatResponse(replies=[render_reply(rate_limited_reply(decision.retry_after))])
    replies = await state.assistant.handle(incoming)
    return ChatResponse(replies=[render_reply(reply) for reply in replies])


async def limit(state: ServerState, request: Request, session_id: str) -> Decision:
    """The client address's bucket, then the session's: rotating session ids gains nothing."""
    if state.address_limiter is not None:
        # The peer, or the client a trusted proxy forwarded for (ProxyHeadersMiddleware, bot.server.app).
        address = request.client.host if request.client else ""
        by_address = await state.address_limiter.decide(ADDRESS_BUCKETS, address)
        if not by_address.allowed:
            return by_address
    return await state.limiter.decide("web", session_id)
