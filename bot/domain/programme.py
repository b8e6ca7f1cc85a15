"""The coaching state of one user: level, baseline and history (coaching rules, 'Progression')."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum

from bot.domain import ladder
from bot.domain.decisions import Decision, InputValue, Rule
from bot.domain.rules import (
    FIRST_WEEK_DAYS,
    GAP_DROP_ONE_AFTER_DAYS,
    GAP_DROP_ONE_LEVELS,
    GAP_DROP_TWO_AFTER_DAYS,
    GAP_DROP_TWO_LEVELS,
    GAP_RESTART_AFTER_DAYS,
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
    """One session as the history keeps it: at which level, how it went, whether it counted.

    ``peak``, ``morning``, ``signs`` and ``baseline`` are what it was judged on, so a late
    morning answer can judge it again; ``counts`` is False for a second session on one local
    day (it never counts towards moving up); ``ref`` is the caller's id for the session.
    """

    day: date
    level: int
    ending: Ending
    zone: Zone | None
    completed: bool
    in_flare: bool = False
    peak: int | None = None
    morning: int | None = None
    signs: frozenset[Sign] = frozenset()
    baseline: int | None = None
    counts: bool = True
    ref: int | None = None

    @property
    def judged(self) -> bool:
        """Whether the session has a zone that steers the programme (flare walks do not)."""
        return self.zone is not None and not self.in_flare

    @property
    def full(self) -> bool:
        """A counted session done to the end: only these make a GREEN streak."""
        return self.counts and self.ending is Ending.COMPLETED and not self.in_flare


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
    sessions after it are the ones "at this level"; ``lowered_at`` the length of ``history``
    when a rule last lowered the dose (a RED, a flare, a gap, "easier"); ``gap_from`` is the day
    gaps are counted from (the last completed session: paused and flare time count as gap) and
    ``gap_stage`` how many gap rules already applied since then. ``floor_start`` marks a
    high-baseline start, whose first week runs from ``first_session``. ``deferred`` holds the
    events that arrived while a red-flag hold stood, to be applied in order after clearance.
    ``beyond_top`` is the user's answer to the offer of the opt-in levels above the top (None
    until answered) and ``beyond_top_offered`` the day that offer was first made.
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
    floor_start: bool = False
    first_session: date | None = None
    lowered_at: int | None = None
    deferred: tuple[Event, ...] = ()
    beyond_top: bool | None = None
    beyond_top_offered: date | None = None


@dataclass(frozen=True)
class SessionDone:
    """A scheduled session was done, stopped, skipped or missed (``ref``: the caller's id)."""

    report: SessionReport
    ref: int | None = None


@dataclass(frozen=True)
class MorningAnswer:
    """The next-morning pain of an earlier session, answered on ``day``.

    The session is the one with ``ref``, or the latest one on ``session_day`` when ``ref`` is
    None.
    """

    session_day: date
    pain: int
    day: date
    ref: int | None = None


@dataclass(frozen=True)
class Returned:
    """A session day came: the gap rules are due."""

    day: date


@dataclass(frozen=True)
class OverrideAsked:
    """The user asked for an easier or harder next session ("easier" or "harder")."""

    choice: str
    day: date


@dataclass(frozen=True)
class WeeklyAverage:
    """The weekly average-pain check-in."""

    average: int
    day: date


@dataclass(frozen=True)
class FlareReported:
    """The user said the back has flared (after the red-flag questions)."""

    day: date


@dataclass(frozen=True)
class FlareCheckIn:
    """A daily pain check-in during a flare; ``at`` is timezone-aware."""

    pain: int
    at: datetime


@dataclass(frozen=True)
class Paused:
    """The user paused the programme."""

    day: date


@dataclass(frozen=True)
class Resumed:
    """The user came back from a pause."""

    day: date


@dataclass(frozen=True)
class BeyondTopAnswered:
    """The user's answer to the offer of the levels above the top: keep building, or stay."""

    opted_in: bool
    day: date


@dataclass(frozen=True)
class ClinicianSet:
    """A clinician the user linked to set the level, with their name and reason."""

    level: int
    clinician: str
    reason: str
    day: date


Event = (
    SessionDone | MorningAnswer | Returned | OverrideAsked | WeeklyAverage | FlareReported
    | FlareCheckIn | Paused | Resumed | BeyondTopAnswered | ClinicianSet
)


def check_pain(name: str, value: int) -> int:
    """``value`` when it is on the 0–10 scale; ValueError naming ``name`` otherwise."""
    if isinstance(value, bool) or not PAIN_MIN <= value <= PAIN_MAX:
        raise ValueError(f"{name} pain {value!r} is outside {PAIN_MIN}..{PAIN_MAX}")
    return value


def start_programme(baseline: int, today: date) -> tuple[Programme, Decision]:
    """A new user's programme: level 1, or the floor for the first week when usual pain is high."""
    check_pain("baseline", baseline)
    level = ladder.starting_level(baseline)
    programme = Programme(
        level=level, baseline=baseline, started=today, floor_start=level == ladder.FLOOR_LEVEL
    )
    inputs: dict[str, InputValue] = {"baseline": baseline, "day": today.isoformat()}
    return programme, Decision(programme.level, Rule.START, inputs)


def next_level(programme: Programme) -> int:
    """Level of the next session: the floor (a brisk walk) during a flare."""
    return ladder.FLOOR_LEVEL if programme.flare is not None else programme.level


def plan(programme: Programme) -> ladder.Level:
    """The ladder rung of the next session."""
    return ladder.level(next_level(programme))


def set_level(programme: Programme, number: int) -> Programme:
    """``programme`` with its level set by a rule: the sessions "at this level" start afresh.

    A lower level is remembered as a lowering, which "make it harder" must not undo.
    """
    updated = replace(programme, level=number, level_set_at=len(programme.history))
    return lowered_now(updated) if number < programme.level else updated


def lowered_now(programme: Programme) -> Programme:
    """``programme`` noting that a rule lowered the dose after its history so far."""
    return replace(programme, lowered_at=len(programme.history))


def top_level(programme: Programme) -> int:
    """The highest level this programme may reach: the top, or the last rung once opted in."""
    return ladder.LAST_LEVEL if programme.beyond_top else ladder.TOP_LEVEL


def in_floor_first_week(programme: Programme, today: date) -> bool:
    """Whether a high-baseline start is still in its first week, which runs from the first
    session (and has not begun before it)."""
    if not programme.floor_start:
        return False
    first = programme.first_session
    return first is None or today < first + timedelta(days=FIRST_WEEK_DAYS)


def first_week_ends(programme: Programme) -> date | None:
    """The first day after a high-baseline first week, once the first session is known."""
    if not programme.floor_start or programme.first_session is None:
        return None
    return programme.first_session + timedelta(days=FIRST_WEEK_DAYS)


# Gap rules from the mildest, each with the days it needs (strictly more) and its stage.
GAP_STAGES = (
    (GAP_DROP_ONE_AFTER_DAYS, 1),
    (GAP_DROP_TWO_AFTER_DAYS, 2),
    (GAP_RESTART_AFTER_DAYS, 3),
)
_GAP_STAGE_DROPS = {0: 0, 1: GAP_DROP_ONE_LEVELS, 2: GAP_DROP_TWO_LEVELS}


def gap_stage(gap_days: int) -> int:
    """How many gap rules a gap of ``gap_days`` fires (0 for none, 3 for a restart)."""
    return max((stage for days, stage in GAP_STAGES if gap_days > days), default=0)


def gap_level(level: int, stage: int, applied: int) -> int:
    """The level after gap stage ``stage`` when stage ``applied`` already lowered ``level``."""
    if stage >= 3:
        return min(level, ladder.FIRST_LEVEL)
    return lowered(level, _GAP_STAGE_DROPS[stage] - _GAP_STAGE_DROPS[min(applied, 2)])


def lowered(number: int, levels: int) -> int:
    """``number`` dropped by ``levels``, never below the floor."""
    return max(ladder.FLOOR_LEVEL, number - levels)


def counted_on(programme: Programme, day: date) -> bool:
    """Whether a session that counts was already done on this local day (one a day counts)."""
    return any(
        record.day == day and record.counts and not record.in_flare
        and (record.completed or record.judged)
        for record in programme.history
    )


def last_day(programme: Programme) -> date | None:
    """Day of the latest dated event, to keep the history in order."""
    days = [record.day for record in programme.history[-1:]] + list(programme.flares[-1:])
    return max(days, default=None)


def red_days(programme: Programme, today: date) -> list[date]:
    """Days of the REDs (judged sessions and flares) in the window of days ending ``today``."""
    window_start = today - timedelta(days=RED_WINDOW_DAYS - 1)
    sessions = [r.day for r in programme.history if r.judged and r.zone is Zone.RED]
    return sorted(day for day in [*sessions, *programme.flares] if window_start <= day <= today)
