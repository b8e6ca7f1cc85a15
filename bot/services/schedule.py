"""Use cases of /schedule, /pause and /resume: the reminders follow every change at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.cue_modes import CueMode
from bot.domain.decisions import Decision
from bot.domain.parsing import consecutive_pairs
from bot.domain.pausing import PauseProblem, PauseRequest, parse_pause
from bot.domain.programme import Paused as PausedEvent
from bot.domain.programme import Resumed as ResumedEvent
from bot.domain.programme import next_level
from bot.domain.reminders import Slot, resume_occurrence, session_occurrence
from bot.domain.schedule import local_date
from bot.domain.week import Weekday
from bot.services import coaching, planning
from bot.storage import programmes, repo
from bot.storage import reminders as store
from bot.storage.db import Database, DbSession
from bot.storage.models import User
from bot.storage.reminders import Planned

ALL_SLOTS = tuple(Slot)


class NotSetUp(Exception):
    """The user has not finished onboarding, so there is no schedule yet."""


class NotPaused(Exception):
    """/resume from someone who is not paused."""


class Paused(Exception):
    """The user is paused; ``until`` is their first day back (None: until /resume)."""

    def __init__(self, until: date | None) -> None:
        super().__init__(until)
        self.until = until


@dataclass(frozen=True)
class ScheduleView:
    """A user's schedule as they read it, with the next session reminder (local time)."""

    days: tuple[Weekday, ...]
    at: time
    zone: str
    morning_at: time
    next_at: datetime | None
    paused_until: date | None
    paused: bool
    back_to_back: bool
    cue_mode: CueMode = CueMode.CHAT


@dataclass(frozen=True)
class Resumed:
    """After a pause: what the gap rules decided, and when the next session is (local)."""

    decision: Decision | None
    level: int | None
    next_at: datetime | None


async def current(db: Database, user_id: int, now: datetime, morning_at: time) -> ScheduleView:
    """The user's schedule."""
    async with db.transaction() as session:
        user = await _set_up_user(session, user_id)
        return await _view(session, user, now, morning_at)


async def change_days(db: Database, user_id: int, days: tuple[Weekday, ...], now: datetime,
                      morning_at: time) -> ScheduleView:
    """New training days; the next reminders follow at once."""
    def apply(user: User) -> None:
        user.training_days = ",".join(d.short for d in sorted(days))
    return await _change(db, user_id, now, morning_at, apply)


async def change_time(db: Database, user_id: int, at: time, now: datetime,
                      morning_at: time) -> ScheduleView:
    """A new reminder time; the next reminders follow at once."""
    def apply(user: User) -> None:
        user.reminder_time = at
    return await _change(db, user_id, now, morning_at, apply)


async def change_morning_time(db: Database, user_id: int, at: time, now: datetime,
                              morning_at: time) -> ScheduleView:
    """The user's own morning check-in time (``morning_at``: the coach's, until now); the
    pending check-ins and the daily flare message move to it at once."""
    def apply(user: User) -> None:
        user.morning_checkin_time = at
    return await _change(db, user_id, now, morning_at, apply)


async def change_zone(db: Database, user_id: int, zone: str, now: datetime,
                      morning_at: time) -> ScheduleView:
    """A new time zone; the next reminders and check-ins follow at once."""
    ZoneInfo(zone)  # refuses an unknown zone before anything changes

    def apply(user: User) -> None:
        user.timezone = zone
    return await _change(db, user_id, now, morning_at, apply)


async def change_cue_mode(db: Database, user_id: int, mode: CueMode, now: datetime,
                          morning_at: time) -> ScheduleView:
    """How the next sessions' cues arrive: chat messages, an audio track, or both."""
    async with db.transaction() as session:
        user = await _set_up_user(session, user_id, for_update=True)
        user.cue_mode = mode.value
        return await _view(session, user, now, morning_at)


async def _change(db: Database, user_id: int, now: datetime, morning_at: time,
                  apply: Callable[[User], None]) -> ScheduleView:
    async with db.transaction() as session:
        user = await _set_up_user(session, user_id, for_update=True)
        apply(user)
        schedule = store.schedule_of(user)
        assert schedule is not None  # a set-up user has every part of a schedule
        start = user.programme_start
        if start is not None and local_date(now, schedule.zone) < start:
            # Not started yet: the first session moves with the schedule.
            first = session_occurrence(schedule.days, schedule.at, schedule.zone, after=now)
            user.programme_start = first.day
        await planning.plan_next(session, user, now, morning_at=morning_at)
        await planning.retime_checkins(session, user, morning_at)
        return await _view(session, user, now, morning_at)


async def _set_up_user(session: DbSession, user_id: int, *, for_update: bool = False) -> User:
    user = await repo.get_user(session, user_id, for_update=for_update)
    if user is None or user.onboarded_at is None or store.schedule_of(user) is None:
        raise NotSetUp
    return user


async def _view(session: DbSession, user: User, now: datetime, morning_at: time
                ) -> ScheduleView:
    schedule = store.schedule_of(user)
    assert schedule is not None
    pause = await store.pause_of(session, user.id)
    next_at = None
    if pause is None:
        upcoming = session_occurrence(schedule.days, schedule.at, schedule.zone, after=now,
                                      first_day=schedule.start)
        next_at = upcoming.due_at.astimezone(schedule.zone)
    return ScheduleView(
        days=schedule.days, at=schedule.at, zone=str(user.timezone),
        morning_at=planning.morning_time(schedule, morning_at),
        next_at=next_at, paused_until=None if pause is None else pause.until,
        paused=pause is not None, back_to_back=bool(consecutive_pairs(schedule.days)),
        cue_mode=CueMode(user.cue_mode),
    )


async def pause(db: Database, user_id: int, wanted: str, now: datetime
                ) -> PauseRequest | PauseProblem:
    """Stop every reminder for as long as ``wanted`` says ("for 2 weeks", "until 2027-02-01",
    or nothing: until /resume); the pause counts as a gap in the programme."""
    async with db.transaction() as session:
        user = await _set_up_user(session, user_id, for_update=True)
        schedule = store.schedule_of(user)
        assert schedule is not None
        request = parse_pause(wanted, local_date(now, schedule.zone))
        if isinstance(request, PauseProblem):
            return request
        await pause_user(session, user, request.until, now)
        return request


async def pause_user(session: DbSession, user: User, until: date | None,
                     now: datetime) -> None:
    """Pause a set-up user's reminders until ``until`` (None: until /resume), in the caller's
    transaction; the pause counts as a gap in the programme."""
    schedule = store.schedule_of(user)
    assert schedule is not None
    already = await store.pause_of(session, user.id) is not None
    await store.set_pause(session, user.id, until, now)
    await store.cancel_pending(session, user.id, ALL_SLOTS, now)
    if until is not None:
        back = resume_occurrence(until, schedule.zone)
        await store.plan(session, [Planned(user.id, Slot.RESUME, back)], now)
    if not already and await programmes.load(session, user.id) is not None:
        await coaching.step(session, user, now, PausedEvent(local_date(now, schedule.zone)))


async def resume(db: Database, user_id: int, now: datetime, morning_at: time) -> Resumed:
    """/resume: reminders start again and the gap rules apply to the time away."""
    async with db.transaction() as session:
        user = await _set_up_user(session, user_id, for_update=True)
        return await resume_user(session, user, now, morning_at)


async def resume_user(session: DbSession, user: User, now: datetime, morning_at: time
                      ) -> Resumed:
    """End a user's pause in the caller's transaction (from /resume or when the pause ends)."""
    if await store.pause_of(session, user.id) is None:
        raise NotPaused
    await store.clear_pause(session, user.id)
    await store.cancel_pending(session, user.id, (Slot.RESUME,), now)
    if user.active:  # the morning after a session is still asked about, if not yet gone by
        await store.restore_morning_checkins(session, user.id, now)
        await planning.retime_checkins(session, user, morning_at)
    schedule = store.schedule_of(user)
    zone = schedule.zone if schedule is not None else ZoneInfo("UTC")
    decided, level = None, None
    if await programmes.load(session, user.id) is not None:
        # Through the engine: during a red-flag hold the gap rules wait, the dose stays.
        outcome = await coaching.step(session, user, now, ResumedEvent(local_date(now, zone)))
        decided = None if outcome is None else outcome.decision
        programme = await programmes.load(session, user.id)
        assert programme is not None
        level = next_level(programme)
    await planning.plan_next(session, user, now, morning_at=morning_at)
    next_at = None
    if schedule is not None and user.active:
        upcoming = session_occurrence(schedule.days, schedule.at, zone, after=now,
                                      first_day=schedule.start)
        next_at = upcoming.due_at.astimezone(zone)
    return Resumed(decided, level, next_at)


async def refuse_if_paused(session: DbSession, user_id: int) -> None:
    """Raise Paused, with the first day back, when the user is paused (for /today, /go)."""
    found = await store.pause_of(session, user_id)
    if found is not None:
        raise Paused(found.until)


async def check_not_paused(db: Database, user_id: int) -> None:
    """Raise Paused, with the first day back, when the user is paused (before /go)."""
    async with db.transaction() as session:
        await refuse_if_paused(session, user_id)
