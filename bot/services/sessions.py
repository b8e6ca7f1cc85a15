"""Use cases of a live session: start, cues as they fall due, pause, resume and stop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain import live, progression
from bot.domain.cue_modes import CueMode
from bot.domain.live import LiveClock, Pause
from bot.domain.programme import Ending, SessionReport
from bot.domain.rules import COMPLETED_FRACTION
from bot.domain.safety import SafetyOutcome
from bot.services import coaching, planning
from bot.services.schedule import refuse_if_paused
from bot.services.today import NotOnboarded, OnHold
from bot.storage import leadership, repo
from bot.storage import sessions as store
from bot.storage.db import Database, DbSession
from bot.storage.models import TrainingSession
from bot.storage.sessions import CHECKIN_PEAK as CHECKIN_PEAK  # the chat handlers read these
from bot.storage.sessions import DISCARDED
from bot.storage.sessions import LIVE as LIVE

BEFORE = "before"
MORNING = "morning"
STOP_PAIN = "pain"
STOP_OTHER = "other"


class NoSession(Exception):
    """The user has no session in the state the action needs."""


class AlreadyOpen(Exception):
    """One session per user: this one is still running or waiting for its check-in."""

    def __init__(self, session_id: int, status: str) -> None:
        super().__init__(session_id)
        self.session_id = session_id
        self.status = status


@dataclass(frozen=True)
class LiveView:
    """A running session as its runner needs it: who, which level, and its clock."""

    session_id: int
    user_id: int
    level: int
    clock: LiveClock
    status_message_id: int | None
    cue_mode: CueMode = CueMode.CHAT
    flare: bool = False  # a flare walk: 10–30 minutes, as is comfortable


@dataclass(frozen=True)
class Stopped:
    """A stopped session: straight to the check-in, or set aside as not counted."""

    session_id: int
    to_checkin: bool
    done_fraction: float


def clock_of(row: TrainingSession) -> LiveClock:
    """The session's clock from its stored start, pauses and scale."""
    assert row.started_at is not None
    pauses = tuple(
        Pause(datetime.fromisoformat(start or ""), datetime.fromisoformat(end) if end else None)
        for start, end in row.pauses
    )
    return LiveClock(row.started_at, pauses, row.scale)


def store_clock(row: TrainingSession, clock: LiveClock) -> None:
    row.pauses = [[p.start.isoformat(), p.end.isoformat() if p.end else None]
                  for p in clock.pauses]


async def start(db: Database, user_id: int, clock: Clock, scale: float,
                pain_now: int | None = None) -> LiveView:
    """Start a session at the user's current level (during flare mode, a flare walk); one
    open session per user.

    The session's clock starts once the user's row is locked, not when start was asked for:
    if the database kept the request waiting, the first cue still lasts its full length.
    """
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        now = clock.now()
        if user is None or user.onboarded_at is None:
            raise NotOnboarded
        if user.safety_stop is not None:
            raise OnHold(SafetyOutcome(user.safety_stop))
        await refuse_if_paused(session, user_id)
        running = await store.open_session(session, user_id)
        if running is not None:
            raise AlreadyOpen(running.id, running.status)
        programme = await coaching.returned(session, user, now)
        level = progression.next_level(programme)
        row = await store.add_live_session(session, user_id, coaching.today_for(user, now),
                                           level, scale, now, user.cue_mode,
                                           flare_walk=programme.flare is not None)
        await planning.session_started(session, user_id, row.local_date, now)
        if pain_now is not None:
            await repo.record_check_in(session, user_id, BEFORE, pain_now, now,
                                       session_id=row.id)
        return _view(row)


async def set_status_messages(db: Database, message_ids: dict[int, int]) -> None:
    """Remember, by session id, the messages whose Pause/Resume/Stop buttons follow the
    sessions; one statement for them all."""
    if not message_ids:
        return
    async with db.transaction() as session:
        await store.set_status_messages(session, message_ids)


def _view(row: TrainingSession) -> LiveView:
    return LiveView(row.id, row.user_id, row.level, clock_of(row), row.status_message_id,
                    CueMode(row.cue_mode), row.flare_walk)


def _done_fraction(row: TrainingSession, now: datetime) -> float:
    return live.done_fraction(clock_of(row).elapsed(now), row.flare_walk)


async def load_live(db: Database, session_id: int) -> LiveView | None:
    """The session if it is still running, else None."""
    async with db.transaction() as session:
        row = await store.get_session(session, session_id)
        return None if row is None or row.status != LIVE else _view(row)


async def finish_live(db: Database, session_id: int, now: datetime) -> bool:
    """The session ran its course: on to the check-in. False if it was no longer running."""
    async with db.transaction() as session:
        row = await store.get_session(session, session_id, for_update=True)
        if row is None or row.status != LIVE:
            return False
        _finish(row, now, 1.0)
        return True


def _finish(row: TrainingSession, now: datetime, fraction: float) -> None:
    row.status = CHECKIN_PEAK
    row.ended_at = now
    row.done_fraction = fraction


async def pause(db: Database, user_id: int, session_id: int, now: datetime) -> LiveClock:
    """Freeze the session's clock."""
    async with db.transaction() as session:
        row = await _running(session, user_id, session_id)
        clock = clock_of(row)
        if clock.paused:
            raise NoSession
        clock = clock.pause(now)
        store_clock(row, clock)
        row.pause_asked = False
        return clock


async def resume(db: Database, user_id: int, session_id: int, now: datetime) -> LiveClock:
    """Start the session's clock again; the remaining cues move with it."""
    async with db.transaction() as session:
        row = await _running(session, user_id, session_id)
        clock = clock_of(row)
        if not clock.paused:
            raise NoSession
        clock = clock.resume(now)
        store_clock(row, clock)
        return clock


async def _running(session: DbSession, user_id: int, session_id: int) -> TrainingSession:
    row = await store.get_session(session, session_id, for_update=True)
    if row is None or row.user_id != user_id or row.status != LIVE:
        raise NoSession
    return row


async def mark_pause_asked(db: Database, session_id: int, now: datetime) -> bool:
    """Note that the long-pause question was asked; False if it is not due (or was asked)."""
    async with db.transaction() as session:
        row = await store.get_session(session, session_id, for_update=True)
        if row is None or row.status != LIVE or row.pause_asked:
            return False
        deadline = clock_of(row).pause_deadline()
        if deadline is None or now < deadline:
            return False
        row.pause_asked = True
        return True


async def pause_deadline(db: Database, session_id: int) -> datetime | None:
    """When a running pause becomes too long, unless that was already asked about."""
    async with db.transaction() as session:
        row = await store.get_session(session, session_id)
        if row is None or row.status != LIVE or row.pause_asked:
            return None
        return clock_of(row).pause_deadline()


async def last_without_morning(db: Database, user_id: int, now: datetime) -> int | None:
    """The user's last finished session if its next-morning answer never came and it was on
    an earlier local day (never a session of today)."""
    async with db.transaction() as session:
        last = await store.last_done(session, user_id)
        user = await repo.get_user(session, user_id)
        if last is None or user is None or last.local_date >= coaching.today_for(user, now):
            return None
        answered = await repo.first_check_in(session, last.id, MORNING)
        return None if answered is not None else last.id


async def check_running(db: Database, user_id: int, session_id: int) -> None:
    """NoSession unless this session is the user's running one."""
    async with db.transaction() as session:
        await _running(session, user_id, session_id)


async def stop(db: Database, user_id: int, session_id: int, reason: str, now: datetime,
               *, to_checkin: bool = False) -> Stopped:
    """Stop early: pain goes to the check-in, and so does anything nearly done (or when the
    user chose to finish a long-paused session); the rest is set aside as not counted."""
    async with db.transaction() as session:
        row = await _running(session, user_id, session_id)
        fraction = _done_fraction(row, now)
        row.stop_reason = reason
        if to_checkin or reason == STOP_PAIN or fraction >= COMPLETED_FRACTION:
            _finish(row, now, fraction)
            return Stopped(row.id, True, fraction)
        await _set_aside(session, row, user_id, fraction, now)
        return Stopped(row.id, False, fraction)


async def finished(db: Database, user_id: int, session_id: int, now: datetime) -> Stopped | None:
    """The user says the track is over ("Finished"): on to the check-in when enough of the
    session ran to count as completed; None (nothing changed) when it is too early for that."""
    async with db.transaction() as session:
        row = await _running(session, user_id, session_id)
        fraction = live.done_fraction(clock_of(row).elapsed(now))
        if fraction < COMPLETED_FRACTION:
            return None
        _finish(row, now, fraction)
        return Stopped(row.id, True, fraction)


async def finish_walk(db: Database, user_id: int, session_id: int,
                      now: datetime) -> float | None:
    """End a flare walk that is long enough as a whole flare session, on to its check-in; the
    minutes walked, or None when this is no flare walk or not yet long enough (it then stops
    as any session does). NoSession unless the session is the user's running one."""
    async with db.transaction() as session:
        row = await _running(session, user_id, session_id)
        elapsed = clock_of(row).elapsed(now)
        if not row.flare_walk or live.done_fraction(elapsed, flare=True) < 1.0:
            return None
        _finish(row, now, 1.0)
        return elapsed / 60


async def discard(db: Database, user_id: int, session_id: int, now: datetime) -> Stopped:
    """Throw away a long-paused session: it does not count, the dose stays; but a session
    at least 80% done counts as completed, so it goes to the check-in instead."""
    async with db.transaction() as session:
        row = await _running(session, user_id, session_id)
        row.stop_reason = STOP_OTHER
        fraction = _done_fraction(row, now)
        if fraction >= COMPLETED_FRACTION:
            _finish(row, now, fraction)
            return Stopped(row.id, True, fraction)
        await _set_aside(session, row, user_id, fraction, now)
        return Stopped(row.id, False, fraction)


async def _set_aside(session: DbSession, row: TrainingSession, user_id: int, fraction: float,
                     now: datetime) -> None:
    row.status = DISCARDED
    row.ended_at = now
    row.done_fraction = fraction
    report = SessionReport(row.local_date, Ending.STOPPED_OTHER, done_fraction=fraction)
    await coaching.apply(session, user_id, now, report, row.id)


async def live_sessions(db: Database) -> list[LiveView]:
    """Every running session, to rebuild their timers after a restart."""
    async with db.transaction() as session:
        return [_view(row) for row in await store.live_sessions(session)]


async def paused_live(db: Database, user_id: int) -> int | None:
    """The user's running session that stands paused, if any."""
    async with db.transaction() as session:
        row = await store.open_session(session, user_id)
        if row is None or row.status != LIVE or row.started_at is None:
            return None
        return row.id if clock_of(row).paused else None


async def announce_change(db: Database, session_id: int | None) -> None:
    """Tell the process that times live sessions that one changed here (None: some of one
    user's, ids unknown), so it re-reads it from the database."""
    payload = leadership.EVERY_SESSION if session_id is None else str(session_id)
    async with db.transaction() as session:
        await store.announce(session, leadership.SESSIONS_CHANNEL, payload)
