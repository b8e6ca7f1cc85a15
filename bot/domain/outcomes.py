"""Outcomes as the trial measured them: the weekly summary, the snapshots at weeks 0, 6 and 12,
and the close of the programme after week 12 (coaching rules, 'Check-ins' and 'Session shape').

Programme week N covers the 7 days from ``start + 7 * (N - 1)``; its summary comes on the
morning after it ends, the first day of week N + 1. Nothing here reads the clock or the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum
from itertools import combinations
from typing import Any

from bot.domain.decisions import Decision, InputValue, Rule
from bot.domain.onboarding import REQUIRED_TRAINING_DAYS
from bot.domain.programme import Programme, SessionRecord, next_level
from bot.domain.rules import (
    MAINTENANCE_SESSIONS,
    PAIN_MAX,
    PAIN_MIN,
    PROGRAMME_WEEKS,
    SNAPSHOT_WEEKS,
)
from bot.domain.schedule import is_training_day
from bot.domain.week import Weekday

WEEK_DAYS = 7


class Item(Enum):
    """The questions of one outcome snapshot, in the order they are asked; each is 0–10."""

    AVERAGE_PAIN = "average_pain"  # average back pain over the past 7 days
    CURRENT_PAIN = "current_pain"  # back pain right now
    CONFIDENCE = "confidence"  # confident running with back pain
    FEAR = "fear"  # worried that running will harm the back
    LOAD = "load"  # the back can handle load


@dataclass(frozen=True)
class Snapshot:
    """One outcome snapshot: the week it belongs to and its answers (None: not given)."""

    id: int
    week: int
    taken_at: datetime
    average_pain: int | None = None
    current_pain: int | None = None
    confidence: int | None = None
    fear: int | None = None
    load: int | None = None
    skipped: bool = False

    def answer(self, item: Item) -> int | None:
        """The answer to ``item``, or None."""
        value: int | None = getattr(self, item.value)
        return value

    @property
    def next_item(self) -> Item | None:
        """The first question still to answer; None once complete or skipped."""
        if self.skipped:
            return None
        return next((item for item in Item if self.answer(item) is None), None)

    def answered(self, item: Item, value: int) -> Snapshot:
        """The snapshot with ``item`` answered."""
        if not PAIN_MIN <= value <= PAIN_MAX:
            raise ValueError(f"not on the 0–10 scale: {value!r}")
        changes: dict[str, Any] = {item.value: value}
        return replace(self, **changes)


@dataclass(frozen=True)
class WeeklyPain:
    """The average back pain over one programme week, as the user gave it."""

    week: int
    pain: int
    recorded_at: datetime


class CloseChoice(Enum):
    """What a user chooses at the end of the 12 weeks."""

    KEEP_GOING = "keep"  # carry on at the programme's dose (level 8 at the top)
    BEYOND = "beyond"  # the opt-in levels beyond level 8
    MAINTENANCE = "maint"  # 2–3 sessions a week to keep what was gained


@dataclass(frozen=True)
class ProgrammeClose:
    """The choice made at the end of the programme (the maintenance days, for that choice)."""

    choice: CloseChoice
    days: tuple[Weekday, ...]
    chosen_at: datetime


@dataclass(frozen=True)
class ProgrammeSummary:
    """Start against now, for the programme summary at the end of week 12."""

    start_level: int
    level: int
    first_weekly: WeeklyPain | None
    last_weekly: WeeklyPain | None
    baseline: Snapshot | None
    final: Snapshot | None
    done: int
    scheduled: int


def summary_week(programme_start: date, day: date) -> int:
    """Which programme week a summary on ``day`` closes (the week that ended the day before)."""
    return (day - programme_start).days // WEEK_DAYS


def week_dates(programme_start: date, week: int) -> tuple[date, date]:
    """The first and last day of programme week ``week`` (from 1)."""
    first = programme_start + timedelta(days=WEEK_DAYS * (week - 1))
    return first, first + timedelta(days=WEEK_DAYS - 1)


def training_dates(days: Iterable[Weekday], first: date, last: date) -> tuple[date, ...]:
    """The training days from ``first`` to ``last``, both included."""
    chosen = frozenset(days)
    span = (last - first).days + 1
    return tuple(day for day in (first + timedelta(days=n) for n in range(max(0, span)))
                 if is_training_day(day, chosen))


def days_done(history: Iterable[SessionRecord], first: date, last: date) -> int:
    """Local days from ``first`` to ``last`` with a completed session (one a day counts)."""
    return len({r.day for r in history if r.completed and first <= r.day <= last})


def snapshot_due(week: int) -> bool:
    """Whether the trial took its outcome measures at the end of ``week`` (0: the start)."""
    return week in SNAPSHOT_WEEKS


def closes_programme(week: int) -> bool:
    """Whether the summary of ``week`` is the end of the programme."""
    return week == PROGRAMME_WEEKS


def programme_dates(programme_start: date) -> tuple[date, date]:
    """The first and last day of the 12 weeks."""
    return programme_start, week_dates(programme_start, PROGRAMME_WEEKS)[1]


def maintenance_options(days: Iterable[Weekday]) -> tuple[tuple[Weekday, ...], ...]:
    """The maintenance weeks a user can pick from their own training days: every set of 2 or 3
    of them with a rest day between any two (Sunday and Monday are neighbours too)."""
    mine = sorted(frozenset(days))
    options = []
    for size in MAINTENANCE_SESSIONS:
        for picked in combinations(mine, size):
            if size == len(mine) or _rest_between(picked):
                options.append(tuple(picked))
    return tuple(options)


def _rest_between(days: tuple[Weekday, ...]) -> bool:
    return all((b - a) % WEEK_DAYS not in (1, WEEK_DAYS - 1)
               for a, b in combinations(days, 2))


def close_decision(programme: Programme, choice: CloseChoice, days: tuple[Weekday, ...],
                   today: date, training_days: Iterable[Weekday]) -> Decision:
    """The decision that records keeping going or a maintenance plan on ``days`` (picked from
    the user's ``training_days``); the dose stays as it is."""
    if choice is CloseChoice.BEYOND:
        raise ValueError("the levels beyond the top are the opt-in's own decision")
    inputs: dict[str, InputValue] = {
        "day": today.isoformat(),
        "level": programme.level,
        "days_in_programme": (today - programme.started).days,
    }
    if choice is CloseChoice.MAINTENANCE:
        if days not in maintenance_options(training_days):
            raise ValueError(f"not a maintenance week: {days!r}")
        inputs |= {"days": [day.short for day in days], "sessions_a_week": len(days)}
        return Decision(next_level(programme), Rule.MAINTENANCE, inputs)
    return Decision(next_level(programme), Rule.KEEP_GOING, inputs)


def adherence(done: int, scheduled: int) -> float | None:
    """Sessions done of those scheduled, as a fraction; None when none were scheduled."""
    return None if scheduled <= 0 else done / scheduled


def training_day_counts(close: ProgrammeClose | None) -> tuple[int, ...]:
    """How many training days a week the plan takes: the programme's three, or two or three
    once a maintenance plan was chosen at its end."""
    if close is not None and close.choice is CloseChoice.MAINTENANCE:
        return MAINTENANCE_SESSIONS
    return (REQUIRED_TRAINING_DAYS,)
