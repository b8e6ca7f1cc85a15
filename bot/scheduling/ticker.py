"""One tick of the reminder queue: claim what is due, send it paced, record what happened.

A claim takes only what the pacer sends in the next moment, and each send is confirmed the
moment Telegram answers it, so a process killed mid-tick leaves few claims unconfirmed; the
next start-up sends those again (``reminders.resend_unconfirmed``).

Scheduling cost does not grow with users: there is no job per user or per reminder, only
this tick, which reads due rows through an index. Time is a parameter, so tests drive
``tick(now)`` directly with any clock they like.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Protocol

from bot import metrics
from bot.services import reminders
from bot.services.reminders import Delivery, Due, SendResult
from bot.storage.db import Database

log = logging.getLogger(__name__)

# Reminders claimed per transaction: about one second of the pacer's sending.
BATCH = 25
LATE_AFTER = timedelta(minutes=1)
"""A reminder claimed this long after its moment counts as late in the metrics."""


class Outbox(Protocol):
    """Where due reminders go: Telegram in production, a recorder in tests and benchmarks."""

    async def send_all(self, due: Sequence[Due]) -> list[SendResult]:
        """Deliver each reminder; one outcome per reminder, in order."""
        ...


@dataclass
class TickReport:
    """What one tick did."""

    claimed: int = 0
    sent: int = 0
    missed: int = 0
    cancelled: int = 0
    queued_again: int = 0
    not_sent: int = 0


class Confirmations:
    """Records send outcomes as they come: one write at a time, each taking every outcome that
    arrived while the previous one ran, so a fast outbox costs few transactions and a paced one
    has each send confirmed within one write of it."""

    def __init__(self, db: Database, now: datetime) -> None:
        self.db = db
        self.now = now
        self._waiting: list[tuple[Due, SendResult]] = []
        self._writing: asyncio.Task[None] | None = None

    async def record(self, due: Due, outcome: SendResult) -> None:
        """Return once this outcome is stored."""
        self._waiting.append((due, outcome))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.ensure_future(self._write())
        await asyncio.shield(self._writing)

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            await reminders.record_outcomes(self.db, batch, self.now)


class ReminderTicker:
    """Claims due reminders in batches and hands them to an outbox."""

    def __init__(self, db: Database, outbox: Outbox, *, grace: timedelta, morning_at: time,
                 batch: int = BATCH) -> None:
        self.db = db
        self.outbox = outbox
        self.grace = grace
        self.morning_at = morning_at
        self.batch = batch

    async def tick(self, now: datetime, *, budget: int | None = None) -> TickReport:
        """Send every reminder due by ``now`` (at most ``budget`` of them)."""
        report = TickReport()
        while budget is None or report.claimed < budget:
            size = self.batch if budget is None else min(self.batch, budget - report.claimed)
            claim = await reminders.claim_due(self.db, now, limit=size, grace=self.grace,
                                              morning_at=self.morning_at)
            report.claimed += claim.claimed
            report.missed += claim.missed
            report.cancelled += claim.cancelled
            _observe(claim, now)
            slowed = False
            if claim.due:
                confirm = Confirmations(self.db, now)
                outcomes = await asyncio.gather(*(self._send(due, confirm)
                                                  for due in claim.due))
                slowed = self._count(outcomes, report)
            if claim.claimed < size or slowed:  # queue empty, or Telegram asked to wait
                break
        if report.claimed:
            log.info("reminders: %s", report)
        return report

    async def _send(self, due: Due, confirm: Confirmations) -> SendResult:
        """Send one reminder and record its outcome at once, whatever the others do."""
        [outcome] = await self.outbox.send_all([due])
        await confirm.record(due, outcome)
        return outcome

    @staticmethod
    def _count(outcomes: Sequence[SendResult], report: TickReport) -> bool:
        slowed = False
        for outcome in outcomes:
            metrics.REMINDERS.labels(outcome=outcome.delivery.value).inc()
            if outcome.delivery is Delivery.SENT:
                report.sent += 1
            elif outcome.delivery in (Delivery.FLOOD, Delivery.UNREACHABLE):
                report.queued_again += 1
                slowed = slowed or outcome.delivery is Delivery.FLOOD
            elif outcome.delivery is not Delivery.UNCERTAIN:
                report.not_sent += 1
        return slowed


def _observe(claim: reminders.Claim, now: datetime) -> None:
    """Count a claim's reminders in the metrics: due, late, skipped, and how late each is."""
    metrics.REMINDERS.labels(outcome="due").inc(claim.claimed)
    if claim.missed:
        metrics.REMINDERS.labels(outcome="skipped").inc(claim.missed)
    if claim.cancelled:
        metrics.REMINDERS.labels(outcome="cancelled").inc(claim.cancelled)
    for due in claim.due:
        lag = now - due.due_at
        metrics.SCHEDULER_LAG.observe(max(0.0, lag.total_seconds()))
        if lag > LATE_AFTER:
            metrics.REMINDERS.labels(outcome="late").inc()
