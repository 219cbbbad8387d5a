"""Zalo OA webhook end to end: signed events in, CS messages out at a local OA stand-in."""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from server_helpers import QUESTION, Running, running, server_settings
from pydantic import SecretStr
from zalo_stub import APP_SECRET, ZaloStub

from bot import messages
from bot.channels.zalo import render, sign, split_text
from bot.dialogue.models import Button, Reply
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from bot.storage.inbox import WebhookInbox

APP_ID = "4291763606161179100"
OA_SECRET = "oa-secret-for-tests"
USER = "8412345678901234567"  # 19 digits: must never pass through a float


@pytest.fixture
def oa() -> Iterator[ZaloStub]:
    stub = ZaloStub().start()
    try:
        yield stub
    finally:
        stub.stop()


def _settings(knowledge: KnowledgeBase, data_dir: Path, oa: ZaloStub, access: str = "access-1"):  # noqa: ANN202
    return server_settings(
        knowledge, data_dir,
        zalo_app_id=APP_ID, zalo_oa_secret_key=SecretStr(OA_SECRET), zalo_app_secret=SecretStr(APP_SECRET),
        zalo_access_token=SecretStr(access), zalo_refresh_token=SecretStr("refresh-1"),
        zalo_api_url=oa.url, zalo_oauth_url=oa.url,
    )


@pytest.fixture
async def zalo_server(knowledge: KnowledgeBase, tmp_path: Path, oa: ZaloStub) -> AsyncIterator[Running]:
    async with running(_settings(knowledge, tmp_path / "data", oa), knowledge) as run:
        yield run


def _event(text: str, msg_id: str, user: str = USER) -> bytes:
    event = {"app_id": APP_ID, "event_name": "user_send_text", "timestamp": str(int(time.time() * 1000)),
             "sender": {"id": user}, "recipient": {"id": "579745863508352884"},
             "message": {"text": text, "msg_id": msg_id}}
    return json.dumps(event, ensure_ascii=False).encode()


async def _post(server: Running, body: bytes, signature: str | None = "auto") -> int:
    if signature == "auto":
        signature = sign(APP_ID, body, json.loads(body)["timestamp"], OA_SECRET)
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-ZEvent-Signature"] = signature
    return (await server.client.post("/webhooks/zalo", content=body, headers=headers)).status_code


async def test_signed_question_is_answered(zalo_server: Running, oa: ZaloStub) -> None:
    assert await _post(zalo_server, _event(QUESTION, "m1")) == 200
    await oa.wait_for(lambda: len(oa.texts_to(USER)) >= 1)
    answer = oa.texts_to(USER)[0]
    assert "PAR INDEX" in answer and "Nguồn: Theo" in answer
    assert messages.ZALO_CHOOSE_NUMBER in answer  # 👍/👎 offered as a numbered list
    assert oa.messages[0].access_token == "access-1"


async def test_follow_greets_and_number_picks_option(zalo_server: Running, oa: ZaloStub) -> None:
    follow = {"app_id": APP_ID, "event_name": "follow", "timestamp": str(int(time.time() * 1000)),
              "oa_id": "579745863508352884", "follower": {"id": USER}, "source": "testing"}
    body = json.dumps(follow).encode()
    assert await _post(zalo_server, body) == 200
    await oa.wait_for(lambda: len(oa.texts_to(USER)) == 1)
    assert await _post(zalo_server, body) == 200  # Zalo's retry of the follow: no second greeting
    await zalo_server.state.tasks.drain(5)
    assert len(oa.texts_to(USER)) == 1
    greeting = oa.texts_to(USER)[0]
    assert greeting.startswith("Xin chào") and f"1. {messages.MENU_QA}" in greeting
    assert await _post(zalo_server, _event("1", "m2")) == 200  # "1" = first option (menu:qa)
    await oa.wait_for(lambda: len(oa.texts_to(USER)) == 2)
    assert oa.texts_to(USER)[1].startswith(messages.QA_PROMPT.split(".")[0])


@pytest.mark.parametrize("signature", [None, "mac=" + "0" * 64, "garbage"])
async def test_bad_signature_is_401_and_nothing_sent(zalo_server: Running, oa: ZaloStub, signature: str | None) -> None:
    assert await _post(zalo_server, _event(QUESTION, "m3"), signature=signature) == 401
    assert len(zalo_server.state.tasks) == 0
    assert oa.messages == [] and oa.refused == []


async def test_tampered_body_is_401(zalo_server: Running, oa: ZaloStub) -> None:
    body = _event(QUESTION, "m4")
    signature = sign(APP_ID, body, json.loads(body)["timestamp"], OA_SECRET)
    assert await _post(zalo_server, body.replace(USER.encode(), b"1111111111111111111"), signature) == 401


async def test_repeated_delivery_answered_once(zalo_server: Running, oa: ZaloStub) -> None:
    body = _event("/start", "m5")
    assert await _post(zalo_server, body) == 200
    assert await _post(zalo_server, body) == 200  # Zalo's retry of the same message
    await oa.wait_for(lambda: len(oa.texts_to(USER)) >= 1)
    await zalo_server.state.tasks.drain(5)
    assert len(oa.texts_to(USER)) == 1


@pytest.mark.parametrize("token_error", [-216, -220])
async def test_expired_token_refreshed_once_and_delivered(
    knowledge: KnowledgeBase, tmp_path: Path, oa: ZaloStub, token_error: int
) -> None:
    oa.access_token = "access-new-on-server"  # the configured token is invalid (-216) or expired (-220)
    oa.token_error = token_error
    oa.refresh_token = "refresh-1"
    settings = _settings(knowledge, tmp_path / "data", oa)
    async with running(settings, knowledge) as server:
        for index in range(3):  # three answers at once: still a single refresh
            assert await _post(server, _event("/start", f"r{index}", user=f"{USER[:-1]}{index}")) == 200
        await oa.wait_for(lambda: len(oa.messages) == 3)
    assert len(oa.refreshes) == 1
    assert oa.refreshes[0] == {"refresh_token": "refresh-1", "app_id": APP_ID, "grant_type": "refresh_token"}
    assert {m.access_token for m in oa.messages} == {"access-2"}
    saved = settings.zalo_token_path
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    assert json.loads(saved.read_text())["refresh_token"] == "refresh-2"
    async with running(settings, knowledge) as server:  # a restart uses the stored pair
        assert server.state.zalo is not None and server.state.zalo.client.tokens.current.access_token == "access-2"


async def test_event_is_recorded_before_the_200(zalo_server: Running, oa: ZaloStub) -> None:
    oa.delay_s = 1.0  # the answer is still being sent when we look
    assert await _post(zalo_server, _event("/start", "kept-1")) == 200
    pending = await WebhookInbox(zalo_server.state.storage, "zalo").pending()
    assert [e.body["message"]["msg_id"] for e in pending] == ["kept-1"]
    await oa.wait_for(lambda: len(oa.texts_to(USER)) >= 1)
    await zalo_server.state.tasks.drain(5)
    assert await WebhookInbox(zalo_server.state.storage, "zalo").pending() == []


async def test_events_a_crash_left_unanswered_are_answered_at_the_next_start(
    knowledge: KnowledgeBase, tmp_path: Path, oa: ZaloStub
) -> None:
    settings = _settings(knowledge, tmp_path / "data", oa)
    late_user = f"{USER[:-1]}9"
    storage = await Storage.open(settings.database_path)  # what the crashed process had recorded
    inbox = WebhookInbox(storage, "zalo")
    await inbox.accept(json.loads(_event("/start", "crash-1")), "crash-1")
    await inbox.accept(json.loads(_event("/start", "crash-2", user=late_user)), "crash-2",
                       now=datetime.now(timezone.utc) - timedelta(hours=3))
    await storage.close()

    async with running(settings, knowledge) as server:
        await oa.wait_for(lambda: len(oa.texts_to(USER)) >= 1)
        await server.state.tasks.drain(5)
        answered = len(oa.texts_to(USER))
        assert oa.texts_to(late_user) == []  # hours old: closed, not answered out of the blue
        assert await _post(server, _event("/start", "crash-1")) == 200  # Zalo's retry of it
        await server.state.tasks.drain(5)
        assert len(oa.texts_to(USER)) == answered
        assert await WebhookInbox(server.state.storage, "zalo").pending() == []


async def test_slow_oa_api_does_not_delay_the_200(zalo_server: Running, oa: ZaloStub) -> None:
    oa.delay_s = 2.0
    started = time.perf_counter()
    assert await _post(zalo_server, _event("/start", "m6")) == 200
    assert time.perf_counter() - started < 0.5
    await oa.wait_for(lambda: len(oa.messages) == 1)


async def test_zalo_off_without_configuration(server: Running) -> None:
    assert await _post(server, _event("/start", "m7")) == 404


def test_render_numbers_buttons_across_replies_and_splits() -> None:
    replies = [Reply(text="a", buttons=[[Button(label="X", payload="menu:qa")]]),
               Reply(text="b", buttons=[[Button(label="Y", payload="menu:help"), Button(label="Z", payload="fb:up:1")]])]
    rendered = render(replies)
    assert rendered.options == ["menu:qa", "menu:help", "fb:up:1"]
    assert rendered.texts[1].endswith("2. Y\n3. Z")
    parts = split_text("câu " * 1200)
    assert len(parts) == 3 and all(len(p) <= 2000 for p in parts)


async def test_followup_on_zalo(zalo_server: Running, oa: ZaloStub) -> None:
    """The conversation state is the core's: a Zalo user's follow-up is answered about the last procedure."""
    assert await _post(zalo_server, _event("Đăng ký thường trú cần giấy tờ gì?", "f1")) == 200
    await oa.wait_for(lambda: len(oa.texts_to(USER)) >= 1)
    assert await _post(zalo_server, _event("con le phi thi sao", "f2")) == 200
    await oa.wait_for(lambda: len(oa.texts_to(USER)) >= 2)
    fee = oa.texts_to(USER)[-1]
    assert fee.startswith("Phí, lệ phí") and "Đăng ký thường trú" in fee
