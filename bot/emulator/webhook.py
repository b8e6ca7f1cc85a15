"""Webhook delivery: once setWebhook names a URL, updates are POSTed there instead of served by
getUpdates.

As on Telegram, each update is sent as JSON with the ``X-Telegram-Bot-Api-Secret-Token``
header (when a secret was set), one at a time and in order; an answer other than 2xx (or no
answer) keeps the update pending and it is sent again after a backoff, the error shown by
getWebhookInfo. Unlike Telegram, a plain ``http://`` URL is accepted: the bot under test
listens on localhost without TLS.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.emulator.sync import Signal

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_FIRST = 0.1
RETRY_LONGEST = 2.0
"""A refused delivery is tried again after 0.1 s, doubling up to every 2 s (Telegram waits
longer; tests should not)."""
ANSWER_SECONDS = 30.0
"""How long a delivery waits for the bot's answer before it counts as failed."""


@dataclass
class Delivered:
    """One POST of an update, as the bot answered it."""

    update_id: int
    status: int | None  # None: no answer (refused connection, time-out)
    secret: str | None


class WebhookPusher:
    """Posts pending updates to the webhook URL while one is set."""

    def __init__(self, take: Callable[[], dict[str, Any] | None],
                 confirm: Callable[[int], None], changed: Signal,
                 wall_clock: Callable[[], float]) -> None:
        self._take, self._confirm, self._changed = take, confirm, changed
        self._wall_clock = wall_clock
        self.url = ""
        self.secret_token: str | None = None
        self.max_connections = 40
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self.deliveries: list[Delivered] = []
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    def set(self, url: str, secret_token: str | None, max_connections: int) -> None:
        """Deliver to ``url`` from now on."""
        self.url, self.secret_token, self.max_connections = url, secret_token, max_connections
        self.last_error_date = self.last_error_message = None
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._deliver_all())
        self._changed.notify()

    def delete(self) -> None:
        """Stop delivering; updates wait for getUpdates again."""
        self.url = ""
        self._changed.notify()

    async def close(self) -> None:
        """Stop the delivery loop and its HTTP client (the emulator is stopping)."""
        self.url = ""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _deliver_all(self) -> None:
        failures = 0
        while True:
            await self._changed.wait_for(lambda: not self.url or self._take() is not None, None)
            update = self._take()
            if not self.url:
                return
            if update is None:
                continue
            if await self._post(update):
                failures = 0
                self._confirm(update["update_id"])
                continue
            failures += 1
            await asyncio.sleep(min(RETRY_LONGEST, RETRY_FIRST * 2 ** (failures - 1)))

    async def _post(self, update: dict[str, Any]) -> bool:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {SECRET_HEADER: self.secret_token} if self.secret_token else {}
        status: int | None = None
        try:
            async with self._session.post(self.url, json=update, headers=headers,
                                          timeout=aiohttp.ClientTimeout(ANSWER_SECONDS)) as answer:
                status = answer.status
                await answer.read()
        except (aiohttp.ClientError, TimeoutError) as error:
            self._failed(f"Connection failed: {type(error).__name__}")
        self.deliveries.append(Delivered(update["update_id"], status, self.secret_token))
        self._changed.notify()
        if status is not None and 200 <= status < 300:
            return True
        if status is not None:
            self._failed(f"Wrong response from the webhook: {status}")
        return False

    def _failed(self, message: str) -> None:
        self.last_error_date = int(self._wall_clock())
        self.last_error_message = message
        logger.info("webhook delivery failed: %s", message)
