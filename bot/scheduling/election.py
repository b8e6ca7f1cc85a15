"""Which of several processes on one database runs the scheduler: the one holding the lock.

Every ``interval`` a follower tries to take the lock and a leader checks it still holds it
(and sweeps the live sessions against the database). A leader that finds its hold gone stops
scheduling at once; a follower that takes the lock starts, picking up what the dead leader
left: reminders it claimed but never confirmed, and every running session.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from bot import metrics
from bot.services.errors import StorageUnavailable
from bot.storage.leadership import EVERY_SESSION, SchedulerLock

log = logging.getLogger(__name__)

Step = Callable[[], Awaitable[None]]
Sleep = Callable[[float], Coroutine[Any, Any, None]]


class Election:
    """This process's part in the election: it schedules while it leads."""

    def __init__(self, lock: SchedulerLock, *, interval: float, on_elected: Step,
                 on_deposed: Step, on_heartbeat: Step,
                 on_changed: Callable[[int | None], Awaitable[None]],
                 sleep: Sleep = asyncio.sleep) -> None:
        self.lock = lock
        self.interval = interval
        self.leading = False
        self._on_elected = on_elected
        self._on_deposed = on_deposed
        self._on_heartbeat = on_heartbeat
        self._on_changed = on_changed
        self._sleep = sleep
        self._loop: asyncio.Task[None] | None = None
        self._changes: set[asyncio.Task[None]] = set()
        self._turn = asyncio.Lock()  # one check, start or stop at a time

    async def begin(self) -> None:
        """Stand for election now (a lone process leads before it takes its first update),
        then again every interval while other processes may compete."""
        metrics.SCHEDULER_LEADER.set(0)
        await self.check()
        if not self.leading:
            log.info("another process runs the scheduler; this one stands by")
        if self.lock.shared or not self.leading:
            self._loop = asyncio.get_running_loop().create_task(self._every_interval())

    async def end(self) -> None:
        """Stop standing; a leader stops scheduling and lets the lock go for the next one."""
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
            self._loop = None
        async with self._turn:
            for task in list(self._changes):
                task.cancel()
            await asyncio.gather(*self._changes, return_exceptions=True)
            if self.leading:
                await self._step_down()
            await self.lock.release()

    async def check(self) -> None:
        """One round: take the lock if free, or confirm the hold and sweep."""
        async with self._turn:
            if not self.leading:
                if await self.lock.try_acquire(self._notice):
                    await self._lead()
                return
            if not await self.lock.still_held():
                log.warning("this process lost the scheduler lock; it stops scheduling")
                await self._step_down()
                return
            try:
                await self._on_heartbeat()
            except StorageUnavailable:
                log.warning("live sessions not checked against the database this time")

    async def _lead(self) -> None:
        log.info("this process runs the scheduler")
        self.leading = True
        metrics.SCHEDULER_LEADER.set(1)
        try:
            await self._on_elected()
        except StorageUnavailable:
            log.warning("the scheduler could not start; the lock goes to whoever can")
            await self._step_down()
            await self.lock.release()

    async def _step_down(self) -> None:
        self.leading = False
        metrics.SCHEDULER_LEADER.set(0)
        await self._on_deposed()

    async def _every_interval(self) -> None:
        while True:
            await self._sleep(self.interval)
            try:
                await self.check()
            except Exception:  # the election must outlive any one round's failure
                log.exception("scheduler election round failed")

    def _notice(self, payload: str) -> None:
        """Another process announced a change to a live session (or to some of one user's)."""
        session_id = None if payload == EVERY_SESSION else _session_id(payload)
        task = asyncio.get_running_loop().create_task(self._changed(session_id))
        self._changes.add(task)
        task.add_done_callback(self._changes.discard)

    async def _changed(self, session_id: int | None) -> None:
        if not self.leading:
            return
        try:
            await self._on_changed(session_id)
        except StorageUnavailable:  # the next heartbeat's sweep finds the change
            log.warning("announced change of session %s not read yet", session_id)


def _session_id(payload: str) -> int | None:
    return int(payload) if payload.isdigit() else None
