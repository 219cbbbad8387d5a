"""Plain-text rendering of core results (build reports, stats, gaps, source excerpts).

The templates live in ``bot.messages``; these functions only fill them, so wording stays
in one file and layout logic stays testable.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import messages
from bot.storage.database import LOCAL_TZ
from bot.storage.models import GapGroup, Stats
from indexer.build import BuildReport
from indexer.errors import DocumentLimitError
from indexer.limits import LIMITS

ELLIPSIS = "…"


def trim_at_line(text: str, limit: int) -> str:
    """Shorten ``text`` to at most ``limit`` characters, cutting at a line (else word) boundary.

    A cut in the first half of the budget would waste too much, so then the word boundary
    is used instead.
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS)]
    for separator in ("\n", " "):
        cut = head.rfind(separator)
        if cut >= limit // 2:
            return head[:cut].rstrip() + ELLIPSIS
    return head.rstrip() + ELLIPSIS


def short_label(text: str, limit: int) -> str:
    """A one-line button label of at most ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + ELLIPSIS


def format_build_report(report: BuildReport) -> str:
    """The admin's reply to a successful rebuild: counts, time, and every skipped file with its reason."""
    lines = [messages.RELOAD_DONE.format(documents=report.documents, chunks=report.chunks, seconds=report.seconds)]
    if report.skipped:
        lines.append(messages.RELOAD_SKIPPED.format(count=len(report.skipped)))
        for name, reason in report.skipped:
            refused = report.refused.get(name)
            shown = limit_reason(refused) if refused is not None else reason
            lines.append(messages.RELOAD_SKIPPED_LINE.format(name=name, reason=shown))
    return "\n".join(lines)


def limit_reason(exc: DocumentLimitError) -> str:
    """A file's refusal for people, naming the bound, its value and its setting ("vượt giới hạn số trang PDF…")."""
    setting = LIMITS[exc.limit][1]
    what = messages.LIMIT_WHAT[exc.limit]
    unit = messages.LIMIT_UNIT[exc.limit]
    maximum = _number(exc.maximum)
    if exc.found is None:
        return messages.DOCUMENT_LIMIT_UNMEASURED.format(what=what, maximum=maximum, unit=unit, setting=setting)
    return messages.DOCUMENT_LIMIT.format(what=what, found=_number(exc.found), maximum=maximum, unit=unit,
                                          setting=setting)


def _number(value: float) -> str:
    """Vietnamese digit grouping: 1.000.000 (and 1,5 for a fraction)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:g}".replace(".", ",")


def format_stats(stats: Stats) -> str:
    """The ``/stats`` reply."""
    text = messages.STATS.format(
        users=stats.users,
        today=stats.questions_today,
        days=stats.window_days,
        window=stats.questions_window,
        share=stats.answered_share,
        up=stats.feedback_up,
        down=stats.feedback_down,
    )
    if not stats.top_questions:
        return text
    top = [
        messages.STATS_TOP_LINE.format(rank=rank, question=item.question, count=item.count)
        for rank, item in enumerate(stats.top_questions, start=1)
    ]
    return "\n".join([text, messages.STATS_TOP, *top])


def format_gaps(groups: Sequence[GapGroup], days: int) -> str:
    """The ``/gaps`` reply; times are shown in the offices' local time (UTC+7)."""
    if not groups:
        return messages.GAPS_EMPTY.format(days=days)
    lines = [messages.GAPS_TITLE.format(days=days)]
    for rank, group in enumerate(groups, start=1):
        last = group.last_asked.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
        lines.append(messages.GAPS_LINE.format(rank=rank, question=group.representative, count=group.count, last=last))
    return "\n".join(lines)
