"""Updates from different chats handled at the same time; one chat's updates one by one, in order.

PTB handles one update at a time unless told otherwise, so every update waits for the Bot API
calls of the one before it, whoever sent it: a Telegram round trip of 50 ms caps the bot near
20 updates a second however little each costs. ``ChatOrderedProcessor`` lets up to
``concurrent`` updates be taken at once, except that the updates of one chat (or, without a
chat, of one user) keep their turn: a second message waits until the first is answered, so a
conversation is never answered out of order. The database keeps its own order underneath
(each use case is one transaction).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

CONCURRENT_UPDATES = 256
"""Updates handled (or waiting for their chat's turn) at once."""


class _Turn:
    """One chat's lock and how many of its updates hold it or wait for it."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.queued = 0


def turn_of(update: object) -> int | None:
    """Whose turn an update waits for: its chat's, else its sender's; None for neither."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Up to ``concurrent`` updates at once; one chat's in the order they came."""

    def __init__(self, concurrent: int = CONCURRENT_UPDATES) -> None:
        super().__init__(concurrent)
        self._turns: dict[int, _Turn] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's turn, then handle the update. Updates take their slots in
        arrival order and a lock wakes its waiters first come, first served, so a chat's
        updates are handled in the order they came."""
        key = turn_of(update)
        if key is None:
            await coroutine
            return
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _Turn()
        turn.queued += 1
        try:
            async with turn.lock:
                await coroutine
        finally:
            turn.queued -= 1
            if turn.queued == 0:
                del self._turns[key]  # nobody waits: forget the chat

    def waiting_chats(self) -> int:
        """Chats with an update being handled or waiting its turn."""
        return len(self._turns)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
