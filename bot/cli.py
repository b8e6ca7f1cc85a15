"""The ``runback`` command: run the bot, upgrade the database, demo it, simulate a plan."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from telegram.error import InvalidToken, NetworkError

from bot import app, logs
from bot.clock import SystemClock
from bot.config import TOKEN_ENV, ConfigError, Settings, load_settings
from bot.storage import migrate
from bot.storage.db import Database

DEFAULT_CONFIG = Path("config.toml")
EXIT_USAGE = 2
log = logging.getLogger("runback")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``runback`` console script."""
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(args: list[str]) -> int:
    if args and args[0] == "simulate":
        from bot import simulate

        return simulate.run(args[1:])
    parsed = _parser().parse_args(args)
    if parsed.command == "demo":
        from bot import demo

        return demo.run(speed=parsed.speed)
    try:
        settings = load_settings(_config_path(parsed.config))
    except ConfigError as error:
        print(f"runback: {error}", file=sys.stderr)
        return EXIT_USAGE
    if parsed.command == "db":
        return _upgrade(settings)
    return _run(settings)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="runback", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the bot with long polling")
    run.add_argument("--config", type=Path, help="TOML settings (default: ./config.toml)")
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="apply migrations")
    db.add_argument("--config", type=Path, help="TOML settings (default: ./config.toml)")
    demo = commands.add_parser("demo", help="chat with the bot offline in this terminal")
    demo.add_argument("--speed", type=float, default=1.0,
                      help="compress session time N-fold (default 1)")
    commands.add_parser("simulate", help="replay a scenario through the coaching engine")
    return parser


def _config_path(given: Path | None) -> Path | None:
    if given is not None:
        return given
    return DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None


def _upgrade(settings: Settings) -> int:
    logs.configure(settings.logging.level, settings.telegram.token)
    try:
        asyncio.run(migrate.upgrade(settings.database.url))
    except (SQLAlchemyError, OSError) as error:
        print(f"runback: cannot upgrade the database: {_first_line(error)}", file=sys.stderr)
        return 1
    print("runback: database is up to date")
    return 0


def _run(settings: Settings) -> int:
    if not settings.telegram.token:
        print(f"runback: no bot token: set telegram.token in the config file or {TOKEN_ENV} "
              "in the environment", file=sys.stderr)
        return EXIT_USAGE
    logs.configure(settings.logging.level, settings.telegram.token)
    try:
        return asyncio.run(serve(settings))
    except InvalidToken:
        print("runback: Telegram refused the bot token; check telegram.token or "
              f"{TOKEN_ENV}", file=sys.stderr)
        return EXIT_USAGE
    except SQLAlchemyError as error:
        print(f"runback: database problem: {_first_line(error)}", file=sys.stderr)
        return 1
    except NetworkError as error:
        print(f"runback: cannot reach Telegram: {error.message}", file=sys.stderr)
        return 1


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """Upgrade the database, then poll Telegram until ``stop`` is set or a signal arrives."""
    await migrate.upgrade(settings.database.url)
    db = Database(settings.database.url)
    application = app.build_application(settings, db, SystemClock())
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


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
