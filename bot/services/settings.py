"""Use cases of /settings: each part of the schedule set by a tap, or by a typed answer.

A tapped choice is already valid (a common time, three days, a zone offered); what the user
types is read here, so the chat layer only passes the words on.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, time

from bot import places
from bot.domain import parsing
from bot.domain.outcomes import training_day_counts
from bot.domain.week import Weekday
from bot.places import ZoneChoice
from bot.services import schedule
from bot.services.schedule import ScheduleView
from bot.storage import outcomes as outcome_store
from bot.storage.db import Database


class WrongDayCount(Exception):
    """Saved with a number of training days the plan does not take."""

    def __init__(self, allowed: tuple[int, ...]) -> None:
        super().__init__(allowed)
        self.allowed = allowed  # the day counts the plan takes


async def day_counts(db: Database, user_id: int) -> tuple[int, ...]:
    """How many training days the user's plan takes (three; two or three in maintenance)."""
    async with db.transaction() as session:
        return training_day_counts(await outcome_store.programme_close(session, user_id))


@dataclass(frozen=True)
class ZoneFound:
    """What a typed place names: one zone, several to pick from, or none (both empty)."""

    zone: str | None = None
    choices: tuple[ZoneChoice, ...] = ()


async def change_days(db: Database, user_id: int, days: tuple[Weekday, ...], now: datetime,
                      morning_at: time) -> ScheduleView:
    """Save the training days picked on the grid (``WrongDayCount`` unless the plan takes
    that many)."""
    allowed = await day_counts(db, user_id)
    if len(set(days)) not in allowed:
        raise WrongDayCount(allowed)
    return await schedule.change_days(db, user_id, tuple(set(days)), now, morning_at)


def read_time(text: str) -> time | None:
    """The time of day typed in answer to a time question, or None."""
    return parsing.parse_time(text)


async def find_zone(text: str, now: datetime) -> ZoneFound:
    """The time zone a typed place or zone name means."""
    if not text.strip():
        return ZoneFound()
    # The place index loads lazily and lookups take a moment: keep them off the event loop.
    found = await asyncio.to_thread(places.resolve_zone, text, now)
    return ZoneFound(found.zone, tuple(found.choices))
