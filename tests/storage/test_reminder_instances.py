"""Two running instances on one database send every reminder once (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.services import reminders
from bot.storage.db import Database
from bot.storage.models import Reminder
from tests.scheduling.helpers import GRACE, RecordingOutbox, many_onboarded, ticker

ONBOARDED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
DUE = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
USERS = range(1, 241)


async def test_two_instances_ticking_together_send_each_reminder_once(any_db: Database,
                                                                      any_url: str) -> None:
    await many_onboarded(any_db, USERS, ONBOARDED)
    other = Database(any_url)
    try:
        await reminders.rebuild(other, ONBOARDED, ticker(other, RecordingOutbox()).morning_at)
        first, second = RecordingOutbox(), RecordingOutbox()
        one, two = ticker(any_db, first, GRACE), ticker(other, second, GRACE)
        one.batch = two.batch = 20  # many small claims, so the two really interleave
        for moment in (DUE, DUE + timedelta(seconds=20)):
            await asyncio.gather(one.tick(moment), two.tick(moment))
    finally:
        await other.close()
    chats = [m.chat_id for m in first.sent + second.sent]
    assert sorted(chats) == list(USERS)
    async with any_db.transaction() as session:
        pending = await session.execute(
            select(Reminder.slot, func.count()).where(Reminder.status == "pending")
            .group_by(Reminder.slot))
        assert dict(pending.all()) == {"session": len(USERS), "weekly": len(USERS)}
