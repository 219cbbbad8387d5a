"""Admin console persistence: sign-in sessions and the audit log (who did what, when, from where).

A thin companion of :class:`~bot.storage.database.Storage`, like the quiz store. Failed
sign-ins are audit rows (``login_failed``); the lock-out policy (``bot.console.signin``)
counts them here, so the log an admin reads and the rule that locks are the same data.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.storage.database import Storage, _parse_ts, _ts, _utc

LOGIN = "login"
LOGIN_FAILED = "login_failed"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class AdminSession(_Frozen):
    """A live console sign-in."""

    admin: str
    csrf: str
    created_at: datetime
    expires_at: datetime


class AuditEntry(_Frozen):
    """One line of the audit log."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: str
    address: str


class ConsoleStore:
    """Sessions and audit rows over an open :class:`Storage`."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    # ------------------------------------------------------------------ sessions

    async def create_session(
        self, *, token_hash: str, admin: str, csrf: str, address: str, expires_at: datetime, at: datetime | None = None
    ) -> None:
        """Record a sign-in (``token_hash`` is a digest of the cookie's id, never the id itself)."""
        await self._storage._write(
            "INSERT INTO admin_sessions (token_hash, admin, csrf, address, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (token_hash, admin, csrf, address, _ts(at), _ts(expires_at)),
        )

    async def session(self, *, token_hash: str, now: datetime | None = None) -> AdminSession | None:
        """The live session with this digest, or None (unknown, signed out or expired)."""
        row = await self._storage._fetchone(
            "SELECT admin, csrf, created_at, expires_at FROM admin_sessions WHERE token_hash = ? AND expires_at > ?",
            (token_hash, _ts(now)),
        )
        if row is None:
            return None
        return AdminSession(admin=row["admin"], csrf=row["csrf"], created_at=_parse_ts(row["created_at"]),
                            expires_at=_parse_ts(row["expires_at"]))

    async def delete_session(self, *, token_hash: str) -> None:
        """Sign out: the cookie stops working at once, wherever it was copied."""
        await self._storage._write("DELETE FROM admin_sessions WHERE token_hash = ?", (token_hash,))

    async def prune_sessions(self, *, now: datetime | None = None) -> None:
        """Forget expired sessions (called at each sign-in; there are only ever a handful)."""
        await self._storage._write("DELETE FROM admin_sessions WHERE expires_at <= ?", (_ts(now),))

    # ------------------------------------------------------------------ audit

    async def audit(
        self, *, actor: str, action: str, target: str = "", detail: str = "", address: str = "",
        at: datetime | None = None,
    ) -> None:
        """Append one audit line."""
        await self._storage._write(
            "INSERT INTO admin_audit (at, actor, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?)",
            (_ts(at), actor, action, target, detail, address),
        )

    async def audit_log(self, *, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
        """The latest audit lines, newest first."""
        rows = await self._storage._fetchall(
            "SELECT * FROM admin_audit ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset)
        )
        return [
            AuditEntry(id=row["id"], at=_parse_ts(row["at"]), actor=row["actor"], action=row["action"],
                       target=row["target"], detail=row["detail"], address=row["address"])
            for row in rows
        ]

    async def failures(self, *, since: datetime, actor: str | None = None, address: str | None = None) -> list[datetime]:
        """Failed sign-ins since ``since`` for one account or one address, oldest first.

        For an account, failures before its latest successful sign-in do not count: the
        person got in, so those were typos, not an attack still going on.
        """
        if actor is not None:
            rows = await self._storage._fetchall(
                """
                SELECT f.at FROM admin_audit AS f WHERE f.action = ? AND f.actor = ? AND f.at > ?
                  AND NOT EXISTS (SELECT 1 FROM admin_audit AS s WHERE s.action = ? AND s.actor = ? AND s.at > f.at)
                ORDER BY f.at
                """,
                (LOGIN_FAILED, actor, _ts(since), LOGIN, actor),
            )
        else:
            rows = await self._storage._fetchall(
                "SELECT at FROM admin_audit WHERE action = ? AND address = ? AND at > ? ORDER BY at",
                (LOGIN_FAILED, address or "", _ts(since)),
            )
        return [_utc(_parse_ts(row["at"])) for row in rows]
