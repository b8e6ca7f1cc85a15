"""The message that ends a pause survives a crash after its claim and a 429 alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.services import schedule
from bot.services.reminders import Delivery, SendResult
from bot.storage import programmes
from bot.storage.db import Database
from bot.storage.models import Decision, Reminder
from tests.scheduling.helpers import RecordingOutbox, onboarded, ticker
from tests.scheduling.test_restarts import Crash, CrashingOutbox, restarted

USER = 11
ONBOARDED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # Monday; last session on the 4th
BACK = datetime(2027, 1, 20, 0, 0, tzinfo=UTC)  # local midnight in London, 16 days later


async def paused_until_the_20th(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    async with db.transaction() as session:  # level 3, so the gap rules have a level to drop
        programme = await programmes.load(session, USER)
        assert programme is not None
        await programmes.save(session, USER, replace(programme, level=3,
                                                     gap_from=date(2027, 1, 4)), ONBOARDED)
    await schedule.pause(db, USER, "until 2027-01-20", ONBOARDED)


async def resume_messages(db: Database) -> list[tuple[str, str]]:
    async with db.transaction() as session:
        rows = await session.execute(select(Reminder.status, Reminder.local_date)
                                     .where(Reminder.slot == "resume"))
        return [(status, day.isoformat()) for status, day in rows]


async def gap_rules_applied(db: Database) -> list[str]:
    async with db.transaction() as session:
        rules = await session.scalars(select(Decision.rule).where(Decision.rule == "gap_14"))
        return list(rules)


def assert_announces_the_return(texts: list[str]) -> None:
    assert len(texts) == 1
    assert "pause is over" in texts[0]
    assert "16 days" in texts[0]  # what the gap rules decided at the claim, kept


async def test_a_crash_after_claiming_the_end_of_a_pause_still_announces_it(
        db: Database, db_url: str) -> None:
    await paused_until_the_20th(db)
    with pytest.raises(Crash):
        await ticker(db, CrashingOutbox()).tick(BACK)  # type: ignore[arg-type]
    await db.close()
    later = BACK + timedelta(seconds=30)
    fresh = await restarted(db_url, later)
    outbox = RecordingOutbox()
    await ticker(fresh, outbox).tick(later)
    assert_announces_the_return(outbox.to(USER))
    assert await resume_messages(fresh) == [("sent", "2027-01-20")]
    assert await gap_rules_applied(fresh) == ["gap_14"]  # decided once, not again
    await ticker(fresh, outbox).tick(later + timedelta(minutes=5))
    assert len(outbox.to(USER)) == 1
    await fresh.close()


async def test_a_429_on_the_end_of_a_pause_announces_it_after_retry_after(db: Database) -> None:
    await paused_until_the_20th(db)
    refusals = iter([SendResult(Delivery.FLOOD, retry_after=30)])
    outbox = RecordingOutbox(lambda message: next(refusals, SendResult(Delivery.SENT)))
    queue = ticker(db, outbox)
    report = await queue.tick(BACK)
    assert (report.sent, report.queued_again) == (0, 1)
    await queue.tick(BACK + timedelta(seconds=30))
    assert_announces_the_return(outbox.to(USER))
    assert await resume_messages(db) == [("sent", "2027-01-20")]
    assert await gap_rules_applied(db) == ["gap_14"]
    await queue.tick(BACK + timedelta(minutes=5))
    assert len(outbox.to(USER)) == 1
