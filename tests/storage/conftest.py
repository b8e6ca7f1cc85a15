"""Storage tests run on SQLite always, and on PostgreSQL when RUNBACK_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage import migrate
from bot.storage.db import Database

POSTGRES_URL = os.environ.get("RUNBACK_TEST_POSTGRES_URL", "")


_migrated: set[str] = set()


async def _empty_postgres(url: str) -> None:
    """An empty, migrated database: the schema is built once per worker, then truncated."""
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        if url in _migrated:
            tables = await connection.scalars(text(
                "SELECT quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"))
            await connection.execute(
                text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    if url not in _migrated:
        await migrate.upgrade(url)
        _migrated.add(url)


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not POSTGRES_URL, reason="RUNBACK_TEST_POSTGRES_URL not set"),
            ],
        ),
    ]
)
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'runback.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> str:
    """RUNBACK_TEST_POSTGRES_URL, or under pytest-xdist a database of this worker's own."""
    if worker_id == "master":
        return POSTGRES_URL
    url = make_url(POSTGRES_URL)
    name = f"{url.database}_{worker_id}"

    async def create() -> None:
        engine = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            exists = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
            if not exists:
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
        await engine.dispose()

    asyncio.run(create())
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
async def any_db(any_url: str) -> AsyncIterator[Database]:
    if any_url.startswith("postgresql"):
        await _empty_postgres(any_url)
    await migrate.upgrade(any_url)
    database = Database(any_url)
    yield database
    await database.close()
