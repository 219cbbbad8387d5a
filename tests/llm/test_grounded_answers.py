"""Answers written by the stand-in model through the real knowledge base, and every fallback.

Each test compares with the extractive answer of the same store without a model (the
session ``knowledge``), so "fell back" means exactly "the user got the quoted answer".
"""

from __future__ import annotations

import asyncio

import pytest
from openai_stub import Behaviour, OpenAIStub, faithful_draft

from bot import messages
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Incoming
from bot.knowledge import KnowledgeBase
from bot.llm.progress import reporting_progress
from bot.llm.prompt import NO_ANSWER
from bot.storage.database import Storage

QUESTION = "Chỉ số PAR INDEX là gì?"
OUT_OF_SCOPE = "giá vàng hôm nay bao nhiêu"


def outcome_delta(kb: KnowledgeBase, before: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    assert kb.grounded is not None
    after = kb.grounded.outcomes.snapshot()
    return {key: after[key] - before.get(key, 0) for key in after if after[key] != before.get(key, 0)}


def test_faithful_draft_is_shown_with_its_citation(
    stub: OpenAIStub, llm_knowledge: KnowledgeBase, knowledge: KnowledgeBase
) -> None:
    extractive = knowledge.answer(QUESTION)
    before = llm_knowledge.grounded.outcomes.snapshot()  # type: ignore[union-attr]
    answer = llm_knowledge.answer(QUESTION)
    draft = faithful_draft(stub.calls[0])
    assert answer.answer.startswith(draft)
    assert answer.answer != extractive.answer
    assert f"{messages.CITATION_PREFIX} [1] {extractive.sources[0].citation}." in answer.answer
    assert answer.sources == extractive.sources and answer.found
    assert outcome_delta(llm_knowledge, before) == {("answer", "accepted"): 1}


def test_only_the_question_and_the_passages_are_sent(stub: OpenAIStub, llm_knowledge: KnowledgeBase,
                                                     knowledge: KnowledgeBase) -> None:
    llm_knowledge.answer(QUESTION)
    (request,) = stub.calls
    assert request["model"] == "stub-model"
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    user = request["messages"][1]["content"]
    assert user.startswith(f"Câu hỏi: {QUESTION}\n")
    sources = knowledge.answer(QUESTION).sources
    for number, source in enumerate(sources, start=1):
        assert f"[{number}] (Nguồn: {source.citation})" in user
        assert source.text.strip()[:200] in user


def test_a_number_not_in_the_passages_is_refused(stub: OpenAIStub, llm_knowledge: KnowledgeBase,
                                                 knowledge: KnowledgeBase) -> None:
    stub.script = lambda request: Behaviour(content=faithful_draft(request) + " Điểm trung bình là 97,31% [1].")
    before = llm_knowledge.grounded.outcomes.snapshot()  # type: ignore[union-attr]
    answer = llm_knowledge.answer(QUESTION)
    assert len(stub.calls) == 1
    assert answer.answer == knowledge.answer(QUESTION).answer
    assert "97,31" not in answer.answer
    assert outcome_delta(llm_knowledge, before) == {("answer", "unverified_fact"): 1}


def test_a_citation_to_a_missing_passage_is_refused(stub: OpenAIStub, llm_knowledge: KnowledgeBase,
                                                    knowledge: KnowledgeBase) -> None:
    stub.script = lambda request: Behaviour(content=faithful_draft(request).replace("[1]", "[9]"))
    before = llm_knowledge.grounded.outcomes.snapshot()  # type: ignore[union-attr]
    assert llm_knowledge.answer(QUESTION).answer == knowledge.answer(QUESTION).answer
    assert outcome_delta(llm_knowledge, before) == {("answer", "unknown_passage"): 1}


def _long(request: dict) -> Behaviour:
    sentence = faithful_draft(request)
    return Behaviour(content=" ".join([sentence] * (2000 // len(sentence) + 1)))


FAILURES = {
    "timeout": lambda request: Behaviour(content=faithful_draft(request), delay=4.0),
    "server_error": lambda request: Behaviour(status=500),
    "rejected": lambda request: Behaviour(status=404, raw=b'{"error": "model not found"}'),
    "malformed": lambda request: Behaviour(raw=b'{"choices": [{"message": '),
    "empty": lambda request: Behaviour(no_choices=True),
    "too_long": _long,
    "refusal": lambda request: Behaviour(content=NO_ANSWER),
}


@pytest.mark.parametrize("outcome", [*FAILURES, "cut_off", "refusal_field", "blank"])
def test_failures_fall_back_to_the_extractive_answer(
    outcome: str, stub: OpenAIStub, llm_knowledge: KnowledgeBase, knowledge: KnowledgeBase
) -> None:
    scripts = {
        **FAILURES,
        "cut_off": lambda request: Behaviour(content=faithful_draft(request), finish_reason="length"),
        "refusal_field": lambda request: Behaviour(refusal="I can't help with that."),
        "blank": lambda request: Behaviour(content="  \n"),
    }
    labels = {"cut_off": "too_long", "refusal_field": "refusal", "blank": "empty"}
    stub.script = scripts[outcome]
    before = llm_knowledge.grounded.outcomes.snapshot()  # type: ignore[union-attr]
    assert llm_knowledge.answer(QUESTION).answer == knowledge.answer(QUESTION).answer
    assert outcome_delta(llm_knowledge, before) == {("answer", labels.get(outcome, outcome)): 1}


def test_an_unreachable_server_falls_back(settings: Settings, knowledge: KnowledgeBase, e5: object) -> None:
    from llm_helpers import llm_settings
    from server_helpers import free_port

    kb = KnowledgeBase(llm_settings(settings, f"http://127.0.0.1:{free_port()}/v1"), embedder=e5)  # type: ignore[arg-type]
    kb.load()
    assert kb.answer(QUESTION).answer == knowledge.answer(QUESTION).answer
    assert kb.grounded is not None and kb.grounded.outcomes.snapshot() == {("answer", "unreachable"): 1}


def test_not_found_never_reaches_the_model(stub: OpenAIStub, llm_knowledge: KnowledgeBase) -> None:
    answer = llm_knowledge.answer(OUT_OF_SCOPE)
    assert not answer.found and answer.answer == messages.NOT_FOUND
    assert stub.calls == []


async def test_async_answer_streams_and_reports_progress(stub: OpenAIStub, llm_knowledge: KnowledgeBase) -> None:
    drafted: list[int] = []
    with reporting_progress(drafted.append):
        answer = await llm_knowledge.answer_async(QUESTION)
    (request,) = stub.calls
    assert request["stream"] is True
    draft = faithful_draft(request)
    assert answer.answer.startswith(draft)
    assert drafted and drafted == sorted(drafted) and drafted[-1] <= len(draft)


async def test_async_answer_without_a_sink_does_not_stream(stub: OpenAIStub, llm_knowledge: KnowledgeBase) -> None:
    answer = await llm_knowledge.answer_async(QUESTION)
    assert stub.calls[0]["stream"] is False
    assert answer.answer.startswith(faithful_draft(stub.calls[0]))


async def test_a_streamed_draft_is_verified_too(stub: OpenAIStub, llm_knowledge: KnowledgeBase,
                                                knowledge: KnowledgeBase) -> None:
    stub.script = lambda request: Behaviour(content=faithful_draft(request) + " Lệ phí 123.456 đồng [1].")
    with reporting_progress(lambda chars: None):
        answer = await llm_knowledge.answer_async(QUESTION)
    assert answer.answer == knowledge.answer(QUESTION).answer


async def test_a_slow_stream_times_out(stub: OpenAIStub, llm_knowledge: KnowledgeBase,
                                       knowledge: KnowledgeBase) -> None:
    stub.script = lambda request: Behaviour(content=faithful_draft(request) * 3, piece_delay=0.3)
    before = llm_knowledge.grounded.outcomes.snapshot()  # type: ignore[union-attr]
    with reporting_progress(lambda chars: None):
        answer = await llm_knowledge.answer_async(QUESTION)
    assert answer.answer == knowledge.answer(QUESTION).answer
    assert outcome_delta(llm_knowledge, before) == {("answer", "timeout"): 1}


async def test_every_channel_gets_the_written_answer_through_the_assistant(
    stub: OpenAIStub, llm_knowledge: KnowledgeBase, storage: Storage
) -> None:
    assistant = Assistant(llm_knowledge, storage, llm_knowledge.settings)
    (reply,) = await assistant.handle(Incoming(channel="zalo", user_id="u1", text=QUESTION))
    assert reply.text.startswith(faithful_draft(stub.calls[0]))
    assert any(b.payload.startswith("fb:up:") for row in reply.buttons for b in row)
    stats = await storage.stats()
    assert stats.questions_today == 1


async def test_concurrent_questions_do_not_block_each_other(stub: OpenAIStub, llm_knowledge: KnowledgeBase) -> None:
    stub.script = lambda request: Behaviour(content=faithful_draft(request), delay=0.5)
    answers = await asyncio.gather(*(llm_knowledge.answer_async(QUESTION) for _ in range(4)))
    assert all("[1]" in a.answer for a in answers)
    assert stub.max_in_flight > 1  # the model calls were awaited side by side, not one after another
