"""Reminders when Telegram refuses them for a while: a 429 storm, a time-out, a 403.

Every affected reminder is delivered once when the fault clears; one that timed out may have
arrived, so it is not sent again; a user who blocked the bot is marked inactive and gets
nothing more. PTB's rate limiter waits ``retry_after`` for real (1 s, the least the Bot API
asks for); the queue itself moves on the injected clock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from functools import partial

import pytest

from bot import app
from bot.emulator import Emulator
from bot.telegram.request import AiohttpRequest
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.test_live_faults import is_active
from tests.e2e.test_reminders import WEDNESDAY, tick

REMINDER = "Session time"
TRIES = 1 + 3 + 1  # the first try, PTB's three retries and the extra one after a short wait


def reminders_to(person: Person) -> int:
    return sum(REMINDER in (m.text or "") for m in person.user.messages)


async def people(emulator: Emulator, bot: RunningBot, count: int) -> list[Person]:
    found = [Person(emulator.user(user_id=6001 + i, first_name=f"P{i}"), bot)
             for i in range(count)]
    for person in found:
        await onboard(person)
    return found


async def tick_until_quiet(bot: RunningBot, clock: FakeClock, ticks: int = 4) -> None:
    """Ticks a minute apart, long after any ``retry_after``: the fault has cleared."""
    for _ in range(ticks):
        clock.advance(minutes=1)
        await tick(bot, clock)


@pytest.fixture
async def impatient_bot(emulator: Emulator, db_url: str, clock: FakeClock,
                        monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RunningBot]:
    """The bot with a 0.3 s wait for Telegram's answer."""
    monkeypatch.setattr(app, "AiohttpRequest", partial(AiohttpRequest, read_timeout=0.3))
    running = RunningBot(emulator, db_url, clock)
    await running.start()
    yield running
    await running.stop()


async def test_a_429_storm_delivers_every_reminder_once_when_it_clears(
    bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    crowd = await people(emulator, bot, 3)
    # Enough refusals for every try of all three: none gets through this tick.
    emulator.faults.fail_next("sendMessage", error_code=429, retry_after=1,
                              times=len(crowd) * TRIES)
    clock.set(WEDNESDAY)
    report = await tick(bot, clock)
    assert (report.claimed, report.sent, report.queued_again) == (3, 0, 3)  # none dropped
    await tick_until_quiet(bot, clock)
    assert emulator.faults.pending == 0
    assert [reminders_to(person) for person in crowd] == [1, 1, 1]


async def test_a_reminder_that_timed_out_arrives_once_and_is_not_sent_again(
    impatient_bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    [ada] = await people(emulator, impatient_bot, 1)
    emulator.faults.delay_next("sendMessage", seconds=1.0)  # taken, answered too late
    clock.set(WEDNESDAY)
    calls = len(emulator.calls_to("sendMessage"))
    report = await tick(impatient_bot, clock)
    assert (report.claimed, report.sent, report.queued_again, report.not_sent) == (1, 0, 0, 0)
    emulator.faults.release()
    await tick_until_quiet(impatient_bot, clock)
    await impatient_bot.settle()
    assert reminders_to(ada) == 1
    assert len(emulator.calls_to("sendMessage")) == calls + 1  # never tried twice


async def test_a_403_deactivates_the_user_and_the_others_get_theirs(
    bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    ada, bo = await people(emulator, bot, 2)
    emulator.faults.fail_next("sendMessage", error_code=403,
                              description="Forbidden: bot was blocked by the user")
    clock.set(WEDNESDAY)
    report = await tick(bot, clock)
    assert (report.sent, report.not_sent) == (1, 1)
    blocked, reached = (ada, bo) if reminders_to(ada) == 0 else (bo, ada)
    assert not await is_active(bot, blocked.user.id)
    assert await is_active(bot, reached.user.id)
    clock.set(WEDNESDAY + timedelta(days=2))  # Friday: only the one still reachable
    assert (await tick(bot, clock)).sent == 1
    await tick_until_quiet(bot, clock)
    assert (reminders_to(blocked), reminders_to(reached)) == (0, 2)
