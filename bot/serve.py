"""``runback run``: upgrade the database, then serve Telegram until a signal arrives."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from telegram.error import InvalidToken, NetworkError

from bot import app, logs
from bot.cli import EXIT_USAGE
from bot.clock import Clock, OffsetClock, SystemClock
from bot.config import TOKEN_ENV, Settings
from bot.storage import migrate
from bot.storage.db import Database
from bot.storage.errors import StorageUnavailable

log = logging.getLogger("runback")

CLOCK_START_ENV = "RUNBACK_CLOCK_START"
"""An ISO instant the process's clock starts at instead of the machine's (the fault suite's
real processes live on the days their tests are about)."""


def run(settings: Settings) -> int:
    """Serve until stopped; the exit code, with a one-line reason on stderr when it fails."""
    try:
        return asyncio.run(serve(settings))
    except InvalidToken:
        print("runback: Telegram refused the bot token; check telegram.token or "
              f"{TOKEN_ENV}", file=sys.stderr)
        return EXIT_USAGE
    except (SQLAlchemyError, StorageUnavailable) as error:
        print(f"runback: database problem: {logs.first_line(error)}", file=sys.stderr)
        return 1
    except NetworkError as error:
        print(f"runback: cannot reach Telegram: {error.message}", file=sys.stderr)
        return 1


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """Upgrade the database, then poll Telegram until ``stop`` is set or a signal arrives."""
    await migrate.upgrade(settings.database.url)
    db = Database(settings.database.url)
    application = app.build_application(settings, db, clock_from(os.environ))
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await app.start(application)
        log.info("runback is running; press Ctrl+C to stop")
        await stop.wait()
    finally:
        await app.stop(application)
        await db.close()
    return 0


def clock_from(environ: Mapping[str, str]) -> Clock:
    """The machine's clock, or one starting at ``RUNBACK_CLOCK_START`` when that is set."""
    start = environ.get(CLOCK_START_ENV)
    if not start:
        return SystemClock()
    return OffsetClock(datetime.fromisoformat(start))
