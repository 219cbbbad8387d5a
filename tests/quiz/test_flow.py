"""The quiz through ``Assistant.handle``: real SQLite, shipped bank and units, no channel."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from bot import messages
from bot.config import Settings
from bot.dialogue.assistant import PAYLOAD_MAX_BYTES, Assistant
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from bot.storage.quiz import QuizStore
from quiz_helpers import ADMIN_ID, USER_ID, answer_payload, current, message, payloads, press, start_in_unit


async def _answer_all(assistant: Assistant, storage: Storage, pattern: list[bool], user: str = USER_ID) -> list:
    """Answer every question of the user's active attempt, right or wrong per ``pattern``."""
    attempt = await current(storage, user)
    replies = []
    for position, right in enumerate(pattern):
        replies = await assistant.handle(press(answer_payload(attempt, position, right=right), user=user))
    return replies


async def test_first_quiz_asks_the_unit_once_then_starts(assistant: Assistant, storage: Storage) -> None:
    (prompt,) = await assistant.handle(message("/quiz"))
    assert prompt.text == messages.QUIZ_UNIT_PROMPT
    assert payloads(prompt) == ["qz:u:vp", "qz:u:ktht", "qz:u:vhxh", "qz:u:hcc"]
    saved, first = await assistant.handle(press("qz:u:vhxh"))
    assert saved.text == messages.QUIZ_UNIT_SAVED.format(unit="Phòng Văn hóa - Xã hội")
    assert first.text.startswith("Bắt đầu trắc nghiệm") and "Câu 1/10" in first.text
    assert payloads(first)[0].startswith("qz:a:")
    attempt = await current(storage)
    assert attempt.unit == "vhxh" and attempt.total == 10
    # Ten distinct questions, spread over every topic of the bank.
    assert len({q["id"] for q in attempt.questions}) == 10
    assert len({q["topic"] for q in attempt.questions}) == 7
    # The unit is remembered: the next /quiz resumes instead of asking again.
    (resumed,) = await assistant.handle(message("/quiz"))
    assert resumed.text.startswith(messages.QUIZ_RESUME.format(number=1, total=10))


@pytest.mark.parametrize(("rights", "passed"), [(8, True), (7, False), (10, True)])
async def test_score_and_pass_threshold(assistant: Assistant, storage: Storage, rights: int, passed: bool) -> None:
    await start_in_unit(assistant, storage)
    pattern = [True] * rights + [False] * (10 - rights)
    feedback, summary = await _answer_all(assistant, storage, pattern)
    assert feedback.text.startswith(messages.QUIZ_RIGHT if pattern[-1] else "❌ Chưa đúng. Đáp án đúng:")
    assert "Nguồn:" in feedback.text
    assert f"Kết quả: {rights}/10 câu đúng ({rights * 10}%)." in summary.text
    verdict = messages.QUIZ_PASSED if passed else messages.QUIZ_FAILED
    assert verdict.format(threshold="80%") in summary.text
    assert "qz:go" in payloads(summary)
    if rights < 10:  # the weakest topics, with what to read
        assert messages.QUIZ_WEAK_TITLE in summary.text and "nên đọc" in summary.text
    else:
        assert messages.QUIZ_ALL_RIGHT in summary.text
    store = QuizStore(storage)
    (finished,) = await store.finished_attempts(since=datetime(2000, 1, 1, tzinfo=timezone.utc),
                                                until=datetime.now(timezone.utc))
    assert (finished.correct, finished.passed, finished.unit) == (rights, passed, "vp")
    answers = await store.answers(attempt_id=finished.id)
    assert [a.correct for a in answers] == pattern  # every answer stored as given


async def test_threshold_and_length_are_configurable(
    unloaded_kb: KnowledgeBase, storage: Storage, quiz_settings: Settings
) -> None:
    settings = quiz_settings.model_copy(update={"quiz_questions": 4, "quiz_pass_percent": 75.0})
    assistant = Assistant(unloaded_kb, storage, settings)
    await start_in_unit(assistant, storage)
    _, summary = await _answer_all(assistant, storage, [True, True, True, False])
    assert "Kết quả: 3/4 câu đúng (75%)." in summary.text
    assert messages.QUIZ_PASSED.format(threshold="75%") in summary.text


async def test_double_press_and_old_message_count_once(assistant: Assistant, storage: Storage) -> None:
    attempt = await start_in_unit(assistant, storage)
    first = answer_payload(attempt, 0, right=True)
    await assistant.handle(press(first))
    (again,) = await assistant.handle(press(first))  # the same button pressed twice
    assert again.text == messages.QUIZ_DUPLICATE.format(number=1)
    await assistant.handle(press(answer_payload(attempt, 1, right=True)))
    (old,) = await assistant.handle(press(answer_payload(attempt, 0, right=False)))  # an old message
    assert old.text == messages.QUIZ_DUPLICATE.format(number=1)
    # Two presses racing on the same question: one recorded.
    racing = answer_payload(attempt, 2, right=False)
    results = await asyncio.gather(*(assistant.handle(press(racing)) for _ in range(3)))
    assert sorted(len(r) for r in results) == [1, 1, 2]  # one feedback + next question, two duplicates
    answers = await QuizStore(storage).answers(attempt_id=attempt.id)
    assert [(a.position, a.correct) for a in answers] == [(0, True), (1, True), (2, False)]


async def test_forged_or_foreign_buttons_are_refused(assistant: Assistant, storage: Storage) -> None:
    attempt = await start_in_unit(assistant, storage)
    other = await start_in_unit(assistant, storage, user="8")
    foreign = answer_payload(other, 0, right=True)
    assert (await assistant.handle(press(foreign)))[0].text == messages.QUIZ_STALE
    skip_ahead = answer_payload(attempt, 5, right=True)
    assert (await assistant.handle(press(skip_ahead)))[0].text == messages.QUIZ_STALE
    for payload in ("qz:a:1:2", "qz:a:x:0:0", f"qz:a:{attempt.id}:0:9", "qz:zz"):
        assert (await assistant.handle(press(payload)))[0].text == messages.INVALID_BUTTON
    assert await QuizStore(storage).answers(attempt_id=attempt.id) == []


async def test_resume_after_restart(unloaded_kb: KnowledgeBase, quiz_settings: Settings, db_url: str) -> None:
    storage = await Storage.open(db_url)
    first = Assistant(unloaded_kb, storage, quiz_settings)
    attempt = await start_in_unit(first, storage)
    replies = []
    for position in range(3):
        replies = await first.handle(press(answer_payload(attempt, position, right=True)))
    shown_fourth = payloads(replies[-1])  # the buttons of question 4, sent before the restart
    await storage.close()

    reopened = await Storage.open(db_url)
    try:
        restarted = Assistant(unloaded_kb, reopened, quiz_settings)
        (resumed,) = await restarted.handle(message("/quiz"))
        assert resumed.text.startswith(messages.QUIZ_RESUME.format(number=4, total=10))
        assert payloads(resumed) == shown_fourth  # same question, same option order
        feedback, _ = await restarted.handle(press(shown_fourth[0]))  # pressed on the old message
        assert "Nguồn:" in feedback.text
        assert len(await QuizStore(reopened).answers(attempt_id=attempt.id)) == 4
    finally:
        await reopened.close()


async def test_abandoned_attempt_expires(
    assistant: Assistant, storage: Storage, quiz_settings: Settings
) -> None:
    attempt = await start_in_unit(assistant, storage)
    await assistant.handle(press(answer_payload(attempt, 0, right=True)))
    idle = datetime.now(timezone.utc) - timedelta(minutes=quiz_settings.quiz_attempt_ttl_minutes + 1)
    # As if left a day ago (through the storage's own connection: either backend).
    await storage._write("UPDATE quiz_attempts SET last_activity_at = ? WHERE id = ?", (idle.isoformat(), attempt.id))
    (late,) = await assistant.handle(press(answer_payload(attempt, 1, right=True)))
    assert late.text.startswith(messages.QUIZ_EXPIRED.format(hours=24))
    assert "Câu 1/10" in late.text
    old = await QuizStore(storage).attempt(attempt_id=attempt.id)
    assert old is not None and old.status == "expired" and old.answered == 1  # its answer stays
    assert (await current(storage)).id != attempt.id


async def test_two_users_answer_at_the_same_time(assistant: Assistant, storage: Storage) -> None:
    first = await start_in_unit(assistant, storage, "vp", user="101")
    second = await start_in_unit(assistant, storage, "hcc", user="102")
    summaries = []
    for position in range(10):  # interleaved: both users' presses in flight together
        pair = await asyncio.gather(
            assistant.handle(press(answer_payload(first, position, right=True), user="101")),
            assistant.handle(press(answer_payload(second, position, right=position < 5), user="102")),
        )
        summaries = [replies[-1].text for replies in pair]
    assert "Kết quả: 10/10" in summaries[0] and "Kết quả: 5/10" in summaries[1]
    store = QuizStore(storage)
    for attempt, right in ((first, 10), (second, 5)):
        answers = await store.answers(attempt_id=attempt.id)
        assert len(answers) == 10 and sum(a.correct for a in answers) == right


async def test_donvi_changes_the_unit_of_the_running_attempt(assistant: Assistant, storage: Storage) -> None:
    attempt = await start_in_unit(assistant, storage, "vp")
    (menu,) = await assistant.handle(message("/donvi"))
    assert menu.text == messages.QUIZ_UNIT_CHANGE.format(unit="Văn phòng HĐND và UBND")
    assert payloads(menu)[0] == "qz:d:vp"
    (saved,) = await assistant.handle(press("qz:d:hcc"))
    assert saved.text == messages.QUIZ_UNIT_SAVED.format(unit="Trung tâm Phục vụ hành chính công")
    assert (await QuizStore(storage).attempt(attempt_id=attempt.id)).unit == "hcc"  # type: ignore[union-attr]
    (unknown,) = await assistant.handle(press("qz:d:khong-co"))
    assert unknown.text == messages.QUIZ_UNIT_UNKNOWN


async def test_report_is_for_admins(assistant: Assistant, storage: Storage) -> None:
    (token,) = await assistant.quiz.enrolment.issue("vp")  # only enrolled people count (issue 12)
    await assistant.handle(message(f"/start {token}"))
    await start_in_unit(assistant, storage)
    await _answer_all(assistant, storage, [True] * 10)
    (refused,) = await assistant.handle(message("/baocao"))
    assert refused.text == messages.ADMIN_ONLY
    summary, units_file, questions_file, *both_targets = await assistant.handle(message("/baocao", user=ADMIN_ID))
    assert both_targets[0].text.startswith(messages.TARGETS_TITLE)  # issue 14: staff and citizens side by side
    assert "Văn phòng HĐND và UBND: 1 người được khảo sát, 1 người đạt (100%)" in summary.text
    assert summary.image_png is not None and summary.image_png.startswith(b"\x89PNG\r\n\x1a\n")
    assert units_file.file_name == "bao-cao-don-vi.csv" and units_file.file_bytes is not None
    assert questions_file.file_bytes is not None and questions_file.file_bytes.startswith(b"\xef\xbb\xbf")
    (bad,) = await assistant.handle(message("/baocao hôm-qua", user=ADMIN_ID))
    assert bad.text.startswith("Không hiểu kỳ báo cáo")


async def test_every_quiz_button_fits_telegram(assistant: Assistant, storage: Storage) -> None:
    replies = [*await assistant.handle(message("/quiz")), *await assistant.handle(press("qz:u:hcc"))]
    replies += await _answer_all(assistant, storage, [False] * 10)
    replies += await assistant.handle(message("/donvi"))
    for reply in replies:
        for payload in payloads(reply):
            assert len(payload.encode()) <= PAYLOAD_MAX_BYTES, payload
