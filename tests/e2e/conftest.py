from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.emulator import Emulator
from tests.conftest import FakeClock
from tests.e2e.harness import Person, RunningBot

TOKEN = "123456789:runback-test-token"


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    # Flood limits are exercised by the emulator's own tests; here replies come instantly.
    async with Emulator(TOKEN, flood_limits=None) as emu:
        yield emu


@pytest.fixture
async def bot(emulator: Emulator, db_url: str, clock: FakeClock) -> AsyncIterator[RunningBot]:
    running = RunningBot(emulator, db_url, clock)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
def ada(emulator: Emulator, bot: RunningBot) -> Person:
    return Person(emulator.user(user_id=5001, first_name="Ada"), bot)
