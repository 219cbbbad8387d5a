"""``POST /api/chat/stream`` and ``/metrics`` over the real app, with the stand-in model."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openai_stub import Behaviour, OpenAIStub, faithful_draft
from server_helpers import Running, running, server_settings

from bot.knowledge import KnowledgeBase

QUESTION = "Chỉ số PAR INDEX là gì?"
SESSION = "stream-session-1"


@pytest.fixture
async def llm_server(llm_knowledge: KnowledgeBase, tmp_path: Path) -> AsyncIterator[Running]:
    async with running(server_settings(llm_knowledge, tmp_path / "data"), llm_knowledge) as run:
        yield run


def parse_events(body: str) -> list[tuple[str, object]]:
    """``(name, data)`` of every event; comment lines (keep-alives) are skipped."""
    events = []
    for block in body.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith(":")]
        if not lines:
            continue
        name = next(line[len("event: "):] for line in lines if line.startswith("event: "))
        data = "\n".join(line[len("data: "):] for line in lines if line.startswith("data: "))
        events.append((name, json.loads(data)))
    return events


async def _stream(server: Running, **body: str) -> tuple[int, str, list[tuple[str, object]]]:
    response = await server.client.post("/api/chat/stream", json={"session_id": SESSION, **body})
    return response.status_code, response.headers["content-type"], parse_events(response.text)


async def test_streamed_answer_has_progress_then_the_verified_reply(llm_server: Running, stub: OpenAIStub) -> None:
    status, kind, events = await _stream(llm_server, text=QUESTION)
    assert status == 200 and kind.startswith("text/event-stream")
    names = [name for name, _ in events]
    assert names[0] == "progress" and names[-2:] == ["reply", "done"]
    assert set(names[:-2]) == {"progress"}
    assert stub.calls[0]["stream"] is True
    reply = events[-2][1]
    assert isinstance(reply, dict)
    assert reply["text"].startswith(faithful_draft(stub.calls[0]))
    assert reply["citation"]["label"].startswith("Nguồn: Theo [1] ")
    assert reply["citation"]["payload"].startswith("more:0:")


async def test_a_refused_draft_never_reaches_the_browser(
    llm_server: Running, stub: OpenAIStub, knowledge: KnowledgeBase
) -> None:
    stub.script = lambda request: Behaviour(content=faithful_draft(request) + " Có 4.321 hồ sơ [1].")
    response = await llm_server.client.post("/api/chat/stream", json={"session_id": SESSION, "text": QUESTION})
    assert "4.321" not in response.text and "4321" not in response.text
    reply = parse_events(response.text)[-2][1]
    assert isinstance(reply, dict)
    extractive = knowledge.answer(QUESTION).answer
    assert reply["text"] == extractive[: extractive.index("\n\nNguồn: Theo")].strip()
    metrics = (await llm_server.client.get("/metrics")).text
    assert 'cchc_llm_total{kind="answer",outcome="unverified_fact"} 1' in metrics


async def test_buttons_and_commands_stream_as_replies(llm_server: Running, stub: OpenAIStub) -> None:
    _, _, events = await _stream(llm_server, text="/start")
    assert [name for name, _ in events] == ["reply", "done"]
    _, _, events = await _stream(llm_server, payload="menu:qa")
    assert [name for name, _ in events] == ["reply", "done"]
    assert stub.calls == []


async def test_capabilities_say_whether_a_model_writes(llm_server: Running, server: Running) -> None:
    assert (await llm_server.client.get("/api/chat/capabilities")).json() == {"stream": True}
    assert (await server.client.get("/api/chat/capabilities")).json() == {"stream": False}


async def test_stream_works_without_a_model(server: Running, stub: OpenAIStub) -> None:
    response = await server.client.post("/api/chat/stream", json={"session_id": SESSION, "text": QUESTION})
    events = parse_events(response.text)
    assert [name for name, _ in events] == ["reply", "done"]
    assert "cchc_llm_total" not in (await server.client.get("/metrics")).text
    assert stub.calls == []


async def test_invalid_stream_bodies_are_422(llm_server: Running) -> None:
    for body in ({"session_id": SESSION}, {"session_id": "bad id!", "text": "a"}):
        assert (await llm_server.client.post("/api/chat/stream", json=body)).status_code == 422
