"""The ``runback`` command: run the bot, upgrade the database, demo it, simulate a plan."""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import sys
from pathlib import Path

from bot import logs
from bot.config import TOKEN_ENV, ConfigError, Settings, load_settings

DEFAULT_CONFIG = Path("config.toml")
EXIT_USAGE = 2


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
    demo.add_argument("--speed", type=_positive, default=1.0,
                      help="compress session time N-fold (default 1)")
    commands.add_parser("simulate", help="replay a scenario through the coaching engine")
    return parser


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a number greater than 0, not {text!r}")
    return value


def _config_path(given: Path | None) -> Path | None:
    if given is not None:
        return given
    return DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None


def _upgrade(settings: Settings) -> int:
    logs.configure(settings.logging.level, settings.telegram.token, settings.logging.format,
                   (settings.webhook.secret_token,))
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import migrate

    try:
        asyncio.run(migrate.upgrade(settings.database.url))
    except (SQLAlchemyError, OSError) as error:
        print(f"runback: cannot upgrade the database: {logs.first_line(error)}", file=sys.stderr)
        return 1
    print("runback: database is up to date")
    return 0


def _run(settings: Settings) -> int:
    if not settings.telegram.token:
        print(f"runback: no bot token: set telegram.token in the config file or {TOKEN_ENV} "
              "in the environment", file=sys.stderr)
        return EXIT_USAGE
    logs.configure(settings.logging.level, settings.telegram.token, settings.logging.format,
                   (settings.webhook.secret_token,))
    from bot import serve  # the bot itself: imported only when it is about to run

    return serve.run(settings)
