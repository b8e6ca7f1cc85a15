"""Storage tests start from an empty database of the run's backend and migrate it themselves."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.storage import migrate
from bot.storage.db import Database


@pytest.fixture
def any_url(empty_db_url: str) -> str:
    """An empty database (SQLite or PostgreSQL, as ``--backend`` says), as a URL."""
    return empty_db_url


@pytest.fixture
async def any_db(any_url: str) -> AsyncIterator[Database]:
    """The database at ``any_url``, migrated to the newest schema."""
    await migrate.upgrade(any_url)
    database = Database(any_url)
    yield database
    await database.close()
