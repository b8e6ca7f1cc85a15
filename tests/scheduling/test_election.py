"""The scheduler election: one round at a time, with a lock that tests hand out and take back,
and the real advisory lock on PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest

from bot import metrics
from bot.scheduling.election import Election
from bot.services.errors import StorageUnavailable
from bot.storage.db import Database
from bot.storage.leadership import (
    EVERY_SESSION,
    SESSIONS_CHANNEL,
    AdvisoryLock,
    OnNotice,
    SoleProcess,
    scheduler_lock,
)
from bot.storage.sessions import announce


class HandedLock:
    """A lock the test gives to the process, or keeps from it."""

    shared = True

    def __init__(self, free: bool) -> None:
        self.free = free
        self.held = False
        self.on_notice: OnNotice | None = None

    async def try_acquire(self, on_notice: OnNotice) -> bool:
        if self.free:
            self.held, self.on_notice = True, on_notice
        return self.held

    async def still_held(self) -> bool:
        return self.held

    async def release(self) -> None:
        self.held = False


class Steps:
    def __init__(self) -> None:
        self.done: list[str] = []
        self.fail_start = False

    async def elected(self) -> None:
        self.done.append("elected")
        if self.fail_start:
            raise StorageUnavailable("database is locked")

    async def deposed(self) -> None:
        self.done.append("deposed")

    async def heartbeat(self) -> None:
        self.done.append("sweep")

    async def changed(self, session_id: int | None) -> None:
        self.done.append(f"changed {session_id}")


async def never(_seconds: float) -> None:
    await asyncio.Event().wait()  # only explicit rounds run in these tests


def election(lock: HandedLock, steps: Steps) -> Election:
    return Election(lock, interval=10, on_elected=steps.elected, on_deposed=steps.deposed,
                    on_heartbeat=steps.heartbeat, on_changed=steps.changed, sleep=never)


def leader_gauge() -> float:
    return metrics.SCHEDULER_LEADER._value.get()  # type: ignore[attr-defined,no-any-return]


async def test_a_follower_takes_over_once_the_lock_is_free_and_steps_down_when_it_is_lost(
) -> None:
    lock, steps = HandedLock(free=False), Steps()
    chosen = election(lock, steps)
    await chosen.begin()
    assert not chosen.leading and steps.done == [] and leader_gauge() == 0
    lock.free = True
    await chosen.check()
    assert chosen.leading and steps.done == ["elected"] and leader_gauge() == 1
    await chosen.check()
    assert steps.done == ["elected", "sweep"]  # a leader's round sweeps the live sessions
    lock.held = lock.free = False  # the lock's connection died
    await chosen.check()
    assert not chosen.leading and steps.done == ["elected", "sweep", "deposed"]
    assert leader_gauge() == 0
    await chosen.end()
    assert steps.done == ["elected", "sweep", "deposed"]  # not deposed twice


async def test_a_leader_that_cannot_start_lets_the_lock_go_and_tries_again() -> None:
    lock, steps = HandedLock(free=True), Steps()
    steps.fail_start = True
    chosen = election(lock, steps)
    await chosen.begin()
    assert not chosen.leading and not lock.held
    assert steps.done == ["elected", "deposed"]
    steps.fail_start = False
    await chosen.check()
    assert chosen.leading
    await chosen.end()
    assert steps.done[-1] == "deposed" and not lock.held


async def test_notices_reach_the_leader_as_session_ids() -> None:
    lock, steps = HandedLock(free=True), Steps()
    chosen = election(lock, steps)
    await chosen.begin()
    assert lock.on_notice is not None
    lock.on_notice("42")
    lock.on_notice(EVERY_SESSION)
    for _ in range(3):
        await asyncio.sleep(0)
    assert steps.done == ["elected", "changed 42", "changed None"]
    await chosen.end()


async def test_sqlite_always_leads() -> None:
    lock = scheduler_lock("sqlite+aiosqlite:///runback.db", dead_after=30, timeout=5)
    assert isinstance(lock, SoleProcess)
    assert await lock.try_acquire(lambda _payload: None)
    assert await lock.still_held()


@pytest.mark.postgres
async def test_one_advisory_lock_holder_at_a_time_and_notices_reach_it(db_url: str) -> None:
    first = AdvisoryLock(db_url, dead_after=9, timeout=5)
    second = AdvisoryLock(db_url, dead_after=9, timeout=5)
    heard: list[str] = []
    arrived = asyncio.Event()

    def hear(payload: str) -> None:
        heard.append(payload)
        arrived.set()

    try:
        assert await first.try_acquire(hear)
        assert not await second.try_acquire(hear)
        assert await first.still_held() and not await second.still_held()
        db = Database(db_url)
        try:
            async with db.transaction() as session:
                await announce(session, SESSIONS_CHANNEL, "7")
        finally:
            await db.close()
        await asyncio.wait_for(arrived.wait(), 10)
        assert heard == ["7"]
        await first.release()
        assert not await first.still_held()
        assert await second.try_acquire(hear)  # freed for the next one
    finally:
        await first.release()
        await second.release()
