"""A stand-in for the Zalo OA Open API and OAuth server on 127.0.0.1 (tests only).

It implements the two calls the adapter makes — ``POST /v3.0/oa/message/cs`` and
``POST /v4/oa/access_token`` — with Zalo's response shapes: ``{"error": 0, ...}`` on
success, ``{"error": -216, "message": "Access token is invalid"}`` for a bad token (or -220,
"access_token is expired or removed", when ``token_error`` says so). It
records every request, can delay responses (a slow API) and rotates single-use refresh
tokens as Zalo does.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

APP_SECRET = "app-secret-for-tests"
TOKEN_ERRORS = {-216: "Access token is invalid", -220: "access_token is expired or removed"}


@dataclass
class Sent:
    """One CS message as received."""

    user_id: str
    text: str
    access_token: str


@dataclass
class ZaloStub:
    """The stand-in's state; start() serves it on a free loopback port."""

    access_token: str = "access-1"
    refresh_token: str = "refresh-1"
    delay_s: float = 0.0
    token_error: int = -216
    messages: list[Sent] = field(default_factory=list)
    refused: list[Sent] = field(default_factory=list)
    refreshes: list[dict[str, str]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> ZaloStub:
        stub = self

        class Handler(_Handler):
            owner = stub

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def texts_to(self, user_id: str) -> list[str]:
        return [m.text for m in self.messages if m.user_id == user_id]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; messages so far: {self.messages}")
            await asyncio.sleep(0.02)

    # ------------------------------------------------------------------ API

    def message(self, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        if self.delay_s:
            time.sleep(self.delay_s)
        sent = Sent(str(body["recipient"]["user_id"]), str(body["message"]["text"]), headers.get("access_token", ""))
        with self._lock:
            if sent.access_token != self.access_token:
                self.refused.append(sent)
                return {"error": self.token_error, "message": TOKEN_ERRORS[self.token_error]}
            self.messages.append(sent)
        return {"error": 0, "message": "Success", "data": {"message_id": f"m{len(self.messages)}"}}

    def oauth(self, headers: dict[str, str], form: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            self.refreshes.append(form)
            valid = (headers.get("secret_key") == APP_SECRET and form.get("grant_type") == "refresh_token"
                     and form.get("refresh_token") == self.refresh_token)
            if not valid:
                return {"error": -14014, "error_name": "Invalid refresh token"}
            number = len(self.refreshes) + 1
            self.access_token, self.refresh_token = f"access-{number}", f"refresh-{number}"
            return {"access_token": self.access_token, "refresh_token": self.refresh_token, "expires_in": "90000"}


class _Handler(BaseHTTPRequestHandler):
    owner: ZaloStub

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {k.lower(): v for k, v in self.headers.items()}
        if self.path == "/v3.0/oa/message/cs":
            result = self.owner.message(headers, json.loads(raw))
        elif self.path == "/v4/oa/access_token":
            result = self.owner.oauth(headers, dict(urllib.parse.parse_qsl(raw.decode())))
        else:
            self.send_error(404)
            return
        data = json.dumps(result).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet test server
        pass
