"""What storage hands back: frozen pydantic models, never database rows."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    """Results are snapshots; freezing them stops callers from mistaking them for live rows."""

    model_config = ConfigDict(frozen=True)


class LoggedQuestion(_Frozen):
    """One logged question, as a button press (``more:``/``fb:``) needs it later."""

    id: int
    user_id: int | None = Field(description="users.id; None once the user has been forgotten.")
    channel: str
    question: str
    found: bool
    top_score: float
    latency_ms: int
    cited_chunk_ids: tuple[str, ...]
    created_at: datetime


class TopQuestion(_Frozen):
    """A question asked often, grouped ignoring case and diacritics."""

    question: str = Field(description="The most recent wording of the group.")
    count: int


class Stats(_Frozen):
    """Usage figures for the admin ``/stats`` command.

    Everything except ``users`` and ``questions_today`` covers the last ``window_days`` days.
    """

    users: int
    questions_today: int
    questions_window: int
    window_days: int
    answered_share: float = Field(description="Found answers / questions in the window; 0.0 when none.")
    top_questions: tuple[TopQuestion, ...]
    feedback_up: int
    feedback_down: int


class GapGroup(_Frozen):
    """Near-duplicate questions the knowledge base could not answer well."""

    representative: str = Field(description="The group's most frequent wording (most recent on ties).")
    count: int
    last_asked: datetime
    examples: tuple[str, ...] = Field((), description="Its most frequent wordings, the representative first.")
