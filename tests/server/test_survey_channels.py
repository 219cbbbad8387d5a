"""The survey and a contest round with buttons on the web (JSON API) and on Zalo (numbered options).

The button flow is the default everywhere and the only one on these channels: the replies
carry the same payloads Telegram's inline keyboard would. The admin endpoints then give
the survey CSV and the two-targets chart.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from server_helpers import ADMIN_TOKEN, QUESTION, Running, running, server_settings
from zalo_stub import APP_SECRET, ZaloStub

from bot import messages
from bot.channels.zalo import sign
from bot.knowledge import KnowledgeBase
from bot.quiz.bank import load_bank
from bot.storage.contest import ContestStore
from bot.storage.database import LOCAL_TZ
from bot.storage.survey import SurveyStore

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
APP_ID = "1234567890123456789"
OA_SECRET = "oa-secret-for-survey-tests"
ZALO_USER = "8400000000000000014"
# Five questions, the place, the offer and the thumbs-up: the bound only stops a broken flow.
MAX_STEPS = 12


async def _chat(server: Running, session: str, **body: str) -> list[dict[str, Any]]:
    response = await server.client.post("/api/chat", json={"session_id": session, **body})
    assert response.status_code == 200, response.text
    return response.json()["replies"]


def _buttons(replies: list[dict[str, Any]]) -> dict[str, str]:
    return {b["label"]: b["payload"] for r in replies for row in r["buttons"] for b in row}


async def _open_round(server: Running, questions: int = 2) -> int:
    """A round open since an hour ago with the bank's first questions (admins open rounds on Telegram)."""
    now = datetime.now(timezone.utc)
    bank = load_bank(server.state.settings.quiz_bank_dir).questions[:questions]
    round_ = await ContestStore(server.state.storage).open_round(
        name="Hội thi web", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1),
        seconds_per_question=60, questions=[q.model_dump(mode="json") for q in bank],
    )
    return round_.id


async def test_survey_on_the_web_then_admin_endpoints(server: Running) -> None:
    session = "survey-web-0001"
    answer = await _chat(server, session, text=QUESTION)
    thumbs = next(b["payload"] for row in answer[0]["buttons"] for b in row if b["payload"].startswith("fb:up:"))
    replies = await _chat(server, session, payload=thumbs)
    assert [r["text"] for r in replies] == [messages.FEEDBACK_UP_THANKS, messages.SURVEY_OFFER.format(count=5)]
    replies = await _chat(server, session, payload=_buttons(replies)[messages.SURVEY_JOIN_BUTTON])
    for _ in range(MAX_STEPS):
        buttons = _buttons(replies)
        if replies[0]["text"] == messages.SURVEY_PLACE_PROMPT:
            replies = await _chat(server, session, payload=buttons["Phường Một (mẫu)"])
            break
        first_option = next(p for p in buttons.values() if p.startswith("sv:a:"))
        replies = await _chat(server, session, payload=first_option)
    assert [r["text"] for r in replies] == [messages.SURVEY_THANKS]
    # A second 👍 the same period: thanks only.
    again = await _chat(server, session, text=QUESTION)
    thumbs = next(b["payload"] for row in again[0]["buttons"] for b in row if b["payload"].startswith("fb:up:"))
    assert [r["text"] for r in await _chat(server, session, payload=thumbs)] == [messages.FEEDBACK_UP_THANKS]

    table = await server.client.get("/admin/survey-report.csv", headers=AUTH)
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    key = next(r for r in rows if r[1] == "hieu-cchc")
    assert key[3:6] == ["1", "1", "100.0"]  # the first option of the key question is "Hiểu rõ"
    assert ["Kênh", "web", "Trang web", "1", "1", "100.0"] == next(r for r in rows if r[1] == "web")[:6]
    assert next(r for r in rows if r[1] == "phuong-1")[3:5] == ["1", "1"]
    chart = await server.client.get("/admin/targets.png", params={"since": "2020-01-01"}, headers=AUTH)
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
    bad = await server.client.get("/admin/targets.png", params={"since": "2025-02-01", "until": "2025-01-01"},
                                  headers=AUTH)
    assert bad.status_code == 422
    assert (await server.client.get("/admin/survey-report.csv")).status_code == 401


async def test_contest_on_the_web(server: Running) -> None:
    round_id = await _open_round(server)
    session = "contest-web-0001"
    replies = await _chat(server, session, text="/hoithi")
    assert replies[0]["text"] == messages.CONTEST_PRACTICE_PROMPT  # an anonymous web session is not enrolled
    replies = await _chat(server, session, payload=_buttons(replies)["Phòng Văn hóa - Xã hội"])
    for number in (1, 2):
        assert f"Hội thi · Câu {number}/2" in replies[-1]["text"]
        replies = await _chat(server, session, payload=_buttons(replies)["A"])
    assert replies[-1]["text"].startswith("🏁 Bạn đã hoàn thành vòng thi “Hội thi web”")
    again = await _chat(server, session, text="/hoithi")
    assert again[0]["text"].startswith("Bạn đã dự thi vòng “Hội thi web”")
    results = await ContestStore(server.state.storage).results(round_id=round_id)
    assert [(r.unit, r.total, r.practice) for r in results] == [("vhxh", 2, True)]


# ---------------------------------------------------------------------------- Zalo


@pytest.fixture
def oa() -> Iterator[ZaloStub]:
    stub = ZaloStub().start()
    try:
        yield stub
    finally:
        stub.stop()


@pytest.fixture
async def zalo(knowledge: KnowledgeBase, tmp_path: Path, oa: ZaloStub) -> AsyncIterator[Running]:
    settings = server_settings(
        knowledge, tmp_path / "data", zalo_app_id=APP_ID, zalo_oa_secret_key=SecretStr(OA_SECRET),
        zalo_app_secret=SecretStr(APP_SECRET), zalo_access_token=SecretStr("access-1"),
        zalo_refresh_token=SecretStr("refresh-1"), zalo_api_url=oa.url, zalo_oauth_url=oa.url,
    )
    async with running(settings, knowledge) as run:
        yield run


class ZaloUser:
    """A Zalo user typing text and answering numbered options."""

    def __init__(self, server: Running, oa: ZaloStub) -> None:
        self.server, self.oa, self.seen, self.sent = server, oa, 0, 0

    async def say(self, text: str) -> str:
        """Send ``text``; return everything the OA sent back for it, joined."""
        self.sent += 1
        event = {"app_id": APP_ID, "event_name": "user_send_text", "timestamp": str(int(time.time() * 1000)),
                 "sender": {"id": ZALO_USER}, "recipient": {"id": "579745863508352884"},
                 "message": {"text": text, "msg_id": f"survey-{self.sent}"}}
        body = json.dumps(event, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "X-ZEvent-Signature": sign(APP_ID, body, event["timestamp"],
                                                                                   OA_SECRET)}
        assert (await self.server.client.post("/webhooks/zalo", content=body, headers=headers)).status_code == 200
        await self.server.state.tasks.drain(15)
        texts = self.oa.texts_to(ZALO_USER)[self.seen:]
        self.seen += len(texts)
        return "\n".join(texts)

    async def choose(self, shown: str, label: str) -> str:
        """Answer with the number of ``label`` in the last list shown."""
        numbers = re.findall(rf"^(\d+)\. {re.escape(label)}$", shown, re.MULTILINE)
        assert numbers, f"no option {label!r} in {shown!r}"
        return await self.say(numbers[-1])


async def test_survey_and_contest_on_zalo(zalo: Running, oa: ZaloStub) -> None:
    user = ZaloUser(zalo, oa)
    shown = await user.choose(await user.say(QUESTION), messages.FEEDBACK_UP_BUTTON)
    assert messages.SURVEY_OFFER.format(count=5) in shown
    shown = await user.choose(shown, messages.SURVEY_JOIN_BUTTON)
    assert "Khảo sát · câu 1/5" in shown
    shown = await user.choose(shown, "Hiểu một phần")
    assert "Khảo sát · câu 2/5" in shown
    assert messages.SURVEY_STOPPED in await user.choose(shown, messages.SURVEY_STOP_BUTTON)
    day = datetime.now(timezone.utc).astimezone(LOCAL_TZ).date()
    answers = await SurveyStore(zalo.state.storage).answers_between(survey="khao-sat-cchc", since=day, until=day)
    assert [(a.channel, a.question_id, a.option_id) for a in answers] == [("zalo", "hieu-cchc", "mot-phan")]

    await _open_round(zalo, questions=2)
    shown = await user.choose(await user.say("/hoithi"), "Trung tâm Phục vụ hành chính công")
    assert "Hội thi · Câu 1/2" in shown
    shown = await user.choose(shown, "B")
    assert "Hội thi · Câu 2/2" in shown
    done = await user.choose(shown, "C")
    assert "🏁 Bạn đã hoàn thành vòng thi “Hội thi web”" in done
