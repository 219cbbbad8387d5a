"""The two-targets chart: staff and citizens against their plan targets, survey questions, unit coverage.

Three panels on one PNG, so an office pastes one picture into its report:

* top left – the two targets side by side: staff who passed (of those surveyed) and staff
  surveyed of the headcount, citizens who "hiểu rõ" with its 95% interval, each target
  marked;
* top right – every survey question's positive share with its 95% interval;
* bottom – per unit, coverage (surveyed / headcount) beside the pass rate, targets marked.

Like ``bot.quiz.chart``: ``Figure`` with the Agg canvas, never ``pyplot`` (global state, GUI
backends), so it renders safely from worker threads.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot import messages
from bot.quiz.chart import BELOW_COLOUR, DPI, LABEL_WIDTH, MET_COLOUR, TARGET_COLOUR
from bot.survey.stats import Estimate
from bot.survey.targets import TargetsReport

COVERAGE_COLOUR = "#1565c0"
NO_DATA_COLOUR = "#bdbdbd"
# Question names wrap at this width beside their horizontal bar.
QUESTION_WIDTH = 28
BAR_WIDTH = 0.38
# The three bars of the targets panel share a third of the figure's width each.
TARGET_LABEL_WIDTH = 18


@dataclass(frozen=True)
class TargetsChart:
    """The PNG and what was drawn (tests check the panels without decoding pixels)."""

    png: bytes
    targets: tuple[str, ...]
    questions: tuple[str, ...]
    units: tuple[str, ...]


def _error(estimate: Estimate) -> tuple[float, float]:
    """Distances from the share down and up to the interval's ends (matplotlib's ``yerr``)."""
    share = estimate.share or 0.0
    low, high = estimate.interval
    return share - low, high - share


def _target_mark(axes, position: float, target: float, *, horizontal: bool = False) -> None:  # noqa: ANN001 - Axes
    if horizontal:
        axes.vlines(target, position - 0.4, position + 0.4, colors=TARGET_COLOUR, linestyles="--", linewidth=2)
    else:
        axes.hlines(target, position - 0.4, position + 0.4, colors=TARGET_COLOUR, linestyles="--", linewidth=2)


def _targets_panel(axes, report: TargetsReport) -> tuple[str, ...]:  # noqa: ANN001 - Axes
    org = report.staff.organisation
    labels = [messages.CHART_TARGETS_STAFF, messages.CHART_TARGETS_COVERAGE]
    values = [org.rate, org.coverage]
    colours = [MET_COLOUR if org.rate is not None and org.rate >= org.target else BELOW_COLOUR, COVERAGE_COLOUR]
    errors: list[tuple[float, float]] = [(0.0, 0.0), (0.0, 0.0)]
    if report.survey is not None:
        key = report.survey.key.estimate
        labels.append(messages.CHART_TARGETS_CITIZENS)
        values.append(key.share)
        colours.append(MET_COLOUR if key.verdict(report.survey.target) == "reached" else BELOW_COLOUR)
        errors.append(_error(key) if key.n else (0.0, 0.0))
    positions = list(range(len(labels)))
    heights = [value or 0.0 for value in values]
    axes.bar(positions, heights, color=[c if v is not None else NO_DATA_COLOUR for c, v in zip(colours, values)],
             width=0.6)
    if report.survey is not None and report.survey.key.estimate.n:  # only the citizens' share is an estimate
        axes.errorbar([2], [heights[2]], yerr=[[errors[2][0]], [errors[2][1]]], fmt="none", capsize=6, ecolor="#424242")
    _target_mark(axes, 0, org.target)
    if report.survey is not None:
        _target_mark(axes, 2, report.survey.target)
    for position, value in zip(positions, values):
        caption = f"{value:.0f}%" if value is not None else messages.CHART_NOT_SURVEYED
        axes.annotate(caption, (position + 0.32, (value or 0.0) + 2), fontsize=8)
    axes.plot([], [], color=TARGET_COLOUR, linestyle="--", label=messages.CHART_TARGET)
    axes.legend(loc="lower right", fontsize=8)
    axes.set_xticks(positions, [textwrap.fill(label, TARGET_LABEL_WIDTH) for label in labels], fontsize=8)
    axes.set_ylim(0, 110)
    axes.set_ylabel(messages.CHART_PERCENT)
    axes.set_title(messages.CHART_TARGETS_TITLE, fontsize=10)
    axes.grid(axis="y", alpha=0.3)
    return tuple(labels)


def _questions_panel(axes, report: TargetsReport) -> tuple[str, ...]:  # noqa: ANN001 - Axes
    survey = report.survey
    axes.set_title(messages.CHART_SURVEY_TITLE, fontsize=10)
    axes.set_xlim(0, 105)
    if survey is None:
        axes.text(50, 0.5, messages.SURVEY_REPORT_NONE, ha="center", va="center", fontsize=8, wrap=True)
        axes.set_yticks([])
        return ()
    questions = list(reversed(survey.questions))  # the first question on top
    positions = list(range(len(questions)))
    shares = [q.estimate.share or 0.0 for q in questions]
    errors = [_error(q.estimate) if q.estimate.n else (0.0, 0.0) for q in questions]
    colours = [COVERAGE_COLOUR if q.estimate.n else NO_DATA_COLOUR for q in questions]
    axes.barh(positions, shares, color=colours, height=0.6, xerr=list(zip(*errors)), capsize=4, ecolor="#424242")
    for position, question in zip(positions, questions):
        if question.question_id == survey.key.question_id:
            _target_mark(axes, position, survey.target, horizontal=True)
        caption = f"n={question.estimate.n}"
        axes.annotate(caption, (1, position - 0.05), fontsize=7, color="white" if question.estimate.n else "black")
    labels = [textwrap.fill(q.short, QUESTION_WIDTH) for q in questions]
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_xlabel(messages.CHART_PERCENT)
    axes.grid(axis="x", alpha=0.3)
    return tuple(q.short for q in survey.questions)


def _units_panel(axes, report: TargetsReport) -> tuple[str, ...]:  # noqa: ANN001 - Axes
    rows = report.staff.units
    positions = list(range(len(rows)))
    coverage = [row.coverage or 0.0 for row in rows]
    rates = [row.rate or 0.0 for row in rows]
    axes.bar([p - BAR_WIDTH / 2 for p in positions], coverage, width=BAR_WIDTH, color=COVERAGE_COLOUR,
             label=messages.CHART_COVERAGE)
    axes.bar([p + BAR_WIDTH / 2 for p in positions], rates, width=BAR_WIDTH,
             color=[MET_COLOUR if r.rate is not None and r.rate >= r.target else BELOW_COLOUR for r in rows],
             label=messages.CHART_PASS_RATE)
    for position, row in zip(positions, rows):
        axes.hlines(row.target, position, position + BAR_WIDTH, colors=TARGET_COLOUR, linestyles="--", linewidth=2)
        if row.headcount is not None:
            axes.annotate(f"{row.surveyed}/{row.headcount}", (position - BAR_WIDTH, (row.coverage or 0) + 2), fontsize=7)
    axes.plot([], [], color=TARGET_COLOUR, linestyle="--", label=messages.CHART_TARGET)
    axes.legend(loc="upper right", fontsize=8, ncols=3)
    labels = tuple(textwrap.fill(row.name, LABEL_WIDTH) for row in rows)
    axes.set_xticks(positions, labels, fontsize=8)
    axes.set_ylim(0, 125)
    axes.set_ylabel(messages.CHART_PERCENT)
    axes.set_title(messages.CHART_UNITS_TITLE, fontsize=10)
    axes.grid(axis="y", alpha=0.3)
    return tuple(row.name for row in rows)


def render_targets_chart(report: TargetsReport) -> TargetsChart:
    """The three panels as one PNG.

    Args:
        report: Staff and survey reports of one period.
    """
    width = max(11.0, 1.3 * len(report.staff.units) + 3)
    figure = Figure(figsize=(width, 8.5), dpi=DPI)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, 2, height_ratios=(1, 1), width_ratios=(1, 1.3))
    targets = _targets_panel(figure.add_subplot(grid[0, 0]), report)
    questions = _questions_panel(figure.add_subplot(grid[0, 1]), report)
    units = _units_panel(figure.add_subplot(grid[1, :]), report)
    figure.suptitle(report.staff.period_label, fontsize=9)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return TargetsChart(png=buffer.getvalue(), targets=targets, questions=questions, units=units)
