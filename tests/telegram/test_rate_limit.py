"""Every new message is paced per chat and overall; a 429 that outlasts the retries gets one
more try when its retry_after is short."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.telegram.rate_limit import (
    SHORT_RETRY_AFTER,
    Budget,
    PacedRateLimiter,
    makes_a_message,
    retry_after_seconds,
)


class Telegram:
    """A Bot API call that answers 429 ``refusals`` times, then takes the message."""

    def __init__(self, refusals: int, retry_after: int) -> None:
        self.refusals, self.retry_after, self.calls = refusals, retry_after, 0

    async def __call__(self, **kwargs: Any) -> dict[str, Any]:
        self.calls += 1
        if self.calls <= self.refusals:
            raise RetryAfter(self.retry_after)
        return {"ok": kwargs}


def limiter(waits: list[float]) -> PacedRateLimiter:
    # No retries before the last one, so only the extra try is under test.
    async def sleep(seconds: float) -> None:
        waits.append(seconds)
    return PacedRateLimiter(max_retries=0, sleep=sleep)


def send(rate: PacedRateLimiter, telegram: Telegram) -> Callable[[], Any]:
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


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_chat_gets_a_burst_of_three_then_one_a_second() -> None:
    clock = Clock()
    rate = PacedRateLimiter(overall=0, clock=clock)
    waits = [rate.reserve(7) for _ in range(5)]
    assert waits == [0, 0, 0, pytest.approx(1.0), pytest.approx(2.0)]
    assert rate.reserve(8) == 0  # another chat is not held up
    clock.now += 10  # the budget has come back
    assert [rate.reserve(7) for _ in range(3)] == [0, 0, 0]


def test_the_overall_budget_spaces_messages_to_every_chat() -> None:
    clock = Clock()
    rate = PacedRateLimiter(overall=10, overall_burst=2, clock=clock)
    waits = [rate.reserve(chat) for chat in range(5)]
    assert waits == [0, 0, pytest.approx(0.1), pytest.approx(0.2), pytest.approx(0.3)]


def test_both_budgets_hold_and_each_waits_for_the_later() -> None:
    clock = Clock()
    rate = PacedRateLimiter(overall=2, overall_burst=1, per_chat=1, chat_burst=1, clock=clock)
    assert rate.reserve(7) == 0
    assert rate.reserve(8) == pytest.approx(0.5)  # the overall budget
    assert rate.reserve(7) == pytest.approx(1.0)  # the chat's budget, later than overall's


def test_zero_turns_a_budget_off() -> None:
    rate = PacedRateLimiter(overall=0, per_chat=0, clock=Clock())
    assert [rate.reserve(7) for _ in range(100)] == [0] * 100


def test_after_a_429_no_paced_message_goes_until_the_wait_is_over() -> None:
    clock = Clock()
    rate = PacedRateLimiter(overall=0, clock=clock)
    rate.hold(4)
    assert rate.reserve(9) == pytest.approx(4)


async def test_a_message_waits_for_its_moment_and_other_calls_do_not() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    rate = PacedRateLimiter(overall=0, chat_burst=1, sleep=sleep, clock=Clock())
    telegram = Telegram(refusals=0, retry_after=0)
    for endpoint in ("sendMessage", "editMessageText", "answerCallbackQuery", "sendAudio"):
        await rate.process_request(telegram, (), {}, endpoint, {"chat_id": 7}, None)
    assert waits == [pytest.approx(1.0)]  # only sendAudio, the second new message, waited


def test_only_calls_that_make_a_message_are_paced() -> None:
    assert all(map(makes_a_message, ("sendMessage", "sendAudio", "copyMessage", "sendvoice")))
    assert not any(map(makes_a_message, ("editMessageText", "sendChatAction", "getUpdates",
                                         "answerCallbackQuery", "deleteMessage")))


def test_a_budget_keeps_its_rate_over_a_long_run() -> None:
    budget, at = Budget(30, 10), 0.0
    for _ in range(3000):
        at = budget.earliest(at)
        budget.book(at)
    assert at == pytest.approx((3000 - 10) / 30)
