"""Bounded work for every request: body limits, no echo, no unauthenticated 500 (issue 12).

In-process over the real app (httpx's ASGI transport pulls a streamed body lazily, so a
test can count how much of it the server asked for), plus one chunked upload to the real
uvicorn server on loopback.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from datetime import timedelta
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from botapi_stub import BotApiStub
from pydantic import SecretStr
from server_helpers import ADMIN_TOKEN, LiveServer, Running, running, server_settings
from test_zalo import APP_ID, OA_SECRET, USER, oa, zalo_server  # noqa: F401 - fixtures used by name
from zalo_stub import ZaloStub

from bot.channels.zalo import sign
from bot.knowledge import KnowledgeBase

SESSION = "session-hardening"
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
WEBHOOK_SECRET = "webhook-secret_for-tests"
# 10,000 opening brackets: far past json's recursion limit, yet only 20 kB.
NESTED = b'{"a":' + b"[" * 10_000 + b"]" * 10_000 + b"}"
CHUNK = 8 * 1024


def _chunks(sent: list[int], count: int = 1000) -> AsyncIterator[bytes]:
    """8 MB offered in 8 kB chunks; ``sent`` records how many the server pulled."""

    async def generate() -> AsyncIterator[bytes]:
        for index in range(count):
            sent.append(index)
            yield b" " * CHUNK

    return generate()


def _refusals(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("bot.")]


def _assert_one_line_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    records = _refusals(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].exc_info is None and "\n" not in records[0].getMessage()


# --------------------------------------------------------------------------- body limits


async def test_declared_body_over_the_limit_is_413_with_a_short_json(server: Running) -> None:
    body = json.dumps({"session_id": SESSION, "text": "xin chào", "unknown": "x" * 100_000}).encode()
    response = await server.client.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert len(response.content) < 200 and "bytes" in response.json()["detail"]
    assert response.headers["connection"] == "close"


async def test_streamed_body_is_cut_off_while_reading(server: Running) -> None:
    sent: list[int] = []
    response = await server.client.post("/api/chat", content=_chunks(sent), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert len(sent) <= server.state.settings.max_body_bytes_chat // CHUNK + 2  # not 8 MB


async def test_zalo_body_is_cut_off_before_the_signature_is_read(zalo_server: Running) -> None:  # noqa: F811
    sent: list[int] = []
    response = await zalo_server.client.post("/webhooks/zalo", content=_chunks(sent),
                                             headers={"X-ZEvent-Signature": "mac=" + "0" * 64})
    assert response.status_code == 413
    assert len(sent) <= zalo_server.state.settings.max_body_bytes_webhooks // CHUNK + 2


async def test_the_limit_is_a_setting(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    settings = server_settings(knowledge, tmp_path / "d", max_body_bytes_chat=2048)
    async with running(settings, knowledge) as server:
        small = await server.client.post("/api/chat", json={"session_id": SESSION, "text": "a" * 1500})
        large = await server.client.post("/api/chat", json={"session_id": SESSION, "text": "a" * 2500})
    assert small.status_code == 200 and large.status_code == 413


def test_real_server_cuts_a_chunked_body(live_server: LiveServer) -> None:
    """uvicorn on loopback: a chunked body without Content-Length is refused once past the limit."""
    url = urlsplit(live_server.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b" " * CHUNK
        try:
            for _ in range(live_server.settings.max_body_bytes_chat // CHUNK + 4):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass  # the server may close as soon as it has answered
        deadline = time.monotonic() + 10
        data = b""
        while b"\r\n\r\n" not in data and time.monotonic() < deadline:
            data += sock.recv(4096)
    assert data.startswith(b"HTTP/1.1 413")


# --------------------------------------------------------------------------- no echo, no 500


async def test_validation_errors_do_not_echo_the_input(server: Running) -> None:
    marker = "ECHO-" + "z" * 5000
    response = await server.client.post("/api/chat", json={"session_id": "bad id!", "text": marker, "payload": marker})
    assert response.status_code == 422
    assert "zzzz" not in response.text and len(response.text) < 1000
    assert {tuple(e["loc"]) for e in response.json()["detail"]} >= {("body", "session_id"), ("body", "text")}


async def test_lone_surrogate_in_chat_text_is_400(server: Running, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    body = b'{"session_id": "%s", "text": "c\\ud800u h\\u1ecfi"}' % SESSION.encode()
    response = await server.client.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "ud800" not in response.text
    _assert_one_line_no_traceback(caplog)


async def test_deeply_nested_zalo_body_is_400_before_the_signature(  # noqa: F811
    zalo_server: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    response = await zalo_server.client.post("/webhooks/zalo", content=NESTED, headers={"X-ZEvent-Signature": "x"})
    assert response.status_code == 400 and "[[" not in response.text
    _assert_one_line_no_traceback(caplog)


async def test_lone_surrogate_in_a_signed_zalo_event_is_400(  # noqa: F811
    zalo_server: Running, oa: ZaloStub, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    timestamp = str(int(time.time() * 1000))
    body = (b'{"app_id": "%s", "event_name": "user_send_text", "timestamp": "%s", "sender": {"id": "%s"},'
            b' "message": {"text": "\\ud800", "msg_id": "surrogate-1"}}' % (APP_ID.encode(), timestamp.encode(), USER.encode()))
    signature = sign(APP_ID, body, timestamp, OA_SECRET)
    response = await zalo_server.client.post("/webhooks/zalo", content=body, headers={"X-ZEvent-Signature": signature})
    assert response.status_code == 400
    _assert_one_line_no_traceback(caplog)
    await zalo_server.state.tasks.drain(5)
    assert oa.messages == []


@pytest.fixture
def stub() -> BotApiStub:
    server = BotApiStub().start()
    yield server
    server.stop()


async def test_deeply_nested_telegram_update_after_the_secret_is_400(
    knowledge: KnowledgeBase, tmp_path: Path, stub: BotApiStub, caplog: pytest.LogCaptureFixture
) -> None:
    settings = server_settings(knowledge, tmp_path / "d", telegram_token=SecretStr(stub.token),
                               telegram_base_url=stub.base_url, telegram_webhook_secret=SecretStr(WEBHOOK_SECRET))
    async with running(settings, knowledge) as server:
        caplog.set_level(logging.INFO)
        caplog.clear()
        good = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        response = await server.client.post("/webhooks/telegram", content=NESTED, headers=good)
        assert response.status_code == 400 and "[[" not in response.text
        _assert_one_line_no_traceback(caplog)
        surrogate = b'{"update_id": 5, "message": {"message_id": 5, "date": 1, "text": "\\udfff",' \
                    b' "chat": {"id": 7, "type": "private"}, "from": {"id": 7, "is_bot": false, "first_name": "A"}}}'
        assert (await server.client.post("/webhooks/telegram", content=surrogate, headers=good)).status_code == 400


@pytest.mark.parametrize("params", [{"since": "0001-01-01"}, {"since": "0001-01-01", "until": "2025-01-01"}])
@pytest.mark.parametrize("path", ["/admin/quiz-report.csv", "/admin/quiz-report.png"])
async def test_report_day_out_of_range_is_400(server: Running, path: str, params: dict[str, str]) -> None:
    response = await server.client.get(path, params=params, headers=AUTH)
    assert response.status_code == 400


# --------------------------------------------------------------------------- Zalo replay window


def _signed(timestamp: str, msg_id: str) -> tuple[bytes, str]:
    event = {"app_id": APP_ID, "event_name": "user_send_text", "timestamp": timestamp,
             "sender": {"id": USER}, "message": {"text": "/start", "msg_id": msg_id}}
    body = json.dumps(event).encode()
    return body, sign(APP_ID, body, timestamp, OA_SECRET)


@pytest.mark.parametrize("age_minutes", [365 * 24 * 60, -365 * 24 * 60, 11, -11])
async def test_signed_event_outside_the_replay_window_is_refused(  # noqa: F811
    zalo_server: Running, oa: ZaloStub, age_minutes: int
) -> None:
    assert zalo_server.state.settings.zalo_replay_window_minutes == 10
    body, signature = _signed(str(int((time.time() - age_minutes * 60) * 1000)), f"old-{age_minutes}")
    response = await zalo_server.client.post("/webhooks/zalo", content=body, headers={"X-ZEvent-Signature": signature})
    assert response.status_code == 403
    await zalo_server.state.tasks.drain(5)
    assert oa.messages == []


@pytest.mark.parametrize("timestamp", ["", "soon", "99999999999999999999999"])
async def test_signed_event_without_a_usable_timestamp_is_refused(  # noqa: F811
    zalo_server: Running, timestamp: str
) -> None:
    body, signature = _signed(timestamp, f"ts-{timestamp}")
    response = await zalo_server.client.post("/webhooks/zalo", content=body, headers={"X-ZEvent-Signature": signature})
    assert response.status_code == 403


def test_the_inbox_remembers_events_longer_than_any_replay_window() -> None:
    from bot.config import Settings
    from bot.storage.inbox import KEEP_DONE

    widest = next(m.le for m in Settings.model_fields["zalo_replay_window_minutes"].metadata if hasattr(m, "le"))
    assert KEEP_DONE >= timedelta(minutes=widest)
