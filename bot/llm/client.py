"""An OpenAI-compatible chat-completions client over httpx, sync and async (with streaming).

Every failure becomes an :class:`~bot.llm.errors.LlmCallError` with a metric label, so the
composer has one thing to catch: a timeout, a refused connection, a 5xx, a 4xx (wrong
model name, bad key), a body that is not the expected JSON, no choices, empty text, the
model's own refusal field, or a draft cut off at ``max_tokens``.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from bot.llm.config import LlmConfig
from bot.llm.errors import LlmCallError

# Faithful copying matters more than variety: a low temperature keeps the model close to
# the passages' wording (0 makes some servers switch to greedy search with repetition loops).
TEMPERATURE = 0.1
# A client sends progress at most this often (seconds): enough for a live counter.
PROGRESS_INTERVAL_S = 0.25

Messages = list[dict[str, str]]


class _Message(BaseModel):
    content: str | None = None
    refusal: str | None = None


class _Choice(BaseModel):
    message: _Message | None = None
    delta: _Message | None = None
    finish_reason: str | None = None


class _Completion(BaseModel):
    choices: list[_Choice]


class ChatClient:
    """One endpoint and model; cheap to build (the sync connection pool opens on first use)."""

    def __init__(self, config: LlmConfig) -> None:
        self.config = config
        self._sync: httpx.Client | None = None

    # ------------------------------------------------------------------ requests

    def _body(self, messages: Messages, max_tokens: int, stream: bool) -> dict[str, Any]:
        return {
            "model": self.config.model,
            "messages": messages,
            "temperature": TEMPERATURE,
            "max_tokens": max_tokens,
            "stream": stream,
        }

    def _headers(self) -> dict[str, str]:
        key = self.config.api_key
        return {"Authorization": f"Bearer {key}"} if key else {}

    def complete(self, messages: Messages, *, max_tokens: int) -> str:
        """The model's reply text (blocking; called from a worker thread or the CLI).

        Raises:
            LlmCallError: any failure, labelled.
        """
        if self._sync is None:
            self._sync = httpx.Client(timeout=self.config.timeout, headers=self._headers())
        try:
            response = self._sync.post(self.config.endpoint, json=self._body(messages, max_tokens, False))
        except httpx.TimeoutException as exc:
            raise LlmCallError("timeout", f"no reply in {self.config.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise LlmCallError("unreachable", type(exc).__name__) from exc
        return _text_of(_checked(response).content)

    async def complete_async(
        self, messages: Messages, *, max_tokens: int, on_progress: Callable[[int], None] | None = None
    ) -> str:
        """The model's reply text, awaited; streamed when ``on_progress`` wants the drafted length.

        The whole call, streamed or not, is bounded by the configured timeout.

        Raises:
            LlmCallError: any failure, labelled.
        """
        try:
            async with httpx.AsyncClient(timeout=self.config.timeout, headers=self._headers()) as client:
                call = (self._stream(client, messages, max_tokens, on_progress) if on_progress is not None
                        else self._post(client, messages, max_tokens))
                return await asyncio.wait_for(call, self.config.timeout)
        except (httpx.TimeoutException, asyncio.TimeoutError) as exc:
            raise LlmCallError("timeout", f"no reply in {self.config.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise LlmCallError("unreachable", type(exc).__name__) from exc

    async def _post(self, client: httpx.AsyncClient, messages: Messages, max_tokens: int) -> str:
        response = await client.post(self.config.endpoint, json=self._body(messages, max_tokens, False))
        return _text_of(_checked(response).content)

    async def _stream(
        self, client: httpx.AsyncClient, messages: Messages, max_tokens: int, on_progress: Callable[[int], None]
    ) -> str:
        """Read the server-sent events of a streamed completion, reporting the drafted length.

        A server that ignores ``stream`` and answers with one JSON body is accepted too.
        """
        request = client.build_request("POST", self.config.endpoint, json=self._body(messages, max_tokens, True))
        response = await client.send(request, stream=True)
        try:
            if response.status_code >= 400 or "text/event-stream" not in response.headers.get("content-type", ""):
                await response.aread()
                return _text_of(_checked(response).content)
            parts: list[str] = []
            finish: str | None = None
            last = 0.0
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue  # blank separators, comments, "event:" lines
                data = line[len("data:"):].strip()
                if data == "[DONE]":
                    break
                choices = _parsed(data.encode()).choices
                if not choices:
                    continue  # a usage-only chunk; no text at all is caught as "empty" below
                choice = choices[0]
                delta = choice.delta or choice.message or _Message()
                if delta.refusal:
                    raise LlmCallError("refusal", "the model refused")
                parts.append(delta.content or "")
                finish = choice.finish_reason or finish
                if time.monotonic() - last >= PROGRESS_INTERVAL_S:
                    on_progress(sum(map(len, parts)))
                    last = time.monotonic()
        finally:
            await response.aclose()
        return _finished("".join(parts), finish)


def _checked(response: httpx.Response) -> httpx.Response:
    if response.status_code >= 500:
        raise LlmCallError("server_error", f"HTTP {response.status_code}")
    if response.status_code >= 400:
        raise LlmCallError("rejected", f"HTTP {response.status_code}: {response.text[:120]}")
    return response


def _parsed(body: bytes) -> _Completion:
    try:
        return _Completion.model_validate(json.loads(body))
    except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
        raise LlmCallError("malformed", f"not a chat completion: {body[:80]!r}") from exc


def _first_choice(body: bytes) -> _Choice:
    completion = _parsed(body)
    if not completion.choices:
        raise LlmCallError("empty", "no choices")
    return completion.choices[0]


def _text_of(body: bytes) -> str:
    choice = _first_choice(body)
    message = choice.message or _Message()
    if message.refusal:
        raise LlmCallError("refusal", "the model refused")
    return _finished(message.content or "", choice.finish_reason)


def _finished(text: str, finish_reason: str | None) -> str:
    if finish_reason == "length":
        raise LlmCallError("too_long", "cut off at max_tokens", text)
    if not text.strip():
        raise LlmCallError("empty", "empty text")
    return text.strip()
