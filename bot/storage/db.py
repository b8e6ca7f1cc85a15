"""The async engine and the one-transaction-per-use-case helper."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeAlias

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.storage.errors import StorageUnavailable

SQLITE_BUSY_TIMEOUT_MS = 5000

# Services name the open transaction by this alias, so none of them needs SQLAlchemy itself.
DbSession: TypeAlias = AsyncSession


class Database:
    """Owns the engine; every use case runs inside one ``transaction()``."""

    def __init__(self, url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
        self.url = url
        self.engine: AsyncEngine = create_engine(url, busy_timeout_ms=busy_timeout_ms)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[DbSession]:
        """Yield a session whose work is committed on success and rolled back on any error.

        A failure of the database itself (connection, lock, constraint) leaves as
        ``StorageUnavailable``; every other error passes through unchanged.
        """
        try:
            async with self._sessions() as session, session.begin():
                yield session
        except DBAPIError as error:
            raise StorageUnavailable(str(error.orig)) from error

    async def close(self) -> None:
        """Release every pooled connection."""
        await self.engine.dispose()


def create_engine(url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> AsyncEngine:
    """Build an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection,
    PostgreSQL the same wait as its ``lock_timeout``.

    A write kept waiting that long by another's lock fails (``StorageUnavailable``, so the user
    is asked to send it again) instead of hanging the update. Statement parameters are pain
    scores and other health data: errors never carry them.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() == "asyncpg":
        return create_async_engine(
            url, pool_pre_ping=True, hide_parameters=True,
            connect_args={"server_settings": {"lock_timeout": str(int(busy_timeout_ms))}})
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True, hide_parameters=True)
    # One connection: SQLite has a single writer anyway, and queueing writers here is far
    # cheaper than many connections sleeping in SQLite's busy handler under load. No rollback
    # when it goes back to the pool: every use of it ends its transaction first (a session's
    # with commit or rollback, a connection's by closing), and the extra call to the database
    # thread would cost every update.
    engine = create_async_engine(url, connect_args={"timeout": busy_timeout_ms / 1000},
                                 pool_size=1, max_overflow=0, hide_parameters=True,
                                 pool_reset_on_return=None)

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if parsed.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # durable across crashes of the app
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return engine
