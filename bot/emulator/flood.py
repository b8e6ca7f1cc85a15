"""Telegram-like flood control: token buckets per bot and per chat, on an injected clock."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]
"""A callable returning monotonic seconds (`time.monotonic` or a fake for tests)."""


@dataclass(frozen=True)
class FloodLimits:
    """Rates (messages per second) and burst sizes of the two token buckets.

    The defaults follow Telegram's published guidance: about 30 messages per second
    across all chats, and about one message per second in a single chat with a short
    burst allowed.
    """

    global_rate: float = 30.0
    global_burst: int = 30
    chat_rate: float = 1.0
    chat_burst: int = 5

    def scaled(self, factor: float) -> FloodLimits:
        """The same limits for a clock running ``factor`` times fast (a demo or a benchmark)."""
        return FloodLimits(global_rate=self.global_rate * factor,
                           global_burst=max(self.global_burst, int(self.global_rate * factor)),
                           chat_rate=self.chat_rate * factor, chat_burst=self.chat_burst)


REALISTIC_FLOOD_LIMITS = FloodLimits()


class TokenBucket:
    """A bucket refilled at `rate` tokens per second, holding at most `burst` tokens."""

    def __init__(self, rate: float, burst: int, now: float) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.updated = now

    def refill(self, now: float) -> None:
        """Add the tokens earned since the last update."""
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(float(self.burst), self.tokens + elapsed * self.rate)
        self.updated = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 if one is available now)."""
        self.refill(now)
        if self.tokens >= 1.0:
            return 0.0
        return (1.0 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        """Consume one token; call only after `wait_time` returned 0."""
        self.refill(now)
        self.tokens -= 1.0


class FloodLimiter:
    """Admits or rejects message-creating calls, answering a `retry_after` in seconds."""

    def __init__(self, limits: FloodLimits, clock: Clock) -> None:
        self.limits = limits
        self.clock = clock
        self._global = TokenBucket(limits.global_rate, limits.global_burst, clock())
        self._chats: dict[int, TokenBucket] = {}
        self.rejected = 0
        """How many calls were answered 429 so far."""

    def _chat_bucket(self, chat_id: int, now: float) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = TokenBucket(self.limits.chat_rate, self.limits.chat_burst, now)
            self._chats[chat_id] = bucket
        return bucket

    def acquire(self, chat_id: int) -> int | None:
        """Consume a token from both buckets, or return the whole seconds to wait.

        Nothing is consumed when the call is rejected, like a rejected Telegram request.
        """
        now = self.clock()
        chat = self._chat_bucket(chat_id, now)
        wait = max(self._global.wait_time(now), chat.wait_time(now))
        if wait > 0:
            self.rejected += 1
            return max(1, math.ceil(wait))
        self._global.take(now)
        chat.take(now)
        return None
