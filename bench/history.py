"""A made-up programme written into a database as the bot writes it: sessions, peak pains,
and every decision the coaching engine takes on them.

The benchmark renders charts and reports from it; the tests use it for users with 1, 5 or
36 sessions. Pains come from a seeded generator, so a given seed always writes the same
record.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.onboarding import DONE
from bot.domain.programme import SessionReport
from bot.domain.progression import next_level
from bot.domain.safety import Readiness, RedFlag
from bot.services import coaching
from bot.storage import programmes, repo
from bot.storage.db import Database, DbSession
from bot.storage.models import TrainingSession, User
from bot.storage.sessions import DONE as SESSION_DONE

START = date(2027, 1, 4)  # a Monday
TRAINING_WEEKDAYS = (0, 2, 4)  # Monday, Wednesday, Friday
SESSION_AT = time(7, 30)
BASELINE = 3


def session_days(count: int, start: date = START) -> list[date]:
    """The first ``count`` training days from ``start``."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() in TRAINING_WEEKDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def _pains(rng: random.Random) -> tuple[int, int]:
    """A peak and a next-morning pain: mostly comfortable, now and then a sore one."""
    roll = rng.random()
    if roll < 0.08:
        return rng.choice((6, 7)), BASELINE + 2
    if roll < 0.25:
        return rng.choice((4, 5)), BASELINE + 1
    return rng.choice((1, 2, 3)), rng.choice((BASELINE - 1, BASELINE))


async def onboarded_user(db: Database, user_id: int, *, start: date = START) -> datetime:
    """A user who finished set-up the day before ``start``, with every screening answer no."""
    joined = datetime.combine(start - timedelta(days=1), time(18), UTC)
    async with db.transaction() as session:
        user = await repo.add_user(session, user_id, "", joined, DONE)  # runback keeps no names
        user.consented_at = user.onboarded_at = joined
        user.pain_duration, user.running_history = "over_a_year", "occasionally"
        user.baseline_pain = BASELINE
        user.training_days = "mon,wed,fri"
        user.reminder_time, user.timezone = SESSION_AT, "Europe/London"
        user.programme_start = start
        for flag in RedFlag:
            await repo.record_safety_answer(session, user, f"red_flag:{flag.value}", False,
                                            joined)
        for question in Readiness:
            await repo.record_safety_answer(session, user, f"readiness:{question.value}",
                                            False, joined)
        await coaching.begin(session, user, joined)
    return joined


async def write_history(db: Database, user_id: int, sessions: int, *, seed: int = 14,
                        start: date = START) -> datetime:
    """An onboarded user with ``sessions`` sessions done on their training days, each judged
    by the engine; returns the evening of the last session's day (or of set-up)."""
    rng = random.Random(seed)
    last = await onboarded_user(db, user_id, start=start)
    for day in session_days(sessions, start):
        began = datetime.combine(day, SESSION_AT, UTC)
        ended = began + timedelta(minutes=30)
        peak, morning = _pains(rng)
        async with db.transaction() as session:
            user = await session.get(User, user_id)
            assert user is not None
            level = await _next_level(session, user_id)
            row = TrainingSession(user_id=user_id, local_date=day, level=level,
                                  status=SESSION_DONE, started_at=began, ended_at=ended,
                                  done_fraction=1.0, signs=[])
            session.add(row)
            await session.flush()
            await repo.record_check_in(session, user_id, "peak", peak, ended, row.id)
            report = SessionReport(day, peak=peak, morning=morning)
            outcome = await coaching.apply(session, user_id, ended, report, row.id)
            zone = outcome.decision.zone
            row.zone = None if zone is None else zone.value
        last = ended
    return last.replace(hour=20)


async def _next_level(session: DbSession, user_id: int) -> int:
    programme = await programmes.load(session, user_id)
    assert programme is not None
    return next_level(programme)
