"""Enrolment: only people the office enrolled count in the awareness report (issue 12).

Through the real core: an anonymous web session that picks a unit and passes the quiz used
to count as a surveyed civil servant. Now it is practice (told so, kept, left out and
counted as left out); a person enrolled with an invite token (``/start <token>`` on
Telegram, ``/thamgia <token>`` anywhere) or listed in ``units.yaml`` counts, in the unit
the office chose.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from quiz_helpers import ADMIN_ID, answer_payload, message, press, user_key
from typer.testing import CliRunner

from bot import messages
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Incoming
from bot.knowledge import KnowledgeBase
from bot.quiz.enrolment import normalise, token_hash
from bot.quiz.report import build_report, units_csv
from bot.storage.database import Storage
from bot.storage.quiz import QuizStore
from indexer.embedding import E5Embedder

UNITS_YAML = """
organisation: "UBND xã Thử Nghiệm"
units:
  - id: vp
    name: "Văn phòng"
  - id: hcc
    name: "Trung tâm Phục vụ hành chính công"
    allow:
      telegram: [5550001]
"""


def web(text: str | None = None, *, session: str, payload: str | None = None) -> Incoming:
    kind = "button" if payload is not None else "text"
    return Incoming(channel="web", user_id=session, text=text, payload=payload, kind=kind)


async def _play(assistant: Assistant, storage: Storage, event, user_id: int, *, right: bool = True) -> str:  # noqa: ANN001
    """Answer every question of the user's active attempt; the final summary's text."""
    attempt = await QuizStore(storage).active_attempt(user_id=user_id)
    assert attempt is not None
    replies = []
    for position in range(attempt.total):
        replies = await assistant.handle(event(answer_payload(attempt, position, right=right)))
    return replies[-1].text


async def _report(assistant: Assistant, storage: Storage):  # noqa: ANN202
    from datetime import datetime, timezone

    from bot.quiz.report import EPOCH

    return await build_report(QuizStore(storage), assistant.quiz.units(), since=EPOCH,
                              until=datetime.now(timezone.utc))


async def _web_user(storage: Storage, session: str) -> int:
    found = await storage.find_user(channel="web", external_id=session)
    assert found is not None
    return found


async def test_anonymous_web_session_is_practice_and_left_out(assistant: Assistant, storage: Storage) -> None:
    session = "anonymous-visitor-1"
    await assistant.handle(web("/quiz", session=session))
    (saved, first) = await assistant.handle(web(session=session, payload="qz:u:vp"))
    assert messages.QUIZ_PRACTICE_NOTE in first.text
    summary = await _play(assistant, storage, lambda p: web(session=session, payload=p), await _web_user(storage, session))
    assert summary.startswith("🏁") and messages.QUIZ_PRACTICE_NOTE in summary
    assert "Kết quả được tính cho đơn vị" not in summary
    report = await _report(assistant, storage)
    assert report.organisation.surveyed == 0 and report.practice_attempts == 1
    assert report.questions == ()  # practice answers are not in the per-question figures either
    (text, *_files) = await assistant.handle(message("/baocao", user=ADMIN_ID))
    assert messages.REPORT_PRACTICE.format(count=1) in text.text
    table = list(csv.reader(io.StringIO(units_csv(report).decode("utf-8-sig"))))
    column = table[0].index(messages.REPORT_CSV_PRACTICE)
    assert table[1][0] == "vp" and table[1][column] == "1"  # the unit the visitor picked
    assert table[-1][column] == "1"  # the organisation row


async def test_invite_token_on_telegram_start_enrols_and_counts(assistant: Assistant, storage: Storage) -> None:
    (token,) = await assistant.quiz.enrolment.issue("vp")
    (greeting,) = await assistant.handle(message(f"/start {token}", user="701"))  # what a t.me/<bot>?start= link sends
    assert greeting.text.startswith("Xin chào") and messages.ENROL_DONE.format(unit="Văn phòng HĐND và UBND") in greeting.text
    (first,) = await assistant.handle(message("/quiz", user="701"))  # no unit to pick: the office chose it
    assert first.text.startswith(messages.QUIZ_INTRO.split(":")[0]) and messages.QUIZ_PRACTICE_NOTE not in first.text
    summary = await _play(assistant, storage, lambda p: press(p, user="701"), await user_key(storage, "701"))
    assert messages.QUIZ_UNIT_LINE.format(unit="Văn phòng HĐND và UBND") in summary
    report = await _report(assistant, storage)
    rows = {row.unit_id: row for row in report.units}
    assert (rows["vp"].surveyed, rows["vp"].passed, report.practice_attempts) == (1, 1, 0)


async def test_a_personal_token_enrols_one_person(assistant: Assistant, storage: Storage) -> None:
    (token,) = await assistant.quiz.enrolment.issue("hcc")
    (done,) = await assistant.handle(message(f"/thamgia {token.lower().replace('-', ' ')}", user="702"))
    assert done.text == messages.ENROL_DONE.format(unit="Trung tâm Phục vụ hành chính công")
    (again,) = await assistant.handle(message(f"/thamgia {token}", user="702"))  # a second tap: still enrolled
    assert again.text == done.text
    (taken,) = await assistant.handle(web(f"/thamgia {token}", session="someone-else-1"))
    assert taken.text == messages.ENROL_INVALID.format(code=token)
    (forged,) = await assistant.handle(message("/thamgia ABCD-EFGH-JKMN", user="703"))
    assert forged.text == messages.ENROL_INVALID.format(code="ABCD-EFGH-JKMN")
    (usage,) = await assistant.handle(message("/thamgia", user="703"))
    assert usage.text == messages.ENROL_USAGE


async def test_enrolled_unit_cannot_be_changed_with_donvi(assistant: Assistant, storage: Storage) -> None:
    (token,) = await assistant.quiz.enrolment.issue("vp")
    await assistant.handle(message(f"/thamgia {token}", user="704"))
    (fixed,) = await assistant.handle(message("/donvi", user="704"))
    assert fixed.text == messages.ENROL_UNIT_FIXED.format(unit="Văn phòng HĐND và UBND")
    await assistant.handle(message("/quiz", user="704"))
    (refused,) = await assistant.handle(press("qz:d:hcc", user="704"))  # an old unit button
    assert refused.text == fixed.text
    attempt = await QuizStore(storage).active_attempt(user_id=await user_key(storage, "704"))
    assert attempt is not None and attempt.unit == "vp" and not attempt.practice


async def test_only_token_hashes_are_stored(assistant: Assistant, storage: Storage) -> None:
    tokens = await assistant.quiz.enrolment.issue("vp", count=3)
    stored = {row[0] for row in await storage._fetchall("SELECT token_hash FROM enrolment_invites")}
    assert stored == {token_hash(normalise(t) or "") for t in tokens}
    assert not any(t.replace("-", "") in h for t in tokens for h in stored)


async def test_expired_token_is_refused(assistant: Assistant, storage: Storage) -> None:
    from datetime import datetime, timedelta, timezone

    (token,) = await assistant.quiz.enrolment.issue("vp", days=1)
    assistant.quiz.enrolment._clock = lambda: datetime.now(timezone.utc) + timedelta(days=2)  # two days later
    (late,) = await assistant.handle(message(f"/thamgia {token}", user="705"))
    assert late.text == messages.ENROL_INVALID.format(code=token)


async def test_unit_unknown_to_units_yaml_cannot_get_invites(assistant: Assistant) -> None:
    with pytest.raises(ValueError, match="not in units.yaml"):
        await assistant.quiz.enrolment.issue("khong-co")


@pytest.fixture
def allow_settings(tmp_path: Path, quiz_settings: Settings) -> Settings:
    units = tmp_path / "units.yaml"
    units.write_text(UNITS_YAML, encoding="utf-8")
    return quiz_settings.model_copy(update={"units_file": units})


async def test_allowlisted_channel_id_counts_without_a_token(
    allow_settings: Settings, storage: Storage, e5: E5Embedder
) -> None:
    assistant = Assistant(KnowledgeBase(allow_settings, embedder=e5), storage, allow_settings)
    (first,) = await assistant.handle(message("/quiz", user="5550001"))
    assert messages.QUIZ_PRACTICE_NOTE not in first.text
    await _play(assistant, storage, lambda p: press(p, user="5550001"), await user_key(storage, "5550001"))
    report = await _report(assistant, storage)
    rows = {row.unit_id: row for row in report.units}
    assert rows["hcc"].surveyed == 1 and report.practice_attempts == 0


def test_cchc_units_invite_prints_usable_tokens(allow_settings: Settings, tmp_path: Path) -> None:
    env = {"CCHC_DATA_DIR": str(allow_settings.data_dir), "CCHC_UNITS_FILE": str(allow_settings.units_path),
           "CCHC_KNOWLEDGE_DIR": str(allow_settings.knowledge_dir), "CCHC_TELEGRAM_BOT_USERNAME": "cchc_test_bot"}
    from bot.cli import app

    result = CliRunner().invoke(app, ["units", "invite", "--unit", "vp", "--count", "2"], env=env)
    assert result.exit_code == 0, result.output
    links = [line for line in result.output.splitlines() if "https://t.me/cchc_test_bot?start=" in line]
    codes = [line.split("/thamgia ")[1].strip() for line in result.output.splitlines() if "/thamgia " in line]
    assert len(links) == 2 and len(codes) == 2 and all(normalise(code) for code in codes)
    listed = CliRunner().invoke(app, ["units", "list"], env=env)
    assert "0 người đã ghi danh" in listed.output and "2 mã còn dùng được" in listed.output
    assert "1 trong danh sách cho phép" in listed.output
    unknown = CliRunner().invoke(app, ["units", "invite", "--unit", "khong-co"], env=env)
    assert unknown.exit_code == 2


async def test_an_attempt_in_progress_counts_once_its_person_is_enrolled(assistant: Assistant, storage: Storage) -> None:
    await assistant.handle(message("/quiz", user="706"))
    await assistant.handle(press("qz:u:vhxh", user="706"))  # practice, in the unit they picked
    user = await user_key(storage, "706")
    assert (await QuizStore(storage).active_attempt(user_id=user)).practice  # type: ignore[union-attr]
    (token,) = await assistant.quiz.enrolment.issue("vp")
    await assistant.handle(message(f"/thamgia {token}", user="706"))
    attempt = await QuizStore(storage).active_attempt(user_id=user)
    assert attempt is not None and not attempt.practice and attempt.unit == "vp"
    summary = await _play(assistant, storage, lambda p: press(p, user="706"), user)
    assert messages.QUIZ_PRACTICE_NOTE not in summary
    assert (await _report(assistant, storage)).organisation.surveyed == 1
