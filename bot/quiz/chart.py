"""The awareness bar chart: pass rate by unit, with each unit's target marked.

Built on ``matplotlib.figure.Figure`` with the Agg canvas, never ``pyplot``: pyplot keeps
global state and picks a GUI backend, neither of which belongs in a server that renders
reports from worker threads.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot import messages
from bot.quiz.report import AwarenessReport

# Unit names wrap at this width under their bar; longer lines overlap their neighbours.
LABEL_WIDTH = 14
# Colours: reached target / below target / target marks.
MET_COLOUR = "#2e7d32"
BELOW_COLOUR = "#ef6c00"
TARGET_COLOUR = "#c62828"
DPI = 120


@dataclass(frozen=True)
class Chart:
    """The PNG and what was drawn (tests check one bar per unit without decoding pixels)."""

    png: bytes
    bars: int
    labels: tuple[str, ...]


def render_chart(report: AwarenessReport) -> Chart:
    """Bars of the pass rate per unit (0 for units nobody finished), target marks over each bar.

    Args:
        report: The computed report.

    Returns:
        The PNG bytes and the number of bars drawn.
    """
    rows = report.units
    width = max(6.0, 1.1 * len(rows) + 2)
    figure = Figure(figsize=(width, 4.8), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    rates = [row.rate or 0.0 for row in rows]
    colours = [MET_COLOUR if row.rate is not None and row.rate >= row.target else BELOW_COLOUR for row in rows]
    bars = axes.bar(positions, rates, color=colours, width=0.6)
    for position, row in zip(positions, rows):
        axes.hlines(row.target, position - 0.4, position + 0.4, colors=TARGET_COLOUR, linestyles="--", linewidth=2)
        caption = f"{row.rate:.0f}%" if row.rate is not None else messages.CHART_NOT_SURVEYED
        axes.annotate(caption, (position, (row.rate or 0.0) + 1.5), ha="center", fontsize=8)
    if rows:  # one legend entry for every target mark
        axes.plot([], [], color=TARGET_COLOUR, linestyle="--", label=messages.CHART_TARGET)
        axes.legend(loc="upper right", fontsize=8)
    labels = tuple(textwrap.fill(row.name, LABEL_WIDTH) for row in rows)
    axes.set_xticks(positions, labels, fontsize=8)
    axes.set_ylim(0, 110)
    axes.set_ylabel(messages.CHART_YLABEL)
    axes.set_title(f"{messages.CHART_TITLE}\n{report.period_label}", fontsize=10)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return Chart(png=buffer.getvalue(), bars=len(bars), labels=labels)
