"""Fixtures for emulator tests: a running emulator, a fake clock and an HTTP caller."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import httpx
import pytest

from bot.emulator import DEFAULT_TOKEN, Emulator, FloodLimits
from tests.emulator.helpers import FakeClock

Call = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def flood_limits() -> FloodLimits | None:
    """Flood control is off unless a test module overrides this fixture."""
    return None


@pytest.fixture
async def emu(clock: FakeClock, flood_limits: FloodLimits | None) -> AsyncIterator[Emulator]:
    async with Emulator(DEFAULT_TOKEN, flood_limits=flood_limits, clock=clock) as emulator:
        yield emulator


@pytest.fixture
async def http(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=emu.url, timeout=5.0) as client:
        yield client


@pytest.fixture
def call(emu: Emulator, http: httpx.AsyncClient) -> Call:
    """POST a JSON body to a method with the right token; returns (status, body)."""

    async def do(method: str, token: str = DEFAULT_TOKEN, **params: Any) -> Any:
        response = await http.post(f"/bot{token}/{method}", json=params)
        return response.status_code, response.json()

    return do
