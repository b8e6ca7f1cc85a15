"""Planning reminders: the next occurrence of each slot, materialised as a database row.

Every user who should hear from runback has one pending session reminder and one pending
weekly check-in ahead of them, plus a morning check-in after each completed session. They are
planned when onboarding finishes, when the schedule changes, when a reminder goes out and at
start-up; nothing is kept in memory, so the database is the only truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from bot.domain.reminders import (
    DEFAULT_MORNING_CHECKIN,
    Occurrence,
    Slot,
    flare_occurrence,
    morning_occurrence,
    session_occurrence,
    weekly_occurrence,
)
from bot.domain.schedule import local_date, local_instant
from bot.storage import programmes, repo
from bot.storage import reminders as store
from bot.storage.db import Database, DbSession
from bot.storage.models import TrainingSession, User
from bot.storage.reminders import Planned, Schedule

# The slots that recur by themselves; morning check-ins follow completed sessions instead.
RECURRING = (Slot.SESSION, Slot.WEEKLY_CHECKIN)
REBUILD_CHUNK = 1000


def morning_time(schedule: Schedule, configured: time) -> time:
    """The user's own morning check-in time, or the coach's ``configured`` one."""
    return schedule.morning_at if schedule.morning_at is not None else configured


def next_occurrence(schedule: Schedule, slot: Slot, after: datetime, morning_at: time,
                    taken: frozenset[date] = frozenset()) -> Occurrence:
    """When the next reminder in a recurring ``slot`` falls for ``schedule``, after ``after``."""
    if slot is Slot.SESSION:
        return session_occurrence(schedule.days, schedule.at, schedule.zone, after=after,
                                  first_day=schedule.start, taken=taken)
    start = schedule.start or local_date(after, schedule.zone)
    return weekly_occurrence(start, morning_time(schedule, morning_at), schedule.zone,
                             after=after, taken=taken)


async def ensure(session: DbSession, schedules: Sequence[Schedule], slot: Slot,
                 now: datetime, morning_at: time) -> int:
    """Plan the next ``slot`` reminder for each schedule that has none pending; how many."""
    have = await store.with_pending(session, (s.user_id for s in schedules), slot)
    todo = {s.user_id: s for s in schedules if s.user_id not in have}
    if not todo:
        return 0
    await store.plan(session, [
        Planned(s.user_id, slot, next_occurrence(s, slot, now, morning_at))
        for s in todo.values()
    ], now)
    planned = await store.with_pending(session, todo, slot)
    for user_id in todo.keys() - planned:  # that date's reminder was already handled
        schedule = todo[user_id]
        since = local_date(now, schedule.zone) - timedelta(days=1)
        taken = frozenset(await store.taken_days(session, user_id, slot, since))
        occurrence = next_occurrence(schedule, slot, now, morning_at, taken)
        await store.plan(session, [Planned(user_id, slot, occurrence)], now)
    return len(todo)


async def ensure_flare(session: DbSession, flares: Sequence[tuple[Schedule, date]],
                       now: datetime, morning_at: time) -> int:
    """Plan the next daily flare message for each (schedule, day the flare began) that has
    none pending; how many were planned."""
    have = await store.with_pending(session, (s.user_id for s, _ in flares),
                                    Slot.FLARE_CHECKIN)
    todo = {s.user_id: (s, started) for s, started in flares if s.user_id not in have}
    for user_id, (schedule, started) in todo.items():
        since = local_date(now, schedule.zone) - timedelta(days=1)
        taken = await store.taken_days(session, user_id, Slot.FLARE_CHECKIN, since)
        occurrence = flare_occurrence(started, morning_time(schedule, morning_at),
                                      schedule.zone, after=now, taken=taken)
        await store.plan(session, [Planned(user_id, Slot.FLARE_CHECKIN, occurrence)], now)
    return len(todo)


async def plan_flare_checkins(session: DbSession, user: User, now: datetime,
                              morning_at: time) -> None:
    """While the user is in flare mode, make sure their next daily flare message is planned."""
    schedule = await _eligible_schedule(session, user)
    programme = await programmes.load(session, user.id)
    if schedule is not None and programme is not None and programme.flare is not None:
        await ensure_flare(session, [(schedule, programme.flare.started)], now, morning_at)


async def plan_next(session: DbSession, user: User, now: datetime, *,
                    morning_at: time | None = None) -> None:
    """Plan a user's reminders afresh from their stored schedule, in the caller's transaction.

    Pending session and weekly reminders are replaced. Without ``morning_at`` (the configured
    check-in time) the weekly check-in is planned when the next session reminder goes out.
    In flare mode the daily flare message is planned too.
    """
    await store.cancel_pending(session, user.id, RECURRING, now)
    schedule = await _eligible_schedule(session, user)
    if schedule is None:
        return
    await ensure(session, [schedule], Slot.SESSION, now, morning_at or DEFAULT_MORNING_CHECKIN)
    if morning_at is not None:
        await ensure(session, [schedule], Slot.WEEKLY_CHECKIN, now, morning_at)
    await plan_flare_checkins(session, user, now, morning_at or DEFAULT_MORNING_CHECKIN)


async def _eligible_schedule(session: DbSession, user: User) -> Schedule | None:
    if not user.active or user.onboarded_at is None:
        return None
    if await store.pause_of(session, user.id) is not None:
        return None
    return store.schedule_of(user)


async def plan_morning_checkin(session: DbSession, user: User, session_row: TrainingSession,
                               now: datetime, *, at: time = DEFAULT_MORNING_CHECKIN
                               ) -> Occurrence | None:
    """Plan the next-morning pain check-in after a completed session, at the user's own
    time or else ``at`` (pass the configured time).

    None when the user gets no reminders (paused, blocked or not set up).
    """
    schedule = await _eligible_schedule(session, user)
    if schedule is None:
        return None
    occurrence = morning_occurrence(session_row.local_date, morning_time(schedule, at),
                                    schedule.zone, now)
    await store.plan(session, [Planned(user.id, Slot.MORNING_CHECKIN, occurrence,
                                       session_id=session_row.id)], now)
    return occurrence


async def session_started(session: DbSession, user_id: int, day: date, now: datetime
                          ) -> None:
    """A session on local ``day`` has begun (from /go or a reminder): its reminder is done.

    Call it in the transaction that starts the session, so no reminder follows the run.
    """
    await store.session_reminder_done(session, user_id, day, now)
    user = await repo.find_user(session, user_id)
    schedule = None if user is None else await _eligible_schedule(session, user)
    if schedule is not None:  # the reminder after it, as if this one had gone out
        await ensure(session, [schedule], Slot.SESSION, now, DEFAULT_MORNING_CHECKIN)


async def retime_checkins(session: DbSession, user: User, morning_at: time) -> None:
    """Move pending check-ins to the user's own time (else the configured ``morning_at``)
    in the user's (new) time zone."""
    schedule = store.schedule_of(user)
    if schedule is None:
        return
    for row in await store.unsnoozed_checkins(session, user.id):
        row.due_at = local_instant(row.local_date, morning_time(schedule, morning_at),
                                   schedule.zone)


async def rebuild(db: Database, now: datetime, morning_at: time) -> int:
    """At start-up: plan the next reminders of every user who should have some and has none.

    Works through users in chunks, one transaction each, so memory stays flat however many
    users there are; returns how many reminders were planned.
    """
    total = 0
    for slot in RECURRING:
        after_id = -(2**63)
        while True:
            async with db.transaction() as session:
                lacking = await store.lacking(session, slot, after_id, REBUILD_CHUNK)
                if not lacking:
                    break
                total += await ensure(session, lacking, slot, now, morning_at)
            after_id = lacking[-1].user_id
    return total + await _rebuild_flares(db, now, morning_at)


async def _rebuild_flares(db: Database, now: datetime, morning_at: time) -> int:
    total, after_id = 0, -(2**63)
    while True:
        async with db.transaction() as session:
            flares = await store.lacking_flare(session, after_id, REBUILD_CHUNK)
            if not flares:
                return total
            total += await ensure_flare(session, flares, now, morning_at)
        after_id = flares[-1][0].user_id
