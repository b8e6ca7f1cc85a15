"""Use cases of a session reminder's buttons: start now, later, skip today, move to tomorrow.

Each button works once, and only on the newest message of its reminder; any other press gets
what already happened instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from bot.domain.reminders import (
    MoveRefusal,
    Occurrence,
    Slot,
    Status,
    move_refusal,
    session_occurrence,
    snooze_until,
)
from bot.domain.schedule import local_date, local_instant
from bot.storage import reminders as store
from bot.storage import repo, todays_reminder
from bot.storage.db import Database, DbSession
from bot.storage.models import Reminder
from bot.storage.reminders import Planned, Schedule


class Stale(Enum):
    """Why a press did nothing."""

    UNKNOWN = "unknown"  # not a reminder of this user
    HANDLED = "handled"  # already started, skipped, moved, put off, missed or cancelled
    NEWER_MESSAGE = "newer_message"  # a later message carries this reminder's buttons
    PAST_DAY = "past_day"  # the reminder was for an earlier day
    PAUSED = "paused"


@dataclass(frozen=True)
class Press:
    """What a press did, or what had already happened; local times in the user's zone."""

    accepted: bool
    day: date | None = None
    status: Status | None = None
    stale: Stale | None = None
    refusal: MoveRefusal | None = None
    again_at: datetime | None = None  # put off: when it comes back
    next_at: datetime | None = None  # skipped or moved: the next session reminder


_Action = Callable[[DbSession, Reminder, Schedule, datetime], Awaitable[Press]]


async def start_session_now(db: Database, user_id: int, reminder_id: int, message_id: int | None,
                            now: datetime) -> Press:
    """"Start now": the reminder is done; the session itself is shown by the caller."""
    async def act(session: DbSession, row: Reminder, schedule: Schedule,
                  now: datetime) -> Press:
        _finish(row, Status.DONE, now)
        return Press(True, row.local_date, Status.DONE)
    return await _press(db, user_id, reminder_id, message_id, now, act)


async def put_off(db: Database, user_id: int, reminder_id: int, message_id: int | None,
                  minutes: int, now: datetime) -> Press:
    """"Later": the same reminder comes back in ``minutes`` (30, 60 or 120)."""
    async def act(session: DbSession, row: Reminder, schedule: Schedule,
                  now: datetime) -> Press:
        row.status = Status.PENDING.value
        row.due_at = snooze_until(now, minutes)
        row.snoozed += 1
        return Press(True, row.local_date, Status.PENDING,
                     again_at=row.due_at.astimezone(schedule.zone))
    return await _press(db, user_id, reminder_id, message_id, now, act)


async def skip_today(db: Database, user_id: int, reminder_id: int, message_id: int | None,
                     now: datetime) -> Press:
    """"Skip today": no session today; the level stays as it is."""
    async def act(session: DbSession, row: Reminder, schedule: Schedule,
                  now: datetime) -> Press:
        return _skip(row, schedule, now)
    return await _press(db, user_id, reminder_id, message_id, now, act)


async def skip_today_said(db: Database, user_id: int, now: datetime) -> Press | None:
    """"Skip today" said in words: today's session reminder, sent or not yet sent, is
    skipped as its button would; None when today has no such reminder left."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        schedule = None if user is None else store.schedule_of(user)
        if schedule is None:
            return None
        if await store.pause_of(session, user_id) is not None:
            return Press(False, stale=Stale.PAUSED)
        today = local_date(now, schedule.zone)
        row = await todays_reminder.waiting_session_reminder(session, user_id, today)
        return None if row is None else _skip(row, schedule, now)


def _skip(row: Reminder, schedule: Schedule, now: datetime) -> Press:
    _finish(row, Status.SKIPPED, now)
    upcoming = session_occurrence(schedule.days, schedule.at, schedule.zone, after=now,
                                  taken={row.local_date})
    return Press(True, row.local_date, Status.SKIPPED,
                 next_at=upcoming.due_at.astimezone(schedule.zone))


async def move_to_tomorrow(db: Database, user_id: int, reminder_id: int,
                           message_id: int | None, now: datetime) -> Press:
    """"Move to tomorrow": refused when tomorrow trains already or no rest day would be left."""
    async def act(session: DbSession, row: Reminder, schedule: Schedule,
                  now: datetime) -> Press:
        tomorrow = row.local_date + timedelta(days=1)
        refusal = move_refusal(row.local_date, schedule.days)
        taken = await store.taken_days(session, row.user_id, Slot.SESSION, tomorrow)
        if refusal is None and tomorrow in taken:
            refusal = MoveRefusal.TOMORROW_IS_TRAINING
        if refusal is not None:
            return Press(False, row.local_date, Status.SENT, refusal=refusal)
        _finish(row, Status.MOVED, now)
        moved = Occurrence(tomorrow, local_instant(tomorrow, schedule.at, schedule.zone))
        await store.plan(session, [Planned(row.user_id, Slot.SESSION, moved)], now)
        return Press(True, row.local_date, Status.MOVED,
                     next_at=moved.due_at.astimezone(schedule.zone))
    return await _press(db, user_id, reminder_id, message_id, now, act)


def _finish(row: Reminder, status: Status, now: datetime) -> None:
    row.status = status.value
    row.handled_at = now


async def _press(db: Database, user_id: int, reminder_id: int, message_id: int | None,
                 now: datetime, act: _Action) -> Press:
    async with db.transaction() as session:
        row = await store.get(session, reminder_id, for_update=True)
        user = await repo.get_user(session, user_id)
        schedule = None if user is None else store.schedule_of(user)
        if row is None or row.user_id != user_id or row.slot != Slot.SESSION.value \
                or schedule is None:
            return Press(False, stale=Stale.UNKNOWN)
        stale = await _staleness(session, row, schedule, message_id, now)
        if stale is not None:
            again = row.due_at.astimezone(schedule.zone) if row.snoozed else None
            return Press(False, row.local_date, Status(row.status), stale=stale, again_at=again)
        return await act(session, row, schedule, now)


async def _staleness(session: DbSession, row: Reminder, schedule: Schedule,
                     message_id: int | None, now: datetime) -> Stale | None:
    if await store.pause_of(session, row.user_id) is not None:
        return Stale.PAUSED
    if row.status != Status.SENT.value:  # started, skipped, moved, put off, missed...
        return Stale.HANDLED
    if message_id is not None and row.message_id is not None and message_id != row.message_id:
        return Stale.NEWER_MESSAGE
    if row.local_date < local_date(now, schedule.zone):
        return Stale.PAST_DAY
    return None
