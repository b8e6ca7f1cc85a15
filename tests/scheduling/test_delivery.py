"""Flood control, 429s that never drop a message, blocked users, and many reminders at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.scheduling.reminders import ReminderQueue
from bot.scheduling.ticker import BATCH
from bot.services import reminders
from bot.services.reminders import Delivery, SendResult
from bot.storage import repo
from bot.storage.db import Database
from bot.storage.models import Reminder
from bot.telegram.sender import Outgoing, Pacer
from tests.conftest import FakeClock
from tests.scheduling.helpers import RecordingOutbox, many_onboarded, onboarded, ticker

ONBOARDED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
DUE = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_pacer_spaces_one_chat_a_second_apart() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(per_second=25, chat_interval=1.0, clock=clock)
    waits = [pacer.reserve(1) for _ in range(3)]
    assert waits == [0.0, 1.0, 2.0]


def test_the_pacer_keeps_the_overall_rate() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(per_second=25, chat_interval=1.0, clock=clock)
    waits = [pacer.reserve(chat) for chat in range(50)]
    assert waits[1] == pytest.approx(0.04)
    assert waits[-1] == pytest.approx(49 * 0.04)
    # Any one-second window holds at most 25 send times.
    starts = [clock.now + wait for wait in waits]
    assert max(sum(1 for s in starts if t <= s < t + 1) for t in starts) <= 25


def test_a_hold_delays_every_send_and_the_pacer_forgets_old_chats() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(per_second=1000, chat_interval=1.0, clock=clock)
    pacer.hold(5)
    assert pacer.held() == 5
    assert pacer.reserve(1) == 5
    clock.now += 10
    for chat in range(2000):
        pacer.reserve(chat)
    clock.now += 10
    pacer.reserve(99_999)
    assert len(pacer._next_for) <= 1025


async def test_a_429_puts_the_reminder_back_until_retry_after(db: Database) -> None:
    await onboarded(db, 1, ONBOARDED)
    refusals = iter([SendResult(Delivery.FLOOD, retry_after=30)])
    outbox = RecordingOutbox(lambda message: next(refusals, SendResult(Delivery.SENT)))
    queue = ticker(db, outbox)
    report = await queue.tick(DUE)
    assert (report.sent, report.queued_again) == (0, 1)
    await queue.tick(DUE + timedelta(seconds=29))
    assert outbox.sent == []
    await queue.tick(DUE + timedelta(seconds=30))
    await queue.tick(DUE + timedelta(seconds=90))
    assert len(outbox.to(1)) == 1  # delivered, once


async def test_a_blocked_user_gets_nothing_more_and_others_are_undisturbed(db: Database
                                                                           ) -> None:
    await onboarded(db, 1, ONBOARDED)
    await onboarded(db, 2, ONBOARDED)

    def answer(message: Outgoing) -> SendResult:
        return SendResult(Delivery.BLOCKED if message.chat_id == 1 else Delivery.SENT)

    outbox = RecordingOutbox(answer)
    queue = ticker(db, outbox)
    await queue.tick(DUE)
    async with db.transaction() as session:
        blocked = await repo.get_user(session, 1)
        assert blocked is not None and not blocked.active
        pending = await session.scalar(select(func.count()).select_from(Reminder).where(
            Reminder.user_id == 1, Reminder.status == "pending"))
        assert pending == 0
    await queue.tick(DUE + timedelta(days=2))  # Friday
    assert len(outbox.to(2)) == 2 and outbox.to(1) == []


async def test_an_unreachable_telegram_is_tried_again_a_few_times(db: Database) -> None:
    await onboarded(db, 1, ONBOARDED)
    outbox = RecordingOutbox(lambda message: SendResult(Delivery.UNREACHABLE))
    queue = ticker(db, outbox)
    moment = DUE
    for _ in range(6):
        await queue.tick(moment)
        moment += timedelta(minutes=1)
    async with db.transaction() as session:
        row = await session.scalar(select(Reminder).where(Reminder.local_date == DUE.date()))
        assert row is not None and (row.status, row.attempts) == ("failed", 4)


async def test_a_thousand_reminders_in_one_minute_go_out_once_each(db: Database) -> None:
    assert await many_onboarded(db, range(1, 1001), ONBOARDED) == 2000
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    report = await queue.tick(DUE + timedelta(seconds=20))
    assert report.sent == 1000
    assert len({m.chat_id for m in outbox.sent}) == 1000
    assert (await queue.tick(DUE + timedelta(seconds=40))).claimed == 0


async def test_a_budget_limits_one_tick_and_the_next_tick_carries_on(db: Database) -> None:
    await onboarded(db, range(1, 31), ONBOARDED)
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    assert (await queue.tick(DUE, budget=20)).sent == 20
    assert (await queue.tick(DUE + timedelta(seconds=20), budget=20)).sent == 10


async def test_no_session_reminder_while_a_safety_stop_stands(db: Database) -> None:
    await onboarded(db, 1, ONBOARDED)
    async with db.transaction() as session:
        user = await repo.get_user(session, 1)
        assert user is not None
        user.safety_stop = "see_doctor"
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    report = await queue.tick(DUE)
    assert (report.sent, report.cancelled) == (0, 1)
    async with db.transaction() as session:
        user = await repo.get_user(session, 1)
        assert user is not None
        user.safety_stop = None  # a clinician cleared them
    await queue.tick(DUE + timedelta(days=2))
    assert len(outbox.to(1)) == 1


async def test_a_tick_of_the_queue_sends_everything_due_a_moment_at_a_time(db: Database) -> None:
    await many_onboarded(db, range(1, 61), ONBOARDED)
    outbox = RecordingOutbox()
    claims: list[int] = []
    claim_due = reminders.claim_due

    async def counted(*args: Any, **kwargs: Any) -> reminders.Claim:
        claim = await claim_due(*args, **kwargs)
        claims.append(claim.claimed)
        return claim

    queue = ReminderQueue(ticker(db, outbox), FakeClock(DUE), interval=1.0)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(reminders, "claim_due", counted)
        report = await queue.tick()
    # A one-second tick used to stop at one second's budget; the pacer then idled until the
    # tick after next, as the running tick made the next one a no-op.
    assert report is not None and report.sent == 60
    assert max(claims) <= BATCH
