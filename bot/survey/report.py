"""The citizens' survey report: the "hiểu rõ" share against the target, per question, channel and place.

Definitions (also in docs/survey.md):

* a question's **share** is positive answers / answers that count, where options marked
  ``excluded`` ("chưa làm thủ tục") and options no longer in the file do not count;
* every share comes with its 95% Wilson interval (``bot.survey.stats``) and the verdict
  against the target uses the whole interval: reached, not reached, or not yet conclusive;
* the **key question** (``key_question`` of the file) measures the plan's target, e.g.
  "95% người dân được khảo sát hiểu rõ mục đích, ý nghĩa, lợi ích của CCHC";
* answers are counted by the day they were given (local days), whatever the response's
  status: a citizen who stopped after two questions still answered those two.

``compute_survey_report`` is pure (tests check it by hand); ``build_survey_report`` feeds it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot import messages
from bot.quiz.render import percent
from bot.quiz.report import excel_csv
from bot.storage.survey import ResponseStatus, SurveyAnswer, SurveyStore
from bot.survey.models import SurveyDefinition, SurveyQuestion
from bot.survey.stats import Estimate


@dataclass(frozen=True)
class OptionCount:
    """How often one option was chosen."""

    option_id: str
    label: str
    count: int
    positive: bool
    excluded: bool


@dataclass(frozen=True)
class QuestionResult:
    """One question: its options and the positive share among answers that count."""

    question_id: str
    short: str
    text: str
    options: tuple[OptionCount, ...]
    estimate: Estimate

    @property
    def excluded(self) -> int:
        """Answers that do not count ("not applicable", or an option removed from the file)."""
        return sum(o.count for o in self.options if o.excluded)


@dataclass(frozen=True)
class GroupResult:
    """The key question's share within one channel or place."""

    group_id: str
    name: str
    estimate: Estimate


@dataclass(frozen=True)
class SurveyReport:
    """Everything the survey part of ``/baocao`` and ``cchc report`` shows."""

    survey_id: str
    title: str
    period_label: str
    target: float
    key: QuestionResult
    questions: tuple[QuestionResult, ...]
    by_channel: tuple[GroupResult, ...]
    by_place: tuple[GroupResult, ...]
    statuses: Mapping[ResponseStatus, int]
    respondents: int  # responses with at least one answer in the period


def _question_result(question: SurveyQuestion, chosen: Sequence[str]) -> QuestionResult:
    counts = Counter(chosen)
    options = [
        OptionCount(o.id, o.label, counts.pop(o.id, 0), o.positive, o.excluded) for o in question.options
    ]
    # Options removed from the file since: shown by id, counted neither way.
    options += [OptionCount(option_id, option_id, n, False, True) for option_id, n in sorted(counts.items())]
    counted = sum(o.count for o in options if not o.excluded)
    positive = sum(o.count for o in options if o.positive)
    return QuestionResult(question.id, question.short, question.text, tuple(options), Estimate(positive, counted))


def _groups(
    question: SurveyQuestion, answers: Sequence[SurveyAnswer], key: str, names: Mapping[str, str]
) -> tuple[GroupResult, ...]:
    """The key question's share per value of ``key`` ("channel" or "place"), in ``names`` order then by id."""
    by_group: dict[str, list[str]] = {}
    for answer in answers:
        if answer.question_id == question.id:
            by_group.setdefault(getattr(answer, key), []).append(answer.option_id)
    order = [g for g in names if g in by_group] + sorted(set(by_group) - set(names))
    return tuple(
        GroupResult(group, names.get(group, group), _question_result(question, by_group[group]).estimate)
        for group in order
    )


def compute_survey_report(
    survey: SurveyDefinition,
    answers: Sequence[SurveyAnswer],
    statuses: Mapping[ResponseStatus, int],
    *,
    period_label: str = "",
) -> SurveyReport:
    """The figures of one period (see the module docstring for the definitions).

    Args:
        survey: The survey file in force (labels, positive and excluded options).
        answers: Answers to this survey given in the period.
        statuses: Responses offered in the period, by status (offers, completions, refusals).
        period_label: The period line of the text.
    """
    by_question: dict[str, list[str]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer.option_id)
    results = tuple(_question_result(q, by_question.get(q.id, [])) for q in survey.questions)
    key_question = survey.question(survey.key_question)
    assert key_question is not None  # the model validates key_question
    places = {p.id: p.name for p in survey.places} | {"": messages.SURVEY_PLACE_UNSTATED}
    return SurveyReport(
        survey_id=survey.id,
        title=survey.title,
        period_label=period_label,
        target=survey.target,
        key=next(r for r in results if r.question_id == survey.key_question),
        questions=results,
        by_channel=_groups(key_question, answers, "channel", messages.SURVEY_CHANNELS),
        by_place=_groups(key_question, answers, "place", places) if survey.places else (),
        statuses=dict(statuses),
        respondents=len({answer.response_id for answer in answers}),
    )


async def build_survey_report(
    store: SurveyStore, survey: SurveyDefinition, *, since: date, until: date, period_label: str = ""
) -> SurveyReport:
    """Query local days [since, until] and compute the report."""
    answers = await store.answers_between(survey=survey.id, since=since, until=until)
    statuses = await store.status_counts(survey=survey.id, since=since, until=until)
    return compute_survey_report(survey, answers, statuses, period_label=period_label)


# ---------------------------------------------------------------------- rendering


def _points(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def estimate_text(estimate: Estimate) -> str:
    """"90% (36/40 người), khoảng tin cậy 95%: 77%–96% (sai số ±13 điểm %)", or "chưa có câu trả lời"."""
    share, margin = estimate.share, estimate.margin
    if share is None or margin is None:
        return messages.SURVEY_ESTIMATE_EMPTY
    low, high = estimate.interval
    return messages.SURVEY_ESTIMATE.format(
        share=percent(share), positive=estimate.successes, n=estimate.n, low=percent(low), high=percent(high),
        margin=_points(margin),
    )


def verdict_text(estimate: Estimate, target: float) -> str:
    """The Vietnamese verdict of ``estimate`` against ``target``."""
    return messages.SURVEY_VERDICTS[estimate.verdict(target)]


def survey_text(report: SurveyReport) -> str:
    """The Vietnamese summary: the key share against the target, each question, channels, places."""
    statuses = report.statuses
    lines = [
        messages.SURVEY_REPORT_TITLE.format(title=report.title), *([report.period_label] if report.period_label else []),
        messages.SURVEY_REPORT_METHOD,
        messages.SURVEY_REPORT_TAKEN.format(
            offered=sum(statuses.values()), respondents=report.respondents, done=statuses.get("done", 0),
            skipped=statuses.get("skipped", 0),
        ),
        "",
        messages.SURVEY_REPORT_KEY.format(
            estimate=estimate_text(report.key.estimate), target=percent(report.target),
            verdict=verdict_text(report.key.estimate, report.target),
        ),
        "",
        messages.SURVEY_REPORT_QUESTIONS,
    ]
    for question in report.questions:
        lines.append(messages.SURVEY_REPORT_QUESTION.format(short=question.short, estimate=estimate_text(question.estimate)))
        if question.estimate.n or question.excluded:
            counts = "; ".join(f"{o.label}: {o.count}" for o in question.options)
            lines.append(messages.SURVEY_REPORT_OPTIONS.format(options=counts))
    for title, groups in ((messages.SURVEY_BY_CHANNEL, report.by_channel), (messages.SURVEY_BY_PLACE, report.by_place)):
        if groups:
            lines += ["", messages.SURVEY_REPORT_GROUPS.format(by=title)]
            lines += [messages.SURVEY_REPORT_GROUP.format(name=g.name, estimate=estimate_text(g.estimate)) for g in groups]
    return "\n".join(lines)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _estimate_cells(estimate: Estimate) -> list[object]:
    low, high = estimate.interval if estimate.n else (None, None)
    return [estimate.n, estimate.successes, _number(estimate.share), _number(low), _number(high)]


def survey_csv(report: SurveyReport) -> bytes:
    """Questions (with their options), then the key question by channel and by place (UTF-8 with BOM, for Excel)."""
    rows: list[Sequence[object]] = [messages.SURVEY_CSV]
    for question in report.questions:
        is_key = question.question_id == report.key.question_id
        target = _number(report.target) if is_key else ""
        verdict = verdict_text(question.estimate, report.target) if is_key else ""
        rows.append([messages.SURVEY_CSV_QUESTION, question.question_id, question.text,
                     *_estimate_cells(question.estimate), question.excluded, target, verdict])
        for option in question.options:
            rows.append([messages.SURVEY_CSV_OPTION, f"{question.question_id}/{option.option_id}", option.label,
                         "", option.count, "", "", "", option.count if option.excluded else "", "", ""])
    for kind, groups in ((messages.SURVEY_CSV_CHANNEL, report.by_channel), (messages.SURVEY_CSV_PLACE, report.by_place)):
        for group in groups:
            rows.append([kind, group.group_id, group.name, *_estimate_cells(group.estimate), "",
                         _number(report.target), verdict_text(group.estimate, report.target)])
    return excel_csv(rows)
