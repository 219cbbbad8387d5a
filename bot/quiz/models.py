"""Shapes of the quiz: bank questions, units, and the per-attempt question snapshot.

The bank YAML is validated through these models, so a typo in an office's question file is
reported at load time (file and question id) instead of surfacing as a broken quiz.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Topic = Literal["targets", "legal_basis", "reform_areas", "indices", "online_services", "one_stop", "culture"]
TOPICS: tuple[Topic, ...] = (
    "targets", "legal_basis", "reform_areas", "indices", "online_services", "one_stop", "culture",
)
Difficulty = Literal["easy", "medium", "hard"]
# Channels whose user ids are stable enough to allowlist (a web session id is per browser).
AllowChannel = Literal["telegram", "zalo"]
Origin = Literal["curated", "generated"]

# Ids travel inside button payloads and CSV files: short ASCII keeps both safe.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
MIN_OPTIONS = 3
MAX_OPTIONS = 4


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


class QuizQuestion(BaseModel):
    """One multiple-choice question, curated (YAML) or generated (cloze from a chunk).

    ``answer`` is the text of the correct option (not a letter): options are shuffled per
    attempt, and a text answer survives reordering in the YAML file too.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    question: str = Field(min_length=10)
    options: tuple[str, ...]
    answer: str
    explanation: str = Field(min_length=5)
    source: str = Field(min_length=5, description="Document and section/article the answer comes from.")
    topic: Topic
    difficulty: Difficulty = "medium"
    origin: Origin = "curated"
    chunk_id: str | None = Field(None, description="Generated questions: the indexed chunk they were cut from.")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"id {value!r} must be 1-32 lowercase ASCII letters, digits, '-' or '_'")
        return value

    @field_validator("question", "answer", "explanation", "source")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return _nfc(value)

    @field_validator("options")
    @classmethod
    def _options(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        options = tuple(_nfc(option) for option in value)
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            raise ValueError(f"{len(options)} options; a question needs {MIN_OPTIONS}-{MAX_OPTIONS}")
        if any(not option for option in options):
            raise ValueError("an option is empty")
        if len({option.casefold() for option in options}) != len(options):
            raise ValueError(f"options repeat: {list(options)}")
        return options

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> QuizQuestion:
        if self.answer not in self.options:
            raise ValueError(f"answer {self.answer!r} is not one of the options {list(self.options)}")
        return self

    @property
    def correct_index(self) -> int:
        """Position of the answer in ``options``."""
        return self.options.index(self.answer)


class Unit(BaseModel):
    """An office unit (phòng, ban, xã…) whose staff are surveyed, with its awareness target."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str = Field(min_length=1)
    target: float = Field(80.0, ge=0, le=100, description="Percent of surveyed staff who should pass.")
    # Issue 14: staff coverage (surveyed / headcount) beside the pass rate.
    headcount: int | None = Field(None, ge=1, description="Staff of the unit (biên chế); None: not declared.")
    # Issue 12: channel user ids enrolled in this unit without an invite (optional).
    allow: dict[AllowChannel, tuple[str, ...]] = Field(
        default_factory=dict, description="Per channel (telegram, zalo), the user ids enrolled in this unit."
    )

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"unit id {value!r} must be 1-32 lowercase ASCII letters, digits, '-' or '_'")
        return value

    @field_validator("allow", mode="before")
    @classmethod
    def _ids_as_strings(cls, value: object) -> object:
        # Telegram ids are numbers in YAML; Zalo ids are 18-19 digits: kept as strings, never floats.
        if isinstance(value, dict):
            return {key: [str(item) for item in items] if isinstance(items, list) else items
                    for key, items in value.items()}
        return value


class UnitList(BaseModel):
    """``knowledge/units.yaml``: the organisation, its default target and its units."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    organisation: str = "Cơ quan"
    target: float = Field(80.0, ge=0, le=100, description="The organisation's target (percent).")
    default_target: float = Field(80.0, ge=0, le=100, description="Target of a unit that names none.")
    units: tuple[Unit, ...] = ()
    # Issue 14: the organisation's staff; when omitted, the sum of the units' headcounts.
    headcount: int | None = Field(None, ge=1, description="Staff of the whole organisation (biên chế).")

    @model_validator(mode="before")
    @classmethod
    def _fill_targets(cls, data: object) -> object:
        """A unit without ``target`` takes ``default_target``, so an office sets it once."""
        if isinstance(data, dict) and isinstance(data.get("units"), list):
            default = data.get("default_target", 80.0)
            data = {**data, "units": [
                {"target": default, **unit} if isinstance(unit, dict) else unit for unit in data["units"]
            ]}
        return data

    @model_validator(mode="after")
    def _unique_ids(self) -> UnitList:
        ids = [unit.id for unit in self.units]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"unit ids repeat: {duplicates}")
        return self

    def get(self, unit_id: str) -> Unit | None:
        """The unit with this id, or None."""
        return next((unit for unit in self.units if unit.id == unit_id), None)

    @property
    def organisation_headcount(self) -> int | None:
        """``headcount``, else the units' sum when every unit declares one, else None (unknown)."""
        if self.headcount is not None:
            return self.headcount
        counts = [unit.headcount for unit in self.units]
        return sum(c for c in counts if c is not None) if counts and None not in counts else None
    @model_validator(mode="after")
    def _allowed_once(self) -> UnitList:
        seen: dict[tuple[str, str], str] = {}
        for unit in self.units:
            for channel, ids in unit.allow.items():
                for user in ids:
                    other = seen.setdefault((channel, user), unit.id)
                    if other != unit.id:
                        raise ValueError(f"{channel} user {user} is allowed in two units: {other} and {unit.id}")
        return self

    def allowed_unit(self, channel: str, user_id: str) -> str | None:
        """The unit whose allowlist has this channel user, or None."""
        return next((unit.id for unit in self.units if user_id in unit.allow.get(channel, ())), None)  # type: ignore[call-overload]


class ShownQuestion(BaseModel):
    """A question as one attempt shows it: options in the attempt's order, answer as an index.

    Stored with the attempt, so a resumed attempt (after a restart or a bank edit) shows
    exactly what the user saw before.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    topic: Topic
    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str
    source: str
