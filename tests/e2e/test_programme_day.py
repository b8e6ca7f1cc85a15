"""A training day end to end: reminder, Start now, the live session, its check-in, and the
next morning's check-in that can change the verdict."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.storage.models import Reminder
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import run_to_end
from tests.e2e.test_reminders import FRIDAY, WEDNESDAY, reminded, tick


async def test_reminder_to_session_to_morning_check_in(ada: Person, bot: RunningBot,
                                                      clock: FakeClock) -> None:
    await onboard(ada)
    await reminded(ada, bot, clock, WEDNESDAY)
    await ada.tap("▶️ Start now")
    assert "how is your back right now" in (ada.last.text or "")
    await ada.tap("Skip")
    assert "Warm-up walk — 5:00" in (ada.last.text or "")
    assert bot.timers.pending
    await run_to_end(bot, clock, ada)
    await ada.tap("3")
    await ada.tap("None of these")
    assert (await bot.rules())[-1] == "hold_amber"

    # Thursday 08:00 London: the next-morning check-in arrives, once.
    morning = WEDNESDAY.replace(hour=8, minute=0) + timedelta(days=1)
    await reminded(ada, bot, clock, morning)
    assert "this morning" in (ada.last.text or "").lower()
    replies = await ada.tap("7")
    assert any("That changes things" in (m.text or "") for m in replies)
    assert (await bot.rules())[-1] == "drop_red"
    assert (await tick(bot, clock)).sent == 0

    # Friday's reminder offers the lower dose.
    await reminded(ada, bot, clock, FRIDAY)
    assert "level 0" in (ada.last.text or "")


async def test_a_session_from_go_silences_that_days_reminder(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY - timedelta(hours=1))
    await ada.say("/go")
    await ada.tap("Skip")
    clock.set(WEDNESDAY)
    assert (await tick(bot, clock)).sent == 0
    assert bot.db is not None
    async with bot.db.transaction() as session:
        statuses = (await session.scalars(select(Reminder.status).where(
            Reminder.local_date == WEDNESDAY.date()))).all()
    assert "pending" not in statuses
