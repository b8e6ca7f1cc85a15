"""Where charts and PDFs are drawn: never on the event loop.

Drawing is a few hundred milliseconds of CPU. In a thread it would still hold Python's
interpreter lock against the loop, and every other user's reply would crawl behind it, so
production draws in a worker process (``ProcessRenderer``); ``ThreadRenderer`` serves the
tests and tools that draw a chart now and then, where a process per run would cost more
than it saves.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol, TypeVar

Data = TypeVar("Data")

# One worker: on a small machine the other core stays with the event loop.
RENDER_WORKERS = 1
WORKER_NICENESS = 10
PARENT_CHECK_SECONDS = 1.0


class Renderer(Protocol):
    """Runs a drawing function away from the event loop."""

    async def run(self, draw: Callable[[Data], bytes], data: Data) -> bytes:
        """``draw(data)``, elsewhere."""
        ...

    def close(self) -> None:
        """Stop the workers (drawings under way finish first)."""
        ...


class ThreadRenderer:
    """Draws in worker threads, a bounded number at a time."""

    def __init__(self, workers: int = RENDER_WORKERS) -> None:
        self._slots = asyncio.Semaphore(workers)

    async def run(self, draw: Callable[[Data], bytes], data: Data) -> bytes:
        """``draw(data)`` in a worker thread, once a slot is free."""
        async with self._slots:
            return await asyncio.to_thread(draw, data)

    def close(self) -> None:
        """Nothing to stop: the threads are the loop's default executor's."""


def _orphaned(parent: int) -> None:
    # The pool never tells its workers that the bot died (kill -9): they would wait forever.
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _start_worker(parent: int) -> None:
    """A worker's start: watch the bot's process, lower its priority, load the libraries."""
    threading.Thread(target=_orphaned, args=(parent,), daemon=True).start()
    # A lower priority: when the cores are busy, replies on the event loop go first.
    os.nice(WORKER_NICENESS)
    import bot.reports.pdf  # noqa: F401  (the drawing libraries and fonts, loaded once)


def _ready() -> None:
    """Nothing: asked of the pool at once, so its worker starts before the first drawing."""


class ProcessRenderer:
    """Draws in worker processes; the data goes in and the file comes back pickled."""

    def __init__(self, workers: int = RENDER_WORKERS) -> None:
        # spawn: a fork of a process running threads (the loop's executors) is unsafe, and a
        # spawned worker is the bot's own child, so it can tell when the bot is gone.
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(workers, mp_context=context,
                                         initializer=_start_worker, initargs=(os.getpid(),))
        self._pool.submit(_ready)

    async def run(self, draw: Callable[[Data], bytes], data: Data) -> bytes:
        """``draw(data)`` in a worker process."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, draw, data)

    def close(self) -> None:
        """Stop the worker processes."""
        self._pool.shutdown(wait=True, cancel_futures=True)
