"""The progress chart: jogging per session as bars coloured by zone, pain as lines, by week.

Drawn with matplotlib's object-oriented API on an Agg canvas (never ``pyplot``, whose global
state is not safe across threads), at a size a phone shows full-width.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image

from bot.domain.progress import SessionPoint
from bot.domain.rules import PAIN_MAX, PAIN_MIN
from bot.domain.zones import Zone
from bot.reports import wording

# 1080 × 1350 px: a 4:5 portrait image, full-width on a phone.
PHONE_SIZE_INCHES = (7.2, 9.0)
PHONE_DPI = 150
# A wide version for the one-page report.
REPORT_SIZE_INCHES = (10.0, 3.6)
REPORT_DPI = 150

ZONE_COLOURS: dict[Zone | None, str] = {
    Zone.GREEN: "#2e9d5b",
    Zone.AMBER: "#f0a020",
    Zone.RED: "#d64541",
    None: "#a0a4a8",
}
PEAK_COLOUR = "#3b4cc0"
WEEKLY_COLOUR = "#111827"
PALETTE_COLOURS = 256
_BAR_SPAN = 0.8  # of a week, shared by that week's sessions
_MIN_JOG_AXIS = 16.0  # minutes: level 8's 15:00 fits with room for the legend


@dataclass(frozen=True)
class ChartData:
    """What the chart shows: the sessions, each week's average pain and where the user is."""

    points: Sequence[SessionPoint]
    weekly: Mapping[int, float]
    week: int  # today's programme week (0: not started)
    weeks: int  # weeks in the programme
    title: str = wording.CHART_TITLE
    subtitle: str = field(default="")


def positions(points: Sequence[SessionPoint]) -> list[float]:
    """Where each session sits on the week axis: spread across its week, in order."""
    by_week: dict[int, int] = {}
    for point in points:
        by_week[point.week] = by_week.get(point.week, 0) + 1
    seen: dict[int, int] = {}
    placed = []
    for point in points:
        count, index = by_week[point.week], seen.get(point.week, 0)
        seen[point.week] = index + 1
        step = _BAR_SPAN / count
        placed.append(point.week - _BAR_SPAN / 2 + step * (index + 0.5))
    return placed


def _bar_width(points: Sequence[SessionPoint]) -> float:
    busiest = max((sum(1 for p in points if p.week == w.week) for w in points), default=1)
    return min(0.3, _BAR_SPAN / busiest * 0.85)


def _last_week(data: ChartData) -> int:
    # The whole programme is always shown, so the weeks still to come have their place.
    return max([data.week, data.weeks, *(point.week for point in data.points)])


def _draw(figure: Figure, data: ChartData, *, font: float, legend_below: bool) -> None:
    jog: Axes = figure.add_subplot()
    pain = jog.twinx()
    last = _last_week(data)
    xs = positions(data.points)
    jog.bar(xs, [p.jog_minutes for p in data.points], width=_bar_width(data.points),
            color=[ZONE_COLOURS[p.zone] for p in data.points], zorder=2)
    rated = [(x, p.peak) for x, p in zip(xs, data.points, strict=True) if p.peak is not None]
    if rated:
        pain.plot([x for x, _ in rated], [y for _, y in rated], color=PEAK_COLOUR,
                  linewidth=1.6, marker="o", markersize=font * 0.45, alpha=0.85, zorder=5)
    weekly = sorted(data.weekly.items())
    if weekly:
        pain.plot([w for w, _ in weekly], [a for _, a in weekly], color=WEEKLY_COLOUR,
                  linewidth=3.2, marker="s", markersize=font * 0.55, zorder=4)
    top = max([_MIN_JOG_AXIS, *(p.jog_minutes * 1.1 for p in data.points)])
    jog.set_ylim(0, top)
    pain.set_ylim(PAIN_MIN, PAIN_MAX)
    jog.set_xlim(0.5, last + 0.5)
    step = 1 if last <= 12 else 2
    jog.set_xticks(range(1, last + 1, step))
    jog.set_xlabel(wording.CHART_X, fontsize=font)
    jog.set_ylabel(wording.CHART_JOG, fontsize=font)
    pain.set_ylabel(wording.CHART_PAIN, fontsize=font)
    pain.set_yticks(range(PAIN_MIN, PAIN_MAX + 1, 2))
    for axes in (jog, pain):
        axes.tick_params(labelsize=font * 0.9)
        axes.spines["top"].set_visible(False)
    jog.grid(axis="y", color="#e5e7eb", zorder=0)
    if not data.points:
        jog.text(0.5, 0.55, wording.CHART_EMPTY, transform=jog.transAxes, ha="center",
                 va="center", fontsize=font * 1.2, color="#4b5563")
    _legend(figure, data, font, below=legend_below)


def _legend(figure: Figure, data: ChartData, font: float, *, below: bool) -> None:
    shown = {p.zone for p in data.points} or {Zone.GREEN, Zone.AMBER, Zone.RED}
    handles: list[Patch | Line2D] = [
        Patch(color=ZONE_COLOURS[zone], label=wording.ZONE_NAMES[zone])
        for zone in (Zone.GREEN, Zone.AMBER, Zone.RED, None) if zone in shown
    ]
    handles += [
        Line2D([], [], color=PEAK_COLOUR, marker="o", linewidth=1.6, label=wording.CHART_PEAK),
        Line2D([], [], color=WEEKLY_COLOUR, marker="s", linewidth=3.2,
               label=wording.CHART_WEEKLY),
    ]
    if below:
        figure.legend(handles=handles, loc="lower center", ncols=2, fontsize=font * 0.9,
                      frameon=False)
    else:
        figure.legend(handles=handles, loc="center right", fontsize=font * 0.75, frameon=False)


def _png(figure: Figure) -> bytes:
    # A 256-colour palette keeps a busy chart well under its size budget, with no visible loss.
    canvas = FigureCanvasAgg(figure)
    raw = io.BytesIO()
    figure.savefig(raw, format="raw")
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), raw.getvalue(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    palette = image.convert("RGB").quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
    palette.save(buffer, format="PNG")
    return buffer.getvalue()


def phone_chart(data: ChartData) -> bytes:
    """The chart as a 1080 × 1350 PNG, with big type for a phone."""
    figure = Figure(figsize=PHONE_SIZE_INCHES, dpi=PHONE_DPI, layout=None)
    font = 15.0
    figure.subplots_adjust(left=0.13, right=0.87, top=0.86, bottom=0.24)
    figure.suptitle(data.title, fontsize=font * 1.5, fontweight="bold", y=0.965)
    if data.subtitle:
        figure.text(0.5, 0.905, data.subtitle, ha="center", fontsize=font * 1.05,
                    color="#374151")
    _draw(figure, data, font=font, legend_below=True)
    return _png(figure)


def report_chart(data: ChartData) -> bytes:
    """The chart as a wide PNG for the one-page report (its heading is the report's)."""
    figure = Figure(figsize=REPORT_SIZE_INCHES, dpi=REPORT_DPI, layout=None)
    figure.subplots_adjust(left=0.07, right=0.72, top=0.95, bottom=0.17)
    _draw(figure, data, font=10.0, legend_below=False)
    return _png(figure)
