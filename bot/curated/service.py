"""The curated answers the assistant asks before retrieval: an in-memory index, refreshed on edit.

Matching never touches the database: the index is loaded once, rebuilt at once when the
console edits an answer (:meth:`CuratedAnswers.refresh`), and re-read at most every
``REFRESH_SECONDS`` so that an edit made by another process (``cchc curated import``, a
second server) is seen within a minute. That re-read is one query a minute at most,
never one per question.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from datetime import date, datetime, timezone

from bot import messages
from bot.answer.models import Answer, Citation, Source
from bot.curated.matcher import THRESHOLD, CuratedIndex, CuratedMatch
from bot.curated.models import CuratedAnswer
from bot.storage.curated import CuratedStore, curated_chunk_id, curated_id_of
from bot.storage.database import LOCAL_TZ, Storage

# Another process's edit is served within this many seconds (this process's at once).
REFRESH_SECONDS = 60.0


def local_today(now: datetime | None = None) -> date:
    """Today in the offices' time zone (expiry days are local days)."""
    return (now or datetime.now(timezone.utc)).astimezone(LOCAL_TZ).date()


def citation_of(answer: CuratedAnswer) -> Citation:
    """"Câu trả lời của cán bộ quản trị, căn cứ <document, section>", with the answer's link."""
    section = messages.CURATED_SOURCE.format(source=answer.source_label) if answer.source_label else ""
    return Citation(document=messages.CURATED_CITATION, section=section, url=answer.source_url)


def curated_answer(question: str, match: CuratedMatch) -> Answer:
    """The reply of a matched curated answer: its first line leads, the rest supports it."""
    answer = match.answer
    lines = [line.strip() for line in answer.answer.splitlines() if line.strip()]
    citation = citation_of(answer)
    updated = answer.updated_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y")
    source = Source(
        chunk_id=curated_chunk_id(answer.id),
        doc_id=curated_chunk_id(answer.id),
        title=messages.CURATED_CITATION,
        section=answer.source_label,
        text=answer.answer,
        score=match.score,
        citation=citation.text,
        url=answer.source_url,
    )
    return Answer(
        question=question,
        found=True,
        kind="curated",
        direct=lines[0],
        details=lines[1:],
        citation=citation,
        notes=[messages.CURATED_UPDATED_NOTE.format(date=updated)],
        sources=[source],
        top_score=match.score,
    )


class CuratedAnswers:
    """The live curated answers of one process."""

    def __init__(
        self,
        storage: Storage,
        *,
        threshold: float = THRESHOLD,
        refresh_seconds: float = REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Cheap: nothing is read until the first question (or :meth:`refresh`)."""
        self.store = CuratedStore(storage)
        self.threshold = threshold
        self._refresh_seconds = refresh_seconds
        self._clock = clock
        self._index: CuratedIndex | None = None
        self._loaded_at = -math.inf
        self._lock = asyncio.Lock()

    async def index(self) -> CuratedIndex:
        """The current index, (re)loaded when missing or older than ``refresh_seconds``."""
        if self._index is None or self._clock() - self._loaded_at > self._refresh_seconds:
            await self.refresh()
        assert self._index is not None
        return self._index

    async def refresh(self) -> None:
        """Re-read every curated answer now (the console calls this after each edit)."""
        async with self._lock:
            answers = await self.store.all()
            self._index = CuratedIndex(answers, threshold=self.threshold)
            self._loaded_at = self._clock()

    async def answer(self, question: str, *, today: date | None = None) -> Answer | None:
        """The curated reply to ``question`` if one matches closely enough, else None (go on to retrieval)."""
        index = await self.index()
        match = index.match(question, today=today or local_today())
        return curated_answer(question, match) if match is not None else None

    def source_text(self, chunk_id: str) -> str | None:
        """The "source" of a curated answer cited as ``chunk_id`` (its text and citation), from memory.

        None for a document chunk, or an answer deleted since.
        """
        answer_id = curated_id_of(chunk_id)
        answer = self._index.answers.get(answer_id) if self._index is not None and answer_id is not None else None
        if answer is None:
            return None
        return f"{answer.answer}\n\n{messages.CITATION_PREFIX} {citation_of(answer).text}."
