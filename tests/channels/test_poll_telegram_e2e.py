"""Native Telegram quiz polls end to end: the real PTB application, core, storage, against the stand-in.

With ``CCHC_TELEGRAM_QUIZ_POLLS`` on, quiz and contest questions go out as ``sendPoll``
(type quiz, not anonymous) and each vote comes back as a ``poll_answer`` update, which the
adapter turns into the press of the matching button: the answers land in the same quiz
attempt and contest entry records as with buttons. A vote cast across a restart still
counts (the poll map is in SQLite).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from botapi_stub import ApiCall, BotApiStub, check_html, polling
from pydantic import SecretStr
from telegram import Bot

from bot import messages
from bot.channels.telegram import MemoryPolls, build_application, render
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Button, Poll, Reply
from bot.knowledge import KnowledgeBase
from bot.storage.contest import ContestStore
from bot.storage.database import LOCAL_TZ, Storage
from bot.storage.polls import TelegramPolls
from bot.storage.quiz import QuizStore
from indexer.embedding import E5Embedder

REPO = Path(__file__).resolve().parents[2]
ADMIN = 9101
USER = 9102


def _settings(stub: BotApiStub, tmp_path: Path) -> Settings:
    return Settings(
        knowledge_dir=REPO / "knowledge", data_dir=tmp_path / "data", admin_ids=[str(ADMIN)],
        telegram_token=SecretStr(stub.token), telegram_base_url=stub.base_url, telegram_quiz_polls=True,
        rate_limit_burst=100, _env_file=None,  # the test votes as fast as the loop allows
    )


def _message_id(stub: BotApiStub, call: ApiCall) -> int:
    return max(mid for mid, sent in stub.sent_messages.items()
               if sent["chat"]["id"] == call.chat_id and sent.get("text") == call.params.get("text"))


def _polls_to(stub: BotApiStub, chat_id: int) -> list[tuple[str, dict]]:
    return [(poll_id, poll) for poll_id, poll in stub.polls.items() if poll["chat_id"] == chat_id]


async def _vote(stub: BotApiStub, count: int, *, right: bool) -> dict:
    """Wait for the ``count``-th poll to USER and vote in it (right or wrong)."""
    await stub.wait_for(lambda: len(_polls_to(stub, USER)) >= count, what=f"poll {count}")
    poll_id, poll = _polls_to(stub, USER)[count - 1]
    correct = poll["correct"]
    stub.answer_poll(USER, poll_id, [correct if right else (correct + 1) % len(poll["options"])])
    return poll


async def test_quiz_and_contest_as_polls(stub: BotApiStub, tmp_path: Path, e5: E5Embedder) -> None:
    settings = _settings(stub, tmp_path)
    storage = await Storage.open(settings.database_path)
    try:
        assistant = Assistant(KnowledgeBase(settings, embedder=e5), storage, settings)
        async with polling(build_application(settings, assistant, polls=TelegramPolls(storage))):
            stub.send_command(USER, "/quiz")
            (prompt,) = await stub.wait_for_calls("sendMessage", 1, chat_id=USER)
            stub.press_button(USER, _message_id(stub, prompt), "qz:u:vp")
            first = await _vote(stub, 1, right=False)
            assert first["type"] == "quiz" and first["is_anonymous"] is False
            for number in range(2, 11):
                poll = await _vote(stub, number, right=True)
                assert poll["question"].startswith(f"Câu {number}/10: ") or poll["question"] == messages.POLL_CHOOSE
            await stub.wait_for(lambda: any("Hoàn thành lượt trắc nghiệm" in t for t in stub.texts_to(USER)),
                                what="the quiz summary")
            summary = next(t for t in stub.texts_to(USER) if "Hoàn thành lượt trắc nghiệm" in t)
            assert "Kết quả: 9/10 câu đúng" in summary
            assert not stub.calls_of("answerCallbackQuery")[1:]  # only the unit was a button; answers were votes

            # A retracted vote does nothing; a vote in a poll we never sent gets the polite note.
            sent_before = len(stub.texts_to(USER))
            stub.answer_poll(USER, _polls_to(stub, USER)[-1][0], [])
            stub.enqueue({"poll_answer": {"poll_id": "unknown", "user": stub.user(USER), "option_ids": [0],
                                          "option_persistent_ids": ["unknown-o0"]}})
            await stub.wait_for(lambda: len(stub.texts_to(USER)) > sent_before, what="the invalid-button note")
            assert stub.texts_to(USER)[sent_before:] == [messages.INVALID_BUTTON]

            # A contest round (counted: the user enrols first): the poll closes itself after the time limit.
            (token,) = await assistant.quiz.enrolment.issue("vp")
            stub.send_command(USER, f"/thamgia {token}")
            await stub.wait_for(lambda: any(t.startswith("Bạn đã được ghi danh") for t in stub.texts_to(USER)),
                                what="the enrolment")
            until = (datetime.now(timezone.utc).astimezone(LOCAL_TZ) + timedelta(days=1)).strftime("%d/%m/%Y")
            stub.send_command(ADMIN, f'/mohoithi ten="Hội thi Telegram" den={until} socau=3 giay=30')
            await stub.wait_for_calls("sendMessage", 1, chat_id=ADMIN)
            stub.send_command(USER, "/hoithi")
            contest_poll = await _vote(stub, 11, right=True)
            assert contest_poll["open_period"] == 30 and contest_poll["type"] == "quiz"
            await stub.wait_for(lambda: len(_polls_to(stub, USER)) >= 12, what="the second contest poll")
    finally:
        await storage.close()

    # Restart: a new process (storage reopened, new core, new application) receives the vote
    # in the poll the old one sent.
    storage = await Storage.open(settings.database_path)
    try:
        assistant = Assistant(KnowledgeBase(settings, embedder=e5), storage, settings)
        async with polling(build_application(settings, assistant, polls=TelegramPolls(storage))):
            await _vote(stub, 12, right=False)
            await _vote(stub, 13, right=True)
            await stub.wait_for(lambda: any(t.startswith("🏁 Bạn đã hoàn thành vòng thi") for t in stub.texts_to(USER)),
                                what="the contest score")
            stub.send_command(ADMIN, "/ketqua")
            await stub.wait_for(lambda: any(t.startswith(messages.CONTEST_RESULTS_LIVE) for t in stub.texts_to(ADMIN)))
        user_id = await storage.upsert_user(channel="telegram", external_id=str(USER))
        attempts = await QuizStore(storage).finished_attempts(since=datetime(2000, 1, 1, tzinfo=timezone.utc),
                                                              until=datetime.now(timezone.utc))
        assert [(a.user_id, a.correct, a.total) for a in attempts] == [(user_id, 9, 10)]
        entry = await ContestStore(storage).entry_of(round_id=1, user_id=user_id)
        assert entry is not None and entry.status == "finished" and entry.correct == 2
    finally:
        await storage.close()
    results = next(t for t in stub.texts_to(ADMIN) if t.startswith(messages.CONTEST_RESULTS_LIVE))
    assert "1. Người dùng – Văn phòng HĐND và UBND: 2/3 câu đúng" in results
    for call in stub.calls_of("sendMessage"):
        check_html(str(call.params["text"]))


async def test_options_too_long_for_a_poll_go_in_the_message(stub: BotApiStub) -> None:
    long_option = "Một phương án rất dài " * 6  # 132 characters: over Telegram's 100 per option
    buttons = [Button(label=letter, payload=f"qz:a:1:0:{i}") for i, letter in enumerate("ABC")]
    poll = Poll(question="Câu 1/10: Câu hỏi thử?", options=[long_option, "Ngắn", "Cũng ngắn"], labels=["A", "B", "C"],
                payloads=[b.payload for b in buttons], correct=1, explanation="Giải thích\nnhiều\ndòng\nquá", lead="Mở đầu")
    reply = Reply(text="Câu 1/10 · Chủ đề\nCâu hỏi thử?\n\nA. …", buttons=[buttons], poll=poll)
    polls = MemoryPolls()
    async with Bot(stub.token, base_url=stub.base_url) as bot:
        await render(bot, 77, reply, polls)
        await render(bot, 78, reply.model_copy(update={"poll": poll.model_copy(update={"options": ["x", "y", "z"]})}),
                     polls)
        await render(bot, 79, reply)  # polls off: text and buttons as ever
    assert stub.texts_to(77) == [reply.text]  # the options are in the text
    (letters,) = stub.calls_of("sendPoll", 77)
    assert letters.params["question"] == messages.POLL_CHOOSE
    assert [o["text"] for o in letters.params["options"]] == ["A", "B", "C"]
    assert letters.params["explanation"] == "Giải thích nhiều dòng quá"
    poll_id = next(pid for pid, p in stub.polls.items() if p["chat_id"] == 77)
    assert await polls.recall(poll_id) == (77, poll.payloads)
    assert stub.texts_to(78) == ["Mở đầu"]  # fits: the lead, then the poll with the full options
    assert [o["text"] for o in stub.calls_of("sendPoll", 78)[0].params["options"]] == ["x", "y", "z"]
    assert stub.calls_of("sendPoll", 79) == [] and stub.calls_of("sendMessage", 79)[0].params["reply_markup"]
