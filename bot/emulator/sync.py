"""A condition-style wait/notify primitive whose notify needs no await."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Signal:
    """Wakes waiters whenever something changed, so they can re-check a predicate.

    Works like `asyncio.Condition.wait_for` with `notify_all`, except that `notify`
    is a plain method, so synchronous code (like blocking a chat) can wake waiters.
    """

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify(self) -> None:
        """Wake every waiter to re-evaluate its predicate."""
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait_for(self, predicate: Callable[[], bool], wait_seconds: float | None) -> bool:
        """Wait until `predicate()` is true; return False if `wait_seconds` pass first."""
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(wait_seconds):
                while not predicate():
                    waiter: asyncio.Future[None] = loop.create_future()
                    self._waiters.add(waiter)
                    try:
                        await waiter
                    finally:
                        self._waiters.discard(waiter)
        except TimeoutError:
            return predicate()
        return True
