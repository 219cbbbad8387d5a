"""The awareness report: per unit, for the organisation, per topic and per question.

Definitions (also in docs/quiz.md, because offices quote these numbers upward):

* **enrolled only** – attempts by people the office did not enrol (``bot.quiz.enrolment``)
  are practice: left out of every figure, and counted as such;
* **surveyed** – distinct people with at least one *finished* attempt in the period. A
  person is counted once, in the unit of their latest finished attempt in the period;
* **passed** – surveyed people whose latest finished attempt in the period passed (at the
  threshold in force when they took it);
* **rate** – passed / surveyed; **gap** – target − rate in percentage points (positive:
  below target); **needed** – how many more people must pass to reach the target;
* per topic and per question – every answer given in the period (finished attempt or
  not), correct share, lowest first: what to explain again.

``compute_report`` is pure (tests check its arithmetic by hand); ``build_report`` feeds it
from storage; the renderers turn it into text, CSV and the chart.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from bot import messages
from bot.dialogue.models import Reply
from bot.quiz.models import UnitList
from bot.quiz.render import percent, topic_name, unit_name
from bot.storage.database import LOCAL_TZ
from bot.storage.quiz import FinishedAttempt, QuizStore, StoredAnswer

# The text summary lists this many weakest topics and questions; the CSV has them all.
TEXT_ITEMS = 5
# Question texts in the summary are cut here (the CSV keeps them whole).
QUESTION_CHARS = 90
# "All data" starts here: before the assistant existed.
EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
_EPSILON = 1e-9


@dataclass(frozen=True)
class UnitRow:
    """One unit's (or the organisation's) awareness figures."""

    unit_id: str
    name: str
    surveyed: int
    passed: int
    target: float
    headcount: int | None = None  # issue 14: staff of the unit, when units.yaml declares it
    practice: int = 0  # issue 12: finished practice attempts in this unit (people not enrolled), left out

    @property
    def coverage(self) -> float | None:
        """Surveyed / headcount in percent: how much of the staff the figures speak for."""
        return 100.0 * self.surveyed / self.headcount if self.headcount else None

    @property
    def passed_of_staff(self) -> float | None:
        """Passed / headcount in percent: the plan's target read against the whole staff list."""
        return 100.0 * self.passed / self.headcount if self.headcount else None

    @property
    def rate(self) -> float | None:
        """Passed / surveyed in percent; None when nobody was surveyed."""
        return 100.0 * self.passed / self.surveyed if self.surveyed else None

    @property
    def gap(self) -> float | None:
        """Target − rate in percentage points (positive: below target); None when not surveyed."""
        rate = self.rate
        return None if rate is None else self.target - rate

    @property
    def needed(self) -> int:
        """More people who must pass (with the same number surveyed) to reach the target."""
        required = math.ceil(self.target * self.surveyed / 100 - _EPSILON)
        return max(0, required - self.passed)


@dataclass(frozen=True)
class ItemRow:
    """Correctness of one topic or one question."""

    kind: str  # "topic" or "question"
    item_id: str
    topic: str
    text: str
    answered: int
    correct: int

    @property
    def share(self) -> float:
        """Correct / answered in percent."""
        return 100.0 * self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class AwarenessReport:
    """Everything ``/baocao`` and ``cchc report`` show."""

    period_label: str
    organisation: UnitRow
    units: tuple[UnitRow, ...]
    topics: tuple[ItemRow, ...]
    questions: tuple[ItemRow, ...]
    attempts: int
    # Finished attempts of people not enrolled (practice): left out of every figure above.
    practice_attempts: int = 0


# ---------------------------------------------------------------------- period


def _parse_day(text: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date {text!r} is not YYYY-MM-DD or DD/MM/YYYY")


def _day_label(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class PeriodOutOfRange(ValueError):
    """A day so far in the past or future that its UTC bound cannot be represented (0001-01-01)."""


def period(since_day: date | None, until_day: date | None, *, now: datetime) -> tuple[datetime, datetime, str]:
    """UTC bounds and label of a period of local (UTC+7) days, both days inclusive.

    Raises:
        PeriodOutOfRange: a day whose bound overflows ``datetime`` (year 1 or 9999).
        ValueError: ``since_day`` after ``until_day``.
    """
    try:
        return _period(since_day, until_day, now=now)
    except OverflowError as exc:
        raise PeriodOutOfRange(f"a report day must lie between years 2 and 9998, got {since_day} – {until_day}") from exc


def _period(since_day: date | None, until_day: date | None, *, now: datetime) -> tuple[datetime, datetime, str]:
    local_now = now.astimezone(LOCAL_TZ)
    until = (
        datetime.combine(until_day, time.max, tzinfo=LOCAL_TZ).astimezone(timezone.utc) if until_day else now
    )
    shown_until = until_day or local_now.date()
    if since_day is None:
        return EPOCH, until, messages.REPORT_PERIOD_ALL.format(until=_day_label(shown_until))
    if until_day is not None and since_day > until_day:
        raise ValueError(f"period starts {since_day} after it ends {until_day}")
    since = datetime.combine(since_day, time.min, tzinfo=LOCAL_TZ).astimezone(timezone.utc)
    label = messages.REPORT_PERIOD.format(since=_day_label(since_day), until=_day_label(shown_until))
    return since, until, label


def parse_period(args: str, *, now: datetime) -> tuple[datetime, datetime, str]:
    """``/baocao`` arguments: none (all data), ``from``, or ``from to``.

    Raises:
        ValueError: More than two words, an unreadable date, or from after to.
    """
    words = args.split()
    if len(words) > 2:
        raise ValueError(f"expected at most two dates, got {args!r}")
    days = [_parse_day(word) for word in words]
    return period(days[0] if days else None, days[1] if len(days) > 1 else None, now=now)


# ---------------------------------------------------------------------- computing


def compute_report(
    attempts: Sequence[FinishedAttempt],
    answers: Sequence[StoredAnswer],
    units: UnitList,
    *,
    period_label: str = "",
) -> AwarenessReport:
    """The figures of one period (see the module docstring for the definitions).

    Args:
        attempts: Finished attempts in the period (any order).
        answers: Answers given in the period.
        units: Configured units and targets; units seen in attempts but no longer
            configured are reported too, at the default target.
        period_label: The period line of the text summary.
    """
    counted = [attempt for attempt in attempts if not attempt.practice]  # only enrolled people count
    latest: dict[int, FinishedAttempt] = {}
    for attempt in counted:
        if attempt.user_id is None:  # forgotten user: no person to count
            continue
        current = latest.get(attempt.user_id)
        if current is None or (attempt.finished_at, attempt.id) > (current.finished_at, current.id):
            latest[attempt.user_id] = attempt
    practice = Counter(attempt.unit for attempt in attempts if attempt.practice)
    order = [u.id for u in units.units]
    order += sorted({a.unit for a in latest.values()} - set(order))
    rows = []
    for unit_id in order:
        people = [a for a in latest.values() if a.unit == unit_id]
        configured = units.get(unit_id)
        rows.append(UnitRow(
            unit_id=unit_id,
            name=unit_name(units, unit_id),
            surveyed=len(people),
            passed=sum(a.passed for a in people),
            target=configured.target if configured else units.default_target,
            headcount=configured.headcount if configured else None,
            practice=practice.get(unit_id, 0),
        ))
    organisation = UnitRow(
        unit_id="", name=units.organisation, surveyed=len(latest),
        passed=sum(a.passed for a in latest.values()), target=units.target,
        headcount=units.organisation_headcount, practice=sum(practice.values()),
    )
    return AwarenessReport(
        period_label=period_label,
        organisation=organisation,
        units=tuple(rows),
        topics=_items("topic", [(a.topic, a.topic, topic_name(a.topic), a.correct) for a in answers]),
        questions=_items("question", [(a.question_id, a.topic, a.question, a.correct) for a in answers]),
        attempts=len(counted),
        practice_attempts=len(attempts) - len(counted),
    )


def _items(kind: str, rows: Sequence[tuple[str, str, str, bool]]) -> tuple[ItemRow, ...]:
    """Group (id, topic, text, correct) rows; lowest share first, then most answered, then id."""
    answered: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    described: dict[str, tuple[str, str]] = {}
    for item_id, topic, text, right in rows:
        answered[item_id] += 1
        correct[item_id] += int(right)
        described[item_id] = (topic, text)  # the latest wording
    items = [
        ItemRow(kind=kind, item_id=i, topic=described[i][0], text=described[i][1],
                answered=answered[i], correct=correct[i])
        for i in answered
    ]
    return tuple(sorted(items, key=lambda r: (r.share, -r.answered, r.item_id)))


async def build_report(
    store: QuizStore, units: UnitList, *, since: datetime, until: datetime, period_label: str = ""
) -> AwarenessReport:
    """Query one period and compute its report."""
    attempts = await store.finished_attempts(since=since, until=until)
    answers = await store.answers_between(since=since, until=until)
    return compute_report(attempts, answers, units, period_label=period_label)


# ---------------------------------------------------------------------- rendering


def _status(row: UnitRow) -> str:
    gap = row.gap
    if gap is None or gap <= _EPSILON:
        return messages.REPORT_MET
    return messages.REPORT_GAP.format(gap=f"{gap:.1f}".replace(".", ","), needed=row.needed)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUESTION_CHARS else text[: QUESTION_CHARS - 1].rstrip() + "…"


def report_text(report: AwarenessReport) -> str:
    """The Vietnamese summary: units, organisation, weakest topics and questions."""
    lines = [messages.REPORT_TITLE, report.period_label, messages.REPORT_RULES,
             messages.REPORT_PRACTICE.format(count=report.practice_attempts), "", messages.REPORT_UNITS_TITLE]
    for row in report.units:
        if row.rate is None:
            lines.append(messages.REPORT_UNIT_EMPTY.format(unit=row.name, target=percent(row.target)))
        else:
            lines.append(messages.REPORT_UNIT_LINE.format(
                unit=row.name, surveyed=row.surveyed, passed=row.passed, rate=percent(row.rate),
                target=percent(row.target), status=_status(row),
            ))
    org = report.organisation
    lines.append("")
    if org.rate is None:
        lines.append(messages.REPORT_ORG_EMPTY.format(name=org.name))
    else:
        lines.append(messages.REPORT_ORG_LINE.format(
            name=org.name, surveyed=org.surveyed, passed=org.passed, rate=percent(org.rate),
            target=percent(org.target), status=_status(org),
        ))
    lines.append("")
    lines.extend(coverage_lines(report))
    if not report.questions:
        lines.append(messages.REPORT_NO_ANSWERS)
        return "\n".join(lines)
    lines.append(messages.REPORT_TOPICS_TITLE)
    for rank, item in enumerate(report.topics[:TEXT_ITEMS], start=1):
        lines.append(messages.REPORT_TOPIC_LINE.format(
            rank=rank, topic=item.text, share=percent(item.share), correct=item.correct, total=item.answered
        ))
    lines.append("")
    lines.append(messages.REPORT_QUESTIONS_TITLE)
    for rank, item in enumerate(report.questions[:TEXT_ITEMS], start=1):
        lines.append(messages.REPORT_QUESTION_LINE.format(
            rank=rank, question=_short(item.text), share=percent(item.share), correct=item.correct,
            total=item.answered, id=item.item_id,
        ))
    return "\n".join(lines)


def _csv(rows: Sequence[Sequence[object]]) -> bytes:
    """CSV in UTF-8 with a byte-order mark: Excel on Windows then shows Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def units_csv(report: AwarenessReport) -> bytes:
    """One row per unit, then the organisation."""
    rows: list[Sequence[object]] = [[*messages.REPORT_CSV_UNITS, messages.REPORT_CSV_PRACTICE,
                                      *messages.REPORT_CSV_COVERAGE]]
    for row in (*report.units, report.organisation):
        unit_id = row.unit_id if row is not report.organisation else messages.REPORT_CSV_ORG
        rows.append([
            unit_id, row.name, row.surveyed, row.passed, _number(row.rate), _number(row.target),
            _number(None if row.gap is None else max(0.0, row.gap)), row.needed,
            row.practice, *coverage_cells(row),
        ])
    return _csv(rows)


def questions_csv(report: AwarenessReport) -> bytes:
    """Topics then questions, each lowest correct share first."""
    rows: list[Sequence[object]] = [messages.REPORT_CSV_QUESTIONS]
    for item in (*report.topics, *report.questions):
        kind = messages.REPORT_CSV_TOPIC if item.kind == "topic" else messages.REPORT_CSV_QUESTION
        rows.append([kind, item.item_id, topic_name(item.topic), item.text, item.answered, item.correct,
                     f"{item.share:.1f}"])
    return _csv(rows)


UNITS_CSV_NAME = "bao-cao-don-vi.csv"
QUESTIONS_CSV_NAME = "bao-cao-cau-hoi.csv"


def report_replies(report: AwarenessReport) -> list[Reply]:
    """Text with the chart image, then the two CSV files (blocking: renders the chart)."""
    from bot.quiz.chart import render_chart  # matplotlib loads only when a report is asked for

    chart = render_chart(report)
    files = messages.REPORT_FILES.format(names=f"{UNITS_CSV_NAME}, {QUESTIONS_CSV_NAME}")
    return [
        Reply(text=report_text(report), image_png=chart.png),
        Reply(text=files, file_name=UNITS_CSV_NAME, file_bytes=units_csv(report)),
        Reply(text=messages.REPORT_CSV_QUESTION + " / " + messages.REPORT_CSV_TOPIC,
              file_name=QUESTIONS_CSV_NAME, file_bytes=questions_csv(report)),
    ]


# ---------------------------------------------------------------------- staff coverage (issue 14)


def coverage_lines(report: AwarenessReport) -> list[str]:
    """Surveyed / headcount per unit and for the organisation; nothing when no unit declares a headcount."""
    rows = (*report.units, report.organisation)
    if all(row.headcount is None for row in rows):
        return []
    lines = [messages.REPORT_COVERAGE_TITLE]
    for row in rows:
        if row.headcount is None or row.coverage is None or row.passed_of_staff is None:
            lines.append(messages.REPORT_COVERAGE_UNKNOWN.format(unit=row.name))
        else:
            lines.append(messages.REPORT_COVERAGE_LINE.format(
                unit=row.name, surveyed=row.surveyed, headcount=row.headcount, coverage=percent(row.coverage),
                passed=row.passed, passed_share=percent(row.passed_of_staff),
            ))
    return [*lines, ""]


def parse_day(text: str) -> date:
    """A day written YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (contest rounds read their dates so too).

    Raises:
        ValueError: None of those.
    """
    return _parse_day(text)


def excel_csv(rows: Sequence[Sequence[object]]) -> bytes:
    """CSV that Excel opens with Vietnamese intact (the survey and contest tables use it too)."""
    return _csv(rows)


def status_text(row: UnitRow) -> str:
    """"đạt chỉ tiêu" or the gap and how many more must pass (as the unit lines say it)."""
    return _status(row)


def coverage_cells(row: UnitRow) -> list[object]:
    """The coverage columns of one CSV row (empty cells when the headcount is unknown)."""
    headcount = "" if row.headcount is None else row.headcount
    return [headcount, _number(row.coverage), _number(row.passed_of_staff)]
