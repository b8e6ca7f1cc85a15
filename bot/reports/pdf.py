"""The one-page A4 report for a clinician: background, screening, chart, adherence, decisions.

Laid out with reportlab's canvas in fixed regions, so it is always exactly one page: the list
of decisions joins repeats and shrinks its type until it fits in two columns.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from bot.domain.decisions import Rule
from bot.reports import wording
from bot.reports.chart import REPORT_SIZE_INCHES, report_chart
from bot.reports.reasons import explain
from bot.reports.record import DecisionRecord, HoldRecord, ReportData

# DejaVu Sans ships with matplotlib and covers every character the texts use (—, ≤, →).
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
REGULAR, BOLD = "RunbackSans", "RunbackSans-Bold"
pdfmetrics.registerFont(TTFont(REGULAR, str(_FONTS / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont(BOLD, str(_FONTS / "DejaVuSans-Bold.ttf")))

MARGIN = 36.0  # points: half an inch
GUTTER = 14.0
FOOTER_SIZE = 6.5
# Decisions shrink from the first size to the last before any is left out.
DECISION_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0)
FLARE_RULES = frozenset({Rule.FLARE_START, Rule.FLARE_EXIT})


@dataclass(frozen=True)
class Entry:
    """One line of the decisions list: a decision, or a run of identical ones."""

    first: DecisionRecord
    last: DecisionRecord
    count: int
    text: str

    def label(self) -> str:
        """ "4 Jan · 1→2 · reason", with the span and count of a run."""
        days = wording.short_day(self.first.day)
        if self.count > 1:
            days += f"–{wording.short_day(self.last.day)} (×{self.count})"
        levels = f"{self.first.before}→{self.last.decision.level}"
        return f"{days} · {levels} · {self.text}"


def entries(decisions: Sequence[DecisionRecord]) -> list[Entry]:
    """The decisions in order, each run of the same worded reason joined into one entry."""
    joined: list[Entry] = []
    for record in decisions:
        text = explain(record.decision)
        if joined and joined[-1].text == text:
            run = joined[-1]
            joined[-1] = Entry(run.first, record, run.count + 1, text)
        else:
            joined.append(Entry(record, record, 1, text))
    return joined


class _Page:
    """A canvas with a cursor moving down the page."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.width, self.height = A4
        self.y = self.height - MARGIN

    def text(self, x: float, words: str, size: float, *, bold: bool = False,
             width: float | None = None, colour: str = "#111827") -> None:
        font = BOLD if bold else REGULAR
        self.canvas.setFont(font, size)
        self.canvas.setFillColor(colour)
        lines = simpleSplit(words, font, size, width) if width else [words]
        for line in lines:
            self.y -= size * 1.25
            self.canvas.drawString(x, self.y, line)


def _background_lines(data: ReportData) -> list[str]:
    back, screen = data.background, data.screening
    days = ", ".join(day.title[:3] for day in back.training_days) or wording.NONE_REPORTED
    usual = "not given" if back.baseline_pain is None else f"{back.baseline_pain}/10"
    lasted = wording.PAIN_DURATIONS[back.pain_duration]
    lines = [
        f"Usual back pain at set-up: {usual}; pain for {lasted}",
        f"Running before: {wording.RUNNING_HISTORIES[back.running_history]}",
        f"Training days: {days}"
        + (f"; first session {wording.day(back.first_session)}" if back.first_session else ""),
    ]
    asked = f" ({wording.day(screen.answered_on)})" if screen.answered_on else ""
    flags = "; ".join(f"{wording.RED_FLAGS[flag]} ({wording.day(on)})"
                      for flag, on in screen.red_flags) or wording.NONE_REPORTED
    ready = "; ".join(f"{wording.READINESS[question]} ({wording.day(on)})"
                      for question, on in screen.readiness) or wording.NONE_REPORTED
    lines += [f"Red flags at set-up{asked}: {flags}",
              f"Exercise readiness (PAR-Q+), yes to: {ready}"]
    if screen.cleared_on is not None:
        lines.append(f"Clinician's clearance confirmed at set-up: {wording.day(screen.cleared_on)}")
    return lines


def _hold_line(hold: HoldRecord) -> str:
    what = wording.RED_FLAGS[hold.flag] if hold.flag else "a red flag at the flare screen"
    line = f"{wording.day(hold.held_on)}: {what} — {wording.HOLD_OUTCOMES[hold.outcome]}"
    if hold.cleared_on is None:
        return f"{line}; on hold, not yet cleared"
    by = f" by {hold.cleared_by}" if hold.cleared_by else ""
    return f"{line}; cleared{by} on {wording.day(hold.cleared_on)}"


def _safety_lines(data: ReportData) -> list[str]:
    lines = [_hold_line(hold) for hold in data.holds]
    for record in data.decisions:
        if record.decision.rule is Rule.FLARE_START:
            lines.append(f"{wording.day(record.day)}: flare reported, flare mode began")
        elif record.decision.rule is Rule.FLARE_EXIT:
            lines.append(f"{wording.day(record.day)}: flare settled, back to level "
                         f"{record.decision.level}")
    return lines or [wording.NO_EVENTS]


def _column_lines(labels: Sequence[str], size: float, width: float) -> list[list[str]]:
    return [simpleSplit(label, REGULAR, size, width) for label in labels]


def _fit(labels: Sequence[str], height: float, width: float
         ) -> tuple[float, list[list[list[str]]], int]:
    """The largest size at which the labels fill at most two columns of ``height``; the
    columns, and how many labels were left out (only when even the smallest size overflows)."""
    for size in DECISION_SIZES:
        columns = _pack(_column_lines(labels, size, width), size, height)
        if columns is not None:
            return size, columns, 0
    size = DECISION_SIZES[-1]
    wrapped = _column_lines(labels, size, width)
    for kept in range(len(wrapped) - 1, -1, -1):  # the newest are kept, the oldest summarised
        columns = _pack(wrapped[len(wrapped) - kept:], size, height - size * 1.3)
        if columns is not None:
            return size, columns, len(wrapped) - kept
    return size, [[], []], len(wrapped)


def _pack(wrapped: Sequence[list[str]], size: float, height: float
          ) -> list[list[list[str]]] | None:
    per_column = int(height // (size * 1.3))
    columns: list[list[list[str]]] = [[], []]
    used, column = 0, 0
    for lines in wrapped:
        if used + len(lines) > per_column:
            column, used = column + 1, 0
            if column > 1 or len(lines) > per_column:
                return None
        columns[column].append(lines)
        used += len(lines)
    return columns


def _decisions(page: _Page, data: ReportData, bottom: float) -> None:
    page.text(MARGIN, wording.SECTION_DECISIONS, 10, bold=True)
    labels = [entry.label() for entry in entries(data.decisions)]
    if not labels:
        page.text(MARGIN, wording.NO_DECISIONS, 8)
        return
    width = (page.width - 2 * MARGIN - GUTTER) / 2
    page.y -= 3
    size, columns, left_out = _fit(labels, page.y - bottom, width)
    top = page.y
    if left_out:
        page.text(MARGIN, f"{left_out} earlier decisions are in /export.", size, colour="#6b7280")
        top = page.y
    for index, column in enumerate(columns):
        page.y = top
        x = MARGIN + index * (width + GUTTER)
        for lines in column:
            page.canvas.setFont(REGULAR, size)
            page.canvas.setFillColor("#111827")
            for line in lines:
                page.y -= size * 1.3
                page.canvas.drawString(x, page.y, line)


def report_pdf(data: ReportData) -> bytes:
    """The report as a one-page A4 PDF."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    title = wording.REPORT_TITLE if data.name is None else f"{wording.REPORT_TITLE} — {data.name}"
    canvas.setTitle(title)
    canvas.setAuthor("runback")
    page = _Page(canvas)
    full = page.width - 2 * MARGIN
    page.text(MARGIN, title, 15, bold=True)
    summary = data.summary
    page.text(MARGIN, f"{wording.week_line(summary.week, summary.weeks)} · made "
              f"{wording.day(data.made_on)}", 9, colour="#374151")
    page.y -= 4
    for line in (wording.level_line(summary.start_level, summary.level),
                 wording.adherence_line(summary.done, summary.scheduled, summary.adherence,
                                        summary.trial_adherence),
                 wording.pain_change_line(summary.pain_change, summary.trial_pain_change)):
        page.text(MARGIN, line, 8.5, bold=True)
    page.y -= 4
    half = (full - GUTTER) / 2
    top = page.y
    page.text(MARGIN, wording.SECTION_BACKGROUND, 10, bold=True)
    for line in _background_lines(data):
        page.text(MARGIN, line, 7.5, width=half)
    left_end, page.y = page.y, top
    right = MARGIN + half + GUTTER
    page.text(right, wording.SECTION_SAFETY, 10, bold=True)
    for line in _safety_lines(data):
        page.text(right, line, 7.5, width=half)
    if data.snapshots:
        page.y -= 3
        page.text(right, wording.SECTION_SNAPSHOTS, 10, bold=True)
        for snap in data.snapshots:
            page.text(right, wording.snapshot_line(snap.week, snap.average_pain,
                                                   snap.current_pain), 7.5, width=half)
            for question, answer in snap.answers:
                page.text(right + 8, f"{question}: {answer}", 7, width=half - 8)
    page.y = min(page.y, left_end) - 6
    chart_height = full * REPORT_SIZE_INCHES[1] / REPORT_SIZE_INCHES[0]
    image = ImageReader(io.BytesIO(report_chart(data.chart)))
    canvas.drawImage(image, MARGIN, page.y - chart_height, width=full, height=chart_height)
    page.y -= chart_height + 6
    footer = simpleSplit(wording.REPORT_FOOTER, REGULAR, FOOTER_SIZE, full)
    footer_top = MARGIN + len(footer) * FOOTER_SIZE * 1.25
    _decisions(page, data, footer_top + 6)
    page.y = footer_top
    page.text(MARGIN, wording.REPORT_FOOTER, FOOTER_SIZE, width=full, colour="#6b7280")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
