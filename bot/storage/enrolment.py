"""Enrolment persistence: invite tokens per unit and who redeemed them (migration 6).

A thin companion of :class:`~bot.storage.database.Storage`, like the quiz store. Only a
token's SHA-256 is stored (the admin sees the token once, when it is issued), so a copy of
the database cannot be used to enrol. Redeeming is one ``UPDATE … WHERE uses < max_uses
AND expires_at > now … RETURNING``: two people racing for the last use of a code cannot
both get it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.storage.database import Storage, _parse_ts, _ts


class Invite(BaseModel):
    """An issued invite (its token is not stored)."""

    model_config = ConfigDict(frozen=True)

    id: int
    unit: str
    max_uses: int
    uses: int
    created_at: datetime
    expires_at: datetime


class UnitEnrolment(BaseModel):
    """How many people are enrolled in a unit, and the invites still open for it."""

    model_config = ConfigDict(frozen=True)

    unit: str
    enrolled: int
    open_invites: int


class EnrolmentStore:
    """Enrolment queries over an open :class:`Storage` (same connection, same write lock)."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def add_invites(
        self, *, token_hashes: Sequence[str], unit: str, max_uses: int, expires_at: datetime,
        at: datetime | None = None,
    ) -> None:
        """Record invites for ``unit``, each usable ``max_uses`` times until ``expires_at``.

        Raises:
            ValueError: no hashes, or ``max_uses`` below 1.
        """
        if not token_hashes or max_uses < 1:
            raise ValueError(f"need at least one token and max_uses >= 1, got {len(token_hashes)} and {max_uses}")
        now = _ts(at)
        async with self._storage._transaction() as tx:
            await tx.executemany(
                "INSERT INTO enrolment_invites (token_hash, unit, max_uses, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [(token_hash, unit, max_uses, now, _ts(expires_at)) for token_hash in token_hashes],
            )

    async def redeem(self, *, token_hash: str, user_id: int, at: datetime | None = None) -> str | None:
        """Enrol ``user_id`` with the invite ``token_hash``; the unit, or None (unknown, used up, expired).

        A user who redeems the invite they already joined with is told their unit again
        without using up another use (a second tap on the same link). Their attempt in
        progress, if any, stops being practice and counts for the invite's unit.
        """
        now = _ts(at)
        async with self._storage._transaction() as tx:
            async with tx.execute(
                "SELECT e.unit FROM enrolments AS e JOIN enrolment_invites AS i ON i.id = e.invite_id"
                " WHERE e.user_id = ? AND i.token_hash = ?",
                (user_id, token_hash),
            ) as cursor:
                again = await cursor.fetchone()
            if again is not None:
                return str(again[0])
            async with tx.execute(
                "UPDATE enrolment_invites SET uses = uses + 1"
                " WHERE token_hash = ? AND uses < max_uses AND expires_at > ? RETURNING id, unit",
                (token_hash, now),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            await tx.execute(
                "INSERT INTO enrolments (user_id, unit, invite_id, enrolled_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET unit = excluded.unit, invite_id = excluded.invite_id,"
                " enrolled_at = excluded.enrolled_at",
                (user_id, row[1], row[0], now),
            )
            # An attempt in progress counts from the moment its person is enrolled, in their unit.
            await tx.execute(
                "UPDATE quiz_attempts SET practice = 0, unit = ? WHERE user_id = ? AND status = 'active'",
                (row[1], user_id),
            )
        return str(row[1])

    async def enrolled_unit(self, *, user_id: int) -> str | None:
        """The unit ``user_id`` is enrolled in through an invite, or None."""
        row = await self._storage._fetchone("SELECT unit FROM enrolments WHERE user_id = ?", (user_id,))
        return str(row["unit"]) if row is not None else None

    async def identity(self, *, user_id: int) -> tuple[str, str] | None:
        """(channel, channel user id) of ``users.id`` (for the allowlist of ``units.yaml``)."""
        row = await self._storage._fetchone("SELECT channel, external_id FROM users WHERE id = ?", (user_id,))
        return (str(row["channel"]), str(row["external_id"])) if row is not None else None

    async def summary(self, *, at: datetime | None = None) -> list[UnitEnrolment]:
        """Per unit: people enrolled and invites with uses left, by unit id."""
        now = _ts(at)
        enrolled = {r[0]: int(r[1]) for r in await self._storage._fetchall(
            "SELECT unit, COUNT(*) FROM enrolments GROUP BY unit")}
        open_invites = {r[0]: int(r[1]) for r in await self._storage._fetchall(
            "SELECT unit, COUNT(*) FROM enrolment_invites WHERE uses < max_uses AND expires_at > ? GROUP BY unit",
            (now,))}
        return [UnitEnrolment(unit=unit, enrolled=enrolled.get(unit, 0), open_invites=open_invites.get(unit, 0))
                for unit in sorted(set(enrolled) | set(open_invites))]

    async def invites(self) -> list[Invite]:
        """Every issued invite, newest first."""
        rows = await self._storage._fetchall("SELECT * FROM enrolment_invites ORDER BY id DESC")
        return [Invite(id=r["id"], unit=r["unit"], max_uses=r["max_uses"], uses=r["uses"],
                       created_at=_parse_ts(r["created_at"]), expires_at=_parse_ts(r["expires_at"])) for r in rows]
