"""The overview's charts as SVG: questions per day, answered share, votes, channels, quiz participation.

``matplotlib.figure.Figure`` with the Agg canvas, never ``pyplot`` (global state, GUI
backends; see ``bot.quiz.chart``). SVG because the charts are a few dozen bars: a few KB,
sharp at any zoom, and text is drawn as paths, so no font has to exist in the browser.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot import messages
from bot.storage.usage import ChannelUsage, DayUsage

ANSWERED_COLOUR = "#2e7d32"
UNANSWERED_COLOUR = "#ef6c00"
UP_COLOUR = "#1565c0"
DOWN_COLOUR = "#c62828"
QUIZ_COLOUR = "#6a1b9a"
# A chart is as wide as the page's column (about 880 px at 100 dpi) and short enough for
# two to fit on a laptop screen.
SIZE = (8.8, 3.0)
# Day labels: every day up to two weeks, then every n-th day so that they do not overlap.
MAX_DAY_LABELS = 15


def _figure() -> tuple[Figure, Axes]:
    figure = Figure(figsize=SIZE, dpi=100)
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _counts_axis(axes: Axes, highest: float) -> None:
    """Whole numbers from 0 (an empty period would otherwise centre the axis on 0, with negatives)."""
    axes.set_ylim(0, max(1.0, highest) * 1.15)
    axes.yaxis.get_major_locator().set_params(integer=True)


def _svg(figure: Figure) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def _day_axis(axes: Axes, days: Sequence[DayUsage]) -> list[int]:
    positions = list(range(len(days)))
    step = max(1, -(-len(days) // MAX_DAY_LABELS))
    axes.set_xticks(positions[::step], [d.day.strftime("%d/%m") for d in days][::step], fontsize=8)
    return positions


def questions_chart(days: Sequence[DayUsage]) -> bytes:
    """Questions per day, answered (bottom) and not answered (on top)."""
    figure, axes = _figure()
    positions = _day_axis(axes, days)
    answered = [d.answered for d in days]
    axes.bar(positions, answered, color=ANSWERED_COLOUR, label=messages.CONSOLE_CHART_ANSWERED)
    axes.bar(positions, [d.questions - d.answered for d in days], bottom=answered,
             color=UNANSWERED_COLOUR, label=messages.CONSOLE_CHART_UNANSWERED)
    axes.set_title(messages.CONSOLE_CHART_QUESTIONS, fontsize=10)
    axes.legend(loc="upper left", fontsize=8)
    _counts_axis(axes, max((d.questions for d in days), default=0))
    return _svg(figure)


def share_chart(days: Sequence[DayUsage]) -> bytes:
    """Share answered per day (days without questions are left out of the line)."""
    figure, axes = _figure()
    positions = _day_axis(axes, days)
    points = [(p, 100.0 * d.answered / d.questions) for p, d in zip(positions, days) if d.questions]
    if points:
        axes.plot([p for p, _ in points], [s for _, s in points], marker="o", color=ANSWERED_COLOUR)
    axes.set_xlim(-0.5, len(days) - 0.5)
    axes.set_ylim(0, 105)
    axes.set_ylabel("%", fontsize=8)
    axes.set_title(messages.CONSOLE_CHART_SHARE, fontsize=10)
    axes.grid(axis="y", alpha=0.3)
    return _svg(figure)


def votes_chart(days: Sequence[DayUsage]) -> bytes:
    """👍 and 👎 per day, side by side (the labels say it in words: fonts lack the emoji)."""
    figure, axes = _figure()
    positions = _day_axis(axes, days)
    axes.bar([p - 0.2 for p in positions], [d.up for d in days], width=0.4, color=UP_COLOUR,
             label=messages.CONSOLE_CHART_UP)
    axes.bar([p + 0.2 for p in positions], [d.down for d in days], width=0.4, color=DOWN_COLOUR,
             label=messages.CONSOLE_CHART_DOWN)
    axes.set_title(messages.CONSOLE_CHART_VOTES, fontsize=10)
    axes.legend(loc="upper left", fontsize=8)
    _counts_axis(axes, max((max(d.up, d.down) for d in days), default=0))
    return _svg(figure)


def channels_chart(channels: Sequence[ChannelUsage]) -> bytes:
    """Questions per channel, busiest at the top."""
    figure, axes = _figure()
    ordered = list(reversed(channels))
    names = [messages.CONSOLE_CHANNELS.get(c.channel, c.channel) for c in ordered]
    axes.barh(names, [c.questions for c in ordered], color=UP_COLOUR)
    axes.set_title(messages.CONSOLE_CHART_CHANNELS, fontsize=10)
    axes.set_xlim(0, max(1.0, max((c.questions for c in channels), default=0)) * 1.1)
    axes.xaxis.get_major_locator().set_params(integer=True)
    return _svg(figure)


def quiz_chart(days: Sequence[DayUsage]) -> bytes:
    """Quiz attempts finished per day, with the people who finished them."""
    figure, axes = _figure()
    positions = _day_axis(axes, days)
    axes.bar(positions, [d.quiz_attempts for d in days], color=QUIZ_COLOUR, label=messages.CONSOLE_CHART_ATTEMPTS)
    axes.plot(positions, [d.quiz_people for d in days], color="#000000", marker=".", linewidth=1,
              label=messages.CONSOLE_CHART_PEOPLE)
    axes.set_title(messages.CONSOLE_CHART_QUIZ, fontsize=10)
    axes.legend(loc="upper left", fontsize=8)
    _counts_axis(axes, max((d.quiz_attempts for d in days), default=0))
    return _svg(figure)


CHARTS = {"questions": questions_chart, "share": share_chart, "votes": votes_chart, "quiz": quiz_chart}
