"""Enrolment: who counts in the awareness report.

Why: the report is what an office sends upward ("80% of surveyed civil servants master
the reform's goals"), so it must count only the people the office enrolled, not anyone
who opened the web chat and picked a unit. An admin issues invite tokens per unit
(``cchc units invite``); a person redeems one with ``/start <token>`` (Telegram passes a
``t.me/<bot>?start=<token>`` link's parameter as the /start argument) or ``/thamgia
<token>`` on any channel. ``knowledge/units.yaml`` may also list channel user ids per unit
(``allow``), enrolled without a token. Everyone else's quiz attempts are practice: shown
to them with a note, kept, and left out of the report, which says how many it left out.

Tokens are 12 characters of Crockford's base32 (no I, L, O, U, so nothing is misread
when typed from paper), 60 random bits, grouped ``ABCD-EFGH-JKMN``; only their SHA-256
is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from bot import messages
from bot.dialogue.sender import Sender
from bot.quiz.models import UnitList
from bot.quiz.render import unit_name
from bot.storage.database import Storage
from bot.storage.enrolment import EnrolmentStore

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# 60 bits: guessing one of a thousand live tokens at the web chat's rate limit would take
# longer than the universe has existed.
TOKEN_CHARS = 12
GROUP = 4
# Letters people type for the digits they resemble (Crockford's decoding rules).
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# A code echoed back in a refusal is cut to this: it is the user's own text.
ECHO_CHARS = 20


def new_token() -> str:
    """A fresh invite token, grouped for reading (``ABCD-EFGH-JKMN``)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_CHARS))
    return "-".join(raw[i:i + GROUP] for i in range(0, TOKEN_CHARS, GROUP))


def normalise(code: str) -> str | None:
    """The canonical token of what a person typed (case, spaces, dashes, O/0 and I/L/1 forgiven), or None."""
    compact = "".join(code.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(compact) != TOKEN_CHARS or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def token_hash(token: str) -> str:
    """What is stored of a (normalised) token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class Enrolment:
    """Issuing and redeeming invites, and who counts for which unit."""

    def __init__(
        self, storage: Storage, units: Callable[[], UnitList], clock: Callable[[], datetime] | None = None
    ) -> None:
        """Args:
        storage: Open storage.
        units: The current unit list (reloaded when ``units.yaml`` changes).
        clock: Current time (UTC); injectable for expiry tests.
        """
        self._store = EnrolmentStore(storage)
        self._units = units
        self._clock = clock or (lambda: datetime.now(timezone.utc))

    @property
    def store(self) -> EnrolmentStore:
        """The enrolment queries (the CLI lists through it)."""
        return self._store

    async def issue(self, unit: str, *, count: int = 1, uses: int = 1, days: int = 30) -> list[str]:
        """``count`` new tokens for ``unit``, each usable ``uses`` times for ``days`` days (shown once).

        Raises:
            ValueError: ``unit`` is not in ``units.yaml``, or a count below 1.
        """
        if self._units().get(unit) is None:
            known = ", ".join(u.id for u in self._units().units) or "(none)"
            raise ValueError(f"unit {unit!r} is not in units.yaml; known units: {known}")
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        tokens = [new_token() for _ in range(count)]
        now = self._clock()
        await self._store.add_invites(
            token_hashes=[token_hash(normalise(t) or "") for t in tokens], unit=unit, max_uses=uses,
            expires_at=now + timedelta(days=days), at=now,
        )
        return tokens

    async def redeem(self, sender: Sender, code: str) -> str:
        """``/thamgia <code>`` (and ``/start <code>``): enrol the sender; the reply."""
        if not code.strip():
            return messages.ENROL_USAGE
        token = normalise(code)
        unit = None
        if token is not None:
            unit = await self._store.redeem(token_hash=token_hash(token), user_id=await sender.stored_id(),
                                            at=self._clock())
        if unit is None:
            return messages.ENROL_INVALID.format(code=code.strip()[:ECHO_CHARS])
        return messages.ENROL_DONE.format(unit=unit_name(self._units(), unit))

    async def on_start(self, sender: Sender, args: str) -> str | None:
        """What ``/start <args>`` adds to the greeting: the enrolment reply when a code came with it."""
        return await self.redeem(sender, args) if args.strip() else None

    async def unit_of(self, user_id: int) -> str | None:
        """The unit ``user_id`` counts for: an invite redeemed, else the allowlist; None: practice only."""
        unit = await self._store.enrolled_unit(user_id=user_id)
        if unit is not None:
            return unit
        identity = await self._store.identity(user_id=user_id)
        return self._units().allowed_unit(*identity) if identity is not None else None
