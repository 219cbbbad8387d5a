"""Adapter unit tests: translation, rendering, splitting, webhook auth, error handling.

The core is replaced by a small recording double here so that each translation rule is
checked in isolation; ``test_telegram_e2e.py`` runs the same adapter with the real core.
The HTTP side is still real: PTB talks to the Bot API stand-in over loopback.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from botapi_stub import BotApiError, BotApiStub, check_html, polling

from bot import messages
from bot.channels.telegram import (
    TelegramWebhook,
    build_application,
    build_keyboard,
    file_base_url,
    split_text,
)
from bot.config import Settings
from bot.dialogue.models import Button, Incoming, Reply
from bot.storage.database import Storage
from bot.storage.inbox import WebhookInbox

REPO = Path(__file__).resolve().parents[2]
ADMIN = 7001
USER = 7002


class RecordingAssistant:
    """Test double of the Assistant protocol: records what arrived, replies by rule."""

    def __init__(self) -> None:
        self.received: list[Incoming] = []

    async def handle(self, incoming: Incoming) -> list[Reply]:
        self.received.append(incoming)
        if incoming.text == "boom":
            raise RuntimeError("injected failure")
        if incoming.text == "long":
            paragraph = "Đoạn văn bản dài về cải cách hành chính. " * 40
            return [Reply(text="\n\n".join([paragraph] * 8), buttons=[[Button(label="OK", payload="ok")]])]
        if incoming.text == "file":
            return [Reply(text="Tệp của bạn", file_name="bao-cao.csv", file_bytes=b"a,b\n1,2\n",
                          buttons=[[Button(label="Đóng", payload="close")]])]
        if incoming.text == "image":
            return [Reply(text="Biểu đồ", image_png=b"\x89PNG\r\n\x1a\nfake")]
        label = incoming.text or incoming.payload or incoming.document_name or incoming.kind
        return [Reply(text=f"Đã nhận: {label}", buttons=[[Button(label="👍 Hữu ích", payload="fb:up")]])]


def _settings(stub: BotApiStub, tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        data_dir=tmp_path,
        telegram_token=stub.token,
        telegram_base_url=stub.base_url,
        admin_ids=[str(ADMIN)],
        _env_file=None,
        **extra,
    )


# ------------------------------------------------------------------ pure helpers


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_split_blank_text_gives_nothing(text: str) -> None:
    assert split_text(text) == []


def test_split_short_text_is_one_part() -> None:
    assert split_text("Xin chào") == ["Xin chào"]


def test_split_prefers_paragraph_boundaries() -> None:
    paragraphs = [f"Đoạn {i}: " + "chữ " * 300 for i in range(10)]
    parts = split_text("\n\n".join(paragraphs), limit=4096)
    assert len(parts) > 1
    assert all(len(p) <= 4096 for p in parts)
    # No paragraph is cut: every part is a run of whole paragraphs.
    for part in parts:
        assert all(chunk.strip() in [p.strip() for p in paragraphs] for chunk in part.split("\n\n"))
    assert "\n\n".join(parts).split() == "\n\n".join(paragraphs).split()


def test_split_falls_back_to_lines_then_words_then_hard_cut() -> None:
    lines = "\n".join("dòng " * 50 for _ in range(5))  # one paragraph, 250 chars a line
    parts = split_text(lines, limit=600)
    assert all(len(p) <= 600 for p in parts) and all("\n" not in p[:1] for p in parts)
    words = split_text("từ " * 100, limit=50)
    assert all(len(p) <= 50 for p in words) and all(not p.endswith("t") for p in words)
    blob = split_text("x" * 250, limit=100)
    assert blob == ["x" * 100, "x" * 100, "x" * 50]


def test_split_counts_utf16_units_for_emoji() -> None:
    parts = split_text("😀" * 10, limit=6)  # each emoji is 2 UTF-16 units
    assert parts == ["😀" * 3, "😀" * 3, "😀" * 3, "😀"]


def test_split_rejects_tiny_limit() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        split_text("abc", limit=1)


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
        ("http://localhost:8081/bot", "http://localhost:8081/file/bot"),
        ("http://127.0.0.1:5000/bot{token}", "http://127.0.0.1:5000/file/bot{token}"),
    ],
)
def test_file_base_url(base: str, expected: str) -> None:
    assert file_base_url(base) == expected


def test_file_base_url_rejects_unknown_shape() -> None:
    with pytest.raises(ValueError, match="CCHC_TELEGRAM_BASE_URL"):
        file_base_url("http://example.org/api")


def test_keyboard_rejects_oversized_payload() -> None:
    assert build_keyboard([]) is None
    with pytest.raises(ValueError, match="64-byte"):
        build_keyboard([[Button(label="x", payload="p" * 65)]])


def test_build_refuses_missing_token(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CCHC_TELEGRAM_TOKEN"):
        build_application(Settings(data_dir=tmp_path, _env_file=None), RecordingAssistant())


def test_stub_html_check_matches_telegram_rules() -> None:
    assert check_html("a &lt;b&gt; &amp; <b>đậm</b>") == "a <b> & đậm"
    for bad in ["<b>&", "a < b", "<foo>x</foo>", "<b>x"]:
        with pytest.raises(BotApiError):
            check_html(bad)


def test_only_the_adapter_imports_telegram() -> None:
    """Boundary rule: no module under bot/ or indexer/ other than the adapter imports telegram."""
    offenders = []
    for package in ("bot", "indexer"):
        for path in (REPO / package).rglob("*.py"):
            if path == REPO / "bot/channels/telegram.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                if any(n == "telegram" or n.startswith("telegram.") for n in names):
                    offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


# ------------------------------------------------------------------ webhook


async def test_webhook_checks_secret_records_and_runs_the_update(
    stub: BotApiStub, tmp_path: Path, storage: Storage
) -> None:
    settings = _settings(stub, tmp_path, telegram_webhook_secret="s3cret-value")
    assistant = RecordingAssistant()
    application = build_application(settings, assistant, polling=False)
    assert application.updater is None
    update = {"update_id": 5, "message": {"message_id": 1, "date": 0, "chat": {"id": USER, "type": "private"},
                                          "from": BotApiStub.user(USER), "text": "xin chào"}}
    async with application:
        webhook = TelegramWebhook(application, settings, WebhookInbox(storage, "telegram"))
        assert not webhook.authentic(None) and not webhook.authentic("wrong")
        assert webhook.authentic("s3cret-value")
        work = await webhook.accept(update)
        assert work is not None
        assert [e.body["update_id"] for e in await webhook.events.inbox.pending()] == [5]  # on disk before any work
        await work
        assert [i.text for i in assistant.received] == ["xin chào"]
        await stub.wait_for_calls("sendMessage", 1, chat_id=USER)
        assert await webhook.events.inbox.pending() == []
        assert await webhook.accept(update) is None  # Telegram's retry of update 5
        with pytest.raises(ValueError, match="not a Telegram update"):
            await webhook.accept({"message": "nope"})
    assert application.update_queue.empty()


async def test_webhook_refuses_everything_without_configured_secret(
    stub: BotApiStub, tmp_path: Path, storage: Storage
) -> None:
    settings = _settings(stub, tmp_path)
    application = build_application(settings, RecordingAssistant(), polling=False)
    webhook = TelegramWebhook(application, settings, WebhookInbox(storage, "telegram"))
    assert not webhook.authentic("") and not webhook.authentic(None)


# ------------------------------------------------------------------ over HTTP with the double


async def test_text_command_button_and_other(stub: BotApiStub, tmp_path: Path) -> None:
    assistant = RecordingAssistant()
    async with polling(build_application(_settings(stub, tmp_path), assistant)):
        stub.send_command(USER, "/start@cchc_test_bot")
        await stub.wait_for_calls("sendMessage", 1, chat_id=USER)
        sent = stub.calls_of("sendMessage", USER)[0]
        assert sent.params["parse_mode"] == "HTML"
        assert sent.params["reply_markup"]["inline_keyboard"][0][0] == {"text": "👍 Hữu ích", "callback_data": "fb:up"}
        message_id = max(stub.sent_messages)

        stub.press_button(USER, message_id, "fb:up")
        await stub.wait_for_calls("sendMessage", 2, chat_id=USER)
        stub.send_sticker(USER)
        await stub.wait_for_calls("sendMessage", 3, chat_id=USER)

    first, button, sticker = assistant.received
    assert (first.channel, first.user_id, first.text, first.kind) == ("telegram", str(USER), "/start", "text")
    assert first.display_name == "Người dùng"
    assert (button.kind, button.payload, button.message_id) == ("button", "fb:up", str(message_id))
    assert sticker.kind == "other" and sticker.text is None
    assert len(stub.calls_of("answerCallbackQuery")) == 1
    # "typing…" precedes every answer.
    assert len(stub.calls_of("sendChatAction", USER)) == 3
    assert stub.calls_of("sendChatAction", USER)[0].params["action"] == "typing"


async def test_html_is_escaped(stub: BotApiStub, tmp_path: Path) -> None:
    async with polling(build_application(_settings(stub, tmp_path), RecordingAssistant())):
        stub.send_text(USER, "Thủ tục <b>& \"một cửa\"</b>?")
        (call,) = await stub.wait_for_calls("sendMessage", 1, chat_id=USER)
    assert call.params["text"] == "Đã nhận: Thủ tục &lt;b&gt;&amp; \"một cửa\"&lt;/b&gt;?"


async def test_long_reply_is_split_with_keyboard_on_last_part(stub: BotApiStub, tmp_path: Path) -> None:
    async with polling(build_application(_settings(stub, tmp_path), RecordingAssistant())):
        stub.send_text(USER, "long")
        await stub.wait_for(lambda: any("reply_markup" in c.params for c in stub.calls_of("sendMessage", USER)))
    calls = stub.calls_of("sendMessage", USER)
    assert len(calls) >= 3
    assert all(len(c.params["text"]) <= 4096 for c in calls)
    assert ["reply_markup" in c.params for c in calls] == [False] * (len(calls) - 1) + [True]


async def test_file_and_image_replies(stub: BotApiStub, tmp_path: Path) -> None:
    async with polling(build_application(_settings(stub, tmp_path), RecordingAssistant())):
        stub.send_text(USER, "file")
        (doc,) = await stub.wait_for_calls("sendDocument", 1, chat_id=USER)
        stub.send_text(USER, "image")
        (photo,) = await stub.wait_for_calls("sendPhoto", 1, chat_id=USER)
    assert doc.files["document"].filename == "bao-cao.csv" and doc.files["document"].data == b"a,b\n1,2\n"
    assert doc.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "close"
    assert photo.files["photo"].data.startswith(b"\x89PNG")
    texts = stub.texts_to(USER)
    assert texts == ["Tệp của bạn", "Biểu đồ"]
    # The keyboard moved to the file, so the text before it has none.
    assert "reply_markup" not in stub.calls_of("sendMessage", USER)[0].params


async def test_document_downloaded_only_for_admin_within_limit(stub: BotApiStub, tmp_path: Path) -> None:
    assistant = RecordingAssistant()
    settings = _settings(stub, tmp_path, max_upload_bytes=2048)
    async with polling(build_application(settings, assistant)):
        stub.send_document(ADMIN, "ghi-chu.txt", "Nội dung".encode(), "text/plain")
        await stub.wait_for_calls("sendMessage", 1, chat_id=ADMIN)
        stub.send_document(ADMIN, "lon.pdf", b"%PDF-1.4", "application/pdf", declared_size=5000)
        await stub.wait_for_calls("sendMessage", 2, chat_id=ADMIN)
        stub.send_document(USER, "cua-nguoi-dung.txt", b"abc", "text/plain")
        await stub.wait_for_calls("sendMessage", 1, chat_id=USER)
    small, large, foreign = assistant.received
    assert (small.kind, small.document_name, small.document_bytes) == ("document", "ghi-chu.txt", "Nội dung".encode())
    assert large.document_name == "lon.pdf" and large.document_bytes is None
    assert foreign.document_bytes is None
    assert len(stub.calls_of("getFile")) == 1  # nothing fetched for the refused two


async def test_failing_update_gets_apology_and_bot_keeps_going(stub: BotApiStub, tmp_path: Path) -> None:
    async with polling(build_application(_settings(stub, tmp_path), RecordingAssistant())):
        stub.send_text(USER, "boom")
        await stub.wait_for_calls("sendMessage", 1, chat_id=USER)
        stub.send_text(USER, "còn đó không?")
        await stub.wait_for_calls("sendMessage", 2, chat_id=USER)
    assert stub.texts_to(USER) == [messages.TELEGRAM_ERROR, "Đã nhận: còn đó không?"]


async def test_bot_api_error_while_rendering_is_contained(stub: BotApiStub, tmp_path: Path) -> None:
    async with polling(build_application(_settings(stub, tmp_path), RecordingAssistant())):
        stub.fail_next("sendMessage", 400, "Bad Request: chat not found")
        stub.send_text(USER, "một")
        await stub.wait_for_calls("sendMessage", 2, chat_id=USER)  # the failed one, then the apology
        stub.send_text(USER, "hai")
        await stub.wait_for_calls("sendMessage", 3, chat_id=USER)
    assert stub.texts_to(USER)[1:] == [messages.TELEGRAM_ERROR, "Đã nhận: hai"]


def test_stub_records_json_params() -> None:
    """Sanity check of the stand-in's decoding (PTB JSON-encodes structured parameters)."""
    stub = BotApiStub()
    result = stub.handle("sendMessage", {"chat_id": 1, "text": "123", "reply_markup": json.loads('{"inline_keyboard": []}')}, {})
    assert result["text"] == "123" and stub.calls_of("sendMessage", 1)
