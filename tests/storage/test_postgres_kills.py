"""PostgreSQL connections killed under the bot: between use cases and inside a transaction.

Every connection of the bot's own test database is terminated with ``pg_terminate_backend``
(the server itself is shared and never restarted). The next use case works, because the pool
pings a connection before handing it out; a transaction cut in half leaves nothing written and
ends in ``StorageUnavailable``, which the chat answers with its "send it again" reply.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event, func, make_url, select
from sqlalchemy.util import await_only

from bot.config import CoachSettings, Settings
from bot.domain.pausing import PauseRequest
from bot.services.container import Services
from bot.services.errors import StorageUnavailable
from bot.storage.db import Database
from bot.storage.models import Decision, Pause, Reminder
from tests.conftest import FakeClock
from tests.scheduling.helpers import onboarded

pytestmark = pytest.mark.postgres

USER = 11
ONBOARDED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
KILL_ALL = ("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")


async def kill_every_connection(url: str) -> int:
    """Terminate every other connection to the database at ``url``; how many there were."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    killer = await asyncpg.connect(dsn)
    try:
        return len(await killer.fetch(KILL_ALL))
    finally:
        await killer.close()


@pytest.fixture
def postgres_url(db_url: str) -> str:
    """A database of this test's own on the shared server: killing its connections touches
    no one else's."""
    return db_url


@pytest.fixture
async def pg(postgres_url: str) -> AsyncIterator[Database]:
    database = Database(postgres_url)
    await onboarded(database, USER, ONBOARDED)
    yield database
    await database.close()


def bound(db: Database) -> Services:
    return Services(db, FakeClock(ONBOARDED), Settings(coach=CoachSettings()))


async def written(db: Database) -> tuple[int, int, int]:
    """Pauses, pending reminders and decisions stored for the user."""
    async with db.transaction() as session:
        pauses = await session.scalar(select(func.count()).select_from(Pause))
        pending = await session.scalar(select(func.count()).where(
            Reminder.user_id == USER, Reminder.status == "pending"))
        decisions = await session.scalar(select(func.count()).select_from(Decision))
        return int(pauses or 0), int(pending or 0), int(decisions or 0)


async def test_the_next_use_case_works_after_every_connection_was_killed(
        pg: Database, postgres_url: str) -> None:
    services = bound(pg)
    before = await services.schedule.current(USER)
    assert await kill_every_connection(postgres_url) >= 1  # the pooled one, idle
    assert await services.schedule.current(USER) == before
    assert await services.schedule.pause(USER, "until 2027-01-20") == \
        PauseRequest(datetime(2027, 1, 20).date())


async def test_a_transaction_cut_in_half_writes_nothing_and_is_storage_unavailable(
        pg: Database, postgres_url: str) -> None:
    services = bound(pg)
    before = await written(pg)
    statements: list[str] = []

    def kill_after_the_first_write(_conn: Any, _cursor: Any, statement: str,
                                   *_args: Any) -> None:
        statements.append(statement)
        if statement.startswith("UPDATE reminders") and "pauses" in " ".join(statements):
            event.remove(pg.engine.sync_engine, "before_cursor_execute",
                         kill_after_the_first_write)
            await_only(kill_every_connection(postgres_url))  # mid-transaction

    event.listen(pg.engine.sync_engine, "before_cursor_execute", kill_after_the_first_write)
    with pytest.raises(StorageUnavailable):
        await services.schedule.pause(USER, "until 2027-01-20")
    assert any(s.startswith("INSERT INTO pauses") for s in statements)  # half was written
    assert await written(pg) == before  # and none of it stayed
    assert await services.schedule.pause(USER, "until 2027-01-20") == \
        PauseRequest(datetime(2027, 1, 20).date())  # sent again, it works
    pauses, pending, _ = await written(pg)
    assert (pauses, pending) == (1, 1)  # the pause and its end
