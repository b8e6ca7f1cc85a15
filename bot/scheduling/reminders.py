"""The reminder queue inside the running application: rebuilt at start-up, then one repeating tick.

This is the only code that talks to PTB's JobQueue for reminders. There is one job for the
whole bot, never one per user: at 100,000 users it costs what it costs at ten.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.clock import Clock
from bot.config import Settings
from bot.scheduling.ticker import Outbox, ReminderTicker, TickReport
from bot.services import reminders
from bot.storage.db import Database

log = logging.getLogger(__name__)

# Reminders use 29 of Telegram's ~30 messages a second, so a minute everyone is due goes out
# near Telegram's ceiling. Replies are not starved: the rate limiter paces replies and
# reminders together in arrival order, and reminders reserve their moments one by one, so a
# reply waits behind at most a moment's reminders.
REMINDERS_PER_SECOND = 29.0
KEY = "reminder_queue"
JOB_NAME = "reminders"


@dataclass
class ReminderQueue:
    """The application's ticker, its clock and how often it ticks."""

    ticker: ReminderTicker
    clock: Clock
    interval: float
    _running: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def tick(self) -> TickReport | None:
        """One tick at the clock's now; None when the previous one is still sending."""
        if self._running.locked():
            return None
        async with self._running:
            # No budget: the ticker claims a moment's sending at a time and goes on while
            # anything is due, so the pacer never idles waiting for the next tick.
            return await self.ticker.tick(self.clock.now())

    async def wait_idle(self) -> None:
        """Return once no tick is running."""
        async with self._running:
            pass


def install(application: Application[Any, Any, Any, Any, Any, Any], db: Database, clock: Clock,
            settings: Settings, outbox: Outbox) -> ReminderQueue:
    """Create the application's reminder queue, delivering to ``outbox`` (it starts with the
    application)."""
    ticker = ReminderTicker(
        db, outbox,
        grace=timedelta(minutes=settings.schedule.misfire_grace_minutes),
        morning_at=settings.coach.morning_checkin_time,
    )
    queue = ReminderQueue(ticker, clock, settings.schedule.tick_seconds)
    application.bot_data[KEY] = queue
    return queue


def queue_of(application: Application[Any, Any, Any, Any, Any, Any]) -> ReminderQueue:
    """The reminder queue of a built application."""
    found: ReminderQueue = application.bot_data[KEY]
    return found


async def begin(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Put back what a killed process claimed but never confirmed sent, rebuild the plan from
    the database, then tick every interval."""
    queue = queue_of(application)
    ticker = queue.ticker
    unconfirmed = await reminders.resend_unconfirmed(ticker.db)
    if unconfirmed:
        log.warning("%d reminders were claimed but not confirmed sent; sending them again",
                    unconfirmed)
    planned = await reminders.rebuild(ticker.db, queue.clock.now(), ticker.morning_at)
    if planned:
        log.info("planned %d reminders at start-up", planned)
    jobs = application.job_queue
    if jobs is None:
        raise RuntimeError("the reminder queue needs PTB's job queue (python-telegram-bot"
                           "[job-queue])")
    jobs.run_repeating(_on_tick, interval=queue.interval, first=queue.interval, name=JOB_NAME)


async def end(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop ticking, letting a tick that is sending finish first."""
    queue = application.bot_data.get(KEY)
    if application.job_queue is not None:
        for job in application.job_queue.get_jobs_by_name(JOB_NAME):
            job.schedule_removal()
    if isinstance(queue, ReminderQueue):
        await queue.wait_idle()


async def _on_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    await queue_of(context.application).tick()
