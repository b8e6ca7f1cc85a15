"""Reminder rules: which messages are due when, in the user's own time zone.

A reminder's durable identity is (user, slot, local date): the date on the user's wall on
which it belongs. Its due instant (UTC) comes from ``bot.domain.schedule``, so a 07:30
reminder stays 07:30 local through daylight-saving changes, a wall time swallowed by a
spring-forward gap is due at the first minute after the gap, and a repeated fall-back time is
due once. Nothing here reads the clock or the database.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from bot.domain.schedule import is_training_day, local_date, local_instant
from bot.domain.week import Weekday

# The next-morning and weekly check-ins, unless coach.morning_checkin_time says otherwise.
DEFAULT_MORNING_CHECKIN = time(8, 0)
# "Later" offers these delays, in minutes.
SNOOZE_MINUTES = (30, 60, 120)
PROGRAMME_WEEK_DAYS = 7
# Enough days to find any free training day, even when a few are already taken.
_SEARCH_DAYS = 7 * 8


class Slot(Enum):
    """The kinds of scheduled message; at most one of each per user and local date."""

    SESSION = "session"
    MORNING_CHECKIN = "morning"
    WEEKLY_CHECKIN = "weekly"
    RESUME = "resume"  # the end of a pause with a date: reminders start again
    FLARE_CHECKIN = "flare"  # flare mode's daily message, in place of the morning check-in


class Status(Enum):
    """Where a reminder stands; only PENDING ones are ever sent."""

    PENDING = "pending"
    SENT = "sent"
    DONE = "done"
    SKIPPED = "skipped"
    MOVED = "moved"
    MISSED = "missed"
    CANCELLED = "cancelled"
    FAILED = "failed"


class MoveRefusal(Enum):
    """Why a session cannot move to the next day."""

    TOMORROW_IS_TRAINING = "tomorrow_is_training"
    NO_REST_DAY = "no_rest_day"


@dataclass(frozen=True)
class Occurrence:
    """One planned reminder: the local date it belongs to and the UTC instant it is due."""

    day: date
    due_at: datetime


def session_occurrence(days: Iterable[Weekday], at: time, tz: ZoneInfo, *, after: datetime,
                       first_day: date | None = None, taken: Collection[date] = ()
                       ) -> Occurrence:
    """The first session reminder due strictly after ``after`` on a free training day.

    ``first_day`` is the programme's first session date (nothing earlier is reminded);
    ``taken`` holds local dates that already have a session reminder.
    """
    chosen = frozenset(days)
    if not chosen:
        raise ValueError("no training days chosen")
    start = local_date(after, tz)
    if first_day is not None and first_day > start:
        start = first_day
    for offset in range(_SEARCH_DAYS + len(taken)):
        day = start + timedelta(days=offset)
        if day in taken or not is_training_day(day, chosen):
            continue
        due = local_instant(day, at, tz)
        if due > after:
            return Occurrence(day, due)
    raise ValueError("no free training day found")


def morning_occurrence(session_day: date, at: time, tz: ZoneInfo, completed_at: datetime
                       ) -> Occurrence:
    """The next-morning check-in after a session on ``session_day`` completed at ``completed_at``.

    It is the first ``at`` on a later date than the session that comes after the completion.
    """
    day = max(session_day + timedelta(days=1), local_date(completed_at, tz))
    due = local_instant(day, at, tz)
    if due <= completed_at:
        day += timedelta(days=1)
        due = local_instant(day, at, tz)
    return Occurrence(day, due)


def flare_occurrence(started: date, at: time, tz: ZoneInfo, *, after: datetime,
                     taken: Collection[date] = ()) -> Occurrence:
    """The next daily flare message: the first ``at`` due strictly after ``after`` on a free
    date later than ``started``, the day the flare began (that day the user has just told us).
    """
    day = max(started + timedelta(days=1), local_date(after, tz))
    for offset in range(_SEARCH_DAYS + len(taken)):
        candidate = day + timedelta(days=offset)
        due = local_instant(candidate, at, tz)
        if candidate not in taken and due > after:
            return Occurrence(candidate, due)
    raise ValueError("no free day found")


def week_number(programme_start: date, day: date) -> int:
    """Which programme week a date falls in; week 1 starts on the first session date."""
    return (day - programme_start).days // PROGRAMME_WEEK_DAYS + 1


def weekly_occurrence(programme_start: date, at: time, tz: ZoneInfo, *, after: datetime,
                      taken: Collection[date] = ()) -> Occurrence:
    """The next weekly check-in due strictly after ``after``.

    Programme week N covers the 7 days from ``programme_start + 7 * (N - 1)``; its check-in is
    due at ``at`` on the morning after the week ends, so it can ask about the whole week.
    """
    weeks = max(1, (local_date(after, tz) - programme_start).days // PROGRAMME_WEEK_DAYS)
    for extra in range(_SEARCH_DAYS + len(taken)):
        day = programme_start + timedelta(days=(weeks + extra) * PROGRAMME_WEEK_DAYS)
        due = local_instant(day, at, tz)
        if day not in taken and due > after:
            return Occurrence(day, due)
    raise ValueError("no free week found")


def resume_occurrence(until: date, tz: ZoneInfo) -> Occurrence:
    """When a pause with an end date ends: the first moment of ``until`` on the user's wall."""
    return Occurrence(until, local_instant(until, time(0, 0), tz))


def misfired(due_at: datetime, now: datetime, grace: timedelta) -> bool:
    """Whether a reminder is too late to send: its moment passed more than ``grace`` ago."""
    return now - due_at > grace


def snooze_until(now: datetime, minutes: int) -> datetime:
    """When a reminder put off for ``minutes`` (one of SNOOZE_MINUTES) comes back."""
    if minutes not in SNOOZE_MINUTES:
        raise ValueError(f"cannot put a reminder off for {minutes} minutes")
    return now + timedelta(minutes=minutes)


def move_refusal(day: date, days: Iterable[Weekday]) -> MoveRefusal | None:
    """Why the session of ``day`` cannot move to the next day, or None when it can.

    The next day must be free, and the day after it too, so a rest day still separates the
    moved session from the next one (coaching rules, 'Session shape').
    """
    chosen = frozenset(days)
    tomorrow = day + timedelta(days=1)
    if is_training_day(tomorrow, chosen):
        return MoveRefusal.TOMORROW_IS_TRAINING
    if is_training_day(tomorrow + timedelta(days=1), chosen):
        return MoveRefusal.NO_REST_DAY
    return None
