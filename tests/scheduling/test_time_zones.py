"""Reminders at the user's local time through DST changes and far from UTC, tick by tick."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.models import Reminder
from tests.scheduling.helpers import RecordingOutbox, onboarded, ticker

USER = 7


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def sessions_sent(outbox: RecordingOutbox) -> int:
    return sum("Session time" in text for text in outbox.to(USER))


async def test_london_0730_is_0730_local_before_and_after_spring_forward(db: Database) -> None:
    await onboarded(db, USER, utc(2027, 3, 24, 12))  # Wednesday, GMT
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    await queue.tick(utc(2027, 3, 26, 7, 29))
    assert outbox.sent == []
    await queue.tick(utc(2027, 3, 26, 7, 30))  # Friday 07:30 GMT
    assert await sessions_sent(outbox) == 1
    await queue.tick(utc(2027, 3, 29, 6, 29))  # Monday 07:29 BST
    assert await sessions_sent(outbox) == 1
    await queue.tick(utc(2027, 3, 29, 6, 30))  # Monday 07:30 BST
    assert await sessions_sent(outbox) == 2


async def test_london_0730_is_0730_local_after_falling_back(db: Database) -> None:
    await onboarded(db, USER, utc(2027, 10, 27, 12))  # Wednesday, BST
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    await queue.tick(utc(2027, 10, 29, 6, 30))  # Friday 07:30 BST
    assert await sessions_sent(outbox) == 1
    await queue.tick(utc(2027, 11, 1, 6, 30))  # Monday 06:30 GMT: too early now
    assert await sessions_sent(outbox) == 1
    await queue.tick(utc(2027, 11, 1, 7, 30))
    assert await sessions_sent(outbox) == 2


async def test_new_york_reminder_in_the_missing_hour_comes_at_0300(db: Database) -> None:
    await onboarded(db, USER, utc(2027, 3, 12, 12), days="sun,tue,thu", at=time(2, 30),
                    zone="America/New_York")
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    await queue.tick(utc(2027, 3, 14, 6, 59))  # 01:59 EST, a minute before the jump
    assert outbox.sent == []
    await queue.tick(utc(2027, 3, 14, 7, 0))  # 03:00 EDT: the first valid minute
    assert await sessions_sent(outbox) == 1


async def test_new_york_ambiguous_fall_back_time_is_sent_once(db: Database) -> None:
    await onboarded(db, USER, utc(2027, 11, 5, 12), days="sun,tue,thu", at=time(1, 30),
                    zone="America/New_York")
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    await queue.tick(utc(2027, 11, 7, 5, 30))  # 01:30 EDT, the first one
    await queue.tick(utc(2027, 11, 7, 6, 30))  # 01:30 EST, the second one
    await queue.tick(utc(2027, 11, 7, 7, 30))
    assert await sessions_sent(outbox) == 1
    async with db.transaction() as session:
        pending = await session.scalar(select(Reminder).where(Reminder.status == "pending",
                                                              Reminder.slot == "session"))
        assert pending is not None and pending.local_date.isoformat() == "2027-11-09"


async def test_auckland_monday_reminder_goes_out_on_utc_sunday(db: Database) -> None:
    await onboarded(db, USER, utc(2027, 1, 2, 12), at=time(0, 15), zone="Pacific/Auckland")
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    await queue.tick(utc(2027, 1, 3, 11, 14))
    assert outbox.sent == []
    await queue.tick(utc(2027, 1, 3, 11, 15))  # Sunday UTC, Monday 00:15 NZDT
    assert await sessions_sent(outbox) == 1


async def test_auckland_weekly_check_in_closes_the_local_programme_week(db: Database) -> None:
    # Onboarded on Sunday 3 January local; the first session is Monday 4 January.
    await onboarded(db, USER, utc(2027, 1, 2, 12), zone="Pacific/Auckland")
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    await queue.tick(utc(2027, 1, 3, 18, 30))  # Monday 07:30 NZDT: the first session
    async with db.transaction() as session:
        weekly = await session.scalar(select(Reminder).where(Reminder.slot == "weekly"))
        assert weekly is not None
        assert weekly.local_date.isoformat() == "2027-01-11"  # the Monday after week 1
        assert weekly.due_at == utc(2027, 1, 10, 19, 0)  # 08:00 NZDT, still Sunday in UTC
    await queue.tick(utc(2027, 1, 10, 19, 0))
    assert any("Week 1 done" in text for text in outbox.to(USER))


async def test_honolulu_late_evening_reminder_belongs_to_its_local_day(db: Database) -> None:
    await onboarded(db, USER, utc(2027, 1, 3, 0), at=time(23, 45), zone="Pacific/Honolulu")
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    await queue.tick(utc(2027, 1, 5, 9, 45))  # Tuesday UTC, Monday 23:45 HST
    assert await sessions_sent(outbox) == 1
    async with db.transaction() as session:
        sent = await session.scalar(select(Reminder).where(Reminder.status == "sent"))
        assert sent is not None and sent.local_date.isoformat() == "2027-01-04"
    await queue.tick(utc(2027, 1, 5, 9, 45) + timedelta(days=1))  # Tuesday is a rest day
    assert await sessions_sent(outbox) == 1
