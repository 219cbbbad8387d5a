"""``POST /api/chat/stream``: the web chat over server-sent events, for answers a model writes.

A draft must be verified before anyone sees it, so the model's tokens stream to this
server only. The browser gets ``progress`` events while the model writes (the drafted
length, never its text), then one ``reply`` event per reply, with the verified (or the
extractive) text, citation and buttons exactly as ``POST /api/chat`` returns them, then
``done``. Why not stream the tokens and retract a refused draft: see docs/llm.md.

``GET /api/chat/capabilities`` tells the page whether a model is configured, and so
whether streaming is worth it; the stream route works either way.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator, Callable

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from bot.dialogue.models import Incoming, Reply
from bot.dialogue.ratelimit import rate_limited_reply
from bot.server.deps import StateDep
from bot.server.render import render_reply
from bot.server.routes.chat import limit
from bot.server.schemas import Capabilities, ChatRequest
from bot.server.state import ServerState

router = APIRouter(prefix="/api", tags=["chat"])
# A comment line this often keeps proxies (nginx's 60 s read timeout) from closing a quiet stream.
KEEPALIVE_S = 15.0
# Handlers still running when their client has gone: kept referenced until they finish
# (the question is logged and counted as usual).
_orphans: set[asyncio.Task[list[Reply]]] = set()


@router.get("/chat/capabilities")
async def capabilities(state: StateDep) -> Capabilities:
    """Whether answers are written by a model (then the page streams)."""
    return Capabilities(stream=state.knowledge.grounded is not None)


@router.post("/chat/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}}, "description": "progress, reply and done events"}})
async def chat_stream(body: ChatRequest, state: StateDep, request: Request) -> StreamingResponse:
    """Answer one typed question or button press as server-sent events."""
    incoming = body.to_incoming()
    decision = await limit(state, request, incoming.user_id)  # per client address, then per session
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    if not decision.allowed:
        headers["Retry-After"] = str(math.ceil(decision.retry_after))
        events = _replies_only([rate_limited_reply(decision.retry_after)])
        return StreamingResponse(events, status_code=429, media_type="text/event-stream", headers=headers)
    return StreamingResponse(_events(state, incoming), media_type="text/event-stream", headers=headers)


async def _events(state: ServerState, incoming: Incoming) -> AsyncIterator[str]:
    """Progress while the core works, then its replies."""
    drafted: asyncio.Queue[int] = asyncio.Queue()
    task = asyncio.create_task(_handle(state, incoming, drafted.put_nowait))
    _orphans.add(task)
    task.add_done_callback(_orphans.discard)
    while not task.done():
        waiter = asyncio.ensure_future(drafted.get())
        done, _ = await asyncio.wait({waiter, task}, timeout=KEEPALIVE_S, return_when=asyncio.FIRST_COMPLETED)
        if waiter not in done:
            waiter.cancel()
            if not done:
                yield ": keepalive\n\n"
            continue
        chars = waiter.result()
        while not drafted.empty():  # only the latest length matters
            chars = drafted.get_nowait()
        yield _event("progress", {"chars": chars})
    async for event in _replies_only(task.result()):
        yield event


async def _handle(state: ServerState, incoming: Incoming, on_progress: Callable[[int], None]) -> list[Reply]:
    """The core's answer, with drafts reporting progress when a model writes them."""
    if state.knowledge.grounded is None:
        return await state.assistant.handle(incoming)
    from bot.llm.progress import reporting_progress

    with reporting_progress(on_progress):
        return await state.assistant.handle(incoming)


async def _replies_only(replies: list[Reply]) -> AsyncIterator[str]:
    for reply in replies:
        yield _event("reply", render_reply(reply).model_dump(mode="json"))
    yield _event("done", {})


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
