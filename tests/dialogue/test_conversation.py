"""Follow-up questions through the core: state per user, kept across a restart, expiring, cleared by /start."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from dialogue_helpers import message, press

from bot import messages
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Reply
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage

RESIDENCE = "Đăng ký thường trú cần giấy tờ gì?"
FEE_FOLLOWUP = "còn lệ phí thì sao?"


async def _ask(assistant: Assistant, text: str, user: str = "7") -> Reply:
    (reply,) = await assistant.handle(message(text, user=user))
    return reply


async def test_a_followup_is_answered_about_the_last_procedure(assistant: Assistant) -> None:
    first = await _ask(assistant, RESIDENCE)
    assert first.answer is not None and first.answer.kind == "procedure"
    fee = await _ask(assistant, FEE_FOLLOWUP)
    assert fee.answer is not None and fee.answer.found
    assert fee.answer.direct.startswith("Phí, lệ phí") and "20.000 đồng" in fee.answer.direct  # the field asked, first
    assert "thường trú" in fee.answer.citation.text.lower()
    days = await _ask(assistant, "mất mấy ngày?")
    assert days.answer is not None and days.answer.direct.startswith("Thời hạn")


async def test_the_same_followup_alone_is_declined(assistant: Assistant) -> None:
    reply = await _ask(assistant, FEE_FOLLOWUP)
    assert reply.answer is not None and not reply.answer.found


async def test_state_is_per_user(assistant: Assistant) -> None:
    await _ask(assistant, RESIDENCE, user="7")
    other = await _ask(assistant, FEE_FOLLOWUP, user="8")
    assert other.answer is not None and not other.answer.found


async def test_a_message_naming_its_own_subject_switches_topic(assistant: Assistant) -> None:
    await _ask(assistant, RESIDENCE)
    switched = await _ask(assistant, "Chỉ số PAR INDEX là gì?")
    assert switched.answer is not None and switched.answer.kind == "document"
    assert "PAR INDEX" in switched.answer.answer
    pointer = await _ask(assistant, "ai công bố chỉ số này?")
    assert pointer.answer is not None and pointer.answer.found and "Bộ Nội vụ" in pointer.answer.body


async def test_start_and_the_menu_clear_the_state(assistant: Assistant) -> None:
    await _ask(assistant, RESIDENCE)
    await assistant.handle(message("/start"))
    assert not (await _ask(assistant, FEE_FOLLOWUP)).answer.found
    await _ask(assistant, RESIDENCE)
    await assistant.handle(press("menu:qa"))
    assert not (await _ask(assistant, FEE_FOLLOWUP)).answer.found


async def test_state_survives_a_restart(knowledge: KnowledgeBase, settings: Settings, tmp_path: Path) -> None:
    database = tmp_path / "cchc.sqlite3"
    storage = await Storage.open(database)
    await _ask(Assistant(knowledge, storage, settings), RESIDENCE)
    await storage.close()
    reopened = await Storage.open(database)
    try:
        fee = await _ask(Assistant(knowledge, reopened, settings), FEE_FOLLOWUP)
    finally:
        await reopened.close()
    assert fee.answer is not None and fee.answer.found and fee.answer.direct.startswith("Phí, lệ phí")


async def test_state_expires_after_silence(assistant: Assistant) -> None:
    now = datetime.now(timezone.utc)
    assistant.conversations._clock = lambda: now  # the clock is the conversation's own input
    await _ask(assistant, RESIDENCE)
    assistant.conversations._clock = lambda: now + assistant.conversations.ttl + timedelta(minutes=1)
    assert not (await _ask(assistant, FEE_FOLLOWUP)).answer.found
    assistant.conversations._clock = lambda: now + assistant.conversations.ttl - timedelta(minutes=1)


async def test_buttons_of_another_users_answer_are_refused(assistant: Assistant, storage: Storage) -> None:
    mine = await _ask(assistant, "Chỉ số PAR INDEX là gì?", user="7")
    assert mine.log_id is not None
    for payload in (f"fb:down:{mine.log_id}", f"more:0:{mine.log_id}", f"src:{mine.log_id}"):
        (reply,) = await assistant.handle(press(payload, user="8"))
        assert reply.text == messages.INVALID_BUTTON
    (vote,) = await assistant.handle(press(f"fb:down:{mine.log_id}", user="7"))
    assert vote.text == messages.FEEDBACK_DOWN_THANKS
    assert (await storage.stats()).feedback_down == 1


async def test_sources_button_lists_every_cited_document(assistant: Assistant) -> None:
    reply = await _ask(assistant, "Chỉ số PAR INDEX là gì?")
    assert reply.answer is not None and len(reply.answer.sources) > 1
    (listed,) = await assistant.handle(press(f"src:{reply.log_id}"))
    assert listed.text.startswith(messages.SOURCES_TITLE)
    assert reply.answer.citation.document in listed.text


async def test_stale_choice_is_refused(assistant: Assistant) -> None:
    reply = await _ask(assistant, "Chỉ số PAR INDEX là gì?")
    (stale,) = await assistant.handle(press(f"pick:0:{reply.log_id}"))
    assert stale.text == messages.CHOICE_STALE
