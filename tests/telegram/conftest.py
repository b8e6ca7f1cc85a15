from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.emulator import DEFAULT_TOKEN, Emulator


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(DEFAULT_TOKEN, flood_limits=None) as emulator:
        yield emulator
