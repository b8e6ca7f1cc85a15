"""What the one-page report is made from: the record as plain values, in the user's local days.

The services fill these from storage; the PDF words and lays them out. Nothing here is an ORM
row, so a clinician's view of a client renders from exactly the same values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.background import PainDuration, RunningHistory
from bot.domain.decisions import Decision
from bot.domain.progress import OutcomeFigures, Summary
from bot.domain.safety import Readiness, RedFlag, SafetyOutcome
from bot.domain.week import Weekday
from bot.reports.chart import ChartData


@dataclass(frozen=True)
class Background:
    """What the user said at set-up about their back and their running."""

    baseline_pain: int | None
    pain_duration: PainDuration | None
    running_history: RunningHistory | None
    training_days: tuple[Weekday, ...]
    first_session: date | None


@dataclass(frozen=True)
class Screening:
    """The set-up screen: the day it was answered and every yes, with its day."""

    answered_on: date | None
    red_flags: tuple[tuple[RedFlag, date], ...]
    readiness: tuple[tuple[Readiness, date], ...]
    cleared_on: date | None  # the user confirmed a clinician's clearance at set-up


@dataclass(frozen=True)
class HoldRecord:
    """A red-flag hold after set-up, and its clearance."""

    held_on: date
    outcome: SafetyOutcome
    flag: RedFlag | None  # None: the flare screen's yes named no single flag
    cleared_on: date | None
    cleared_by: str | None


@dataclass(frozen=True)
class DecisionRecord:
    """One stored dose decision, on the user's local day, with the level before it."""

    day: date
    before: int
    decision: Decision


@dataclass(frozen=True)
class ReportData:
    """Everything the one-page report shows."""

    name: str | None  # None: runback keeps no name of its own
    made_on: date
    summary: Summary
    chart: ChartData
    background: Background
    screening: Screening
    holds: Sequence[HoldRecord]
    decisions: Sequence[DecisionRecord]
    snapshots: Sequence[OutcomeFigures] = ()
