"""The coaching state of one user: level, baseline and history (coaching rules, 'Progression')."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum

from bot.domain import ladder
from bot.domain.decisions import Decision, InputValue, Rule
from bot.domain.rules import (
    BEYOND_TOP_AFTER_TOP_SESSIONS,
    BEYOND_TOP_AFTER_WEEKS,
    PAIN_MAX,
    PAIN_MIN,
    RED_WINDOW_DAYS,
)
from bot.domain.zones import Sign, Zone


class ProgrammePaused(Exception):
    """A session was reported while the programme is paused."""


class NotInFlare(Exception):
    """A flare check-in arrived while no flare is running."""


class OutOfOrder(ValueError):
    """An event is dated before one already in the history."""


class Ending(Enum):
    """How a scheduled session ended."""

    COMPLETED = "completed"
    STOPPED_PAIN = "stopped_pain"
    STOPPED_OTHER = "stopped_other"
    SKIPPED = "skipped"
    MISSED = "missed"


@dataclass(frozen=True)
class SessionReport:
    """What the user reported about one scheduled session.

    ``peak`` is needed whenever the session is judged (completed, or stopped because of pain);
    ``morning`` may stay None when the next-morning answer never came.
    """

    day: date
    ending: Ending = Ending.COMPLETED
    peak: int | None = None
    morning: int | None = None
    signs: frozenset[Sign] = frozenset()
    done_fraction: float = 1.0


@dataclass(frozen=True)
class SessionRecord:
    """One session as the history keeps it: at which level, how it went, whether it counted."""

    day: date
    level: int
    ending: Ending
    zone: Zone | None
    completed: bool
    in_flare: bool = False

    @property
    def judged(self) -> bool:
        """Whether the session has a zone that steers the programme (flare walks do not)."""
        return self.zone is not None and not self.in_flare


@dataclass(frozen=True)
class FlareState:
    """A running flare: when it began and the settled check-ins that count toward its end."""

    started: date
    settled_checkins: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class Programme:
    """Everything the rules need to decide the next dose; replaced, never mutated.

    ``level`` is the programme level (kept through a flare, whose sessions are at the floor);
    ``level_set_at`` is the length of ``history`` when a rule last set the level, so the
    sessions after it are the ones "at this level"; ``gap_from`` is the day gaps are counted from
    (the last completed session, or the end of a flare) and ``gap_stage`` how many gap rules
    already applied since then.
    """

    level: int
    baseline: int
    started: date
    history: tuple[SessionRecord, ...] = ()
    level_set_at: int = 0
    last_level_up: date | None = None
    last_harder: date | None = None
    flare: FlareState | None = None
    flares: tuple[date, ...] = ()
    paused_since: date | None = None
    gap_from: date | None = None
    gap_stage: int = 0


def check_pain(name: str, value: int) -> int:
    """``value`` when it is on the 0–10 scale; ValueError naming ``name`` otherwise."""
    if isinstance(value, bool) or not PAIN_MIN <= value <= PAIN_MAX:
        raise ValueError(f"{name} pain {value!r} is outside {PAIN_MIN}..{PAIN_MAX}")
    return value


def start_programme(baseline: int, today: date) -> tuple[Programme, Decision]:
    """A new user's programme: level 1, or the floor for the first week when usual pain is high."""
    check_pain("baseline", baseline)
    programme = Programme(level=ladder.starting_level(baseline), baseline=baseline, started=today)
    inputs: dict[str, InputValue] = {"baseline": baseline, "day": today.isoformat()}
    return programme, Decision(programme.level, Rule.START, inputs)


def next_level(programme: Programme) -> int:
    """Level of the next session: the floor (a brisk walk) during a flare."""
    return ladder.FLOOR_LEVEL if programme.flare is not None else programme.level


def plan(programme: Programme) -> ladder.Level:
    """The ladder rung of the next session."""
    return ladder.level(next_level(programme))


def set_level(programme: Programme, number: int) -> Programme:
    """``programme`` with its level set by a rule: the sessions "at this level" start afresh."""
    return replace(programme, level=number, level_set_at=len(programme.history))


def lowered(number: int, levels: int) -> int:
    """``number`` dropped by ``levels``, never below the floor."""
    return max(ladder.FLOOR_LEVEL, number - levels)


def last_day(programme: Programme) -> date | None:
    """Day of the latest dated event, to keep the history in order."""
    days = [record.day for record in programme.history[-1:]] + list(programme.flares[-1:])
    return max(days, default=None)


def red_days(programme: Programme, today: date) -> list[date]:
    """Days of the REDs (judged sessions and flares) in the window of days ending ``today``."""
    window_start = today - timedelta(days=RED_WINDOW_DAYS - 1)
    sessions = [r.day for r in programme.history if r.judged and r.zone is Zone.RED]
    return sorted(day for day in [*sessions, *programme.flares] if window_start <= day <= today)


def beyond_top_offer_due(programme: Programme, today: date) -> bool:
    """Whether to offer the opt-in levels beyond the top (after 12 weeks or 6 sessions there)."""
    if programme.level != ladder.TOP_LEVEL or programme.flare is not None:
        return False
    at_top = sum(
        1
        for record in programme.history
        if record.completed and not record.in_flare and record.level == ladder.TOP_LEVEL
    )
    long_enough = today - programme.started >= timedelta(weeks=BEYOND_TOP_AFTER_WEEKS)
    return long_enough or at_top >= BEYOND_TOP_AFTER_TOP_SESSIONS
