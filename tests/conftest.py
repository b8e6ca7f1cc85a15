"""Fixtures shared by every test: settable clocks and a migrated database of the chosen backend.

``--backend=sqlite`` (the default) gives each test a copy of one migrated SQLite file;
``--backend=postgresql`` a database of its own on a PostgreSQL server (see tests/backends.py).
A test that only makes sense on one backend says so with ``@pytest.mark.sqlite_only(reason)``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings

from bot.storage import migrate
from bot.storage.db import Database
from tests.backends import (
    BACKEND_ENV,
    BACKENDS,
    POSTGRESQL,
    SQLITE,
    PostgresDatabases,
    WriteLock,
    server_url,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend", choices=BACKENDS, default=os.environ.get(BACKEND_ENV) or SQLITE,
        help=f"the database every test runs on (default: ${BACKEND_ENV}, else sqlite)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_sqlite = config.getoption("--backend") == SQLITE
    for item in items:
        if on_sqlite and item.get_closest_marker("postgres") is not None:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL only (--backend=postgresql)"))
        marker = item.get_closest_marker("sqlite_only")
        if not on_sqlite and marker is not None:
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """The database server this run's tests use: "sqlite" or "postgresql"."""
    chosen: str = request.config.getoption("--backend")
    return chosen


@pytest.fixture(scope="session")
def postgres_databases(backend: str) -> Iterator[PostgresDatabases]:
    """This worker's databases on the PostgreSQL server; the template goes at the end."""
    if backend != POSTGRESQL:
        pytest.skip("runs on PostgreSQL only (--backend=postgresql)")
    databases = PostgresDatabases(server_url())
    yield databases
    asyncio.run(databases.close())

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
async def db_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path,
                 migrated_sqlite: Path) -> AsyncIterator[str]:
    """A database of this test's own with the newest schema, as a URL."""
    if backend == SQLITE:
        path = tmp_path / "runback.db"
        shutil.copyfile(migrated_sqlite, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    url = await databases.create(migrated=True)
    yield url
    await databases.drop(url)


@pytest.fixture
async def empty_db_url(request: pytest.FixtureRequest, backend: str,
                       tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of this test's own (no schema at all), as a URL."""
    if backend == SQLITE:
        yield f"sqlite+aiosqlite:///{tmp_path / 'runback.db'}"
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    url = await databases.create(migrated=False)
    yield url
    await databases.drop(url)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    yield database
    await database.close()


@pytest.fixture
async def locked_db(db_url: str) -> AsyncIterator[Database]:
    """A database another connection holds locked: every write fails within 50 ms."""
    locker = WriteLock(db_url)
    await locker.hold()
    database = Database(db_url, busy_timeout_ms=50)
    try:
        yield database
    finally:
        await database.close()
        await locker.release()
