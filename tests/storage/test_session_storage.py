"""Training sessions and their check-ins in storage, and the reminders a session closes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from bot.domain.reminders import Occurrence, Slot, Status
from bot.storage import reminders as store
from bot.storage import repo
from bot.storage import sessions as session_store
from bot.storage.db import Database
from bot.storage.models import Reminder, TrainingSession

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


async def add_user(db: Database, user_id: int) -> None:
    async with db.transaction() as session:
        await repo.add_user(session, user_id, "", NOW, "done")


async def add_sessions(db: Database, user_id: int, *statuses: str) -> list[int]:
    async with db.transaction() as session:
        ids = []
        for status in statuses:
            row = await session_store.add_live_session(session, user_id, TODAY, 1, 1.0, NOW)
            row.status = status
            ids.append(row.id)
        return ids


async def test_a_live_session_is_stored_running_with_its_level_and_scale(any_db: Database) -> None:
    await add_user(any_db, 1)
    async with any_db.transaction() as session:
        row = await session_store.add_live_session(session, 1, TODAY, 2, 0.5, NOW)
        assert row.id is not None
    async with any_db.transaction() as session:
        stored = await session_store.get_session(session, row.id, for_update=True)
        assert stored is not None
        assert (stored.status, stored.level, stored.scale, stored.started_at) == (
            session_store.LIVE, 2, 0.5, NOW)
        assert stored.pauses == [] and stored.signs == [] and not stored.pause_asked
        assert await session_store.get_session(session, row.id + 1) is None


async def test_the_open_session_is_the_newest_one_still_running_or_checking_in(
        any_db: Database) -> None:
    await add_user(any_db, 1)
    await add_user(any_db, 2)
    done, peak, _ = await add_sessions(any_db, 1, session_store.DONE,
                                       session_store.CHECKIN_PEAK, session_store.DISCARDED)
    [live] = await add_sessions(any_db, 2, session_store.LIVE)
    async with any_db.transaction() as session:
        found = await session_store.open_session(session, 1, for_update=True)
        assert found is not None and found.id == peak
        last = await session_store.last_done(session, 1)
        assert last is not None and last.id == done
        assert await session_store.last_done(session, 2) is None
        assert [row.id for row in await session_store.live_sessions(session)] == [live]
    async with any_db.transaction() as session:
        assert await session_store.open_session(session, 3) is None


async def test_status_messages_are_set_for_many_sessions_at_once(any_db: Database) -> None:
    await add_user(any_db, 1)
    first, _, third = await add_sessions(any_db, 1, session_store.LIVE, session_store.LIVE,
                                         session_store.LIVE)
    async with any_db.transaction() as session:
        await session_store.set_status_messages(session, {first: 101, third: 2**40})
        await session_store.set_status_messages(session, {})
    async with any_db.transaction() as session:
        rows = await session.scalars(select(TrainingSession).order_by(TrainingSession.id))
        assert [row.status_message_id for row in rows] == [101, None, 2**40]


async def test_the_first_check_in_of_a_kind_wins(any_db: Database) -> None:
    await add_user(any_db, 1)
    [row_id] = await add_sessions(any_db, 1, session_store.DONE)
    async with any_db.transaction() as session:
        assert await repo.first_check_in(session, row_id, "peak") is None
        await repo.record_check_in(session, 1, "morning", 2, NOW, session_id=row_id)
        await repo.record_check_in(session, 1, "peak", 5, NOW, session_id=row_id)
        await repo.record_check_in(session, 1, "peak", 7, NOW, session_id=row_id)
        await repo.record_check_in(session, 1, "peak", 1, NOW)
    async with any_db.transaction() as session:
        peak = await repo.first_check_in(session, row_id, "peak")
        assert peak is not None and (peak.pain, peak.user_id) == (5, 1)


async def test_find_user_reads_the_user_a_transaction_holds(any_db: Database) -> None:
    await add_user(any_db, 1)
    async with any_db.transaction() as session:
        locked = await repo.get_user(session, 1, for_update=True)
        assert await repo.find_user(session, 1) is locked
        assert await repo.find_user(session, 2) is None


def reminder(user_id: int, slot: Slot, day: date, session_id: int | None = None
             ) -> store.Planned:
    due = datetime.combine(day, time(7, 30), UTC)
    return store.Planned(user_id, slot, Occurrence(day, due), session_id)


async def statuses(db: Database) -> list[tuple[str, date, str]]:
    async with db.transaction() as session:
        rows = await session.scalars(select(Reminder).order_by(Reminder.id))
        return [(row.slot, row.local_date, row.status) for row in rows]


async def test_starting_a_session_closes_only_that_days_open_session_reminder(
        any_db: Database) -> None:
    await add_user(any_db, 1)
    await add_user(any_db, 2)
    tomorrow = TODAY + timedelta(days=1)
    async with any_db.transaction() as session:
        await store.plan(session, [
            reminder(1, Slot.SESSION, TODAY), reminder(1, Slot.SESSION, tomorrow),
            reminder(1, Slot.WEEKLY_CHECKIN, TODAY), reminder(2, Slot.SESSION, TODAY),
        ], NOW)
        await store.session_reminder_done(session, 1, TODAY, NOW)
    assert await statuses(any_db) == [
        ("session", TODAY, "done"), ("session", tomorrow, "pending"),
        ("weekly", TODAY, "pending"), ("session", TODAY, "pending"),
    ]
    async with any_db.transaction() as session:  # a skipped reminder stays skipped
        skipped = await session.scalar(select(Reminder.id).where(Reminder.local_date == tomorrow))
        assert skipped is not None
        await store.set_status(session, [skipped], Status.SKIPPED, NOW)
        await store.session_reminder_done(session, 1, tomorrow, NOW)
    assert (await statuses(any_db))[1] == ("session", tomorrow, "skipped")


async def test_a_morning_answer_closes_the_check_in_about_its_session(any_db: Database) -> None:
    await add_user(any_db, 1)
    first, second = await add_sessions(any_db, 1, session_store.DONE, session_store.DONE)
    async with any_db.transaction() as session:
        await store.plan(session, [
            reminder(1, Slot.MORNING_CHECKIN, TODAY, first),
            reminder(1, Slot.MORNING_CHECKIN, TODAY + timedelta(days=2), second),
        ], NOW)
        claimed = await store.claim_due(session, NOW, 1)
        assert [row.session_id for row in claimed] == [first]
        await store.morning_checkin_done(session, 1, first, NOW)
    async with any_db.transaction() as session:
        rows = list(await session.scalars(select(Reminder).order_by(Reminder.id)))
        assert [(row.status, row.handled_at) for row in rows] == [("done", NOW),
                                                                   ("pending", None)]


async def test_only_unsnoozed_pending_check_ins_are_retimed(any_db: Database) -> None:
    await add_user(any_db, 1)
    [done] = await add_sessions(any_db, 1, session_store.DONE)
    days = [TODAY + timedelta(days=offset) for offset in range(5)]
    async with any_db.transaction() as session:
        await store.plan(session, [
            reminder(1, Slot.MORNING_CHECKIN, days[0], done),
            reminder(1, Slot.WEEKLY_CHECKIN, days[1]), reminder(1, Slot.WEEKLY_CHECKIN, days[2]),
            reminder(1, Slot.WEEKLY_CHECKIN, days[3]), reminder(1, Slot.SESSION, days[4]),
        ], NOW)
        rows = list(await session.scalars(select(Reminder).order_by(Reminder.id)))
        rows[2].snoozed = 1
        rows[3].status = Status.CANCELLED.value
    async with any_db.transaction() as session:
        found = await store.unsnoozed_checkins(session, 1)
        assert sorted(row.local_date for row in found) == [days[0], days[1]]
        assert await store.unsnoozed_checkins(session, 2) == []
