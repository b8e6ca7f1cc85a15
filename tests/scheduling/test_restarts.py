"""Restarts before, during and after a due minute, inside and beyond the grace window."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.domain.reminders import DEFAULT_MORNING_CHECKIN
from bot.scheduling.ticker import BATCH
from bot.services import planning, reminders
from bot.services.reminders import Due, SendResult
from bot.services.today import today
from bot.storage.db import Database
from bot.storage.models import Reminder
from tests.scheduling.helpers import RecordingOutbox, many_onboarded, onboarded, ticker

USER = 11
# Onboarded on Monday 4 January 2027 at 09:00 UTC (London), training Mon/Wed/Fri at 07:30:
# the first reminder is due on Wednesday 6 January at 07:30 UTC.
ONBOARDED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
DUE = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)


class Crash(Exception):
    """The process dies here."""


class DyingOutbox(RecordingOutbox):
    """Sends ``after`` reminders, then the process dies with the next batch half sent."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after

    async def send_all(self, due: Sequence[Due]) -> list[SendResult]:
        if len(self.sent) >= self.after:
            raise Crash
        return await super().send_all(due)


class CrashingOutbox:
    async def send_all(self, due: Sequence[Due]) -> list[SendResult]:
        raise Crash


async def restarted(db_url: str, now: datetime) -> Database:
    """A new process on the same database: everything is rebuilt from it."""
    fresh = Database(db_url)
    await reminders.resend_unconfirmed(fresh)
    await reminders.rebuild(fresh, now, DEFAULT_MORNING_CHECKIN)
    return fresh


async def statuses(db: Database) -> dict[str, str]:
    async with db.transaction() as session:
        rows = await session.execute(select(Reminder.local_date, Reminder.status)
                                     .where(Reminder.slot == "session"))
        return {day.isoformat(): status for day, status in rows}


async def test_down_before_the_due_minute_and_back_within_grace_sends_late(
        db: Database, db_url: str) -> None:
    await onboarded(db, USER, ONBOARDED)
    await db.close()  # down from before 07:30 ...
    back = DUE + timedelta(minutes=90)  # ... until 09:00
    fresh = await restarted(db_url, back)
    outbox = RecordingOutbox()
    await ticker(fresh, outbox).tick(back)
    assert len(outbox.to(USER)) == 1
    await ticker(fresh, outbox).tick(back + timedelta(minutes=1))
    assert len(outbox.to(USER)) == 1
    assert await statuses(fresh) == {"2027-01-06": "sent", "2027-01-08": "pending"}
    await fresh.close()


async def test_down_beyond_grace_skips_it_and_today_still_offers_the_session(
        db: Database, db_url: str) -> None:
    await onboarded(db, USER, ONBOARDED)
    await db.close()
    back = DUE + timedelta(minutes=121)
    fresh = await restarted(db_url, back)
    outbox = RecordingOutbox()
    report = await ticker(fresh, outbox).tick(back)
    assert (report.missed, outbox.sent) == (1, [])
    assert await statuses(fresh) == {"2027-01-06": "missed", "2027-01-08": "pending"}
    view = await today(fresh, USER, back)
    assert view.session_at is not None and view.session_at.hour == 7
    await fresh.close()


async def test_a_crash_after_the_claim_sends_it_after_the_restart(db: Database,
                                                                   db_url: str) -> None:
    await onboarded(db, USER, ONBOARDED)
    with pytest.raises(Crash):
        await ticker(db, CrashingOutbox()).tick(DUE)  # type: ignore[arg-type]
    await db.close()
    fresh = await restarted(db_url, DUE + timedelta(seconds=30))
    outbox = RecordingOutbox()
    await ticker(fresh, outbox).tick(DUE + timedelta(seconds=30))
    assert len(outbox.to(USER)) == 1  # at least once: the unconfirmed claim is sent again
    await ticker(fresh, outbox).tick(DUE + timedelta(minutes=1))
    assert len(outbox.to(USER)) == 1  # and once confirmed, never again
    assert await statuses(fresh) == {"2027-01-06": "sent", "2027-01-08": "pending"}
    await fresh.close()


async def test_a_crash_mid_fan_out_resends_only_what_was_in_flight(
        db: Database, db_url: str) -> None:
    users = range(1, 301)
    await many_onboarded(db, users, ONBOARDED)
    outbox = DyingOutbox(after=100)
    with pytest.raises(Crash):
        await ticker(db, outbox).tick(DUE)
    async with db.transaction() as session:
        claimed = await session.scalar(select(func.count()).where(
            Reminder.status == "sent", Reminder.sent_at.is_(None)))
    assert claimed is not None and 0 < claimed <= BATCH  # only the next moment is claimed
    await db.close()
    fresh = await restarted(db_url, DUE + timedelta(seconds=30))
    again = RecordingOutbox()
    await ticker(fresh, again).tick(DUE + timedelta(seconds=30))
    delivered = Counter(m.chat_id for m in outbox.sent + again.sent)
    assert set(delivered) == set(users)  # none lost
    duplicates = sum(count - 1 for count in delivered.values())
    assert duplicates <= claimed  # at most one per message in flight at the crash
    await fresh.close()


async def test_a_crash_inside_the_claim_leaves_it_for_the_restart(
        db: Database, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    await onboarded(db, USER, ONBOARDED)

    async def dies(*args: object, **kwargs: object) -> int:
        raise Crash

    with monkeypatch.context() as patched:
        patched.setattr(planning, "ensure", dies)
        with pytest.raises(Crash):
            await ticker(db, RecordingOutbox()).tick(DUE)
    await db.close()
    fresh = await restarted(db_url, DUE + timedelta(seconds=30))
    outbox = RecordingOutbox()
    await ticker(fresh, outbox).tick(DUE + timedelta(seconds=30))
    assert len(outbox.to(USER)) == 1
    await fresh.close()


async def test_a_restart_after_the_due_minute_sends_nothing_again(
        db: Database, db_url: str) -> None:
    await onboarded(db, USER, ONBOARDED)
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(DUE)
    await db.close()
    fresh = await restarted(db_url, DUE + timedelta(minutes=1))
    await ticker(fresh, outbox).tick(DUE + timedelta(minutes=1))
    assert len(outbox.to(USER)) == 1
    async with fresh.transaction() as session:
        pending = list(await session.scalars(select(Reminder.slot).where(
            Reminder.status == "pending")))
        assert sorted(pending) == ["session", "weekly"]  # one of each, not two
    await fresh.close()


async def test_start_up_plans_users_who_have_no_reminder_yet(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    async with db.transaction() as session:  # as if written by a version without reminders
        for row in await session.scalars(select(Reminder)):
            await session.delete(row)
    planned = await reminders.rebuild(db, ONBOARDED, DEFAULT_MORNING_CHECKIN)
    assert planned == 2
    assert await reminders.rebuild(db, ONBOARDED, DEFAULT_MORNING_CHECKIN) == 0
    assert await statuses(db) == {"2027-01-06": "pending"}
