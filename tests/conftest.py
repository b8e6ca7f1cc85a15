"""Fixtures shared by every test: a settable clock and a migrated SQLite database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage import migrate
from bot.storage.db import Database


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


@pytest.fixture
def clock() -> FakeClock:
    # A Monday morning in January, 09:00 UTC.
    return FakeClock(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'runback.db'}"


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    await migrate.upgrade(db_url)
    database = Database(db_url)
    yield database
    await database.close()
