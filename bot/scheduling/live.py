"""Timers for live sessions: one pending wake-up per running session.

The job queue only says *when* to look again. The session runner works out what is due from its
own copy of the session's clock and the last cue it sent, so a wake-up that comes late sends only
what is due by then and never a cue twice; after a restart the runner reads the running sessions
from the database and asks for their wake-ups again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from telegram.ext import ContextTypes, Job, JobQueue

from bot.clock import Clock

OnDue = Callable[[int], Awaitable[None]]


class LiveTimers:
    """Wakes ``on_due(session_id)`` at the instants the session layer asks for."""

    def __init__(self, job_queue: JobQueue[Any] | None, clock: Clock, on_due: OnDue) -> None:
        self._jobs = job_queue
        self._clock = clock
        self._on_due = on_due
        # Our own handles: looking jobs up by name scans every job in the queue.
        self._handles: dict[int, Job[Any]] = {}

    def wake_at(self, session_id: int, at: datetime) -> None:
        """Replace the session's pending wake-up with one at ``at``."""
        self.cancel(session_id)
        if self._jobs is None:
            return
        delay = max(0.0, (at - self._clock.now()).total_seconds())
        # No misfire limit: a wake-up that comes late must still come (the session layer
        # works out what is due), or the session would fall silent for good.
        self._handles[session_id] = self._jobs.run_once(
            self._fire, when=delay, data=session_id, name=_name(session_id),
            job_kwargs={"misfire_grace_time": None},
        )

    def cancel(self, session_id: int) -> None:
        """Forget the session's pending wake-up, if any."""
        job = self._handles.pop(session_id, None)
        if job is not None and not job.removed:
            with contextlib.suppress(JobLookupError):  # it has just run
                job.schedule_removal()

    async def _fire(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        job = context.job
        if job is None or not isinstance(job.data, int):
            return
        self._handles.pop(job.data, None)
        await self._on_due(job.data)


def _name(session_id: int) -> str:
    return f"live-session-{session_id}"
