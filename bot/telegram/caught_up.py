"""Know when the application has finished handling every update it was sent."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

LAST_GROUP = 1_000_000
KEY = "handled_updates"


class HandledUpdates:
    """Counts updates that went through every handler group, so a driver can wait for them.

    The offline demo and the end-to-end tests use it to wait for the bot to catch up instead
    of sleeping.
    """

    def __init__(self, already: int = 0) -> None:
        self.count = already
        self._changed = asyncio.Condition()

    def attach(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Count every update after all other handlers have run, and every update dropped
        before them (see :func:`dropped`)."""
        application.add_handler(TypeHandler(Update, self._handled), group=LAST_GROUP)
        application.bot_data[KEY] = self

    async def _handled(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.count_one()

    async def count_one(self) -> None:
        """One more update has been dealt with."""
        async with self._changed:
            self.count += 1
            self._changed.notify_all()

    async def wait_for(self, total: int, timeout: float) -> None:  # noqa: ASYNC109
        """Wait until ``total`` updates in all have been handled."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.count >= total), timeout)


async def dropped(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """An update was dropped before the handlers (it was delivered again): it counts as
    handled for whoever is waiting."""
    counter = application.bot_data.get(KEY)
    if isinstance(counter, HandledUpdates):
        await counter.count_one()
