"""Request-body limits for every route, enforced before the body is read and while it streams.

Why a pure ASGI middleware: FastAPI reads a JSON body completely before validating it (a
100 MB body with an unknown key was accepted), and a route that calls ``request.body()``
has already buffered everything before it can compare sizes. Here a declared
``Content-Length`` over the limit is answered 413 without reading a byte, and a chunked or
lying body is cut off as soon as the bytes received pass the limit: the application's
``receive`` raises, whatever it was doing is discarded and the client gets the same 413.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from bot.config import Settings
from bot.server.console.curated import MAX_IMPORT_BYTES

log = logging.getLogger(__name__)

# The console's file forms (multipart/form-data) carry a file under its own bound plus the
# framing and the CSRF field: a few hundred bytes, 64 KiB leaves room for long file names.
MULTIPART_OVERHEAD = 64 * 1024
DOCUMENT_UPLOAD_PATH = "/admin/documents/upload"
CURATED_IMPORT_PATH = "/admin/curated-import"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class BodyLimits:
    """The largest body, in bytes, of each route class (see ``Settings.max_body_bytes_*``)."""

    chat: int
    webhooks: int
    admin: int
    other: int
    # Exact paths of the console's file forms, each with the size of the file it accepts
    # (``CCHC_MAX_UPLOAD_BYTES`` for documents) plus ``MULTIPART_OVERHEAD``; the console
    # itself then refuses a file past its own bound with a Vietnamese message.
    files: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> BodyLimits:
        """The limits configured in ``settings``."""
        return cls(
            chat=settings.max_body_bytes_chat,
            webhooks=settings.max_body_bytes_webhooks,
            admin=settings.max_body_bytes_admin,
            other=settings.max_body_bytes_other,
            files={
                DOCUMENT_UPLOAD_PATH: settings.max_upload_bytes + MULTIPART_OVERHEAD,
                CURATED_IMPORT_PATH: MAX_IMPORT_BYTES + MULTIPART_OVERHEAD,
            },
        )

    def for_path(self, path: str) -> int:
        """The limit of the route class ``path`` belongs to."""
        if path in self.files:
            return self.files[path]
        if path.startswith("/api/"):
            return self.chat
        if path.startswith("/webhooks/"):
            return self.webhooks
        if path.startswith("/admin/"):
            return self.admin
        return self.other


class _TooLarge(Exception):
    """Raised into the application when its body passes the limit."""


class BodyLimitMiddleware:
    """413 for bodies over the route's limit, declared or streamed."""

    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.for_path(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            log.warning("Refused a %s-byte body on %s (limit %s)", declared, scope.get("path"), limit)
            await _send_too_large(send, limit)
            return
        await _LimitedRequest(self.app, scope, receive, send, limit).run()


class _LimitedRequest:
    """One request whose body is counted as it arrives."""

    def __init__(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        self._app, self._scope, self._receive, self._send = app, scope, receive, send
        self._limit = limit
        self._received = 0
        self._cut = False
        self._started = False

    async def run(self) -> None:
        try:
            await self._app(self._scope, self._limited_receive, self._guarded_send)
        except Exception:
            if not self._cut:
                raise
            # The application failed because its body was cut off: that is the 413 below.
        if self._cut:
            log.warning("Cut off a body over %s bytes on %s", self._limit, self._scope.get("path"))
            if not self._started:
                await _send_too_large(self._send, self._limit)

    async def _limited_receive(self) -> Message:
        if self._cut:
            raise _TooLarge()
        message = await self._receive()
        if message["type"] == "http.request":
            self._received += len(message.get("body", b""))
            if self._received > self._limit:
                self._cut = True
                raise _TooLarge()
        return message

    async def _guarded_send(self, message: Message) -> None:
        if self._cut:
            return  # whatever the application answers to a cut body, the client gets the 413
        if message["type"] == "http.response.start":
            self._started = True
        await self._send(message)


def _content_length(scope: Scope) -> int | None:
    """The declared body size; None when absent (chunked) or unreadable (the server refuses those)."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_too_large(send: Send, limit: int) -> None:
    """A short JSON 413; ``Connection: close`` so the client stops sending the rest."""
    body = json.dumps({"detail": f"request body too large (at most {limit} bytes)"}).encode()
    await send({
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    })
    await send({"type": "http.response.body", "body": body})
