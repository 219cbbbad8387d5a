"""Curated answers in the database, and their hit counts from the question log.

A thin companion of :class:`~bot.storage.database.Storage` sharing its connection and write
lock, like the quiz store. A hit is not a counter here: a question answered from curated
answer 7 is logged (as every question is) citing the pseudo-chunk ``curated:7``
(:func:`curated_chunk_id`), and the hit count is the number of such log lines, so serving a
curated answer costs no extra write.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from bot.curated.models import CuratedAnswer, CuratedDraft
from bot.storage.backend import Row
from bot.storage.database import Storage, _parse_ts, _ts

CHUNK_PREFIX = "curated:"


def curated_chunk_id(answer_id: int) -> str:
    """The id a curated answer is cited by in the question log."""
    return f"{CHUNK_PREFIX}{answer_id}"


def curated_id_of(chunk_id: str) -> int | None:
    """The curated answer id of a cited chunk id, or None for a document chunk."""
    head, _, tail = chunk_id.partition(":")
    return int(tail) if f"{head}:" == CHUNK_PREFIX and tail.isdigit() else None


class Hits(BaseModel):
    """How often a curated answer was served, and when last."""

    model_config = ConfigDict(frozen=True)

    count: int = 0
    last: datetime | None = None


def _row(row: Row) -> CuratedAnswer:
    return CuratedAnswer(
        id=row["id"],
        questions=tuple(json.loads(row["questions"])),
        answer=row["answer"],
        source_document=row["source_document"],
        source_section=row["source_section"],
        source_url=row["source_url"],
        expires_on=date.fromisoformat(row["expires_on"]) if row["expires_on"] else None,
        enabled=bool(row["enabled"]),
        created_by=row["created_by"],
        updated_by=row["updated_by"],
        created_at=_parse_ts(row["created_at"]),
        updated_at=_parse_ts(row["updated_at"]),
    )


def _values(draft: CuratedDraft) -> tuple[object, ...]:
    return (
        json.dumps(list(draft.questions), ensure_ascii=False),
        draft.answer,
        draft.source_document,
        draft.source_section,
        draft.source_url,
        draft.expires_on.isoformat() if draft.expires_on else None,
        int(draft.enabled),
    )


_INSERT = """
    INSERT INTO curated_answers (questions, answer, source_document, source_section, source_url,
                                 expires_on, enabled, created_by, updated_by, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_UPDATE = """
    UPDATE curated_answers SET questions = ?, answer = ?, source_document = ?, source_section = ?,
        source_url = ?, expires_on = ?, enabled = ?, updated_by = ?, updated_at = ?
    WHERE id = ?
"""


class CuratedStore:
    """Create, read, update and delete curated answers over an open :class:`Storage`."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def all(self) -> list[CuratedAnswer]:
        """Every curated answer, newest first."""
        rows = await self._storage._fetchall("SELECT * FROM curated_answers ORDER BY updated_at DESC, id DESC")
        return [_row(row) for row in rows]

    async def get(self, answer_id: int) -> CuratedAnswer | None:
        """One curated answer by id, or None."""
        row = await self._storage._fetchone("SELECT * FROM curated_answers WHERE id = ?", (answer_id,))
        return _row(row) if row is not None else None

    async def create(self, draft: CuratedDraft, *, by: str, at: datetime | None = None) -> CuratedAnswer:
        """Store a new curated answer written by admin ``by``."""
        now = _ts(at)
        row = await self._storage._write(_INSERT + " RETURNING *", (*_values(draft), by, by, now, now))
        assert row is not None  # RETURNING always yields the row
        return _row(row)

    async def update(
        self, answer_id: int, draft: CuratedDraft, *, by: str, at: datetime | None = None
    ) -> CuratedAnswer | None:
        """Replace the editable fields of an answer; None when it does not exist (deleted meanwhile)."""
        row = await self._storage._write(_UPDATE + " RETURNING *", (*_values(draft), by, _ts(at), answer_id))
        return _row(row) if row is not None else None

    async def set_enabled(
        self, answer_id: int, enabled: bool, *, by: str, at: datetime | None = None
    ) -> CuratedAnswer | None:
        """Turn an answer on or off; None when it does not exist."""
        row = await self._storage._write(
            "UPDATE curated_answers SET enabled = ?, updated_by = ?, updated_at = ? WHERE id = ? RETURNING *",
            (int(enabled), by, _ts(at), answer_id),
        )
        return _row(row) if row is not None else None

    async def delete(self, answer_id: int) -> bool:
        """Delete an answer (its past hits stay in the question log); whether it existed."""
        row = await self._storage._write("DELETE FROM curated_answers WHERE id = ? RETURNING id", (answer_id,))
        return row is not None

    async def hits(self) -> dict[int, Hits]:
        """Hit count and last hit of every curated answer that was ever served."""
        rows = await self._storage._fetchall(
            """
            SELECT cited_chunk_ids, COUNT(*) AS n, MAX(created_at) AS last FROM question_log
            WHERE cited_chunk_ids LIKE ? GROUP BY cited_chunk_ids
            """,
            (f'["{CHUNK_PREFIX}%',),
        )
        hits: dict[int, Hits] = {}
        for row in rows:
            cited = json.loads(row["cited_chunk_ids"])
            answer_id = curated_id_of(cited[0]) if cited else None
            if answer_id is not None:
                hits[answer_id] = Hits(count=int(row["n"]), last=_parse_ts(row["last"]))
        return hits

    async def recent_hits(self, answer_id: int, *, limit: int = 10) -> list[tuple[str, datetime]]:
        """The latest questions answered from ``answer_id`` (so an admin sees what it catches)."""
        rows = await self._storage._fetchall(
            "SELECT question, created_at FROM question_log WHERE cited_chunk_ids = ? ORDER BY id DESC LIMIT ?",
            (json.dumps([curated_chunk_id(answer_id)]), limit),
        )
        return [(row["question"], _parse_ts(row["created_at"])) for row in rows]

    async def replace_many(
        self, items: Sequence[tuple[int | None, CuratedDraft]], *, by: str, at: datetime | None = None
    ) -> tuple[int, int]:
        """Import: create the entries without an id (or with an unknown one), update the others, in one transaction.

        Returns:
            (created, updated).
        """
        now = _ts(at)
        created = updated = 0
        async with self._storage._transaction() as db:
            for answer_id, draft in items:
                if answer_id is not None:
                    cursor = await db.execute(_UPDATE, (*_values(draft), by, now, answer_id))
                    if cursor.rowcount:
                        updated += 1
                        continue
                await db.execute(_INSERT, (*_values(draft), by, by, now, now))
                created += 1
        return created, updated
