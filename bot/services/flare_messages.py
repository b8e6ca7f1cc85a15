"""Use cases of flare mode's daily message: plan it when a flare starts, and take its answer.

The message carries the day's 0–10 pain question; its answer goes to the flare check-in, which
decides when flare mode ends. Each message takes one answer: it is claimed (status DONE) in the
transaction that reads it, so a double tap never checks in twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.domain.programme import NotInFlare, check_pain
from bot.domain.reminders import Slot, Status
from bot.services import coaching, planning
from bot.services.coaching import Outcome
from bot.storage import reminders as store
from bot.storage import repo
from bot.storage.db import Database

# A typed number answers a flare message sent today or yesterday (local), no older one.
TYPED_ANSWER_DAYS = 1


class UnknownMessage(Exception):
    """The flare message does not belong to this user (or no longer exists)."""


@dataclass(frozen=True)
class FlareAnswer:
    """What an answer to the daily flare message did."""

    outcome: Outcome | None  # the flare check-in's decision; None when nothing was decided
    already: bool = False  # this message was answered before
    over: bool = False  # flare mode had already ended


async def flare_started(db: Database, user_id: int, now: datetime, morning_at: time) -> None:
    """Plan the first daily flare message (at ``morning_at`` local, from the next day on)."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        if user is not None:
            await planning.plan_flare_checkins(session, user, now, morning_at)


async def answer_flare_message(db: Database, user_id: int, reminder_id: int, pain: int,
                               now: datetime) -> FlareAnswer:
    """The 0–10 answer to one daily flare message: a flare check-in, once per message."""
    check_pain("flare check-in", pain)
    async with db.transaction() as session:
        row = await store.get(session, reminder_id, for_update=True)
        if row is None or row.user_id != user_id or row.slot != Slot.FLARE_CHECKIN.value:
            raise UnknownMessage
        if row.status == Status.DONE.value:
            return FlareAnswer(None, already=True)
        row.status = Status.DONE.value
        row.handled_at = now
    try:
        return FlareAnswer(await coaching.flare_checkin(db, user_id, pain, now))
    except NotInFlare:
        return FlareAnswer(None, over=True)


async def open_flare_message(db: Database, user_id: int, now: datetime) -> int | None:
    """The recent daily flare message still waiting for its answer, so a typed "3" answers it."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        if user is None:
            return None
        since = coaching.today_for(user, now) - timedelta(days=TYPED_ANSWER_DAYS)
        row = await store.open_flare_message(session, user_id, since)
        return None if row is None else row.id
