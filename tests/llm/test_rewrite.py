"""Follow-up rewriting through the stand-in: a usable rewrite, and every reason to keep the rule's."""

from __future__ import annotations

import pytest
from openai_stub import Behaviour, OpenAIStub

from bot.knowledge import KnowledgeBase

STATE = "Chủ đề: thủ tục cấp hộ chiếu phổ thông ở trong nước.\nNguồn vừa trích: Luật Xuất cảnh, nhập cảnh 49/2019/QH14."
FOLLOW_UP = "còn lệ phí thì sao?"
REWRITTEN = "Lệ phí cấp hộ chiếu phổ thông ở trong nước là bao nhiêu?"


def test_the_rewrite_is_returned_and_only_question_and_state_are_sent(
    stub: OpenAIStub, llm_knowledge: KnowledgeBase
) -> None:
    stub.script = lambda request: Behaviour(content=f"Câu hỏi đã viết lại: “{REWRITTEN}”\n")
    assert llm_knowledge.rewrite_followup(FOLLOW_UP, STATE) == REWRITTEN
    (request,) = stub.calls
    user = request["messages"][-1]["content"]
    assert STATE in user and user.endswith(f"Câu hỏi mới nhất: {FOLLOW_UP}")
    assert [m["role"] for m in request["messages"]] == ["system", "user"]


async def test_the_async_rewrite_agrees(stub: OpenAIStub, llm_knowledge: KnowledgeBase) -> None:
    stub.script = lambda request: Behaviour(content=REWRITTEN)
    assert await llm_knowledge.rewrite_followup_async(FOLLOW_UP, STATE) == REWRITTEN


def test_a_fact_from_the_state_may_be_used(stub: OpenAIStub, llm_knowledge: KnowledgeBase) -> None:
    stub.script = lambda request: Behaviour(content="Luật 49/2019/QH14 quy định lệ phí hộ chiếu thế nào?")
    assert llm_knowledge.rewrite_followup(FOLLOW_UP, STATE) == "Luật 49/2019/QH14 quy định lệ phí hộ chiếu thế nào?"


@pytest.mark.parametrize(
    ("behaviour", "outcome"),
    [
        (Behaviour(content="Lệ phí cấp hộ chiếu theo Thông tư 25/2021/TT-BTC là bao nhiêu?"), "unverified_fact"),
        (Behaviour(content="Lệ phí 200.000 đồng có đúng không?"), "unverified_fact"),
        (Behaviour(content="Xin lỗi, tôi không thể viết lại câu hỏi này."), "refusal"),
        (Behaviour(content="Lệ phí " * 400), "too_long"),
        (Behaviour(status=503), "server_error"),
        (Behaviour(raw=b"not json"), "malformed"),
        (Behaviour(no_choices=True), "empty"),
    ],
)
def test_an_unusable_rewrite_keeps_the_rule(
    behaviour: Behaviour, outcome: str, stub: OpenAIStub, llm_knowledge: KnowledgeBase
) -> None:
    stub.script = lambda request: behaviour
    assert llm_knowledge.grounded is not None
    before = llm_knowledge.grounded.outcomes.snapshot().get(("rewrite", outcome), 0)
    assert llm_knowledge.rewrite_followup(FOLLOW_UP, STATE) is None
    assert llm_knowledge.grounded.outcomes.snapshot()[("rewrite", outcome)] == before + 1


def test_without_a_model_there_is_no_rewrite(stub: OpenAIStub, knowledge: KnowledgeBase) -> None:
    assert knowledge.rewrite_followup(FOLLOW_UP, STATE) is None
    assert stub.calls == []
