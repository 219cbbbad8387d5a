"""Storage of users, the question log and feedback, on SQLite (default) or PostgreSQL.

:class:`Storage` holds one :class:`~bot.storage.backend.Backend`: an aiosqlite connection
in WAL mode (one writer per process) or an asyncpg pool. The queries are written once,
with ``?`` placeholders, in SQL both databases run; every statement is parameterised.
Companion stores (quiz, inbox, workers…) share the backend through ``_write``,
``_fetchall`` and ``_transaction``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bot.storage.backend import BUSY_TIMEOUT_MS, Backend, Row, SqliteBackend, StorageError, Transaction, connect
from bot.storage.grouping import DEFAULT_THRESHOLD, cluster_questions, question_key
from bot.storage.migrations import MIGRATIONS
from bot.storage.models import GapGroup, LoggedQuestion, Stats, TopQuestion
from bot.storage.pg_migrations import PG_MIGRATIONS

log = logging.getLogger(__name__)

__all__ = ["BUSY_TIMEOUT_MS", "LOCAL_TZ", "Storage", "StorageError"]

# Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset defines "today"
# for the offices using the bot without a tz database.
LOCAL_TZ = timezone(timedelta(hours=7), "ICT")
# Gaps are looked for among at most this many recent questions: enough for months of an
# office's traffic, small enough for the O(n × groups) clustering to stay instant.
GAP_SCAN_LIMIT = 500
# Wordings kept per gap group: enough to see how people ask, few enough to read at a glance.
GAP_EXAMPLES = 5
ROLES = frozenset({"user", "admin"})


def _utc(moment: datetime | None) -> datetime:
    """``moment`` (naive means UTC) or now, as an aware UTC datetime."""
    if moment is None:
        return datetime.now(timezone.utc)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _ts(moment: datetime | None) -> str:
    """The stored form of a timestamp (see ``migrations``)."""
    return _utc(moment).isoformat(timespec="microseconds")


def _parse_ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def migrations_for(dialect: str) -> tuple[str, ...]:
    """The migration scripts of a dialect ("sqlite" or "postgresql")."""
    return PG_MIGRATIONS if dialect == "postgresql" else MIGRATIONS


class Storage:
    """The process's database handle. Create it with :meth:`open`, end with :meth:`close`."""

    def __init__(self, backend: Backend) -> None:
        """Wrap an open backend; use :meth:`open`, which also migrates it."""
        self.backend = backend
        self.dialect = backend.dialect
        self.location = backend.location

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None on PostgreSQL."""
        return self.backend.path if isinstance(self.backend, SqliteBackend) else None

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    async def open(cls, target: Path | str, *, migrate: bool = True) -> Storage:
        """Open (creating if needed) the database and apply pending migrations.

        Args:
            target: A SQLite file (a path, or ``sqlite:///path``) or a ``postgresql://`` URL.
            migrate: Apply pending migrations (``cchc db copy`` opens its source without).

        Returns:
            A ready Storage.

        Raises:
            StorageError: A newer schema than this code, a failed migration, an unreachable server.
        """
        backend = await connect(target)
        storage = cls(backend)
        try:
            if migrate:
                for version in await backend.migrate(migrations_for(backend.dialect)):
                    log.info("Database %s migrated to schema version %s", backend.location, version)
        except BaseException:
            await backend.close()
            raise
        return storage

    async def close(self) -> None:
        """Close the connection (SQLite checkpoints its WAL into the main file)."""
        await self.backend.close()

    async def schema_version(self) -> int:
        """The number of migrations applied to this database."""
        return await self.backend.schema_version()

    async def backup(self, *, target: Path | str) -> None:
        """Write a consistent copy of a live SQLite database to ``target`` (which must not exist).

        ``VACUUM INTO`` reads one snapshot, so it is safe while the bot keeps writing,
        unlike copying the file (the WAL holds recent transactions). PostgreSQL is backed
        up with its own tools (``pg_dump``, see docs/storage.md).

        Raises:
            StorageError: on PostgreSQL.
        """
        if not isinstance(self.backend, SqliteBackend):
            raise StorageError("backup() copies SQLite files; back PostgreSQL up with pg_dump (docs/storage.md)")
        await self.backend.backup(target)

    # ------------------------------------------------------------------ writes

    async def upsert_user(
        self,
        *,
        channel: str,
        external_id: str,
        display_name: str = "",
        role: str = "user",
        unit: str | None = None,
        at: datetime | None = None,
    ) -> int:
        """Register a user or refresh their name, role and ``last_seen``.

        Args:
            channel: "telegram", "zalo", "web", "cli".
            external_id: The channel's user id.
            display_name: Shown to admins; updated on every call.
            role: "user" or "admin" (from configuration, so it follows the settings).
            unit: The user's office, when known; None keeps the stored value.
            at: Event time (default now).

        Returns:
            The user's internal id (``users.id``).

        Raises:
            ValueError: An unknown role.
        """
        if role not in ROLES:
            raise ValueError(f"role {role!r} is not one of {sorted(ROLES)}")
        now = _ts(at)
        sql = """
            INSERT INTO users (channel, external_id, display_name, role, unit, created_at, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (channel, external_id) DO UPDATE SET
                display_name = excluded.display_name,
                role = excluded.role,
                unit = COALESCE(excluded.unit, users.unit),
                last_seen = excluded.last_seen
            RETURNING id
        """
        row = await self._write(sql, (channel, external_id, display_name, role, unit, now, now))
        assert row is not None  # RETURNING always yields the row
        return int(row[0])

    async def find_user(self, *, channel: str, external_id: str) -> int | None:
        """The ``users.id`` of a channel's user, or None (nothing is created: see ``upsert_user``)."""
        row = await self._fetchone("SELECT id FROM users WHERE channel = ? AND external_id = ?", (channel, external_id))
        return int(row["id"]) if row is not None else None

    async def log_question(
        self,
        *,
        user_id: int | None,
        channel: str,
        question: str,
        found: bool,
        top_score: float,
        latency_ms: int,
        cited_chunk_ids: Sequence[str] = (),
        at: datetime | None = None,
    ) -> int:
        """Record one answered (or unanswered) question.

        Args:
            user_id: ``users.id`` from :meth:`upsert_user`.
            channel: Where it was asked.
            question: The text as the user typed it.
            found: Whether the knowledge base had an answer.
            top_score: The best retrieval score (for tuning thresholds later).
            latency_ms: Time to answer.
            cited_chunk_ids: Sources in answer order; ``more:`` buttons index into them.
            at: Event time (default now).

        Returns:
            The log id that feedback and "more" buttons refer to.
        """
        sql = """
            INSERT INTO question_log
                (user_id, channel, question, found, top_score, latency_ms, cited_chunk_ids, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
        """
        params = (
            user_id, channel, question, int(found), float(top_score), int(latency_ms),
            json.dumps(list(cited_chunk_ids), ensure_ascii=False), _ts(at),
        )
        row = await self._write(sql, params)
        assert row is not None
        return int(row[0])

    async def record_feedback(
        self, *, question_log_id: int, user_id: int, value: int, at: datetime | None = None
    ) -> bool:
        """Store a 👍 (+1) or 👎 (-1); a user's second vote on the same answer replaces the first.

        Returns:
            False when the logged question does not exist (a stale or forged button).

        Raises:
            ValueError: ``value`` is not +1 or -1.
        """
        if value not in (1, -1):
            raise ValueError(f"feedback value must be 1 or -1, got {value!r}")
        sql = """
            INSERT INTO feedback (question_log_id, user_id, value, created_at)
            SELECT id, ?, ?, ? FROM question_log WHERE id = ?
            ON CONFLICT (question_log_id, user_id) DO UPDATE SET
                value = excluded.value, created_at = excluded.created_at
            RETURNING id
        """
        row = await self._write(sql, (user_id, value, _ts(at), question_log_id))
        return row is not None

    async def forget_user(self, *, channel: str, external_id: str) -> bool:
        """Delete a user's record (a data-subject request); their log lines stay, anonymous.

        Returns:
            Whether such a user existed.
        """
        row = await self._write(
            "DELETE FROM users WHERE channel = ? AND external_id = ? RETURNING id", (channel, external_id)
        )
        return row is not None

    # ------------------------------------------------------------------ conversation state

    async def save_conversation(self, *, user_id: int, state: dict[str, Any], at: datetime | None = None) -> None:
        """Replace ``user_id``'s conversation state (a JSON object owned by the dialogue layer)."""
        sql = """
            INSERT INTO conversations (user_id, state, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
        """
        await self._write(sql, (user_id, json.dumps(state, ensure_ascii=False), _ts(at)))

    async def conversation(self, *, user_id: int) -> tuple[dict[str, Any], datetime] | None:
        """``user_id``'s conversation state and when it was saved, or None."""
        row = await self._fetchone("SELECT state, updated_at FROM conversations WHERE user_id = ?", (user_id,))
        return (json.loads(row["state"]), _parse_ts(row["updated_at"])) if row is not None else None

    async def clear_conversation(self, *, user_id: int) -> None:
        """Forget ``user_id``'s conversation state (``/start``, the menu)."""
        await self._write("DELETE FROM conversations WHERE user_id = ?", (user_id,))

    # ------------------------------------------------------------------ reads

    async def logged_question(self, *, log_id: int) -> LoggedQuestion | None:
        """One logged question by id, or None."""
        row = await self._fetchone("SELECT * FROM question_log WHERE id = ?", (log_id,))
        if row is None:
            return None
        return LoggedQuestion(
            id=row["id"],
            user_id=row["user_id"],
            channel=row["channel"],
            question=row["question"],
            found=bool(row["found"]),
            top_score=row["top_score"],
            latency_ms=row["latency_ms"],
            cited_chunk_ids=tuple(json.loads(row["cited_chunk_ids"])),
            created_at=_parse_ts(row["created_at"]),
        )

    async def stats(self, now: datetime | None = None, *, window_days: int = 7, top: int = 5) -> Stats:
        """Usage figures: users, today's and the window's questions, answered share, top questions, votes.

        Args:
            now: Reference time (default now); "today" starts at local midnight (UTC+7).
            window_days: Length of the window for questions, answered share, top questions and votes.
            top: How many top questions to list.
        """
        moment = _utc(now)
        local = moment.astimezone(LOCAL_TZ)
        today = _ts(local.replace(hour=0, minute=0, second=0, microsecond=0))
        since = _ts(moment - timedelta(days=window_days))
        until = _ts(moment)
        users = await self._scalar("SELECT COUNT(*) FROM users")
        questions_today = await self._scalar(
            "SELECT COUNT(*) FROM question_log WHERE created_at >= ? AND created_at <= ?", (today, until)
        )
        row = await self._fetchone(
            "SELECT COUNT(*), COALESCE(SUM(found), 0) FROM question_log WHERE created_at >= ? AND created_at <= ?",
            (since, until),
        )
        window, answered = (int(row[0]), int(row[1])) if row else (0, 0)
        votes = await self._fetchall(
            "SELECT value, COUNT(*) FROM feedback WHERE created_at >= ? AND created_at <= ? GROUP BY value",
            (since, until),
        )
        by_value = {int(r[0]): int(r[1]) for r in votes}
        return Stats(
            users=users,
            questions_today=questions_today,
            questions_window=window,
            window_days=window_days,
            answered_share=answered / window if window else 0.0,
            top_questions=tuple(await self._top_questions(since, until, top)),
            feedback_up=by_value.get(1, 0),
            feedback_down=by_value.get(-1, 0),
        )

    async def _top_questions(self, since: str, until: str, limit: int) -> list[TopQuestion]:
        """Most asked questions, grouping wordings that differ only in case, diacritics or punctuation."""
        rows = await self._fetchall(
            "SELECT question, created_at FROM question_log WHERE created_at >= ? AND created_at <= ?",
            (since, until),
        )
        counts: dict[str, int] = {}
        latest: dict[str, tuple[str, str]] = {}
        for row in rows:
            key = question_key(row["question"])
            if not key:
                continue
            counts[key] = counts.get(key, 0) + 1
            if key not in latest or row["created_at"] >= latest[key][0]:
                latest[key] = (row["created_at"], row["question"].strip())
        ranked = sorted(counts, key=lambda k: (-counts[k], latest[k][1]))[:limit]
        return [TopQuestion(question=latest[k][1], count=counts[k]) for k in ranked]

    async def gaps(
        self,
        *,
        limit: int = 10,
        days: int = 30,
        threshold: float = DEFAULT_THRESHOLD,
        now: datetime | None = None,
    ) -> list[GapGroup]:
        """Recent questions that were not answered or got a 👎, near-duplicates grouped.

        Args:
            limit: Groups to return.
            days: How far back to look.
            threshold: rapidfuzz ``token_set_ratio`` (0-100) for two questions to share a group.
            now: Reference time (default now).

        Returns:
            Groups, most asked first.
        """
        moment = _utc(now)
        rows = await self._fetchall(
            """
            SELECT q.question, q.created_at FROM question_log AS q
            WHERE q.created_at >= ? AND q.created_at <= ?
              AND (q.found = 0 OR EXISTS (
                    SELECT 1 FROM feedback AS f WHERE f.question_log_id = q.id AND f.value = -1))
            ORDER BY q.created_at DESC
            LIMIT ?
            """,
            (_ts(moment - timedelta(days=days)), _ts(moment), GAP_SCAN_LIMIT),
        )
        items = [(row["question"], _parse_ts(row["created_at"])) for row in rows]
        groups = cluster_questions(items, threshold=threshold)[:limit]
        return [
            GapGroup(representative=g.representative, count=g.count, last_asked=g.last_asked,
                     examples=g.examples(GAP_EXAMPLES))
            for g in groups
        ]

    # ------------------------------------------------------------------ helpers

    async def _write(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """Run one writing statement (committed on return); its first RETURNING row."""
        cursor = await self.backend.write(sql, params)
        return cursor.rows[0] if cursor.rows else None

    async def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one writing statement; how many rows it changed."""
        return (await self.backend.write(sql, params)).rowcount

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Transaction]:
        """Several statements as one transaction (``await tx.execute(sql, params)``)."""
        async with self.backend.transaction() as tx:
            yield tx

    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = await self._fetchall(sql, params)
        return rows[0] if rows else None

    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await self.backend.fetchall(sql, params)

    async def _scalar(self, sql: str, params: Sequence[Any] = ()) -> int:
        rows = await self._fetchall(sql, params)
        return int(rows[0][0]) if rows else 0
