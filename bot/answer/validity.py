"""Validity warnings: replaced documents, and plans written before the 2025 changes.

The shipped plans date from 2022-2024. What they say about the one-stop shop, the
district level and "mức độ 3, 4" online services was overtaken in 2022-2025; an answer
quoting them must say so in one line. The rules below come from the checked fact sheet
(section 0 of ../shared/facts/cchc-legal-facts.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import messages
from indexer.models import DocumentMeta
from indexer.textnorm import fold


@dataclass(frozen=True)
class Change:
    """A change in the rules: the folded wording it affects, when it took effect, what to say."""

    pattern: re.Pattern[str]
    effective: str  # ISO date
    note: str


CHANGES: tuple[Change, ...] = (
    Change(re.compile(r"\bmot cua\b|bo phan tiep nhan va tra ket qua"), "2025-07-01", messages.CHANGE_ONE_STOP),
    Change(re.compile(r"\bhuyen\b|\bthi tran\b"), "2025-07-01", messages.CHANGE_DISTRICT),
    Change(re.compile(r"muc do 3|muc do 4|muc do 3, 4"), "2022-08-15", messages.CHANGE_ONLINE_LEVELS),
)


def replaced_note(meta: DocumentMeta) -> str | None:
    """One line when the document itself has been replaced."""
    if not meta.replaced_by:
        return None
    when = f" từ {_display(meta.replaced_on)}" if meta.replaced_on else ""
    return f"{messages.REPLACED_PREFIX} {meta.replaced_by}{when}."


def stale_note(meta: DocumentMeta, text: str) -> str | None:
    """One line naming every later change that affects what ``text`` (from ``meta``) says.

    A document with a known date (or year) before a change's effective date, whose text
    uses the affected wording, gets that change's note. Legal notes written after the
    change (or carrying their own validity fields) are not flagged.
    """
    issued = meta.date or (f"{meta.year}-12-31" if meta.year else None)
    if not issued or meta.effective_from:
        return None
    folded = fold(text)
    changes = [c.note for c in CHANGES if issued < c.effective and c.pattern.search(folded)]
    if not changes:
        return None
    return messages.STALE_PREFIX.format(year=issued[:4]) + " " + " ".join(changes)


def _display(iso: str) -> str:
    """"2025-07-01" → "01/7/2025" (the form Vietnamese documents use)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not match:
        return iso
    year, month, day = match.groups()
    return f"{day}/{int(month)}/{year}"
