"""Sending scheduled messages within Telegram's flood limits.

PTB's AIORateLimiter (set up in bot/app.py) already keeps every request under about 30 a second
overall and, on a 429, holds all requests for ``retry_after`` and retries up to three times.
It does not space messages to one private chat, though, and after its last retry it gives up.
This module adds what is missing for bulk sends: at most one message a second per chat, an
overall budget the caller sets below the overall limit (so replies to users still get through),
and a 429 that survives the retries is reported back so the message is queued again, not
dropped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.services.reminders import Delivery, SendResult

log = logging.getLogger(__name__)

CHAT_INTERVAL_SECONDS = 1.0
CONCURRENT_SENDS = 16

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]


@dataclass(frozen=True)
class Outgoing:
    """One message to send."""

    chat_id: int
    text: str
    markup: InlineKeyboardMarkup | None = None


class Pacer:
    """Hands out send times: ``per_second`` overall, and ``chat_interval`` apart per chat."""

    def __init__(self, per_second: float, chat_interval: float = CHAT_INTERVAL_SECONDS,
                 clock: Monotonic = time.monotonic) -> None:
        if per_second <= 0 or chat_interval < 0:
            raise ValueError("per_second must be positive and chat_interval not negative")
        self.spacing = 1.0 / per_second
        self.chat_interval = chat_interval
        self.clock = clock
        self._next_any = 0.0
        self._next_for: dict[int, float] = {}
        self._held_until = 0.0

    def reserve(self, chat_id: int) -> float:
        """Book the next free send slot for ``chat_id``; seconds to wait until it."""
        now = self.clock()
        at = max(now, self._next_any, self._next_for.get(chat_id, 0.0), self._held_until)
        self._next_any = at + self.spacing
        self._next_for[chat_id] = at + self.chat_interval
        if len(self._next_for) > 1024:
            self._forget(now)
        return at - now

    def hold(self, seconds: float) -> None:
        """Telegram said to wait: nothing is sent for ``seconds``."""
        self._held_until = max(self._held_until, self.clock() + seconds)

    def held(self) -> float:
        """Seconds left of a hold (0 when none)."""
        return max(0.0, self._held_until - self.clock())

    def _forget(self, now: float) -> None:
        # Chats whose spacing has passed need no memory, so this stays small at any scale.
        self._next_for = {chat: at for chat, at in self._next_for.items() if at > now}


class TelegramOutbox:
    """Sends a batch through the bot, paced, and says what happened to each message."""

    def __init__(self, bot: Bot, pacer: Pacer, sleep: Sleep = asyncio.sleep,
                 concurrency: int = CONCURRENT_SENDS) -> None:
        self.bot = bot
        self.pacer = pacer
        self.sleep = sleep
        self._slots = asyncio.Semaphore(concurrency)

    async def send_all(self, messages: Sequence[Outgoing]) -> list[SendResult]:
        """Send every message, each at its paced moment; the outcomes in the same order."""
        return list(await asyncio.gather(*(self._send(message) for message in messages)))

    async def _send(self, message: Outgoing) -> SendResult:
        wait = self.pacer.reserve(message.chat_id)
        if wait > 0:
            await self.sleep(wait)
        held = self.pacer.held()
        if held > 0:  # a 429 arrived while this one waited: queue it again, unsent
            return SendResult(Delivery.FLOOD, retry_after=held)
        async with self._slots:
            return await self._deliver(message)

    async def _deliver(self, message: Outgoing) -> SendResult:
        try:
            sent = await self.bot.send_message(message.chat_id, message.text,
                                               reply_markup=message.markup)
        except RetryAfter as error:
            wait = _seconds(error)
            self.pacer.hold(wait)
            log.warning("Telegram asked to slow down for %ss; message queued again", wait)
            return SendResult(Delivery.FLOOD, retry_after=wait)
        except Forbidden:
            return SendResult(Delivery.BLOCKED)
        except TimedOut:
            return SendResult(Delivery.UNCERTAIN)
        except BadRequest as error:  # a NetworkError in PTB's tree, but final
            log.warning("Telegram refused a reminder: %s", error)
            return SendResult(Delivery.REJECTED)
        except NetworkError as error:
            log.warning("could not reach Telegram: %s", error)
            return SendResult(Delivery.UNREACHABLE)
        except TelegramError as error:
            log.warning("Telegram refused a reminder: %s", error)
            return SendResult(Delivery.REJECTED)
        return SendResult(Delivery.SENT, message_id=sent.message_id)


def _seconds(error: RetryAfter) -> float:
    value = error.retry_after  # a timedelta: bot/__init__.py opts in to PTB's time periods
    return float(value) if isinstance(value, int | float) else value.total_seconds()
