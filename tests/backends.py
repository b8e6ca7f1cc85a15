"""The database servers the suite runs on: SQLite files, or databases on a PostgreSQL server.

``pytest --backend=postgresql`` (or ``RUNBACK_TEST_BACKEND=postgresql``) gives every test a
database of its own on the server at ``RUNBACK_TEST_POSTGRES_URL``: created from a template
this process migrated once, and dropped afterwards. Names carry the process id, so parallel
workers, and other runs on the same server, never meet.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import make_url

from bot.storage import migrate

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
BACKENDS = (SQLITE, POSTGRESQL)
BACKEND_ENV = "RUNBACK_TEST_BACKEND"
SERVER_ENV = "RUNBACK_TEST_POSTGRES_URL"
DEFAULT_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
PREFIX = "runback_test_"
_OURS = re.compile(rf"^{PREFIX}(\d+)_")


def scratch_folder(url: str) -> Path:
    """A folder for files of the test that owns the PostgreSQL database at ``url`` (its
    SQLite twin keeps them beside the database file); it goes when the database goes."""
    return Path(tempfile.gettempdir()) / f"{make_url(url).database}-files"


def server_url() -> str:
    """The PostgreSQL server tests use: any database on it serves to create others."""
    return os.environ.get(SERVER_ENV) or DEFAULT_SERVER


def _dsn(url: str) -> str:
    """asyncpg's spelling of an SQLAlchemy URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def server_answers(url: str) -> bool:
    """True when the server at ``url`` takes a connection within a few seconds."""
    try:
        connection = await asyncpg.connect(_dsn(url), timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


class PostgresDatabases:
    """Creates and drops this process's test databases on one server."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.pid = os.getpid()
        self._numbers = itertools.count(1)
        self.template: str | None = None

    def url_of(self, name: str) -> str:
        return make_url(self.server).set(database=name).render_as_string(hide_password=False)

    async def _admin(self, *statements: str) -> None:
        connection = await asyncpg.connect(_dsn(self.server))
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    async def drop_abandoned(self) -> None:
        """Drop test databases left by runs whose process no longer exists (a killed run)."""
        connection = await asyncpg.connect(_dsn(self.server))
        try:
            names = [row["datname"] for row in await connection.fetch(
                "SELECT datname FROM pg_database WHERE datname LIKE $1", f"{PREFIX}%")]
            for name in names:
                found = _OURS.match(name)
                if found is not None and not _alive(int(found.group(1))):
                    await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    async def migrated_template(self) -> str:
        """The name of this process's migrated template, built on first use."""
        if self.template is None:
            await self.drop_abandoned()
            name = f"{PREFIX}{self.pid}_template"
            await self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                              f'CREATE DATABASE "{name}"')
            await migrate.upgrade(self.url_of(name))
            self.template = name
        return self.template

    async def create(self, *, migrated: bool) -> str:
        """A new database, with the newest schema or empty; its URL."""
        name = f"{PREFIX}{self.pid}_{next(self._numbers)}"
        template = await self.migrated_template() if migrated else "template0"
        await self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url_of(name)

    async def drop(self, url: str) -> None:
        """Drop a database, ending whatever connections to it are left (a killed process's)."""
        await self._admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
        shutil.rmtree(scratch_folder(url), ignore_errors=True)

    async def close(self) -> None:
        """Drop the template, once this process's tests are done."""
        if self.template is not None:
            await self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            self.template = None


class WriteLock:
    """Another connection holding the whole database against writes while readers go on, as a
    busy database does: ``BEGIN EXCLUSIVE`` on SQLite (in WAL mode), and on PostgreSQL every
    table locked ``IN EXCLUSIVE MODE``. The bot's writes then fail after its busy timeout."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._sqlite: sqlite3.Connection | None = None
        self._postgres: asyncpg.Connection[Any] | None = None

    async def hold(self) -> None:
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            assert parsed.database
            self._sqlite = sqlite3.connect(parsed.database, isolation_level=None)
            self._sqlite.execute("BEGIN EXCLUSIVE")
            return
        self._postgres = connection = await asyncpg.connect(_dsn(self.url))
        tables = [row["tablename"] for row in await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        await connection.execute("BEGIN")
        await connection.execute(
            f"LOCK TABLE {', '.join(f'public.{name}' for name in tables)} IN EXCLUSIVE MODE")

    async def release(self) -> None:
        """Let go (a no-op when not held)."""
        if self._sqlite is not None:
            self._sqlite.rollback()
            self._sqlite.close()
            self._sqlite = None
        if self._postgres is not None:
            await self._postgres.close()  # the transaction, and its locks, end with it
            self._postgres = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

