"""Pacing every message the bot sends, per chat and overall, so Telegram never has to say 429.

Telegram lets a bot send about 30 messages a second in all and about one a second in one chat
(a short burst allowed); past that it answers 429 with a ``retry_after``. Every Bot API call
passes through PTB's rate limiter, so replies, cues, panels and reminders are all paced here,
in one place: each chat has a budget of ``per_chat`` messages a second with a burst of
``chat_burst``, and the bot as a whole ``overall`` a second with a burst of ``overall_burst``
(either 0: that budget is off). A call takes the first moment both budgets allow and waits
until it; booking is done in one step, without awaiting, so a burst queues in order instead of
failing. The bursts are kept below Telegram's, so the few milliseconds a request spends on the
way never make two of them arrive closer than Telegram allows.

Only calls that make a new message are paced (``sendMessage``, ``sendAudio``, ``copyMessage``
and the like), as only those count against Telegram's limits; edits, answers to button presses
and reads go straight through.

A 429 that comes anyway (another process on the same token, say) holds every paced call for
``retry_after``; the refused call waits it out and is tried again, up to ``max_retries``
times, and once more when Telegram asked for only a short wait (at most ``SHORT_RETRY_AFTER``
seconds), so a short flood-control burst costs the user a few seconds instead of their answer.
A 429 means the message was not taken, so trying again never doubles it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

SHORT_RETRY_AFTER = 5.0
"""The longest ``retry_after``, in seconds, that is waited out once more after the retries."""
PER_CHAT = 1.0
"""Messages a second to one chat (Telegram's guidance: about one)."""
CHAT_BURST = 3
"""Messages one chat may get at once before pacing starts (Telegram allows a few more)."""
OVERALL_BURST = 10
"""Messages the bot may send at once in all before pacing starts (Telegram allows 30)."""
FORGET_AFTER = 4096
"""Chats remembered before those whose budget is full again are forgotten."""

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]
JSONDict = dict[str, Any]


def retry_after_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait, in seconds (PTB gives an int or a timedelta)."""
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def makes_a_message(endpoint: str) -> bool:
    """Whether a Bot API method creates a message, so counts against the flood limits."""
    name = endpoint.lower()
    return ((name.startswith("send") and name != "sendchataction")
            or name in ("copymessage", "copymessages", "forwardmessage", "forwardmessages"))


class Budget:
    """``rate`` events a second with bursts of ``burst``: a generic cell rate algorithm, which
    remembers one moment (when the budget would be full again, less the burst)."""

    def __init__(self, rate: float, burst: int) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.interval = 1.0 / rate
        self.tolerance = (burst - 1) * self.interval
        self.due = float("-inf")

    def earliest(self, now: float) -> float:
        """The first moment, from ``now``, the next event fits the budget."""
        return max(now, self.due - self.tolerance)

    def book(self, at: float) -> None:
        """Spend the budget of one event at ``at`` (a moment ``earliest`` allowed)."""
        self.due = max(self.due, at) + self.interval

    def full_by(self, now: float) -> bool:
        """Whether the budget has fully come back by ``now`` (nothing remembered matters)."""
        return self.due <= now


class PacedRateLimiter(BaseRateLimiter[None]):
    """PTB's rate limiter for runback: messages paced per chat and overall; 429s waited out."""

    def __init__(self, *, overall: float = 30.0, per_chat: float = PER_CHAT,
                 overall_burst: int = OVERALL_BURST, chat_burst: int = CHAT_BURST,
                 max_retries: int = 3, short: float = SHORT_RETRY_AFTER,
                 sleep: Sleep = asyncio.sleep, clock: Monotonic = time.monotonic) -> None:
        self._overall = Budget(overall, overall_burst) if overall > 0 else None
        self._per_chat, self._chat_burst = per_chat, chat_burst
        self._chats: dict[object, Budget] = {}
        self._held_until = float("-inf")
        self._max_retries, self._short = max_retries, short
        self._sleep, self._clock = sleep, clock

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Wait for the call's moment, make it, and wait out any 429 as described above."""
        if makes_a_message(endpoint):
            wait = self.reserve(data.get("chat_id"))
            if wait > 0:
                await self._sleep(wait)
        refused = 0
        while True:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                refused += 1
                if refused > self._max_retries + (wait <= self._short):
                    raise
                self.hold(wait)
                log.warning("Telegram asked to wait %ss before %s; trying again after it",
                            wait, endpoint)
                await self._sleep(wait + 0.1)

    def reserve(self, chat_id: object) -> float:
        """Book the next moment a message to ``chat_id`` may go; seconds to wait for it."""
        now = self._clock()
        chat = self._chat_budget(chat_id, now)
        at = max(now, self._held_until)
        if chat is not None:
            at = chat.earliest(at)
        if self._overall is not None:
            at = self._overall.earliest(at)
        if chat is not None:
            chat.book(at)
        if self._overall is not None:
            self._overall.book(at)
        return at - now

    def hold(self, seconds: float) -> None:
        """Telegram said to wait: no paced message goes for ``seconds``."""
        self._held_until = max(self._held_until, self._clock() + seconds)

    def _chat_budget(self, chat_id: object, now: float) -> Budget | None:
        if chat_id is None or self._per_chat <= 0:
            return None
        budget = self._chats.get(chat_id)
        if budget is None:
            if len(self._chats) >= FORGET_AFTER:
                self._chats = {chat: kept for chat, kept in self._chats.items()
                               if not kept.full_by(now)}
            budget = self._chats[chat_id] = Budget(self._per_chat, self._chat_burst)
        return budget
