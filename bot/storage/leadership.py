"""Which process runs the scheduler: a PostgreSQL advisory lock held on a connection of its own.

PostgreSQL keeps a session-level advisory lock for as long as the connection that took it
lives, and lets it go the moment that connection ends: a killed process's socket closes and
another process's next try succeeds. The same connection listens for live sessions started or
changed on other processes, so the leader times their cues at once. SQLite serves one process,
which always leads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any, Protocol

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

SCHEDULER_LOCK = 0x72756E6261636B  # "runback": one key per database, held by the leader
SESSIONS_CHANNEL = "runback_live_sessions"
EVERY_SESSION = "*"
"""The notice's payload when the changed sessions are not known by id (a deleted user)."""

OnNotice = Callable[[str], None]


class SchedulerLock(Protocol):
    """The right to run the scheduler, which at most one process holds at a time."""

    shared: bool
    """Whether other processes may compete for it (False: this process always holds it)."""

    async def try_acquire(self, on_notice: OnNotice) -> bool:
        """Take the right if it is free (True), else False; while held, ``on_notice`` gets the
        payload of every notice other processes send about live sessions."""
        ...

    async def still_held(self) -> bool:
        """True while the right is certainly held; False once it may have been lost."""
        ...

    async def release(self) -> None:
        """Give the right up (a no-op when not held)."""
        ...


class SoleProcess:
    """SQLite: one process serves the database, so it always holds the right."""

    shared = False

    async def try_acquire(self, on_notice: OnNotice) -> bool:
        return True

    async def still_held(self) -> bool:
        return True

    async def release(self) -> None:
        pass


class AdvisoryLock:
    """The right as ``pg_try_advisory_lock`` on a dedicated connection.

    TCP keepalives on that connection let the server notice a leader whose machine vanished
    within ``dead_after`` seconds and release its lock; a process killed outright releases it at
    once.
    """

    shared = True

    def __init__(self, url: str, *, dead_after: float, timeout: float) -> None:
        self._dsn = make_url(url).set(drivername="postgresql").render_as_string(
            hide_password=False)
        self._dead_after = max(3, int(dead_after))
        self._timeout = timeout
        self._connection: asyncpg.Connection[Any] | None = None
        self._on_notice: OnNotice | None = None  # set while the lock is held

    async def try_acquire(self, on_notice: OnNotice) -> bool:
        try:
            connection = await self._connect()
            taken = await connection.fetchval("SELECT pg_try_advisory_lock($1)", SCHEDULER_LOCK,
                                              timeout=self._timeout)
            if not taken:
                return False
            self._on_notice = on_notice
            await connection.add_listener(SESSIONS_CHANNEL, self._notice)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as error:
            log.warning("scheduler election: no answer from the database: %s", error)
            await self._drop()
            return False
        return True

    async def still_held(self) -> bool:
        connection = self._connection
        if connection is None or connection.is_closed() or self._on_notice is None:
            return False
        try:
            await connection.fetchval("SELECT 1", timeout=self._timeout)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as error:
            log.warning("scheduler election: the lock's connection failed: %s", error)
            await self._drop()
            return False
        return True

    async def release(self) -> None:
        connection = self._connection
        if connection is not None and not connection.is_closed() and self._on_notice:
            with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError,
                                     TimeoutError):
                await connection.fetchval("SELECT pg_advisory_unlock($1)", SCHEDULER_LOCK,
                                          timeout=self._timeout)
        await self._drop()

    async def _connect(self) -> asyncpg.Connection[Any]:
        if self._connection is None or self._connection.is_closed():
            interval = max(1, self._dead_after // 3)
            self._connection = await asyncpg.connect(
                self._dsn, timeout=self._timeout, server_settings={
                    "application_name": "runback scheduler election",
                    "tcp_keepalives_idle": str(interval),
                    "tcp_keepalives_interval": str(interval),
                    "tcp_keepalives_count": "2",
                })
        return self._connection

    async def _drop(self) -> None:
        """Close the connection, which lets the lock go if the server still counted it held."""
        connection, self._connection, self._on_notice = self._connection, None, None
        if connection is not None and not connection.is_closed():
            try:
                await asyncio.wait_for(connection.close(), self._timeout)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
                connection.terminate()

    def _notice(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        if self._on_notice is not None:
            self._on_notice(payload)


def scheduler_lock(url: str, *, dead_after: float, timeout: float) -> SchedulerLock:
    """The lock that fits the database at ``url``."""
    if make_url(url).get_backend_name() == "postgresql":
        return AdvisoryLock(url, dead_after=dead_after, timeout=timeout)
    return SoleProcess()
