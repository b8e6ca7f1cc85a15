"""A 429 that outlasts PTB's retries gets one more try when its retry_after is short."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.telegram.rate_limit import SHORT_RETRY_AFTER, PatientRateLimiter, retry_after_seconds


class Telegram:
    """A Bot API call that answers 429 ``refusals`` times, then takes the message."""

    def __init__(self, refusals: int, retry_after: int) -> None:
        self.refusals, self.retry_after, self.calls = refusals, retry_after, 0

    async def __call__(self, **kwargs: Any) -> dict[str, Any]:
        self.calls += 1
        if self.calls <= self.refusals:
            raise RetryAfter(self.retry_after)
        return {"ok": kwargs}


def limiter(waits: list[float]) -> PatientRateLimiter:
    # No retries of PTB's own, so PTB never sleeps: only the extra try is under test.
    async def sleep(seconds: float) -> None:
        waits.append(seconds)
    return PatientRateLimiter(max_retries=0, sleep=sleep)


def send(rate: PatientRateLimiter, telegram: Telegram) -> Callable[[], Any]:
    return lambda: rate.process_request(telegram, (), {"text": "hi"}, "sendMessage",
                                        {"chat_id": 7}, None)


async def test_a_short_retry_after_is_waited_out_and_tried_once_more() -> None:
    waits: list[float] = []
    telegram = Telegram(refusals=1, retry_after=3)
    assert await send(limiter(waits), telegram)() == {"ok": {"text": "hi"}}
    assert telegram.calls == 2
    assert waits == [pytest.approx(3.1)]


async def test_only_one_more_try_then_the_429_is_the_callers() -> None:
    waits: list[float] = []
    telegram = Telegram(refusals=2, retry_after=1)
    with pytest.raises(RetryAfter):
        await send(limiter(waits), telegram)()
    assert telegram.calls == 2 and len(waits) == 1


async def test_a_long_retry_after_is_not_waited_for() -> None:
    waits: list[float] = []
    telegram = Telegram(refusals=1, retry_after=int(SHORT_RETRY_AFTER) + 1)
    with pytest.raises(RetryAfter):
        await send(limiter(waits), telegram)()
    assert telegram.calls == 1 and waits == []


def test_retry_after_reads_seconds_either_way() -> None:
    assert retry_after_seconds(RetryAfter(4)) == 4.0
    assert retry_after_seconds(RetryAfter(timedelta(seconds=2))) == 2.0
