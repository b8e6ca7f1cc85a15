"""The clinic queue: alerts and weekly digests for clinicians, sent like reminders.

One repeating job for the whole bot. Each tick queues the digests that are due, claims due
messages (dropping alerts about clients who unlinked), sends them through a port, and
confirms each outcome; claims a killed process never confirmed are put back at start-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from telegram.ext import Application, ContextTypes

from bot.clock import Clock
from bot.services import clinic_alerts
from bot.services.clinic_alerts import Queued, Sent
from bot.storage.db import Database

log = logging.getLogger(__name__)

KEY = "clinic_queue"
JOB_NAME = "clinic"
BATCH = 25


class ClinicOutbox(Protocol):
    """Where clinic messages go: Telegram in production, a recorder in tests."""

    async def send_all(self, due: Sequence[Queued]) -> list[tuple[Sent, int | None]]:
        """Deliver each message; (outcome, Telegram message id) for each, in order."""
        ...


@dataclass
class ClinicQueue:
    """The clinic's ticker: its database, outbox, clock and interval."""

    db: Database
    outbox: ClinicOutbox
    clock: Clock
    interval: float
    _running: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def tick(self, now: datetime | None = None) -> int:
        """Queue due digests and send every due message; how many were sent."""
        async with self._running:
            now = now or self.clock.now()
            await clinic_alerts.forget_sent(self.db, now)
            await clinic_alerts.queue_due_digests(self.db, now, BATCH)
            sent = 0
            while True:
                due = await clinic_alerts.claim_due(self.db, now, BATCH)
                if not due:
                    return sent
                outcomes = await self.outbox.send_all(due)
                await clinic_alerts.record_sent(
                    self.db, [(item.message_id, outcome, telegram_id)
                              for item, (outcome, telegram_id) in zip(due, outcomes, strict=True)],
                    now)
                sent += sum(outcome is Sent.SENT for outcome, _ in outcomes)
                if any(outcome is Sent.AGAIN for outcome, _ in outcomes):
                    return sent  # Telegram asked to wait: the rest go at the next tick


    async def wait_idle(self) -> None:
        """Return once no tick is running."""
        async with self._running:
            pass


def install(application: Application[Any, Any, Any, Any, Any, Any], db: Database, clock: Clock,
            outbox: ClinicOutbox, interval: float) -> ClinicQueue:
    """Create the application's clinic queue."""
    queue = ClinicQueue(db, outbox, clock, interval)
    application.bot_data[KEY] = queue
    return queue


def queue_of(application: Application[Any, Any, Any, Any, Any, Any]) -> ClinicQueue:
    """The clinic queue of a built application."""
    found: ClinicQueue = application.bot_data[KEY]
    return found


async def begin(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Put back unconfirmed claims, then tick every interval."""
    queue = queue_of(application)
    again = await clinic_alerts.resend_unconfirmed(queue.db)
    if again:
        log.warning("%d clinic messages were claimed but not confirmed; sending again", again)
    if application.job_queue is not None:
        application.job_queue.run_repeating(_on_tick, interval=queue.interval,
                                            first=queue.interval, name=JOB_NAME)


async def end(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop ticking, letting a tick that is sending finish first."""
    if application.job_queue is not None:
        for job in application.job_queue.get_jobs_by_name(JOB_NAME):
            job.schedule_removal()
    queue = application.bot_data.get(KEY)
    if isinstance(queue, ClinicQueue):
        await queue.wait_idle()


async def _on_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    await queue_of(context.application).tick()
