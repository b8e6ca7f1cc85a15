"""Queries and writes over reminders and pauses; callers own the transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Executable,
    Table,
    and_,
    bindparam,
    delete,
    exists,
    func,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.reminders import Occurrence, Slot, Status
from bot.domain.week import Weekday
from bot.storage import programme_codec
from bot.storage.models import Pause, ProgrammeState, Reminder, User

PENDING = Status.PENDING.value
# Bound parameters per statement stay well under SQLite's limit.
CHUNK = 500


@dataclass(frozen=True)
class Schedule:
    """What planning needs of a user: training days, reminder time, zone, first session,
    and their own morning check-in time (None: the coach's configured time)."""

    user_id: int
    days: tuple[Weekday, ...]
    at: time
    zone: ZoneInfo
    start: date | None
    morning_at: time | None = None


@dataclass(frozen=True)
class Planned:
    """A reminder to plan: who, which slot, when; ``session_id`` ties a check-in to a session."""

    user_id: int
    slot: Slot
    occurrence: Occurrence
    session_id: int | None = None


def schedule_of(user: User) -> Schedule | None:
    """The stored schedule of a user, or None while any part of it is missing."""
    return _schedule(user.id, user.training_days, user.reminder_time, user.timezone,
                     user.programme_start, user.morning_checkin_time)


def _schedule(user_id: int, days: str | None, at: time | None, zone: str | None,
              start: date | None, morning_at: time | None) -> Schedule | None:
    if not days or at is None or not zone:
        return None
    weekdays = tuple(sorted(Weekday[name.upper()] for name in days.split(",")))
    return Schedule(user_id, weekdays, at, ZoneInfo(zone), start, morning_at)


async def plan(session: AsyncSession, planned: Sequence[Planned], now: datetime) -> None:
    """Add pending reminders; an identity already there is left alone unless it was cancelled.

    A cancelled reminder (after a pause or a schedule change) comes back as pending with its
    new time, so a date once planned can be planned again.
    """
    if not planned:
        return
    statement = _plan_statement(_dialect(session))
    rows = [
        {"user_id": p.user_id, "slot": p.slot.value, "local_date": p.occurrence.day,
         "due_at": p.occurrence.due_at, "status": PENDING, "snoozed": 0, "attempts": 0,
         "session_id": p.session_id, "created_at": now}
        for p in planned
    ]
    connection = await session.connection()  # Core, not the ORM's bulk path: a third the cost
    for start in range(0, len(rows), CHUNK):
        await connection.execute(statement, rows[start : start + CHUNK])


@cache
def _plan_statement(dialect: str) -> Executable:
    """The upsert behind :func:`plan`, built once per dialect (building it costs more than
    running it)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(cast(Table, Reminder.__table__))
    fresh = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[Reminder.user_id, Reminder.slot, Reminder.local_date],
        set_={"due_at": fresh.due_at, "status": fresh.status, "session_id": fresh.session_id,
              "snoozed": 0, "attempts": 0, "sent_at": None, "message_id": None,
              "handled_at": None, "decided": None, "created_at": fresh.created_at},
        where=Reminder.status == Status.CANCELLED.value,
    )


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


_PENDING_AMONG = select(Reminder.user_id).distinct().where(
    Reminder.user_id.in_(bindparam("ids", expanding=True)), Reminder.slot == bindparam("slot"),
    Reminder.status == PENDING,
)


async def with_pending(session: AsyncSession, user_ids: Iterable[int], slot: Slot) -> set[int]:
    """Those of ``user_ids`` that already have a pending reminder in ``slot``."""
    found: set[int] = set()
    ids = list(set(user_ids))
    for start in range(0, len(ids), CHUNK):
        found.update(await session.scalars(
            _PENDING_AMONG, {"ids": ids[start : start + CHUNK], "slot": slot.value}
        ))
    return found


async def taken_days(session: AsyncSession, user_id: int, slot: Slot, since: date) -> set[date]:
    """Local dates from ``since`` on that hold a reminder in ``slot`` (cancelled ones are free)."""
    rows = await session.scalars(
        select(Reminder.local_date).where(
            Reminder.user_id == user_id, Reminder.slot == slot.value,
            Reminder.local_date >= since, Reminder.status != Status.CANCELLED.value,
        )
    )
    return set(rows)


async def cancel_pending(session: AsyncSession, user_id: int, slots: Iterable[Slot],
                         now: datetime) -> int:
    """Cancel a user's pending reminders in ``slots``; how many were cancelled."""
    result = await session.execute(
        update(Reminder)
        .where(Reminder.user_id == user_id, Reminder.status == PENDING,
               Reminder.slot.in_([slot.value for slot in slots]))
        .values(status=Status.CANCELLED.value, handled_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


_SESSION_REMINDER_DONE = (
    update(Reminder)
    .where(Reminder.user_id == bindparam("who"), Reminder.slot == Slot.SESSION.value,
           Reminder.local_date == bindparam("day"),
           Reminder.status.in_([PENDING, Status.SENT.value]))
    .values(status=Status.DONE.value, handled_at=bindparam("now"))
)


async def session_reminder_done(session: AsyncSession, user_id: int, day: date, now: datetime
                                ) -> None:
    """Mark the user's session reminder for local ``day`` done, unless it was already handled."""
    await session.execute(_SESSION_REMINDER_DONE, {"who": user_id, "day": day, "now": now})


async def morning_checkin_done(session: AsyncSession, user_id: int, session_id: int,
                               now: datetime) -> None:
    """Mark the next-morning check-in about a session done, unless it was already handled."""
    await session.execute(
        update(Reminder)
        .where(Reminder.user_id == user_id, Reminder.session_id == session_id,
               Reminder.slot == Slot.MORNING_CHECKIN.value,
               Reminder.status.in_([PENDING, Status.SENT.value]))
        .values(status=Status.DONE.value, handled_at=now)
    )


async def restore_morning_checkins(session: AsyncSession, user_id: int, now: datetime
                                   ) -> int:
    """Plan again the user's next-morning check-ins that a pause cancelled and whose time
    is still ahead; how many came back."""
    result = await session.execute(
        update(Reminder)
        .where(Reminder.user_id == user_id, Reminder.slot == Slot.MORNING_CHECKIN.value,
               Reminder.status == Status.CANCELLED.value, Reminder.due_at > now)
        .values(status=PENDING, handled_at=None, created_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def unsnoozed_checkins(session: AsyncSession, user_id: int) -> list[Reminder]:
    """The user's pending morning, weekly and flare check-ins that were never snoozed."""
    rows = await session.scalars(select(Reminder).where(
        Reminder.user_id == user_id, Reminder.status == PENDING,
        Reminder.slot.in_([Slot.MORNING_CHECKIN.value, Slot.WEEKLY_CHECKIN.value,
                           Slot.FLARE_CHECKIN.value]),
        Reminder.snoozed == 0,
    ))
    return list(rows)


async def claim_due(session: AsyncSession, now: datetime, limit: int) -> list[Reminder]:
    """Claim up to ``limit`` pending reminders due by ``now``: they become SENT in this transaction,
    with no ``sent_at`` until a send is confirmed (:func:`confirm_sent`).

    On PostgreSQL the candidates are locked with SKIP LOCKED, so concurrent claimers take
    disjoint rows; on SQLite the UPDATE itself takes the single writer lock. Either way the
    ``status = pending`` condition is re-checked by the UPDATE, so no row is claimed twice.
    """
    due = (
        select(Reminder.id)
        .where(Reminder.status == PENDING, Reminder.due_at <= now)
        .order_by(Reminder.due_at, Reminder.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = await session.scalars(
        update(Reminder)
        .where(Reminder.id.in_(due.scalar_subquery()), Reminder.status == PENDING)
        .values(status=Status.SENT.value, sent_at=None, message_id=None)
        .returning(Reminder),
        execution_options={"synchronize_session": False},
    )
    return sorted(claimed, key=lambda row: (row.due_at, row.id))


async def keep_decided(session: AsyncSession, reminder_id: int, decided: dict[str, Any]) -> None:
    """Keep what a claimed reminder's message says, so a resend says the same."""
    await session.execute(
        update(Reminder).where(Reminder.id == reminder_id).values(decided=decided)
        .execution_options(synchronize_session=False)
    )


async def get(session: AsyncSession, reminder_id: int, *, for_update: bool = False
              ) -> Reminder | None:
    """One reminder by id."""
    query = select(Reminder).where(Reminder.id == reminder_id)
    if for_update:
        query = query.with_for_update()
    found: Reminder | None = await session.scalar(query)
    return found


async def set_status(session: AsyncSession, ids: Sequence[int], status: Status,
                     now: datetime) -> None:
    """Give reminders a final status."""
    for start in range(0, len(ids), CHUNK):
        await session.execute(
            update(Reminder).where(Reminder.id.in_(ids[start : start + CHUNK]))
            .values(status=status.value, handled_at=now)
        )


async def confirm_sent(session: AsyncSession, sent: Sequence[tuple[int, int | None]],
                       now: datetime) -> None:
    """Record that each reminder left: when, and which Telegram message carried it (its buttons
    answer only there; None when the send timed out and may or may not have arrived)."""
    rows = [{"id": reminder_id, "message_id": message_id, "sent_at": now}
            for reminder_id, message_id in sent]
    for start in range(0, len(rows), CHUNK):
        await session.execute(update(Reminder), rows[start : start + CHUNK])


_UNCONFIRMED = (Reminder.status == Status.SENT.value) & Reminder.sent_at.is_(None)


async def requeue_unconfirmed(session: AsyncSession) -> int:
    """Put reminders claimed but never confirmed sent back in the queue; how many there were.

    Only a process that died between a claim and its confirmation leaves such rows, and only
    while no other process is sending: call it at start-up.
    """
    result = await session.execute(
        update(Reminder).where(_UNCONFIRMED).values(status=PENDING)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def send_again_at(session: AsyncSession, ids: Sequence[int], due_at: datetime) -> None:
    """Put reminders that Telegram turned away back in the queue, due at ``due_at``."""
    for start in range(0, len(ids), CHUNK):
        await session.execute(
            update(Reminder).where(Reminder.id.in_(ids[start : start + CHUNK]))
            .values(status=PENDING, due_at=due_at, attempts=Reminder.attempts + 1)
        )


async def deactivate(session: AsyncSession, user_ids: Sequence[int], now: datetime) -> None:
    """Mark users who blocked the bot inactive and cancel everything still pending for them."""
    for start in range(0, len(user_ids), CHUNK):
        chunk = user_ids[start : start + CHUNK]
        await session.execute(update(User).where(User.id.in_(chunk)).values(active=False))
        await session.execute(
            update(Reminder).where(Reminder.user_id.in_(chunk), Reminder.status == PENDING)
            .values(status=Status.CANCELLED.value, handled_at=now)
        )


async def pause_of(session: AsyncSession, user_id: int) -> Pause | None:
    """The user's pause, if they are paused."""
    return await session.get(Pause, user_id)


async def paused_among(session: AsyncSession, user_ids: Iterable[int]) -> set[int]:
    """Those of ``user_ids`` who are paused."""
    ids = list(set(user_ids))
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        found.update(await session.scalars(
            select(Pause.user_id).where(Pause.user_id.in_(ids[start : start + CHUNK]))
        ))
    return found


async def on_hold_among(session: AsyncSession, user_ids: Iterable[int]) -> set[int]:
    """Those of ``user_ids`` with a safety stop standing (no sessions until a clinician clears)."""
    ids = list(set(user_ids))
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        found.update(await session.scalars(
            select(User.id).where(User.id.in_(ids[start : start + CHUNK]),
                                  User.safety_stop.is_not(None))
        ))
    return found


async def set_pause(session: AsyncSession, user_id: int, until: date | None,
                    now: datetime) -> Pause:
    """Pause a user (or change the end of their pause)."""
    pause = await session.get(Pause, user_id)
    if pause is None:
        pause = Pause(user_id=user_id, paused_at=now, until=until)
        session.add(pause)
    else:
        pause.until = until
    return pause


async def clear_pause(session: AsyncSession, user_id: int) -> None:
    """End a user's pause."""
    await session.execute(delete(Pause).where(Pause.user_id == user_id))


def eligible() -> Any:
    """The users who should get reminders: set up, reachable and not paused."""
    return and_(
        User.active.is_(True), User.onboarded_at.is_not(None), User.training_days.is_not(None),
        User.reminder_time.is_not(None), User.timezone.is_not(None),
        ~exists().where(Pause.user_id == User.id),
    )


async def lacking(session: AsyncSession, slot: Slot, after_id: int, limit: int
                  ) -> list[Schedule]:
    """Up to ``limit`` eligible users (ids above ``after_id``) with no pending ``slot`` reminder."""
    query = (
        select(User.id, User.training_days, User.reminder_time, User.timezone,
               User.programme_start, User.morning_checkin_time)
        .where(eligible(), User.id > after_id,
               ~exists().where(Reminder.user_id == User.id, Reminder.slot == slot.value,
                               Reminder.status == PENDING))
        .order_by(User.id).limit(limit)
    )
    found = []
    for row in await session.execute(query):
        schedule = _schedule(*row)
        if schedule is not None:
            found.append(schedule)
    return found


async def lacking_flare(session: AsyncSession, after_id: int, limit: int
                        ) -> list[tuple[Schedule, date]]:
    """Up to ``limit`` eligible users in flare mode (ids above ``after_id``) with no pending
    daily flare message, each with the day their flare began."""
    query = (
        select(User.id, User.training_days, User.reminder_time, User.timezone,
               User.programme_start, User.morning_checkin_time, ProgrammeState.state)
        .join(ProgrammeState, ProgrammeState.user_id == User.id)
        .where(eligible(), User.id > after_id,
               ProgrammeState.state["flare"].as_string().is_not(None),
               ~exists().where(Reminder.user_id == User.id,
                               Reminder.slot == Slot.FLARE_CHECKIN.value,
                               Reminder.status == PENDING))
        .order_by(User.id).limit(limit)
    )
    found = []
    for *parts, state in await session.execute(query):
        schedule = _schedule(*parts)
        flare = programme_codec.load(state).flare
        if schedule is not None and flare is not None:
            found.append((schedule, flare.started))
    return found


async def open_flare_message(session: AsyncSession, user_id: int, since: date
                             ) -> Reminder | None:
    """The user's newest daily flare message from ``since`` on that was sent and not answered."""
    found: Reminder | None = await session.scalar(
        select(Reminder).where(
            Reminder.user_id == user_id, Reminder.slot == Slot.FLARE_CHECKIN.value,
            Reminder.status == Status.SENT.value, Reminder.local_date >= since,
        ).order_by(Reminder.local_date.desc()).limit(1)
    )
    return found


async def schedules(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, Schedule]:
    """The schedules of eligible users among ``user_ids``."""
    ids = list(set(user_ids))
    found: dict[int, Schedule] = {}
    for start in range(0, len(ids), CHUNK):
        rows = await session.execute(
            select(User.id, User.training_days, User.reminder_time, User.timezone,
                   User.programme_start, User.morning_checkin_time)
            .where(eligible(), User.id.in_(ids[start : start + CHUNK]))
        )
        for row in rows:
            schedule = _schedule(*row)
            if schedule is not None:
                found[schedule.user_id] = schedule
    return found


@dataclass(frozen=True)
class Moved:
    """What "Move to tomorrow" changed around a day."""

    today: bool | None  # False: its session moved away; True: one moved here; None: neither
    next_due: datetime | None  # the next moved session still to come
    skipped: bool = False  # "Skip today" was pressed on this day's reminder


async def moved_sessions(session: AsyncSession, user_id: int, day: date, now: datetime
                         ) -> Moved:
    """Sessions moved away from or onto ``day``, and the next moved session after ``now``."""
    rows = await session.execute(
        select(Reminder.local_date, Reminder.status, Reminder.due_at).where(
            Reminder.user_id == user_id, Reminder.slot == Slot.SESSION.value,
            Reminder.local_date >= day - timedelta(days=1))
    )
    status = {row.local_date: (row.status, row.due_at) for row in rows}
    moved_from = {d for d, (s, _) in status.items() if s == Status.MOVED.value}
    landed = {d: (s, due) for d, (s, due) in status.items() if d - timedelta(days=1) in moved_from}
    today = None
    if day in moved_from:
        today = False
    elif day in landed and landed[day][0] != Status.CANCELLED.value:
        today = True
    upcoming = [due for s, due in landed.values() if s == PENDING and due > now]
    skipped = status.get(day, ("", None))[0] == Status.SKIPPED.value
    return Moved(today, min(upcoming, default=None), skipped)


async def count_by_status(session: AsyncSession) -> dict[str, int]:
    """How many reminders stand in each status (for operators and benchmarks)."""
    rows = await session.execute(
        select(Reminder.status, func.count()).group_by(Reminder.status)
    )
    return {status: count for status, count in rows}
