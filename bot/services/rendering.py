"""Where charts and PDFs are drawn: in worker threads, never on the event loop.

Drawing is CPU work of a few hundred milliseconds; done on the loop it would hold every
other user's reply behind it. At most ``workers`` drawings run at once and the rest queue,
so a burst of requests shares the cores with the loop instead of crowding it out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

Data = TypeVar("Data")

RENDER_WORKERS = 1


class Renderer:
    """Runs a drawing function in a worker thread, a bounded number at a time."""

    def __init__(self, workers: int = RENDER_WORKERS) -> None:
        self._slots = asyncio.Semaphore(workers)

    async def run(self, draw: Callable[[Data], bytes], data: Data) -> bytes:
        """``draw(data)``, in a worker thread, once a slot is free."""
        async with self._slots:
            return await asyncio.to_thread(draw, data)
