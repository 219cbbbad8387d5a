"""The citizens' survey through ``Assistant.handle``: offered after a 👍, once per period, never after a no."""

from __future__ import annotations

import hashlib
import stat
from datetime import datetime, timezone

from pydantic import SecretStr
from survey_helpers import CITIZEN, Clock, buttons, logged_answer, payload_of, press, say

from bot import messages
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Incoming
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from bot.survey.flow import SurveyFlow
from bot.survey.identity import load_salt, pseudonym, salt_path
from indexer.embedding import E5Embedder

NEXT_QUARTER = datetime(2026, 1, 5, 3, 0, tzinfo=timezone.utc)


def _with_clock(assistant: Assistant, storage: Storage, settings: Settings) -> Clock:
    clock = Clock()
    assistant.survey = SurveyFlow(storage, settings, clock=clock)
    return clock


async def _thumbs_up(assistant: Assistant, storage: Storage, user: str = CITIZEN) -> list:
    log_id = await logged_answer(storage, user=user)
    return await assistant.handle(press(f"fb:up:{log_id}", user=user))


async def _take_all(assistant: Assistant, replies: list, option_label_index: int = 0, user: str = CITIZEN) -> list:
    """Answer every question with its ``option_label_index``-th option, then skip the place question."""
    for _ in range(10):
        answers = [p for _, p in buttons(replies) if p.startswith("sv:a:")]
        if not answers:
            return replies
        replies = await assistant.handle(press(answers[option_label_index], user=user))
    raise AssertionError("the survey did not end")


async def test_offered_after_thumbs_up_once_per_period(assistant: Assistant, storage: Storage, survey_settings: Settings) -> None:
    clock = _with_clock(assistant, storage, survey_settings)
    first = await _thumbs_up(assistant, storage)
    assert [r.text for r in first] == [messages.FEEDBACK_UP_THANKS, messages.SURVEY_OFFER.format(count=5)]
    assert [label for label, _ in buttons(first)] == [messages.SURVEY_JOIN_BUTTON, messages.SURVEY_DECLINE_BUTTON]
    # Ignored, then another 👍 the same quarter: thanks only.
    assert [r.text for r in await _thumbs_up(assistant, storage)] == [messages.FEEDBACK_UP_THANKS]
    # A 👎 never offers.
    log_id = await logged_answer(storage)
    assert [r.text for r in await assistant.handle(press(f"fb:down:{log_id}"))] == [messages.FEEDBACK_DOWN_THANKS]
    # Someone else is offered independently.
    assert len(await _thumbs_up(assistant, storage, user="999")) == 2
    # The next quarter, the person who ignored the offer is offered again, once.
    clock.now = NEXT_QUARTER
    assert len(await _thumbs_up(assistant, storage)) == 2
    assert len(await _thumbs_up(assistant, storage)) == 1


async def test_never_pushed_again_after_a_no(assistant: Assistant, storage: Storage, survey_settings: Settings) -> None:
    clock = _with_clock(assistant, storage, survey_settings)
    offer = await _thumbs_up(assistant, storage)
    declined = await assistant.handle(press(payload_of(offer, messages.SURVEY_DECLINE_BUTTON)))
    assert [r.text for r in declined] == [messages.SURVEY_DECLINED]
    for now in (NEXT_QUARTER, datetime(2026, 4, 2, tzinfo=timezone.utc), datetime(2027, 1, 2, tzinfo=timezone.utc)):
        clock.now = now
        assert [r.text for r in await _thumbs_up(assistant, storage)] == [messages.FEEDBACK_UP_THANKS]
    # The person may still take it on their own.
    started = await assistant.handle(say("/khaosat"))
    assert started[0].text.startswith(messages.SURVEY_INTRO.format(count=5))


async def test_stopping_midway_keeps_answers_and_counts_as_skipped(
    assistant: Assistant, storage: Storage, survey_settings: Settings
) -> None:
    clock = _with_clock(assistant, storage, survey_settings)
    offer = await _thumbs_up(assistant, storage)
    question = await assistant.handle(press(payload_of(offer, messages.SURVEY_JOIN_BUTTON)))
    assert question[0].text.startswith("Khảo sát · câu 1/5")
    second = await assistant.handle(press(payload_of(question, "Hiểu rõ")))
    assert second[0].text.startswith("Khảo sát · câu 2/5")
    stopped = await assistant.handle(press(payload_of(second, messages.SURVEY_STOP_BUTTON)))
    assert [r.text for r in stopped] == [messages.SURVEY_STOPPED]
    answers = await assistant.survey.store.answers_between(
        survey="khao-sat-cchc", since=clock.now.date(), until=clock.now.date()
    )
    assert [(a.question_id, a.option_id) for a in answers] == [("hieu-cchc", "hieu-ro")]
    clock.now = NEXT_QUARTER
    assert len(await _thumbs_up(assistant, storage)) == 1  # stopping is a no: not pushed again


async def test_full_survey_with_place_and_double_press(assistant: Assistant, storage: Storage, survey_settings: Settings) -> None:
    clock = _with_clock(assistant, storage, survey_settings)
    offer = await _thumbs_up(assistant, storage)
    first = await assistant.handle(press(payload_of(offer, messages.SURVEY_JOIN_BUTTON)))
    answer_one = payload_of(first, "Chưa hiểu")
    second = await assistant.handle(press(answer_one))
    again = await assistant.handle(press(answer_one))  # the same button pressed twice
    assert again[0].text.startswith(messages.SURVEY_DUPLICATE) and "câu 2/5" in again[0].text
    place = await _take_all(assistant, second)
    assert place[0].text == messages.SURVEY_PLACE_PROMPT
    assert [label for label, _ in buttons(place)][-1] == messages.SURVEY_PLACE_NONE
    done = await assistant.handle(press(payload_of(place, "Phường Hai (mẫu)")))
    assert [r.text for r in done] == [messages.SURVEY_THANKS]
    assert [r.text for r in await assistant.handle(press(payload_of(place, "Phường Một (mẫu)")))] == [
        messages.SURVEY_ALREADY_DONE
    ]
    day = clock.now.date()
    answers = await assistant.survey.store.answers_between(survey="khao-sat-cchc", since=day, until=day)
    assert [a.question_id for a in answers] == ["hieu-cchc", "dich-vu-cong", "dung-hen", "thai-do", "hai-long"]
    assert answers[0].option_id == "chua-hieu" and {a.place for a in answers} == {"phuong-2"}
    assert {a.channel for a in answers} == {"zalo"}
    assert [r.text for r in await assistant.handle(say("/khaosat"))] == [messages.SURVEY_ALREADY_DONE]


async def test_another_persons_buttons_are_refused(assistant: Assistant, storage: Storage) -> None:
    offer = await _thumbs_up(assistant, storage)
    join = payload_of(offer, messages.SURVEY_JOIN_BUTTON)
    assert [r.text for r in await assistant.handle(press(join, user="555"))] == [messages.SURVEY_STALE]
    # The same user id on another channel is another person.
    assert [r.text for r in await assistant.handle(press(join, channel="web", user=CITIZEN))] == [messages.SURVEY_STALE]
    assert [r.text for r in await assistant.handle(press("sv:a:999999:0:0"))] == [messages.SURVEY_STALE]
    assert [r.text for r in await assistant.handle(press("sv:a:1:0:99"))] == [messages.SURVEY_STALE]


async def test_answers_survive_a_restart(survey_settings: Settings, e5: E5Embedder) -> None:
    """Close the database mid-survey, reopen the file in a new core: the survey resumes, nothing is lost."""
    storage = await Storage.open(survey_settings.database_path)
    try:
        assistant = Assistant(KnowledgeBase(survey_settings, embedder=e5), storage, survey_settings)
        offer = await _thumbs_up(assistant, storage)
        first = await assistant.handle(press(payload_of(offer, messages.SURVEY_JOIN_BUTTON)))
        second = await assistant.handle(press(payload_of(first, "Hiểu rõ")))
        await assistant.handle(press(payload_of(second, "Chưa biết")))
    finally:
        await storage.close()
    storage = await Storage.open(survey_settings.database_path)
    try:
        assistant = Assistant(KnowledgeBase(survey_settings, embedder=e5), storage, survey_settings)
        assert len(await _thumbs_up(assistant, storage)) == 1  # the same pseudonym: already offered
        resumed = await assistant.handle(say("/khaosat"))
        assert resumed[0].text.startswith("Khảo sát · câu 3/5")
        day = assistant.survey.today()
        answers = await assistant.survey.store.answers_between(survey="khao-sat-cchc", since=day, until=day)
        assert [(a.question_id, a.option_id) for a in answers] == [("hieu-cchc", "hieu-ro"), ("dich-vu-cong", "chua-biet")]
    finally:
        await storage.close()


async def test_no_raw_user_id_in_the_survey_tables(assistant: Assistant, storage: Storage) -> None:
    offer = await _thumbs_up(assistant, storage)
    replies = await assistant.handle(press(payload_of(offer, messages.SURVEY_JOIN_BUTTON)))
    place = await _take_all(assistant, replies)
    await assistant.handle(press(payload_of(place, messages.SURVEY_PLACE_NONE)))
    user_row = await storage._fetchone("SELECT id FROM users WHERE external_id = ?", (CITIZEN,))
    assert user_row is not None
    for table in ("survey_responses", "survey_answers"):
        columns = [row["name"] for row in await storage._fetchall(f"PRAGMA table_info({table})")]
        assert not any("user" in name or "external" in name or "name" in name for name in columns), columns
        rows = await storage._fetchall(f"SELECT * FROM {table}")
        assert rows, f"{table} is empty: the test would prove nothing"
        for row in rows:
            assert all(CITIZEN not in str(value) for value in tuple(row)), tuple(row)
    assert await storage._fetchall("PRAGMA foreign_key_list(survey_responses)") == []  # no link to users
    references = await storage._fetchall("PRAGMA foreign_key_list(survey_answers)")
    assert [r["table"] for r in references] == ["survey_responses"]
    (respondent,) = {row["respondent"] for row in await storage._fetchall("SELECT respondent FROM survey_responses")}
    assert len(respondent) == 64 and respondent == assistant.survey.respondent(press("x"))
    assert respondent != hashlib.sha256(f"zalo:{CITIZEN}".encode()).hexdigest()  # keyed, not a bare hash


def test_salt_generated_once_and_private(survey_settings: Settings) -> None:
    first = load_salt(survey_settings)
    assert load_salt(survey_settings) == first and len(first) == 64
    assert stat.S_IMODE(salt_path(survey_settings).stat().st_mode) == 0o600
    configured = survey_settings.model_copy(update={"survey_salt": SecretStr("office-secret")})
    assert load_salt(configured) == b"office-secret"
    assert pseudonym(first, "zalo", CITIZEN) != pseudonym(b"office-secret", "zalo", CITIZEN)
    assert pseudonym(first, "zalo", CITIZEN) != pseudonym(first, "telegram", CITIZEN)


async def test_no_survey_file_means_no_offer(assistant: Assistant, storage: Storage, survey_settings: Settings,
                                             tmp_path) -> None:  # noqa: ANN001 - pytest's Path
    off = survey_settings.model_copy(update={"survey_file": tmp_path / "none.yaml"})
    assistant.survey = SurveyFlow(storage, off)
    assert [r.text for r in await _thumbs_up(assistant, storage)] == [messages.FEEDBACK_UP_THANKS]
    assert [r.text for r in await assistant.handle(say("/khaosat"))] == [messages.SURVEY_OFF]


async def test_admin_report_has_both_targets(assistant: Assistant, storage: Storage) -> None:
    offer = await _thumbs_up(assistant, storage)
    first = await assistant.handle(press(payload_of(offer, messages.SURVEY_JOIN_BUTTON)))
    await assistant.handle(press(payload_of(first, "Hiểu rõ")))
    admin = Incoming(channel="telegram", user_id="42", text="/baocao")
    replies = await assistant.handle(admin)
    targets = next(r for r in replies if r.text.startswith(messages.TARGETS_TITLE))
    assert targets.image_png is not None and targets.image_png.startswith(b"\x89PNG")
    assert "Người dân, tổ chức: 100% (1/1 người)" in targets.text and messages.SURVEY_VERDICTS["inconclusive"] in targets.text
    assert [r.file_name for r in replies if r.file_name][-1] == messages.SURVEY_CSV_NAME
    bad = await assistant.handle(Incoming(channel="telegram", user_id="42", text="/baocao hôm-qua"))
    assert [r.text for r in bad] == [messages.REPORT_BAD_PERIOD.format(text="hôm-qua")]
    # Citizens cannot read it.
    assert [r.text for r in await assistant.handle(say("/baocao"))] == [messages.ADMIN_ONLY]
