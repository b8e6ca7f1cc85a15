"""Programmes and decisions in storage: one state per user, and decisions read back in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.domain import progression
from bot.domain.decisions import Decision, Rule
from bot.storage import programmes, repo
from bot.storage.db import Database

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
START = date(2027, 1, 4)


async def add_users(db: Database, *ids: int) -> None:
    async with db.transaction() as session:
        for user_id in ids:
            await repo.add_user(session, user_id, "", NOW, "done")


def hold(level: int) -> Decision:
    return Decision(level, Rule.HOLD_AMBER, {"peak": 4})


async def test_saving_twice_keeps_one_programme_with_the_latest_state(any_db: Database) -> None:
    await add_users(any_db, 1)
    programme, _ = progression.start_programme(4, START)
    async with any_db.transaction() as session:
        assert await programmes.load(session, 1) is None
        await programmes.save(session, 1, programme, NOW)
    async with any_db.transaction() as session:
        await programmes.save(session, 1, replace(programme, level=3), NOW + timedelta(days=1))
    async with any_db.transaction() as session:
        stored = await programmes.load(session, 1)
        assert stored == replace(programme, level=3)


async def test_many_programmes_load_by_user_and_skip_those_without(any_db: Database) -> None:
    ids = list(range(1, 13))
    await add_users(any_db, *ids)
    programme, _ = progression.start_programme(4, START)
    async with any_db.transaction() as session:
        for user_id in ids[:-5]:
            await programmes.save(session, user_id, replace(programme, level=user_id % 7 + 1),
                                  NOW)
    async with any_db.transaction() as session:
        found = await programmes.load_many(session, [*ids, ids[0]], chunk=5)  # three chunks
    assert set(found) == set(ids[:-5])
    assert all(found[user_id].level == user_id % 7 + 1 for user_id in found)


async def test_latest_decisions_come_newest_first_and_ties_go_to_the_later_one(
        any_db: Database) -> None:
    await add_users(any_db, 1, 2)
    async with any_db.transaction() as session:
        await programmes.record_decision(session, 1, 1, hold(1), NOW)
        await programmes.record_decision(session, 1, 1, hold(2), NOW + timedelta(hours=1))
        await programmes.record_decision(session, 1, 2, hold(3), NOW + timedelta(hours=1))
        await programmes.record_decision(session, 1, 3, hold(4), NOW - timedelta(hours=1))
        await programmes.record_decision(session, 2, 1, hold(5), NOW + timedelta(days=1))
    async with any_db.transaction() as session:
        latest = await programmes.latest_decisions(session, 1, 3)
        assert [row.to_level for row in latest] == [3, 2, 1]
        assert latest[0].rule == Rule.HOLD_AMBER.value and latest[0].inputs == {"peak": 4}
        assert await programmes.count_decisions(session, 1) == 4
        assert await programmes.count_decisions(session, 3) == 0
