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
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application

from bot import app, logs
from bot.cli import EXIT_USAGE
from bot.clock import Clock, OffsetClock, SystemClock
from bot.config import TOKEN_ENV, Settings
from bot.services.rendering import ProcessRenderer
from bot.storage import migrate
from bot.storage.db import Database
from bot.storage.errors import StorageUnavailable
from bot.telegram.context import SERVICES
from bot.web import Webhook, WebServer

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
    """Upgrade the database, then receive updates until ``stop`` is set or a signal arrives;
    on SIGTERM the updates in hand are finished and live sessions left to the next start."""
    await migrate.upgrade(settings.database.url)
    db = Database(settings.database.url)
    renderer = ProcessRenderer()  # charts and reports are drawn in a worker process
    application = app.build_application(settings, db, clock_from(os.environ), renderer=renderer)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    server = web_server(settings, application)
    webhook = settings.webhook if settings.telegram.mode == "webhook" else None
    try:
        if server is not None:
            await server.start()
        await app.start(application, webhook=webhook)
        if server is not None:
            server.open()
        log.info("runback is running; press Ctrl+C to stop")
        await stop.wait()
        log.info("stopping: finishing the updates in hand")
    finally:
        if server is not None:
            await server.stop()
        await app.stop(application)
        await asyncio.to_thread(renderer.close)
        await db.close()
    log.info("stopped")
    return 0


def web_server(settings: Settings,
               application: Application[Any, Any, Any, Any, Any, Any]) -> WebServer | None:
    """The webhook's server (with health and metrics) in webhook mode; in polling mode a
    health and metrics server when ``metrics.port`` is set, else none."""
    services = application.bot_data[SERVICES]
    if settings.telegram.mode == "webhook":
        hook = settings.webhook
        return WebServer(application, services, listen=hook.listen, port=hook.port,
                         webhook=Webhook(hook.path, hook.secret_token))
    if settings.metrics.port:
        return WebServer(application, services, listen=settings.metrics.listen,
                         port=settings.metrics.port)
    return None


def clock_from(environ: Mapping[str, str]) -> Clock:
    """The machine's clock, or one starting at ``RUNBACK_CLOCK_START`` when that is set."""
    start = environ.get(CLOCK_START_ENV)
    if not start:
        return SystemClock()
    return OffsetClock(datetime.fromisoformat(start))
