"""Replies that take a while to make (a chart, a PDF, files) run beside the update loop.

The application handles one update at a time, so a reply waiting a second for its drawing
would hold every other user's reply behind it. These replies run as the application's tasks
instead: a failure still reaches the error handler with its update (and a kind reply), and
``settled()`` waits for every one still under way. Only a few are made at once: drawing is
one at a time anyway, and a burst of them reading the database together would crowd the
event loop that every other reply needs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from telegram.ext import Application

KEY = "slow_replies"
AT_ONCE = 2


class SlowReplies:
    """The slow replies under way."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self._application = application
        self._running: set[asyncio.Task[Any]] = set()
        self._slots = asyncio.Semaphore(AT_ONCE)
        self.started = 0  # how many were ever started

    def start(self, reply: Coroutine[Any, Any, None], update: object) -> None:
        """Make and send ``reply`` in the background, for ``update``, when its turn comes."""
        task = self._application.create_task(self._in_turn(reply), update=update)
        self.started += 1
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _in_turn(self, reply: Coroutine[Any, Any, None]) -> None:
        try:
            async with self._slots:
                await reply
        finally:
            reply.close()  # never started (stopped while waiting): closed without a warning

    async def settled(self) -> None:
        """Wait until every slow reply started so far has been sent (or has failed)."""
        while self._running:
            await asyncio.wait(set(self._running))


def attach(application: Application[Any, Any, Any, Any, Any, Any]) -> SlowReplies:
    """Give the application its slow replies."""
    replies = SlowReplies(application)
    application.bot_data[KEY] = replies
    return replies
