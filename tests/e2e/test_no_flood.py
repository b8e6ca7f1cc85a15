"""Telegram's flood limits are never reached in normal use: every send is paced per chat and
overall, so the emulator's realistic limits (30 a second, one a second per chat after a burst
of five) never answer 429.

The emulator's flood clock and the bot's pacing share one stopwatch that never waits, so the
pacing is real but costs the test no time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.config import Settings
from bot.emulator import REALISTIC_FLOOD_LIMITS, Emulator
from bot.telegram import texts
from tests.conftest import FakeClock, WarpStopwatch
from tests.e2e.conftest import TOKEN
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot

ASKED_AT_ONCE = ("/today", "/plan", "/help", "/settings", "/schedule", "what's on today",
                 "/today", "/plan")


@pytest.fixture
def stopwatch() -> WarpStopwatch:
    return WarpStopwatch()


@pytest.fixture
async def emulator(stopwatch: WarpStopwatch) -> AsyncIterator[Emulator]:
    async with Emulator(TOKEN, flood_limits=REALISTIC_FLOOD_LIMITS,
                        clock=stopwatch.monotonic) as emu:
        yield emu


class UnpacedBot(RunningBot):
    """The bot with its per-chat pacing turned off, as it was before it had any."""

    @property
    def settings(self) -> Settings:
        base = super().settings
        return replace(base, telegram=replace(base.telegram,
                                              max_messages_per_chat_per_second=0))


async def busy_morning(emulator: Emulator, bot: RunningBot) -> list[Person]:
    """Three people set up at once, then each asks eight things without waiting."""
    people = [Person(emulator.user(user_id=7001 + n, first_name=name), bot)
              for n, name in enumerate(("Ada", "Ben", "Cleo"))]
    for person in people:
        await onboard(person)
    for text in ASKED_AT_ONCE:
        for person in people:
            await person.user.send(text)
    await bot.settle()
    return people


def rejected(emulator: Emulator) -> int:
    assert emulator.state.flood is not None
    return emulator.state.flood.rejected


async def test_a_busy_morning_gets_every_answer_without_one_429(
    emulator: Emulator, db_url: str, clock: FakeClock, stopwatch: WarpStopwatch,
) -> None:
    bot = RunningBot(emulator, db_url, clock, stopwatch)
    await bot.start()
    try:
        people = await busy_morning(emulator, bot)
    finally:
        await bot.stop()
    assert rejected(emulator) == 0
    for person in people:  # every question answered, none with the apology
        answers = person.texts()[-len(ASKED_AT_ONCE):]
        assert texts.SOMETHING_WENT_WRONG not in answers, answers


async def test_without_per_chat_pacing_the_same_morning_meets_429s(
    emulator: Emulator, db_url: str, clock: FakeClock, stopwatch: WarpStopwatch,
) -> None:
    bot = UnpacedBot(emulator, db_url, clock, stopwatch)
    await bot.start()
    try:
        await busy_morning(emulator, bot)
    finally:
        await bot.stop()
    assert rejected(emulator) > 0
