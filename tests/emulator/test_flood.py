"""Flood control: per-chat and global token buckets on an injected clock."""

from __future__ import annotations

import httpx
import pytest

from bot.emulator import Emulator, FloodLimits
from bot.emulator.flood import FloodLimiter, TokenBucket
from tests.emulator.conftest import Call
from tests.emulator.helpers import FakeClock


@pytest.fixture
def flood_limits() -> FloodLimits:
    return FloodLimits()


def too_many(retry_after: int) -> dict[str, object]:
    return {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {retry_after}",
        "parameters": {"retry_after": retry_after},
    }


def test_token_bucket_refills_with_time() -> None:
    bucket = TokenBucket(rate=2.0, burst=2, now=0.0)
    bucket.take(0.0)
    bucket.take(0.0)
    assert bucket.wait_time(0.0) == pytest.approx(0.5)
    assert bucket.wait_time(0.25) == pytest.approx(0.25)
    assert bucket.wait_time(0.5) == 0.0
    assert bucket.wait_time(100.0) == 0.0
    assert bucket.tokens == 2.0


def test_limiter_rejects_without_consuming() -> None:
    clock = FakeClock()
    limiter = FloodLimiter(FloodLimits(chat_rate=1.0, chat_burst=1), clock)
    assert limiter.acquire(1) is None
    assert limiter.acquire(1) == 1
    assert limiter.acquire(1) == 1
    clock.advance(1.0)
    assert limiter.acquire(1) is None


async def test_per_chat_limit_429_then_refill(emu: Emulator, call: Call, clock: FakeClock) -> None:
    chat_id = emu.user(user_id=7).chat_id
    burst = FloodLimits().chat_burst
    for n in range(burst):
        status, _ = await call("sendMessage", chat_id=chat_id, text=f"m{n}")
        assert status == 200
    status, body = await call("sendMessage", chat_id=chat_id, text="one too many")
    assert (status, body) == (429, too_many(1))

    clock.advance(0.5)
    status, body = await call("sendMessage", chat_id=chat_id, text="still too early")
    assert (status, body) == (429, too_many(1))

    clock.advance(0.5)
    status, _ = await call("sendMessage", chat_id=chat_id, text="refilled")
    assert status == 200
    status, _ = await call("sendMessage", chat_id=chat_id, text="empty again")
    assert status == 429


async def test_retry_after_rounds_up_whole_seconds(clock: FakeClock) -> None:
    slow = FloodLimits(chat_rate=0.25, chat_burst=1)
    async with Emulator(flood_limits=slow, clock=clock) as emu:
        chat_id = emu.user().chat_id
        limiter = emu.state.flood
        assert limiter is not None
        assert limiter.acquire(chat_id) is None
        assert limiter.acquire(chat_id) == 4
        clock.advance(2.5)
        assert limiter.acquire(chat_id) == 2


async def test_global_limit_of_30_per_second(emu: Emulator, call: Call, clock: FakeClock) -> None:
    chats = [emu.user(user_id=1000 + n).chat_id for n in range(31)]
    for chat_id in chats[:30]:
        status, _ = await call("sendMessage", chat_id=chat_id, text="news")
        assert status == 200
    status, body = await call("sendMessage", chat_id=chats[30], text="news")
    assert (status, body) == (429, too_many(1))
    clock.advance(0.04)
    status, _ = await call("sendMessage", chat_id=chats[30], text="news")
    assert status == 200


async def test_edits_and_callback_answers_are_not_limited(
    emu: Emulator, call: Call, clock: FakeClock
) -> None:
    chat_id = emu.user(user_id=8).chat_id
    for n in range(FloodLimits().chat_burst):
        await call("sendMessage", chat_id=chat_id, text=f"m{n}")
    for n in range(10):
        status, _ = await call("editMessageText", chat_id=chat_id, message_id=1, text=f"e{n}")
        assert status == 200
    status, _ = await call("sendChatAction", chat_id=chat_id, action="typing")
    assert status == 200


async def test_media_sends_count_too(emu: Emulator, call: Call) -> None:
    chat_id = emu.user(user_id=9).chat_id
    for n in range(FloodLimits().chat_burst):
        await call("sendMessage", chat_id=chat_id, text=f"m{n}")
    status, body = await call("sendDocument", chat_id=chat_id, document="https://x.org/a.pdf")
    assert (status, body) == (429, too_many(1))


async def test_flood_control_can_be_switched_off(clock: FakeClock) -> None:
    async with (
        Emulator(flood_limits=None, clock=clock) as emu,
        httpx.AsyncClient(base_url=emu.url) as http,
    ):
        chat_id = emu.user().chat_id
        for n in range(40):
            response = await http.post(
                f"/bot{emu.token}/sendMessage", json={"chat_id": chat_id, "text": str(n)}
            )
            assert response.status_code == 200
