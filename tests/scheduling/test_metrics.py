"""The reminder queue's figures in the metrics: due, sent, late, skipped and the lag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prometheus_client import REGISTRY

from bot.services.reminders import Delivery, SendResult
from bot.storage.db import Database
from tests.scheduling.helpers import RecordingOutbox, onboarded, ticker

ONBOARDED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
DUE = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)  # the session reminder of users set up above


def reminders(outcome: str) -> float:
    return REGISTRY.get_sample_value("runback_reminders_total", {"outcome": outcome}) or 0.0


def lag(bucket: str) -> float:
    return REGISTRY.get_sample_value("runback_scheduler_lag_seconds_bucket", {"le": bucket}) or 0


async def test_a_tick_counts_due_sent_late_and_skipped_reminders(db: Database) -> None:
    await onboarded(db, [1, 2], ONBOARDED)
    before = {name: reminders(name) for name in ("due", "sent", "late", "skipped", "blocked")}
    lags = (lag("900.0"), lag("+Inf"))

    def answer(message: object) -> SendResult:
        return SendResult(Delivery.BLOCKED if getattr(message, "chat_id", 0) == 2
                          else Delivery.SENT)

    report = await ticker(db, RecordingOutbox(answer)).tick(DUE + timedelta(minutes=10))
    assert (report.claimed, report.sent) == (2, 1)
    assert reminders("due") == before["due"] + 2
    assert reminders("sent") == before["sent"] + 1
    assert reminders("blocked") == before["blocked"] + 1
    assert reminders("late") == before["late"] + 2  # ten minutes after their moment
    assert lag("900.0") == lags[0] + 2 and lag("+Inf") == lags[1] + 2


async def test_a_reminder_past_its_grace_is_counted_skipped(db: Database) -> None:
    await onboarded(db, 1, ONBOARDED)
    skipped, sent = reminders("skipped"), reminders("sent")
    await ticker(db, RecordingOutbox(), grace=timedelta(hours=2)).tick(DUE + timedelta(hours=3))
    assert reminders("skipped") == skipped + 1
    assert reminders("sent") == sent
