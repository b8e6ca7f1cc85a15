"""PTB's rate limiter, with one more try when a 429 outlasts its retries but asks for little.

PTB's ``AIORateLimiter`` waits ``retry_after`` and tries again ``max_retries`` times; the next
429 reaches the caller, which for a reply means an apology. When Telegram asks for only a
short wait (at most ``SHORT_RETRY_AFTER`` seconds), the request is tried once more after it,
so a short flood-control burst costs the user a few seconds instead of their answer. A 429
means the message was not taken, so trying again never doubles it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

SHORT_RETRY_AFTER = 5.0
"""The longest ``retry_after``, in seconds, that is waited out once more."""

Sleep = Callable[[float], Awaitable[None]]
JSONDict = dict[str, Any]


def retry_after_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait, in seconds (PTB gives an int or a timedelta)."""
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class PatientRateLimiter(AIORateLimiter):
    """``AIORateLimiter``, then one more try after a short ``retry_after``."""

    def __init__(self, *, short: float = SHORT_RETRY_AFTER, sleep: Sleep = asyncio.sleep,
                 **limits: Any) -> None:
        super().__init__(**limits)
        self._short, self._sleep = short, sleep

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Send as PTB's limiter does; a last 429 asking for a short wait gets one more try."""
        try:
            return await super().process_request(callback, args, kwargs, endpoint, data,
                                                  rate_limit_args)
        except RetryAfter as error:
            wait = retry_after_seconds(error)
            if wait > self._short:
                raise
            await self._sleep(wait + 0.1)
            return await callback(*args, **kwargs)
