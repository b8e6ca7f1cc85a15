"""Fixtures shared by every test: settable clocks and a migrated SQLite database."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings

from bot.storage import migrate
from bot.storage.db import Database

# Property tests judge behaviour, not speed: a busy CI machine must not fail them on time.
settings.register_profile("runback", deadline=None)
settings.load_profile("runback")


class FakeClock:
    """A clock that only moves when a test moves it."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class WarpStopwatch:
    """Monotonic time that never waits: a sleep jumps the stopwatch forward instead.

    It runs at least as fast as real time, so anything paced on it keeps its order and
    spacing, and a test never spends real seconds in a pacer.
    """

    def __init__(self) -> None:
        self.skipped = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.skipped

    async def sleep(self, seconds: float) -> None:
        # Sleepers that started together wake together, at the latest one's moment.
        target = self.monotonic() + seconds
        self.skipped = max(self.skipped, target - time.monotonic())
        await asyncio.sleep(0)


@pytest.fixture
def clock() -> FakeClock:
    # A Monday morning in January, 09:00 UTC.
    return FakeClock(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to the newest schema, copied for each test that needs one.

    The storage tests migrate their own empty databases; everything else starts from a copy.
    """
    path = tmp_path_factory.mktemp("schema") / "runback.db"
    asyncio.run(migrate.upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def db_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    path = tmp_path / "runback.db"
    shutil.copyfile(migrated_sqlite, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    yield database
    await database.close()


@pytest.fixture
async def locked_db(tmp_path: Path, db_url: str) -> AsyncIterator[Database]:
    """A database another connection holds locked: every write fails within 50 ms."""
    locker = sqlite3.connect(tmp_path / "runback.db")
    locker.execute("BEGIN EXCLUSIVE")
    database = Database(db_url, busy_timeout_ms=50)
    try:
        yield database
    finally:
        await database.close()
        locker.rollback()
        locker.close()
