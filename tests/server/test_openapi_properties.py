"""Property tests: schemathesis generates requests from the app's own OpenAPI schema.

Whatever the body, headers or parameters, the server must never answer 500. Runs against
the real uvicorn server on loopback. The operations are iterated by hand rather than with
``schema.parametrize()``, whose pytest plugin does not load under pytest 9.

Two servers: the session's ``live_server`` (every operation, channels off), and one with
the Zalo and Telegram channels on (against their local stand-ins), so the webhooks are
fuzzed past their 404: unsigned and signed Zalo bodies, Telegram bodies with and without
the secret, chat bodies and payloads with huge numbers. Bounded (``EXAMPLES`` per
operation, ``SIGNED_EXAMPLES`` signed events) so the file runs in well under a minute.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from botapi_stub import BotApiStub
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from schemathesis.checks import not_a_server_error
from server_helpers import LiveServer, server_settings, serving
from zalo_stub import APP_SECRET, ZaloStub

from bot import messages
from bot.channels.zalo import sign
from bot.knowledge import KnowledgeBase

# Enough examples per operation to reach the validators' edges; the suite stays fast.
EXAMPLES = 40
SIGNED_EXAMPLES = 60
APP_ID = "4291763606161179100"
OA_SECRET = "oa-secret-for-fuzzing"
WEBHOOK_SECRET = "webhook-secret_for-fuzzing"
FUZZED = ("POST /api/chat", "POST /webhooks/zalo", "POST /webhooks/telegram")


def _fuzz(url: str, labels: tuple[str, ...] | None = None, headers: dict[str, dict[str, str]] | None = None) -> list[str]:
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    seen = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if labels is not None and operation.label not in labels:
            continue
        seen.append(operation.label)
        extra = (headers or {}).get(operation.label, {})

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error], headers=extra)

        check()
    return seen


def test_no_server_errors(live_server: LiveServer) -> None:
    labels = _fuzz(live_server.url)
    assert "POST /api/chat" in labels and "POST /webhooks/zalo" in labels


@pytest.fixture(scope="module")
def channels_server(knowledge: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """uvicorn with Zalo and Telegram on, their APIs played by loopback stand-ins."""
    oa, bot_api = ZaloStub().start(), BotApiStub().start()
    settings_ = server_settings(
        knowledge, tmp_path_factory.mktemp("fuzz"),
        zalo_app_id=APP_ID, zalo_oa_secret_key=SecretStr(OA_SECRET), zalo_app_secret=SecretStr(APP_SECRET),
        zalo_access_token=SecretStr("access-1"), zalo_refresh_token=SecretStr("refresh-1"),
        zalo_api_url=oa.url, zalo_oauth_url=oa.url,
        telegram_token=SecretStr(bot_api.token), telegram_base_url=bot_api.base_url,
        telegram_webhook_secret=SecretStr(WEBHOOK_SECRET),
    )
    try:
        with serving(settings_, knowledge) as live:
            yield live
    finally:
        oa.stop()
        bot_api.stop()


def test_chat_and_webhooks_with_channels_on(channels_server: LiveServer) -> None:
    secret = {"POST /webhooks/telegram": {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}}
    assert set(_fuzz(channels_server.url, FUZZED)) == set(FUZZED)
    assert set(_fuzz(channels_server.url, ("POST /webhooks/telegram",), headers=secret)) == {"POST /webhooks/telegram"}


_json = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
_zalo_event = st.fixed_dictionaries(
    {"event_name": st.sampled_from(["user_send_text", "follow", "user_send_image", "oa_send_text", ""])},
    optional={
        "sender": st.one_of(st.fixed_dictionaries({"id": st.one_of(st.text(max_size=25), st.integers())}), _json),
        "follower": _json,
        "message": st.one_of(
            st.fixed_dictionaries({"text": st.text(max_size=200), "msg_id": st.text(max_size=20)}), _json),
        "app_id": st.just(APP_ID),
        "extra": _json,
    },
)


def test_signed_zalo_events_of_any_shape(channels_server: LiveServer) -> None:
    """Authentic events (signed with the secret, current timestamp) whose fields are anything."""
    with httpx.Client(base_url=channels_server.url, timeout=30) as client:

        @given(event=_zalo_event, fresh=st.booleans())
        @settings(max_examples=SIGNED_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(event: dict[str, Any], fresh: bool) -> None:
            timestamp = str(int(time.time() * 1000)) if fresh else "1"
            body = json.dumps({**event, "timestamp": timestamp}).encode()
            response = client.post("/webhooks/zalo", content=body,
                                   headers={"X-ZEvent-Signature": sign(APP_ID, body, timestamp, OA_SECRET)})
            assert response.status_code == (200 if fresh else 403), response.text

        check()


@pytest.mark.parametrize("payload", [
    "more:99999999999999999999999999999:1", "more:0:99999999999999999999999999", "fb:up:" + "9" * 30,
    "fb:down:18446744073709551616", "src:-1", "pick:1:1e308", "qz:a:9999999999999999999:0:0",
])
def test_payloads_with_huge_numbers_are_refused_politely(channels_server: LiveServer, payload: str) -> None:
    response = httpx.post(f"{channels_server.url}/api/chat", json={"session_id": "fuzz-numbers-1", "payload": payload},
                          timeout=30)
    if len(payload) > 256:  # longer than any payload: refused by the schema, not by the core
        assert response.status_code == 422
        return
    assert response.status_code == 200
    assert response.json()["replies"][0]["text"] in {messages.INVALID_BUTTON, messages.QUIZ_STALE}
