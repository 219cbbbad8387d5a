"""Shapes of the citizens' survey file (``knowledge/survey/*.yaml``), validated at load time.

An office edits the file by hand, so a mistake (a repeated id, a key question without a
"hiểu rõ" option, a label too long for a button) is reported with the file name instead of
surfacing as a broken survey in front of a citizen.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.quiz.models import ID_PATTERN

PeriodKind = Literal["month", "quarter", "year"]
# The plans ask for "3 to 6 questions": longer surveys are abandoned on a phone.
MIN_QUESTIONS = 3
MAX_QUESTIONS = 6
MIN_OPTIONS = 2
MAX_OPTIONS = 5
# Options are buttons; beyond ~40 characters phones cut or wrap them.
LABEL_CHARS = 40
# Places are buttons too; a list longer than this is a scroll, not a choice.
MAX_PLACES = 30


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _checked_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(f"id {value!r} must be 1-32 lowercase ASCII letters, digits, '-' or '_'")
    return value


class _Item(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @field_validator("id", check_fields=False)
    @classmethod
    def _id_shape(cls, value: str) -> str:
        return _checked_id(value)


class SurveyOption(_Item):
    """One answer button. ``positive`` counts as the good outcome; ``excluded`` is "not applicable"."""

    id: str
    label: str = Field(min_length=1, max_length=LABEL_CHARS)
    positive: bool = False
    excluded: bool = False

    @field_validator("label")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return _nfc(value)

    @model_validator(mode="after")
    def _not_both(self) -> SurveyOption:
        if self.positive and self.excluded:
            raise ValueError(f"option {self.id!r} cannot be both positive and excluded")
        return self


class SurveyQuestion(_Item):
    """One question with its options; ``short`` names it in the report and chart."""

    id: str
    text: str = Field(min_length=10)
    short: str = Field(min_length=3, max_length=60)
    options: tuple[SurveyOption, ...]

    @field_validator("text", "short")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return _nfc(value)

    @model_validator(mode="after")
    def _options_ok(self) -> SurveyQuestion:
        if not MIN_OPTIONS <= len(self.options) <= MAX_OPTIONS:
            raise ValueError(f"question {self.id!r} has {len(self.options)} options; {MIN_OPTIONS}-{MAX_OPTIONS} fit")
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError(f"question {self.id!r}: option ids repeat: {ids}")
        if not any(o.positive for o in self.options):
            raise ValueError(f"question {self.id!r} needs at least one option with 'positive: true'")
        return self

    def option(self, option_id: str) -> SurveyOption | None:
        """The option with this id, or None (an option removed after answers were given)."""
        return next((o for o in self.options if o.id == option_id), None)


class Place(_Item):
    """A ward or commune a citizen may name (optional, the last step)."""

    id: str
    name: str = Field(min_length=1, max_length=LABEL_CHARS)


class SurveyDefinition(_Item):
    """The whole survey file."""

    id: str
    title: str = Field(min_length=3)
    period: PeriodKind = "quarter"
    target: float = Field(95.0, ge=0, le=100, description="Percent of respondents who should 'hiểu rõ'.")
    key_question: str
    places: tuple[Place, ...] = ()
    questions: tuple[SurveyQuestion, ...]

    @model_validator(mode="after")
    def _consistent(self) -> SurveyDefinition:
        if not MIN_QUESTIONS <= len(self.questions) <= MAX_QUESTIONS:
            raise ValueError(f"{len(self.questions)} questions; a survey has {MIN_QUESTIONS}-{MAX_QUESTIONS}")
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError(f"question ids repeat: {ids}")
        if self.key_question not in ids:
            raise ValueError(f"key_question {self.key_question!r} is not one of the question ids {ids}")
        places = [p.id for p in self.places]
        if len(set(places)) != len(places) or len(places) > MAX_PLACES:
            raise ValueError(f"place ids must be unique and at most {MAX_PLACES}: {places}")
        return self

    def question(self, question_id: str) -> SurveyQuestion | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    def place(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        return next((p for p in self.places if p.id == place_id), None)

    def period_key(self, day: date) -> str:
        """The period ``day`` falls in: ``2025-10`` (month), ``2025-Q4`` (quarter) or ``2025`` (year)."""
        if self.period == "month":
            return f"{day.year}-{day.month:02d}"
        if self.period == "quarter":
            return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        return str(day.year)
