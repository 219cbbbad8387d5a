"""Zalo Official Account adapter: webhook event → ``Incoming`` → ``Assistant`` → OA messages.

No web framework here (the route lives in ``bot/server/routes/webhooks.py``); this module
verifies signatures, translates events, renders replies and talks to the OA Open API with
httpx.

Signature (``X-ZEvent-Signature``)::

    mac=<hex sha256(app_id + raw_body + timestamp + oa_secret_key)>

``app_id`` is our configured app id, ``raw_body`` the exact bytes received and
``timestamp`` the event's own ``timestamp`` field (milliseconds, as a string). This is the
scheme Zalo documents for OA webhooks and that public integrations (e.g. Chatwoot's Zalo
channel) implement: a plain SHA-256 over the concatenation, not an HMAC.

Replies go to the customer-service message API (``POST {api}/v3.0/oa/message/cs`` with an
``access_token`` header). Buttons become a numbered list; the user answers "2" and the
adapter maps it back to the button's payload (the options are kept per user, in memory).
When the API reports an invalid or expired access token, the adapter refreshes it once
with the single-use refresh token (``POST {oauth}/v4/oa/access_token``), persists the new
pair to a 0600 JSON file in the data directory and retries.

Each authentic event goes through the durable inbox (``bot/channels/durable.py``): recorded
before the webhook answers 200 and closed once handled; events left open by a crash are
answered at the next start, and Zalo's retries of a recorded event are ignored.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Protocol

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bot import messages
from bot.channels import textsplit
from bot.channels.durable import DurableEvents, InboxLike, Work
from bot.channels.webhook_body import parse_object
from bot.config import Settings
from bot.dialogue.models import Incoming, Reply
from bot.dialogue.ratelimit import RateLimiter, handle_limited

log = logging.getLogger(__name__)

SIGNATURE_PREFIX = "mac="
# The OA CS message API refuses texts longer than 2,000 characters.
TEXT_LIMIT = 2000
# Error codes of the OA Open API meaning "get a new access token": -216 "Access token is
# invalid", -220 "access_token is expired or removed" (the OA API error table), and -124,
# the expired-token code of Zalo's older APIs. Anything else is logged and dropped.
INVALID_TOKEN_ERRORS = frozenset({-216, -220, -124})
# Users whose last numbered options are kept (least recently answered forgotten first).
OPTION_USERS = 20_000
# OA API calls are short; a stuck call must not hold a background task forever.
HTTP_TIMEOUT_S = 15.0


class AssistantLike(Protocol):
    """What the adapter needs from the core."""

    async def handle(self, incoming: Incoming) -> list[Reply]: ...


# --------------------------------------------------------------------------- signature


def sign(app_id: str, body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """The ``X-ZEvent-Signature`` value Zalo sends for this body (used by tests and checks)."""
    digest = hashlib.sha256(app_id.encode() + body + timestamp.encode() + oa_secret_key.encode()).hexdigest()
    return SIGNATURE_PREFIX + digest


class InvalidSignature(Exception):
    """``X-ZEvent-Signature`` is missing or does not match the body (or Zalo is not configured)."""


class StaleEvent(Exception):
    """A signed event whose timestamp is outside the replay window."""


def verify_signature(settings: Settings, body: bytes, event: dict[str, Any], header: str | None) -> bool:
    """Whether the header is the MAC of this body (constant-time compare).

    The timestamp is part of the signed text, so the body is decoded first (by the caller,
    with bounds: ``bot.channels.webhook_body``), but nothing in it is acted on unless the
    MAC matches.

    Args:
        settings: needs ``zalo_app_id`` and ``zalo_oa_secret_key``.
        body: the raw request body, byte for byte.
        event: the decoded body (for its ``timestamp``).
        header: ``X-ZEvent-Signature``, or None when absent.
    """
    secret = settings.zalo_oa_secret_key
    if header is None or secret is None or not settings.zalo_app_id:
        return False
    expected = sign(settings.zalo_app_id, body, str(event.get("timestamp", "")), secret.get_secret_value())
    return hmac.compare_digest(header.strip().lower().encode(), expected.encode())


def within_window(event: dict[str, Any], window: timedelta, now: datetime | None = None) -> bool:
    """Whether the event's own ``timestamp`` (milliseconds, signed) is within ``window`` of now.

    Why: a signature proves who sent an event, not when; without this a captured event
    could be replayed once the inbox has forgotten its ``msg_id``. Both directions count (a
    timestamp far in the future is as wrong as one long past); a missing or unreadable
    timestamp is outside any window.
    """
    raw = event.get("timestamp")
    try:
        sent = datetime.fromtimestamp(int(str(raw)) / 1000, timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return False
    moment = now if now is not None else datetime.now(timezone.utc)
    return abs(moment - sent) <= window


def authenticate(settings: Settings, body: bytes, header: str | None, now: datetime | None = None) -> dict[str, Any]:
    """The event of an authentic, fresh webhook call.

    Raises:
        MalformedBody: not a bounded JSON object (checked first: it needs no secret).
        InvalidSignature: missing or wrong signature.
        StaleEvent: the signed timestamp is outside ``zalo_replay_window_minutes``.
    """
    event = parse_object(body)
    if not verify_signature(settings, body, event, header):
        raise InvalidSignature()
    if not within_window(event, timedelta(minutes=settings.zalo_replay_window_minutes), now):
        raise StaleEvent(f"timestamp {str(event.get('timestamp'))[:20]!r} outside the replay window")
    return event


# --------------------------------------------------------------------------- events


class _Party(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str

    @field_validator("id", mode="before")
    @classmethod
    def _as_string(cls, value: object) -> object:
        # Zalo ids are 18-19 digit numbers; kept as strings so nothing rounds them.
        return str(value) if isinstance(value, int) else value


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = ""
    msg_id: str = ""


class ZaloEvent(BaseModel):
    """The fields of an OA webhook event this adapter uses."""

    model_config = ConfigDict(extra="ignore")
    event_name: str
    timestamp: str = ""
    sender: _Party | None = None
    follower: _Party | None = None
    message: _Message | None = None

    @field_validator("timestamp", mode="before")
    @classmethod
    def _timestamp_string(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


def _event_key(raw: dict[str, Any]) -> str | None:
    """What identifies an event across Zalo's retries (None: nothing does)."""
    message = raw.get("message")
    if isinstance(message, dict) and message.get("msg_id"):
        return str(message["msg_id"])
    party = raw.get("follower") or raw.get("sender")
    user = party.get("id") if isinstance(party, dict) else None
    if user is None or not raw.get("timestamp"):
        return None
    return f"{raw.get('event_name')}:{user}:{raw['timestamp']}"


# --------------------------------------------------------------------------- rendering


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split a text into parts of at most ``limit`` characters at paragraph, line, then word ends."""
    return textsplit.split_text(text, limit)


@dataclass(frozen=True)
class Rendered:
    """What to send for one ``handle`` call: texts in order, and the payload of each number."""

    texts: list[str]
    options: list[str]


def render(replies: list[Reply]) -> Rendered:
    """Texts with buttons appended as one numbered list running across all replies.

    Files and images are not sent on Zalo (they are admin features of other channels); a
    reply that is only a file is skipped.
    """
    texts: list[str] = []
    options: list[str] = []
    for reply in replies:
        text = reply.text
        buttons = [button for row in reply.buttons for button in row]
        if buttons:
            lines = [f"{len(options) + i}. {b.label}" for i, b in enumerate(buttons, start=1)]
            text = f"{text}\n\n{messages.ZALO_CHOOSE_NUMBER}\n" + "\n".join(lines)
            options.extend(b.payload for b in buttons)
        texts.extend(split_text(text))
    return Rendered(texts=texts, options=options)


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class TokenPair:
    """An OA access token and the refresh token that replaces it."""

    access_token: str
    refresh_token: str


class TokenStore:
    """The current token pair: the configured seed, or the last refreshed pair on disk.

    The file also records a hash of the seed refresh token it grew from, so when an admin
    configures a new seed (token rotation) the new seed wins over the stale file.
    """

    def __init__(self, path: Path, seed: TokenPair | None) -> None:
        self.path = path
        self._seed = seed
        self.current = self._load()

    @staticmethod
    def _fingerprint(pair: TokenPair | None) -> str:
        return hashlib.sha256(pair.refresh_token.encode()).hexdigest() if pair else ""

    def _load(self) -> TokenPair | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return self._seed
        except (OSError, json.JSONDecodeError):
            log.warning("Unreadable Zalo token file %s; using the configured tokens", self.path, exc_info=True)
            return self._seed
        # A configured seed other than the one the file grew from means the tokens were rotated:
        # the new seed wins. No seed at all is no rotation: once refreshed, the stored pair is
        # the only valid one (the seed refresh token is spent), env or not.
        if self._seed is not None and data.get("seed") != self._fingerprint(self._seed):
            return self._seed
        try:
            return TokenPair(access_token=str(data["access_token"]), refresh_token=str(data["refresh_token"]))
        except (KeyError, TypeError):
            log.warning("Zalo token file %s lacks a token pair; using the configured tokens", self.path)
            return self._seed

    def save(self, pair: TokenPair) -> None:
        """Persist atomically with mode 0600 (a temp file in the same directory, then rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {"access_token": pair.access_token, "refresh_token": pair.refresh_token,
                  "seed": self._fingerprint(self._seed)}
        handle, temp = tempfile.mkstemp(prefix=".zalo_tokens.", dir=self.path.parent)
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(record, file)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self.current = pair


class ZaloApiError(Exception):
    """The OA API refused a call; ``code`` is its ``error`` field."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Zalo API error {code}: {message}")
        self.code = code


# --------------------------------------------------------------------------- client


class ZaloClient:
    """Sends CS messages, refreshing the access token once when the API says it is invalid."""

    def __init__(self, settings: Settings, http: httpx.AsyncClient | None = None) -> None:
        seed = None
        if settings.zalo_access_token and settings.zalo_refresh_token:
            seed = TokenPair(settings.zalo_access_token.get_secret_value(), settings.zalo_refresh_token.get_secret_value())
        self.settings = settings
        self.tokens = TokenStore(settings.zalo_token_path, seed)
        self._http = http or httpx.AsyncClient(timeout=HTTP_TIMEOUT_S)
        self._refresh_lock = asyncio.Lock()

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._http.aclose()

    async def send_text(self, user_id: str, text: str) -> None:
        """One CS text message; on an invalid-token error refresh and retry once.

        Raises:
            ZaloApiError: the API refused the message (after the one retry, if any).
        """
        pair = self.tokens.current
        if pair is None:
            raise ZaloApiError(-216, "no access token configured (CCHC_ZALO_ACCESS_TOKEN)")
        try:
            await self._post_message(pair.access_token, user_id, text)
        except ZaloApiError as exc:
            if exc.code not in INVALID_TOKEN_ERRORS:
                raise
            fresh = await self._refresh(stale=pair)
            await self._post_message(fresh.access_token, user_id, text)

    async def _post_message(self, access_token: str, user_id: str, text: str) -> None:
        url = f"{self.settings.zalo_api_url.rstrip('/')}/v3.0/oa/message/cs"
        body = {"recipient": {"user_id": user_id}, "message": {"text": text}}
        response = await self._http.post(url, json=body, headers={"access_token": access_token})
        data = _json(response)
        code = int(data.get("error", 0) or 0)
        if response.status_code >= 400 or code != 0:
            raise ZaloApiError(code or -response.status_code, str(data.get("message", response.reason_phrase)))

    async def _refresh(self, stale: TokenPair) -> TokenPair:
        """Exchange the refresh token for a new pair, once, even when many sends fail at once.

        A send that waited for the lock finds the pair already replaced and reuses it: the
        refresh token is single-use, so a second exchange would fail and lock the OA out.
        """
        async with self._refresh_lock:
            current = self.tokens.current
            if current is not None and current != stale:
                return current
            settings = self.settings
            if settings.zalo_app_secret is None or not settings.zalo_app_id:
                raise ZaloApiError(-216, "token expired and CCHC_ZALO_APP_SECRET/CCHC_ZALO_APP_ID are not set")
            response = await self._http.post(
                f"{settings.zalo_oauth_url.rstrip('/')}/v4/oa/access_token",
                data={"refresh_token": stale.refresh_token, "app_id": settings.zalo_app_id,
                      "grant_type": "refresh_token"},
                headers={"secret_key": settings.zalo_app_secret.get_secret_value()},
            )
            data = _json(response)
            if "access_token" not in data or "refresh_token" not in data:
                raise ZaloApiError(int(data.get("error", -1) or -1), f"token refresh failed: {data}")
            pair = TokenPair(str(data["access_token"]), str(data["refresh_token"]))
            self.tokens.save(pair)
            log.info("Zalo access token refreshed")
            return pair


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {"error": -response.status_code, "message": response.text[:200]}
    return data if isinstance(data, dict) else {}


# --------------------------------------------------------------------------- channel


class ZaloChannel:
    """Event handling for one OA: durable inbox, numbered options, rate limit, core, send."""

    def __init__(self, assistant: AssistantLike, client: ZaloClient, limiter: RateLimiter | None,
                 inbox: InboxLike) -> None:
        self.assistant = assistant
        self.client = client
        self.limiter = limiter
        self.events = DurableEvents(inbox, self._handle, "Zalo")
        self._options: OrderedDict[str, list[str]] = OrderedDict()

    def incoming(self, event: ZaloEvent) -> Incoming | None:
        """The core event for a Zalo event, or None for events the assistant ignores."""
        if event.event_name == "follow" and event.follower is not None:
            return Incoming(channel="zalo", user_id=event.follower.id, text="/start")
        if event.event_name != "user_send_text" or event.sender is None or event.message is None:
            return None
        user_id, text = event.sender.id, event.message.text.strip()
        options = self._options.get(user_id, [])
        if text.isdigit() and 1 <= int(text) <= len(options):
            return Incoming(channel="zalo", user_id=user_id, kind="button", payload=options[int(text) - 1])
        return Incoming(channel="zalo", user_id=user_id, text=text)

    async def accept(self, raw: dict[str, Any]) -> Work | None:
        """Record an authentic event before the webhook answers 200 (see ``bot.channels.durable``).

        Returns:
            The coroutine that handles it, to run in the background; None when the event is
            Zalo's retry of one already recorded: same ``msg_id``, or for events without one
            (``follow``) the same name, user and timestamp.
        """
        return await self.events.accept(raw, _event_key(raw))

    async def _handle(self, raw: dict[str, Any]) -> None:
        try:
            event = ZaloEvent.model_validate(raw)
        except ValidationError:
            log.info("Ignored a Zalo event without the expected fields: %s", raw.get("event_name"))
            return
        incoming = self.incoming(event)
        if incoming is None:
            log.info("Ignored Zalo event %s", event.event_name)
            return
        await self._answer(incoming)

    async def _answer(self, incoming: Incoming) -> None:
        replies = await handle_limited(self.assistant, self.limiter, incoming)
        rendered = render(replies)
        if rendered.options:
            self._options[incoming.user_id] = rendered.options
            self._options.move_to_end(incoming.user_id)
            while len(self._options) > OPTION_USERS:
                self._options.popitem(last=False)
        elif replies:  # the numbers refer to the last list shown; a reply without one retires it
            self._options.pop(incoming.user_id, None)
        for text in rendered.texts:
            await self.client.send_text(incoming.user_id, text)
