"""``/schedule days|time|zone …``: read what the user typed, then change that part of the schedule.

The three-days rule and the place lookup live here, behind one use case, so the chat layer
only passes the words on and renders what comes back.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, time
from enum import Enum

from bot import places
from bot.domain import parsing
from bot.domain.week import Weekday
from bot.places import ZoneChoice
from bot.services import schedule
from bot.services.schedule import ScheduleView
from bot.services.settings import day_counts
from bot.storage.db import Database

_DAYS_WORDS = frozenset({"days", "day"})
_TIME_WORDS = frozenset({"time", "at"})
_ZONE_WORDS = frozenset({"zone", "timezone", "tz"})


class Problem(Enum):
    """Why a /schedule argument changed nothing."""

    NOT_UNDERSTOOD = "not_understood"
    NEED_THREE_DAYS = "need_three_days"
    NEED_MAINTENANCE_DAYS = "need_maintenance_days"  # a maintenance plan: two or three days
    NOT_TIME = "not_time"
    ZONE_UNKNOWN = "zone_unknown"
    # A bare part: the chat asks for it.
    WHICH_DAYS = "which_days"
    WHICH_TIME = "which_time"
    WHICH_ZONE = "which_zone"


_BARE = ({word: Problem.WHICH_DAYS for word in _DAYS_WORDS}
         | {word: Problem.WHICH_TIME for word in _TIME_WORDS}
         | {word: Problem.WHICH_ZONE for word in _ZONE_WORDS})


@dataclass(frozen=True)
class Unchanged:
    """Nothing changed: a problem with the words, or several zones the place could mean."""

    problem: Problem | None = None
    zone_choices: tuple[ZoneChoice, ...] = ()


@dataclass(frozen=True)
class _Wish:
    """What a /schedule argument asks for: new days, a new time or a new zone."""

    days: tuple[Weekday, ...] = ()
    at: time | None = None
    zone: str | None = None


async def change_schedule(db: Database, user_id: int, wanted: str, now: datetime,
                          morning_at: time) -> ScheduleView | Unchanged:
    """Change the days, time or zone that ``wanted`` names (``NotSetUp`` before set-up)."""
    wish = await _read(wanted, now)
    if isinstance(wish, Unchanged):
        return wish
    if wish.days:
        allowed = await day_counts(db, user_id)
        if len(wish.days) not in allowed:
            return Unchanged(Problem.NEED_THREE_DAYS if len(allowed) == 1
                             else Problem.NEED_MAINTENANCE_DAYS)
        return await schedule.change_days(db, user_id, wish.days, now, morning_at)
    if wish.at is not None:
        return await schedule.change_time(db, user_id, wish.at, now, morning_at)
    assert wish.zone is not None
    return await schedule.change_zone(db, user_id, wish.zone, now, morning_at)


async def _read(wanted: str, now: datetime) -> _Wish | Unchanged:
    key, _, rest = wanted.strip().partition(" ")
    key = key.lower()
    if not rest.strip() and key in _BARE:
        return Unchanged(_BARE[key])
    if key in _DAYS_WORDS:
        return _days(rest)
    if key in _TIME_WORDS:
        at = parsing.parse_time(rest)
        return _Wish(at=at) if at is not None else Unchanged(Problem.NOT_TIME)
    if key in _ZONE_WORDS:
        return await _zone(rest, now)
    if parsing.parse_days(wanted) is not None:
        return _days(wanted)
    at = parsing.parse_time(wanted)
    if at is not None:
        return _Wish(at=at)
    return Unchanged(Problem.NOT_UNDERSTOOD)


def _days(text: str) -> _Wish | Unchanged:
    days = parsing.parse_days(text)
    if days is None:
        return Unchanged(Problem.NOT_UNDERSTOOD)
    return _Wish(days=days)


async def _zone(text: str, now: datetime) -> _Wish | Unchanged:
    if not text.strip():
        return Unchanged(Problem.ZONE_UNKNOWN)
    # The place index loads lazily and lookups take a moment: keep them off the event loop.
    found = await asyncio.to_thread(places.resolve_zone, text, now)
    if found.zone is not None:
        return _Wish(zone=found.zone)
    if found.choices:
        return Unchanged(zone_choices=tuple(found.choices))
    return Unchanged(Problem.ZONE_UNKNOWN)
