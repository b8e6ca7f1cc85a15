"""Flare mode's daily message: once a day at the morning check-in time, in place of the morning
check-in, never after the flare ends or while paused, and exactly once across restarts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from bot.domain.reminders import DEFAULT_MORNING_CHECKIN, Occurrence, Slot
from bot.domain.safety import SafetyOutcome
from bot.services import coaching, flare_messages, reminders, schedule
from bot.services.reminders import Due, SendResult
from bot.storage import reminders as store
from bot.storage.db import Database
from bot.storage.models import Decision, Reminder, User
from bot.storage.reminders import Planned
from bot.telegram import texts
from tests.scheduling.helpers import RecordingOutbox, onboarded, ticker

USER = 11
# Onboarded on Monday 4 January 2027 (London, GMT), training Mon/Wed/Fri at 07:30; the flare
# is told at 10:00 that day, so its first daily message is on Tuesday at 08:00.
ONBOARDED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
FLARE = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
TUESDAY_0800 = datetime(2027, 1, 5, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)


class Crash(Exception):
    """The process dies here."""


class CrashingOutbox:
    async def send_all(self, due: Sequence[Due]) -> list[SendResult]:
        raise Crash


async def in_flare(db: Database, now: datetime = FLARE) -> None:
    await onboarded(db, USER, ONBOARDED)
    await coaching.start_flare(db, USER, now)
    await flare_messages.flare_started(db, USER, now, DEFAULT_MORNING_CHECKIN)


async def flare_rows(db: Database) -> dict[str, str]:
    async with db.transaction() as session:
        rows = await session.execute(select(Reminder.local_date, Reminder.status)
                                     .where(Reminder.slot == Slot.FLARE_CHECKIN.value))
        return {day.isoformat(): status for day, status in rows}


def flare_messages_to(outbox: RecordingOutbox) -> list[str]:
    return [text for text in outbox.to(USER) if text == texts.FLARE_MESSAGE]


async def test_the_flare_message_comes_once_a_day_at_the_morning_time(db: Database) -> None:
    await in_flare(db)
    outbox = RecordingOutbox()
    tick = ticker(db, outbox).tick
    await tick(TUESDAY_0800 - timedelta(minutes=1))
    assert outbox.sent == []
    await tick(TUESDAY_0800)
    await tick(TUESDAY_0800 + timedelta(seconds=30))
    assert flare_messages_to(outbox) == [texts.FLARE_MESSAGE]
    message = outbox.sent[-1]
    assert message.markup is not None
    assert [b.text for b in message.markup.inline_keyboard[0]][:3] == ["0", "1", "2"]
    await tick(TUESDAY_0800 + DAY)
    assert len(flare_messages_to(outbox)) == 2
    assert await flare_rows(db) == {"2027-01-05": "sent", "2027-01-06": "sent",
                                    "2027-01-07": "pending"}


async def test_it_replaces_the_morning_check_in_during_a_flare(db: Database) -> None:
    await in_flare(db)
    async with db.transaction() as session:  # a session's next-morning check-in, same minute
        await store.plan(session, [Planned(USER, Slot.MORNING_CHECKIN,
                                           Occurrence(TUESDAY_0800.date(), TUESDAY_0800))],
                         FLARE)
    outbox = RecordingOutbox()
    report = await ticker(db, outbox).tick(TUESDAY_0800)
    assert outbox.to(USER) == [texts.FLARE_MESSAGE]
    assert (report.claimed, report.cancelled) == (2, 1)


async def test_session_reminders_in_a_flare_offer_the_flare_session(db: Database) -> None:
    await in_flare(db)
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(datetime(2027, 1, 6, 7, 30, tzinfo=UTC))
    text = outbox.to(USER)[-1]
    assert text == texts.flare_session_reminder(again=False)
    assert "brisk walk, 10–30 minutes, as is comfortable, or rest" in text
    assert "level" not in text


async def test_no_flare_message_once_the_flare_has_ended(db: Database) -> None:
    await in_flare(db)
    await coaching.flare_checkin(db, USER, 2, FLARE + timedelta(hours=1))
    await coaching.flare_checkin(db, USER, 2, FLARE + timedelta(hours=49))  # settled: it ends
    outbox = RecordingOutbox()
    thursday = TUESDAY_0800 + 2 * DAY
    await ticker(db, outbox).tick(thursday)
    assert flare_messages_to(outbox) == []
    assert await flare_rows(db) == {"2027-01-05": "cancelled"}  # and none planned after it
    await ticker(db, outbox).tick(thursday + DAY)
    assert flare_messages_to(outbox) == []


async def test_no_flare_message_while_paused_and_it_comes_back_on_resume(db: Database) -> None:
    await in_flare(db)
    await schedule.pause(db, USER, "", FLARE + timedelta(hours=1))
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(TUESDAY_0800 + DAY)
    assert outbox.sent == []
    back = TUESDAY_0800 + DAY + timedelta(hours=2)
    await schedule.resume(db, USER, back, DEFAULT_MORNING_CHECKIN)
    await ticker(db, outbox).tick(back + DAY)
    assert flare_messages_to(outbox) == [texts.FLARE_MESSAGE]
    assert (await flare_rows(db))["2027-01-07"] == "sent"


async def test_an_answer_counts_once_however_often_it_is_tapped(db: Database) -> None:
    await in_flare(db)
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(TUESDAY_0800)
    async with db.transaction() as session:
        reminder_id = await session.scalar(select(Reminder.id).where(
            Reminder.slot == Slot.FLARE_CHECKIN.value, Reminder.status == "sent"))
    assert reminder_id is not None
    at = TUESDAY_0800 + timedelta(minutes=5)
    assert await flare_messages.open_flare_message(db, USER, at) == reminder_id
    first = await flare_messages.answer_flare_message(db, USER, reminder_id, 3, at)
    again = await flare_messages.answer_flare_message(db, USER, reminder_id, 2, at)
    assert first.outcome is not None and first.outcome.decision.rule.value == "flare_continues"
    assert again.already and again.outcome is None
    assert await flare_messages.open_flare_message(db, USER, at) is None
    with pytest.raises(flare_messages.UnknownMessage):
        await flare_messages.answer_flare_message(db, USER + 1, reminder_id, 2, at)
    async with db.transaction() as session:
        rules = list(await session.scalars(select(Decision.rule).order_by(Decision.id)))
    assert rules[-2:] == ["flare_start", "flare_continues"]


async def restarted(db_url: str, now: datetime) -> Database:
    """A new process on the same database: everything is rebuilt from it."""
    fresh = Database(db_url)
    await reminders.rebuild(fresh, now, DEFAULT_MORNING_CHECKIN)
    return fresh


async def test_down_across_the_due_minute_and_back_within_grace_sends_it_late_once(
        db: Database, db_url: str) -> None:
    await in_flare(db)
    await db.close()
    back = TUESDAY_0800 + timedelta(minutes=90)
    fresh = await restarted(db_url, back)
    outbox = RecordingOutbox()
    await ticker(fresh, outbox).tick(back)
    await ticker(fresh, outbox).tick(back + timedelta(minutes=1))
    assert flare_messages_to(outbox) == [texts.FLARE_MESSAGE]
    assert await flare_rows(fresh) == {"2027-01-05": "sent", "2027-01-06": "pending"}
    await fresh.close()


async def test_a_crash_after_the_claim_never_sends_it_twice(db: Database, db_url: str) -> None:
    await in_flare(db)
    with pytest.raises(Crash):
        await ticker(db, CrashingOutbox()).tick(TUESDAY_0800)  # type: ignore[arg-type]
    await db.close()
    fresh = await restarted(db_url, TUESDAY_0800 + timedelta(seconds=30))
    outbox = RecordingOutbox()
    await ticker(fresh, outbox).tick(TUESDAY_0800 + timedelta(seconds=30))
    assert outbox.sent == []
    assert await flare_rows(fresh) == {"2027-01-05": "sent", "2027-01-06": "pending"}
    await fresh.close()


async def test_start_up_plans_the_flare_message_of_a_user_in_flare_who_has_none(
        db: Database) -> None:
    await in_flare(db)
    async with db.transaction() as session:  # as if the flare began before these messages
        await session.execute(delete(Reminder).where(
            Reminder.slot == Slot.FLARE_CHECKIN.value))
    assert await reminders.rebuild(db, FLARE, DEFAULT_MORNING_CHECKIN) == 1
    assert await reminders.rebuild(db, FLARE, DEFAULT_MORNING_CHECKIN) == 0
    assert await flare_rows(db) == {"2027-01-05": "pending"}
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(TUESDAY_0800)
    assert flare_messages_to(outbox) == [texts.FLARE_MESSAGE]


async def test_start_up_plans_no_flare_message_outside_a_flare(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    await reminders.rebuild(db, ONBOARDED, DEFAULT_MORNING_CHECKIN)
    assert await flare_rows(db) == {}


async def test_no_flare_message_while_a_red_flag_hold_stands(db: Database) -> None:
    await in_flare(db)
    async with db.transaction() as session:
        user = await session.get(User, USER)
        assert user is not None
        user.safety_stop = SafetyOutcome.SEE_DOCTOR.value
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(TUESDAY_0800)
    assert outbox.sent == []
    # The plan carries on for after the clearance.
    assert await flare_rows(db) == {"2027-01-05": "cancelled", "2027-01-06": "pending"}


async def test_a_flare_begun_without_its_message_gets_one_at_its_next_reminder(
        db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    await coaching.start_flare(db, USER, FLARE)  # nothing planned its daily message
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(datetime(2027, 1, 6, 7, 30, tzinfo=UTC))
    assert outbox.to(USER) == [texts.flare_session_reminder(again=False)]
    assert await flare_rows(db) == {"2027-01-06": "pending"}


async def test_an_answer_after_the_flare_ended_says_so_and_decides_nothing(
        db: Database) -> None:
    await in_flare(db)
    await ticker(db, RecordingOutbox()).tick(TUESDAY_0800)
    async with db.transaction() as session:
        reminder_id = await session.scalar(select(Reminder.id).where(
            Reminder.slot == Slot.FLARE_CHECKIN.value, Reminder.status == "sent"))
    assert reminder_id is not None
    await coaching.flare_checkin(db, USER, 2, TUESDAY_0800 + timedelta(minutes=1))
    await coaching.flare_checkin(db, USER, 2, TUESDAY_0800 + timedelta(hours=49))
    late = await flare_messages.answer_flare_message(db, USER, reminder_id, 2,
                                                     TUESDAY_0800 + timedelta(hours=50))
    assert late.over and late.outcome is None
    async with db.transaction() as session:
        rules = list(await session.scalars(select(Decision.rule).order_by(Decision.id)))
    assert rules[-1] == "flare_exit"
