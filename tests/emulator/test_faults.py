"""The fault plan on its own: matching, counting, holding and releasing."""

from __future__ import annotations

import asyncio

import pytest

from bot.emulator import ApiError, Emulator, Faults


async def test_fail_next_counts_down_and_matches_case_insensitively() -> None:
    faults = Faults()
    faults.fail_next("sendMessage", error_code=502, times=2)
    assert faults.pending == 2
    for _ in range(2):
        with pytest.raises(ApiError) as raised:
            await faults.apply("sendmessage")
        assert raised.value.payload() == {
            "ok": False,
            "error_code": 502,
            "description": "Bad Gateway",
        }
    await faults.apply("sendMessage")
    assert faults.pending == 0


async def test_custom_description_and_retry_after() -> None:
    faults = Faults()
    faults.fail_next(error_code=429, retry_after=7)
    faults.fail_next(error_code=400, description="Bad Request: custom")
    with pytest.raises(ApiError) as raised:
        await faults.apply("sendPhoto")
    assert raised.value.payload()["parameters"] == {"retry_after": 7}
    assert raised.value.description == "Too Many Requests: retry after 7"
    with pytest.raises(ApiError, match="custom"):
        await faults.apply("sendPhoto")


async def test_hold_until_release() -> None:
    faults = Faults()
    faults.delay_next("getMe")
    held = asyncio.create_task(faults.apply("getMe"))
    await faults.wait_held()
    assert not held.done()
    faults.release()
    await asyncio.wait_for(held, 1)
    assert faults.held == 0


async def test_hold_for_a_configured_time() -> None:
    faults = Faults()
    faults.delay_next("getMe", seconds=0.01)
    await asyncio.wait_for(faults.apply("getMe"), 1)


async def test_clear_drops_the_plan() -> None:
    faults = Faults()
    faults.fail_next("getMe")
    faults.clear()
    await faults.apply("getMe")


async def test_stop_releases_held_requests_and_restart_works() -> None:
    emu = Emulator(flood_limits=None)
    await emu.start()
    emu.faults.delay_next("getMe")
    held = asyncio.create_task(emu.faults.apply("getMe"))
    await emu.faults.wait_held()
    await asyncio.wait_for(emu.stop(), 3)
    await asyncio.wait_for(held, 1)
    await emu.start()
    try:
        assert emu.url.startswith("http://127.0.0.1:")
    finally:
        await emu.stop()
