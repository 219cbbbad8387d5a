"""What a curated answer is: question variants, the answer text, an optional source and expiry.

:class:`CuratedDraft` is what an admin submits (the console form, an imported YAML entry)
and is validated here, with Vietnamese reasons (:func:`draft_errors`), before storage sees
it; :class:`CuratedAnswer` is a stored one.
"""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot import messages
from indexer.textnorm import fold, normalize

# Enough variants to cover the ways a question is phrased; more is a sign of two answers.
MAX_QUESTIONS = 20
# A question variant is a question, not a paragraph (the assistant refuses over 1000 anyway).
MAX_QUESTION_CHARS = 300
# An answer fits a phone screen or two; longer material belongs in a document.
MAX_ANSWER_CHARS = 3000
MAX_SOURCE_CHARS = 300
MAX_URL_CHARS = 500


class CuratedDraft(BaseModel):
    """A curated answer as submitted: validated, normalised (NFC, one tone placement), deduplicated."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, extra="forbid")

    questions: tuple[str, ...] = Field(description="Question variants; at least one.")
    answer: str
    source_document: str = Field("", max_length=MAX_SOURCE_CHARS)
    source_section: str = Field("", max_length=MAX_SOURCE_CHARS)
    source_url: str | None = Field(None, max_length=MAX_URL_CHARS)
    expires_on: date | None = Field(None, description="Last day the answer is served (local time).")
    enabled: bool = True

    @field_validator("questions", mode="before")
    @classmethod
    def _variants(cls, value: object) -> object:
        """One per line when given as text; blank lines and repeats (ignoring diacritics) dropped."""
        items = value.splitlines() if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            return value
        seen: set[str] = set()
        kept: list[str] = []
        for item in items:
            if not isinstance(item, str):
                raise ValueError(messages.CURATED_BAD_QUESTIONS)
            text = normalize(" ".join(item.split()))
            key = fold(text).strip(" ?.!")
            if text and key not in seen:
                seen.add(key)
                kept.append(text)
        if not kept:
            raise ValueError(messages.CURATED_NO_QUESTION)
        if len(kept) > MAX_QUESTIONS:
            raise ValueError(messages.CURATED_TOO_MANY_QUESTIONS.format(limit=MAX_QUESTIONS))
        if any(len(text) > MAX_QUESTION_CHARS for text in kept):
            raise ValueError(messages.CURATED_QUESTION_TOO_LONG.format(limit=MAX_QUESTION_CHARS))
        return tuple(kept)

    @field_validator("answer")
    @classmethod
    def _answer(cls, value: str) -> str:
        text = normalize("\n".join(line.rstrip() for line in value.strip().splitlines()))
        if not text:
            raise ValueError(messages.CURATED_NO_ANSWER)
        if len(text) > MAX_ANSWER_CHARS:
            raise ValueError(messages.CURATED_ANSWER_TOO_LONG.format(limit=MAX_ANSWER_CHARS))
        return text

    @field_validator("source_document", "source_section")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return normalize(" ".join(value.split()))

    @field_validator("source_url", mode="before")
    @classmethod
    def _url(cls, value: object) -> object:
        """Only http(s) links: the URL becomes a link in every channel (no ``javascript:``)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise ValueError(messages.CURATED_BAD_URL)
        url = value.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
            raise ValueError(messages.CURATED_BAD_URL)
        return url

    @property
    def source_label(self) -> str:
        """"Document, section" as the citation shows it; "" when no source was given."""
        return ", ".join(part for part in (self.source_document, self.source_section) if part)


class CuratedAnswer(CuratedDraft):
    """A stored curated answer."""

    id: int
    created_by: str
    updated_by: str
    created_at: datetime
    updated_at: datetime

    def active(self, today: date) -> bool:
        """Served on ``today``: enabled and not past its expiry day."""
        return self.enabled and (self.expires_on is None or today <= self.expires_on)

    def draft(self) -> CuratedDraft:
        """The editable part (what the form and the YAML export show)."""
        return CuratedDraft.model_validate(self.model_dump(include=set(CuratedDraft.model_fields)))


_FIELD_NAMES = {
    "questions": messages.CURATED_FIELD_QUESTIONS,
    "answer": messages.CURATED_FIELD_ANSWER,
    "source_document": messages.CURATED_FIELD_DOCUMENT,
    "source_section": messages.CURATED_FIELD_SECTION,
    "source_url": messages.CURATED_FIELD_URL,
    "expires_on": messages.CURATED_FIELD_EXPIRES,
    "enabled": messages.CURATED_FIELD_ENABLED,
}


def draft_errors(exc: ValidationError) -> list[str]:
    """Vietnamese reasons for a refused draft, one per problem, naming the field.

    Our validators raise Vietnamese messages already; pydantic's own checks (a date that
    does not parse, a too-long field, an unknown key in an import) are named by field.
    """
    reasons: list[str] = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        label = _FIELD_NAMES.get(field, field)
        if error["type"] == "value_error":
            reasons.append(f"{label}: {error['ctx']['error']}")
        elif error["type"] == "extra_forbidden":
            reasons.append(messages.CURATED_UNKNOWN_FIELD.format(field=field))
        else:
            reasons.append(messages.CURATED_BAD_FIELD.format(field=label))
    return list(dict.fromkeys(reasons))
