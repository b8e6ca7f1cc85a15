"""The reminder queue in storage: durable identities, revival, and claims that never overlap."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from bot.domain.flare import start_flare
from bot.domain.programme import start_programme
from bot.domain.reminders import Occurrence, Slot, Status
from bot.storage import programmes, repo
from bot.storage import reminders as store
from bot.storage.db import Database
from bot.storage.models import Reminder, User

NOW = datetime(2027, 1, 4, 7, 30, tzinfo=UTC)
TODAY = NOW.date()


async def add_users(db: Database, count: int, first_id: int = 1) -> list[int]:
    ids = list(range(first_id, first_id + count))
    async with db.transaction() as session:
        for user_id in ids:
            user = await repo.add_user(session, user_id, "", NOW, "done")
            user.onboarded_at = NOW
            user.training_days = "mon,wed,fri"
            user.reminder_time = time(7, 30)
            user.timezone = "Europe/London"
    return ids


def planned(user_id: int, day: date = TODAY, at: datetime = NOW,
            slot: Slot = Slot.SESSION) -> store.Planned:
    return store.Planned(user_id, slot, Occurrence(day, at))


async def test_an_identity_is_planned_once_and_a_cancelled_one_comes_back(any_db: Database
                                                                          ) -> None:
    [user] = await add_users(any_db, 1)
    async with any_db.transaction() as session:
        await store.plan(session, [planned(user)], NOW)
        await store.plan(session, [planned(user, at=NOW + timedelta(hours=1))], NOW)
    async with any_db.transaction() as session:
        rows = list(await session.scalars(select(Reminder)))
        assert [(r.status, r.due_at) for r in rows] == [("pending", NOW)]
        assert await store.cancel_pending(session, user, [Slot.SESSION], NOW) == 1
    later = NOW + timedelta(hours=2)
    async with any_db.transaction() as session:
        await store.plan(session, [planned(user, at=later)], NOW)
    async with any_db.transaction() as session:
        row = await session.scalar(select(Reminder))
        assert row is not None and (row.status, row.due_at) == ("pending", later)
        assert await store.taken_days(session, user, Slot.SESSION, NOW.date()) == {NOW.date()}


async def test_claiming_takes_due_rows_once_in_due_order(any_db: Database) -> None:
    users = await add_users(any_db, 3)
    async with any_db.transaction() as session:
        await store.plan(session, [planned(users[0], at=NOW),
                                   planned(users[1], at=NOW - timedelta(minutes=5)),
                                   planned(users[2], at=NOW + timedelta(minutes=1))], NOW)
    async with any_db.transaction() as session:
        claimed = await store.claim_due(session, NOW, limit=10)
        assert [r.user_id for r in claimed] == [users[1], users[0]]
        assert {r.status for r in claimed} == {Status.SENT.value}
    async with any_db.transaction() as session:
        assert await store.claim_due(session, NOW, limit=10) == []
        assert await store.count_by_status(session) == {"sent": 2, "pending": 1}


async def test_a_rolled_back_claim_leaves_the_reminder_pending(any_db: Database) -> None:
    [user] = await add_users(any_db, 1)
    async with any_db.transaction() as session:
        await store.plan(session, [planned(user)], NOW)
    try:
        async with any_db.transaction() as session:
            assert len(await store.claim_due(session, NOW, limit=10)) == 1
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    async with any_db.transaction() as session:
        assert len(await store.claim_due(session, NOW, limit=10)) == 1


async def test_two_claimers_on_one_database_never_take_the_same_row(any_db: Database,
                                                                    any_url: str) -> None:
    users = await add_users(any_db, 300)
    async with any_db.transaction() as session:
        await store.plan(session, [planned(u) for u in users], NOW)
    other = Database(any_url)

    async def drain(db: Database) -> list[int]:
        taken: list[int] = []
        while True:
            async with db.transaction() as session:
                batch = await store.claim_due(session, NOW, limit=25)
            if not batch:
                return taken
            taken.extend(r.id for r in batch)
            await asyncio.sleep(0)

    try:
        first, second = await asyncio.gather(drain(any_db), drain(other))
    finally:
        await other.close()
    assert not set(first) & set(second)
    assert len(first) + len(second) == 300


async def test_blocked_users_become_inactive_and_lose_pending_reminders(any_db: Database
                                                                        ) -> None:
    blocked, other = await add_users(any_db, 2)
    async with any_db.transaction() as session:
        await store.plan(session, [planned(blocked), planned(other)], NOW)
        await store.deactivate(session, [blocked], NOW)
    async with any_db.transaction() as session:
        rows = await session.execute(select(Reminder.user_id, Reminder.status))
        statuses = {user_id: status for user_id, status in rows}
        assert statuses == {blocked: "cancelled", other: "pending"}
        assert (await session.get(User, blocked)).active is False  # type: ignore[union-attr]
        lacking = await store.lacking(session, Slot.SESSION, 0, 10)
        assert lacking == []  # the other still has one; the blocked one is not eligible


async def test_pauses_make_users_ineligible(any_db: Database) -> None:
    paused, other = await add_users(any_db, 2)
    async with any_db.transaction() as session:
        await store.set_pause(session, paused, date(2027, 2, 1), NOW)
    async with any_db.transaction() as session:
        assert [s.user_id for s in await store.lacking(session, Slot.SESSION, 0, 10)] == [other]
        assert await store.paused_among(session, [paused, other]) == {paused}
        await store.clear_pause(session, paused)
        assert await session.scalar(select(func.count()).select_from(Reminder)) == 0
        assert len(await store.schedules(session, [paused, other])) == 2


async def test_users_in_a_flare_lacking_a_flare_message_are_found(any_db: Database) -> None:
    flaring, calm, covered = await add_users(any_db, 3)
    programme, _ = start_programme(4, TODAY)
    async with any_db.transaction() as session:
        for user_id in (flaring, covered):
            state, _ = start_flare(programme, TODAY)
            await programmes.save(session, user_id, state, NOW)
        await programmes.save(session, calm, programme, NOW)
        await store.plan(session, [planned(covered, slot=Slot.FLARE_CHECKIN)], NOW)
    async with any_db.transaction() as session:
        found = await store.lacking_flare(session, -1, 10)
        assert [(s.user_id, started) for s, started in found] == [(flaring, TODAY)]
        assert await store.lacking_flare(session, flaring, 10) == []


async def test_the_open_flare_message_is_the_newest_sent_one(any_db: Database) -> None:
    [user] = await add_users(any_db, 1)
    yesterday = TODAY - timedelta(days=1)
    async with any_db.transaction() as session:
        await store.plan(session, [planned(user, yesterday, slot=Slot.FLARE_CHECKIN),
                                   planned(user, TODAY, slot=Slot.FLARE_CHECKIN)], NOW)
        assert await store.open_flare_message(session, user, yesterday) is None  # not sent yet
        claimed = await store.claim_due(session, NOW, 10)
    async with any_db.transaction() as session:
        found = await store.open_flare_message(session, user, yesterday)
        assert found is not None and found.local_date == TODAY
        assert await store.open_flare_message(session, user, TODAY + timedelta(days=1)) is None
        await store.set_status(session, [r.id for r in claimed], Status.DONE, NOW)
        assert await store.open_flare_message(session, user, yesterday) is None
