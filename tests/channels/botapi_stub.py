"""A local stand-in for the Telegram Bot API, served over real HTTP on 127.0.0.1.

Why it exists: the Telegram adapter must be tested with the real python-telegram-bot
``Application`` (its HTTP client, JSON decoding, long polling, rate limiter, file
downloads) without reaching the internet. Mocking ``Bot`` methods would skip exactly the
layers that break in production, so instead this server speaks the Bot API wire format
for the handful of methods the adapter uses, records every call, and lets a test play
the user's side (type a message, press a button, upload a file).

It also enforces three rules the real API enforces, so that adapter bugs surface here
rather than in a government office: HTML parse mode must be well formed (every ``<`` and
``&`` escaped), a message text holds at most 4096 characters after entity parsing, and
``callback_data`` holds at most 64 bytes.

Native quiz polls (issue 14): ``sendPoll`` is served with Telegram's limits (question,
options, explanation, open period), and :meth:`BotApiStub.answer_poll` delivers the
``poll_answer`` update a vote produces.

Standard library only (``http.server`` in a thread): the project has no ASGI server in
its dependencies, and a thread keeps the server independent of the test's event loop.
The module is importable from ``benchmarks/telegram_burst.py`` (it inserts ``tests/channels``
into ``sys.path``), so it must not import pytest.

Usage::

    stub = BotApiStub()
    stub.start()
    app = build_application(settings.model_copy(update={"telegram_base_url": stub.base_url}), ...)
    stub.send_text(user_id=42, text="Chỉ tiêu CCHC năm 2024 là gì?")
    call = await stub.wait_for_call("sendMessage", chat_id=42)
    stub.stop()
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote, urlsplit

# Long-poll timeout used by ``polling``: short so that stopping the updater never waits long;
# a queued update is still delivered at once because the stub wakes the poll.
POLL_TIMEOUT_S = 1
DEFAULT_TOKEN = "123456:TEST-token_for-the-stand-in"
BOT_USER: dict[str, Any] = {
    "id": 123456,
    "is_bot": True,
    "first_name": "CCHC Test Bot",
    "username": "cchc_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}

# Telegram limits the stub enforces (https://core.telegram.org/bots/api).
MAX_TEXT_LENGTH = 4096  # sendMessage text, counted after entity parsing
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
# Tags Telegram accepts in HTML parse mode; anything else is "can't parse entities".
_HTML_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "tg-emoji", "code", "pre", "blockquote",
}
_HTML_TOKEN = re.compile(r"<(/?)([a-zA-Z-]+)(\s[^<>]*)?>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|[<>&]")
# Parameters that PTB sends JSON-encoded (everything else is a plain string, e.g. text).
_JSON_PARAMS = {
    "chat_id", "message_id", "reply_markup", "offset", "limit", "timeout", "allowed_updates",
    "commands", "entities", "caption_entities", "disable_notification", "protect_content",
    "show_alert", "cache_time", "drop_pending_updates", "link_preview_options",
    "reply_parameters", "message_thread_id", "scope", "disable_content_type_detection",
    # sendPoll (issue 14)
    "options", "is_anonymous", "correct_option_id", "correct_option_ids", "open_period", "allows_multiple_answers", "is_closed",
}
# sendPoll limits (Bot API 10: 2-12 options of 1-100 characters, a 1-300 character question, an
# explanation of at most 200 characters and 2 line feeds, an open period of 5 s to a month).
MAX_POLL_QUESTION = 300
MAX_POLL_OPTION = 100
POLL_OPTIONS = (2, 12)
MAX_POLL_EXPLANATION = 200
OPEN_PERIOD = (5, 2628000)


class _Server(ThreadingHTTPServer):
    """The stand-in's HTTP server, with a listen backlog fit for a burst of concurrent sends.

    socketserver's default backlog of 5 resets connections when the bot (64 concurrent
    updates, a pooled HTTP client) opens many at once, which real Telegram never does.
    """

    request_queue_size = 256


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part of a request (``sendDocument``/``sendPhoto``)."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ApiCall:
    """One recorded Bot API request: the method, its decoded parameters and any files."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        """The target chat as an int (PTB may send it as a string)."""
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


class BotApiError(Exception):
    """A Bot API error reply (``ok: false``) with Telegram's status code and description."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _visible_length(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts message limits in."""
    return len(text.encode("utf-16-le")) // 2


def check_html(text: str) -> str:
    """Validate Telegram HTML and return the visible text.

    Raises:
        BotApiError: a stray ``<``, ``>`` or ``&``, an unsupported tag or unbalanced tags,
            with the description the real API gives.
    """
    visible: list[str] = []
    stack: list[str] = []
    position = 0
    for match in _HTML_TOKEN.finditer(text):
        visible.append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if match.group(2):
            closing, tag = match.group(1) == "/", match.group(2).lower()
            if tag not in _HTML_TAGS:
                raise BotApiError(400, f"Bad Request: can't parse entities: unsupported start tag \"{tag}\"")
            if closing:
                if not stack or stack.pop() != tag:
                    raise BotApiError(400, f"Bad Request: can't parse entities: unexpected end tag \"{tag}\"")
            else:
                stack.append(tag)
        elif token.startswith("&") and len(token) > 1:
            visible.append(html.unescape(token))
        else:
            raise BotApiError(
                400, f"Bad Request: can't parse entities: unescaped {token!r} at byte offset {match.start()}"
            )
    visible.append(text[position:])
    if stack:
        raise BotApiError(400, f"Bad Request: can't parse entities: unclosed start tag \"{stack[-1]}\"")
    return "".join(visible)


class BotApiStub:
    """The stand-in server plus the user-side helpers tests drive it with.

    All state sits behind one lock; ``getUpdates`` long-polls on a condition variable so a
    queued update is delivered at once (latency figures measure the bot, not the poll).
    """

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.token = token
        self.calls: list[ApiCall] = []
        self.sent_messages: dict[int, dict[str, Any]] = {}
        self.updates_enqueued_at: dict[int, float] = {}
        self._updates: list[dict[str, Any]] = []
        self._files: dict[str, tuple[str, bytes]] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._condition = threading.Condition()
        self._closing = False
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.failures: dict[str, BotApiError] = {}
        self.polls: dict[str, dict[str, Any]] = {}
        self._poll_ids = itertools.count(1)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> BotApiStub:
        """Bind to a free loopback port and serve in a daemon thread."""
        stub = self

        class Handler(_Handler):
            owner = stub

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short select() interval so that stop() returns quickly (the default is 0.5 s).
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="botapi-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake long polls and shut the server down."""
        with self._condition:
            self._closing = True
            self._condition.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> BotApiStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port."""
        assert self._server is not None, "call start() first"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What to pass as ``CCHC_TELEGRAM_BASE_URL`` (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # ------------------------------------------------------------------ user side

    @staticmethod
    def user(user_id: int, first_name: str = "Người dùng") -> dict[str, Any]:
        """A Telegram ``User`` object for a simulated person."""
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"}

    def _message(self, user_id: int, first_name: str, **content: Any) -> dict[str, Any]:
        with self._condition:
            message_id = next(self._message_ids)
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": self.user(user_id, first_name),
            **content,
        }

    def enqueue(self, update: dict[str, Any]) -> int:
        """Queue a raw update (``update_id`` assigned here) and wake the long poll."""
        with self._condition:
            update_id = next(self._update_ids)
            self._updates.append({"update_id": update_id, **update})
            self.updates_enqueued_at[update_id] = time.monotonic()
            self._condition.notify_all()
        return update_id

    def send_text(self, user_id: int, text: str, first_name: str = "Người dùng") -> int:
        """The user types ``text``. Returns the update id."""
        return self.enqueue({"message": self._message(user_id, first_name, text=text)})

    def send_command(self, user_id: int, command: str, first_name: str = "Người dùng") -> int:
        """The user sends ``/command [args]`` (with the ``bot_command`` entity Telegram adds)."""
        text = command if command.startswith("/") else f"/{command}"
        length = len(text.split()[0])
        entities = [{"type": "bot_command", "offset": 0, "length": length}]
        return self.enqueue({"message": self._message(user_id, first_name, text=text, entities=entities)})

    def press_button(self, user_id: int, message_id: int, data: str, first_name: str = "Người dùng") -> int:
        """The user presses an inline button carrying ``data`` under a message the bot sent."""
        message = self.sent_messages.get(message_id)
        if message is None:
            raise KeyError(f"the bot never sent message {message_id}; sent: {sorted(self.sent_messages)[-5:]}")
        query = {
            "id": str(next(self._callback_ids)),
            "from": self.user(user_id, first_name),
            "chat_instance": f"ci-{user_id}",
            "message": message,
            "data": data,
        }
        return self.enqueue({"callback_query": query})

    def send_document(
        self,
        user_id: int,
        file_name: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        declared_size: int | None = None,
        first_name: str = "Người dùng",
    ) -> int:
        """The user uploads a file; its bytes stay here until the bot downloads them.

        Args:
            declared_size: the ``file_size`` Telegram reports (defaults to ``len(data)``),
                so a test can claim a huge file without allocating one.
        """
        file_id = self.store_file(data, f"documents/{file_name}")
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(data) if declared_size is None else declared_size,
        }
        return self.enqueue({"message": self._message(user_id, first_name, document=document)})

    def send_sticker(self, user_id: int, first_name: str = "Người dùng") -> int:
        """The user sends a sticker (something the bot cannot read)."""
        sticker = {
            "file_id": "sticker-1", "file_unique_id": "us1", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": "👍",
        }
        return self.enqueue({"message": self._message(user_id, first_name, sticker=sticker)})

    def answer_poll(self, user_id: int, poll_id: str, option_ids: list[int], first_name: str = "Người dùng") -> int:
        """The user votes in a poll the bot sent (``option_ids`` empty: the vote is retracted).

        Raises:
            KeyError: the bot never sent that poll.
            ValueError: the poll is anonymous (Telegram sends no ``poll_answer``), closed, or
                the option does not exist; real Telegram would not deliver such a vote.
        """
        poll = self.polls[poll_id]
        if poll["is_anonymous"]:
            raise ValueError(f"poll {poll_id} is anonymous: Telegram sends no poll_answer for it")
        if poll["is_closed"] or (poll["closes_at"] is not None and time.time() > poll["closes_at"]):
            raise ValueError(f"poll {poll_id} is closed")
        if any(not 0 <= option < len(poll["options"]) for option in option_ids):
            raise ValueError(f"poll {poll_id} has {len(poll['options'])} options, not {option_ids}")
        answer = {
            "poll_id": poll_id, "user": self.user(user_id, first_name), "option_ids": option_ids,
            # Bot API 9.6: votes also name the options' persistent ids.
            "option_persistent_ids": [f"{poll_id}-o{option}" for option in option_ids],
        }
        return self.enqueue({"poll_answer": answer})

    def store_file(self, data: bytes, path: str) -> str:
        """Keep bytes downloadable under ``/file/bot<token>/<path>``; returns the file id."""
        with self._condition:
            file_id = f"file-{next(self._file_ids)}"
            self._files[file_id] = (f"{file_id}/{path}", data)
        return file_id

    # ------------------------------------------------------------------ assertions

    def calls_of(self, method: str, chat_id: int | None = None) -> list[ApiCall]:
        """Recorded calls of one method, optionally to one chat, in arrival order."""
        with self._condition:
            calls = list(self.calls)
        return [c for c in calls if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    def texts_to(self, chat_id: int) -> list[str]:
        """Every ``sendMessage`` text sent to a chat, in order."""
        return [str(c.params.get("text", "")) for c in self.calls_of("sendMessage", chat_id)]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
        """Poll ``predicate`` until true; fail with the recent calls when it times out."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                recent = [(c.method, c.params.get("chat_id"), str(c.params.get("text", ""))[:60]) for c in self.calls[-8:]]
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}; last calls: {recent}")
            await asyncio.sleep(0.005)

    async def wait_for_calls(
        self, method: str, count: int = 1, chat_id: int | None = None, timeout: float = 10.0
    ) -> list[ApiCall]:
        """Wait until at least ``count`` calls of ``method`` (to ``chat_id``) arrived."""
        await self.wait_for(
            lambda: len(self.calls_of(method, chat_id)) >= count,
            timeout,
            what=f"{count} x {method} to chat {chat_id}",
        )
        return self.calls_of(method, chat_id)

    # ------------------------------------------------------------------ server side

    def fail_next(self, method: str, status: int = 400, description: str = "Bad Request: injected failure") -> None:
        """Make the next call of ``method`` fail with a Bot API error."""
        self.failures[method] = BotApiError(status, description)

    def handle(self, method: str, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        """Serve one Bot API method; returns the ``result`` or raises :class:`BotApiError`."""
        if method != "getUpdates":
            with self._condition:
                self.calls.append(ApiCall(method, params, files))
        injected = self.failures.pop(method, None)
        if injected is not None:
            raise injected
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise BotApiError(404, "Not Found")
        return handler(params, files)

    def _api_getMe(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return BOT_USER

    def _api_getUpdates(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        with self._condition:
            # Telegram semantics: updates below ``offset`` are confirmed and forgotten.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closing:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._condition.wait(remaining)
            return list(self._updates[:limit])

    def _record_sent(self, chat_id: int, **content: Any) -> dict[str, Any]:
        with self._condition:
            message_id = next(self._message_ids)
            message = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                **{k: v for k, v in content.items() if v is not None},
            }
            self.sent_messages[message_id] = message
        return message

    @staticmethod
    def _check_markup(markup: Any) -> None:
        if not markup:
            return
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
                    raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    @staticmethod
    def _check_text(text: str, parse_mode: str | None, limit: int) -> None:
        visible = check_html(text) if parse_mode == "HTML" else text
        if not visible.strip():
            raise BotApiError(400, "Bad Request: message text is empty")
        if _visible_length(visible) > limit:
            raise BotApiError(400, "Bad Request: message is too long")

    def _api_sendMessage(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        text = str(params.get("text", ""))
        self._check_text(text, params.get("parse_mode"), MAX_TEXT_LENGTH)
        self._check_markup(params.get("reply_markup"))
        return self._record_sent(int(params["chat_id"]), text=text, reply_markup=params.get("reply_markup"))

    def _api_sendPoll(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        question = str(params.get("question", ""))
        options = [o["text"] if isinstance(o, dict) else str(o) for o in params.get("options") or []]
        if not 1 <= len(question) <= MAX_POLL_QUESTION:
            raise BotApiError(400, "Bad Request: poll question length must not exceed 300")
        if not POLL_OPTIONS[0] <= len(options) <= POLL_OPTIONS[1]:
            raise BotApiError(400, "Bad Request: poll must have 2-12 options")
        if any(not 1 <= len(option) <= MAX_POLL_OPTION for option in options):
            raise BotApiError(400, "Bad Request: poll options length must not exceed 100")
        kind = params.get("type", "regular")
        # Bot API 9.6 replaced correct_option_id by the list correct_option_ids; a quiz has one.
        ids = params.get("correct_option_ids")
        correct = ids[0] if isinstance(ids, list) and len(ids) == 1 else params.get("correct_option_id")
        if kind == "quiz" and (correct is None or not 0 <= int(correct) < len(options)):
            raise BotApiError(400, "Bad Request: wrong correct option id specified")
        explanation = params.get("explanation")
        if explanation is not None and (len(explanation) > MAX_POLL_EXPLANATION or explanation.count("\n") > 2):
            raise BotApiError(400, "Bad Request: explanation is too long")
        period = params.get("open_period")
        if period is not None and not OPEN_PERIOD[0] <= int(period) <= OPEN_PERIOD[1]:
            raise BotApiError(400, "Bad Request: wrong open period specified")
        self._check_markup(params.get("reply_markup"))
        with self._condition:
            poll_id = f"poll-{next(self._poll_ids)}"
        poll = {
            "id": poll_id, "question": question,
            "options": [{"text": o, "voter_count": 0, "persistent_id": f"{poll_id}-o{i}"} for i, o in enumerate(options)],
            "total_voter_count": 0, "is_closed": False, "is_anonymous": params.get("is_anonymous", True) is not False,
            "type": kind, "allows_multiple_answers": False,
            # Required since Bot API 9.6 / 10.0 (python-telegram-bot refuses a poll without them).
            "allows_revoting": False, "members_only": False,
            **({"correct_option_ids": [int(correct)]} if kind == "quiz" else {}),
            **({"explanation": explanation} if explanation else {}),
            **({"open_period": int(period)} if period is not None else {}),
        }
        self.polls[poll_id] = {
            **poll, "chat_id": int(params["chat_id"]), "options": options,
            "correct": int(correct) if kind == "quiz" else None,
            "closes_at": time.time() + int(period) if period is not None else None,
        }
        return self._record_sent(int(params["chat_id"]), poll=poll)

    def _api_sendChatAction(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return True

    def _api_answerCallbackQuery(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return True

    def _api_editMessageReplyMarkup(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        self._check_markup(params.get("reply_markup"))
        message = self.sent_messages.get(int(params.get("message_id") or 0))
        if message is None:
            raise BotApiError(400, "Bad Request: message to edit not found")
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return message

    def _upload(self, params: dict[str, Any], files: dict[str, UploadedFile], field_name: str) -> UploadedFile:
        value = params.get(field_name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = files.get(value.removeprefix("attach://"))
        upload = value if isinstance(value, UploadedFile) else files.get(field_name)
        if upload is None:
            raise BotApiError(400, f"Bad Request: there is no {field_name} in the request")
        caption = params.get("caption")
        if caption:
            self._check_text(str(caption), params.get("parse_mode"), MAX_CAPTION_LENGTH)
        self._check_markup(params.get("reply_markup"))
        return upload

    def _api_sendDocument(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        upload = self._upload(params, files, "document")
        file_id = self.store_file(upload.data, f"documents/{upload.filename}")
        document = {
            "file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": upload.filename,
            "mime_type": upload.content_type, "file_size": len(upload.data),
        }
        return self._record_sent(
            int(params["chat_id"]), document=document, caption=params.get("caption"), reply_markup=params.get("reply_markup")
        )

    def _api_sendPhoto(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        upload = self._upload(params, files, "photo")
        file_id = self.store_file(upload.data, f"photos/{upload.filename}")
        photo = [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1, "height": 1, "file_size": len(upload.data)}]
        return self._record_sent(
            int(params["chat_id"]), photo=photo, caption=params.get("caption"), reply_markup=params.get("reply_markup")
        )

    def _api_getFile(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        file_id = str(params.get("file_id"))
        with self._condition:
            stored = self._files.get(file_id)
        if stored is None:
            raise BotApiError(400, "Bad Request: invalid file_id")
        path, data = stored
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data), "file_path": path}

    def download(self, path: str) -> bytes | None:
        """Bytes served under ``/file/bot<token>/<path>``, or None."""
        with self._condition:
            for stored_path, data in self._files.values():
                if stored_path == path:
                    return data
        return None

    def _api_deleteWebhook(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return True

    def _api_setWebhook(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return True

    def _api_setMyCommands(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return True

    def _api_close(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return True

    def _api_logOut(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return True


def _decode(name: str, value: str) -> Any:
    """Undo PTB's encoding: JSON for structured parameters, plain text for the rest."""
    if name in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class _Handler(BaseHTTPRequestHandler):
    """Routes ``/bot<token>/<method>`` and ``/file/bot<token>/<path>`` to the owning stub."""

    owner: BotApiStub
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silence the per-request stderr log."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a long poll cancelled at shutdown): nothing to tell it

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        self._reply(status, json.dumps(payload, ensure_ascii=False).encode())

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)  # PTB percent-encodes the token's ':' in file URLs
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        stub = self.owner
        file_prefix = f"/file/bot{stub.token}/"
        if path.startswith(file_prefix):
            data = stub.download(path.removeprefix(file_prefix))
            if data is None:
                self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            else:
                self._reply(200, data, "application/octet-stream")
            return
        prefix, _, method = path.rpartition("/")
        if prefix != f"/bot{stub.token}":
            self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        try:
            params, files = self._parse(url.query, body)
            result = stub.handle(method, params, files)
        except BotApiError as exc:
            self._json(exc.status, {"ok": False, "error_code": exc.status, "description": exc.description})
            return
        self._json(200, {"ok": True, "result": result})

    def _parse(self, query: str, body: bytes) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
        params: dict[str, Any] = {k: _decode(k, v) for k, v in parse_qsl(query)}
        files: dict[str, UploadedFile] = {}
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and body:
            params.update(json.loads(body))
        elif content_type.startswith("application/x-www-form-urlencoded"):
            params.update({k: _decode(k, v) for k, v in parse_qsl(body.decode(), keep_blank_values=True)})
        elif content_type.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + body
            )
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True) or b""
                filename = part.get_filename()
                if filename is not None:
                    files[str(name)] = UploadedFile(filename, part.get_content_type(), payload)
                else:
                    params[str(name)] = _decode(str(name), payload.decode())
        return params, files


@asynccontextmanager
async def polling(application: Any, timeout: int = POLL_TIMEOUT_S) -> AsyncIterator[Any]:
    """Run a PTB ``Application`` with long polling for the duration of the block.

    Typed ``Any`` so that this module never imports ``telegram`` itself.
    """
    async with application:
        await application.updater.start_polling(timeout=timeout, poll_interval=0)
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
