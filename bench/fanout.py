"""Reminder fan-out: thousands of users due in the same minute, through Telegram's real limits.

Seeds a SQLite file with ``--users`` set-up users whose session reminder falls due at the
same minute, starts the real application (real reminder queue, real rate limiter) against the
Bot API emulator in a second process with Telegram's flood limits (30 messages a second, one a
second per chat), and waits until every reminder is recorded as sent. The emulator records
when each message reached each chat. Telegram's ceiling is 30 a second, so the last reminder
should arrive within users / 30 × 1.1 seconds of the first (at least 0.9 of the ceiling),
with no chat getting two, none missing, and no 429.

Run:  python -m bench.fanout [--users 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
import tempfile
import time as clock
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.cues import _free_port
from bench.table import Figure, render
from bot import app
from bot.clock import SystemClock
from bot.config import DatabaseSettings, ScheduleSettings, Settings, TelegramSettings
from bot.domain.programme import start_programme
from bot.storage import migrate, programme_codec
from bot.storage.db import Database
from bot.storage.models import ProgrammeState, Reminder, User

TOKEN = "987654321:fan-out-benchmark-token"
FIRST_USER = 2_000_000
TELEGRAM_PER_SECOND = 30
SLACK = 1.1
LEAD = 8
"""Seconds from seeding to the moment everyone is due: time for the bot to start."""
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


async def seed(db: Database, count: int, due: datetime) -> None:
    """``count`` set-up users training today, in UTC, at ``due``."""
    today = due.date()
    days = ",".join(DAY_NAMES[(today.weekday() + shift) % 7] for shift in (0, 2, 4))
    programme, _ = start_programme(4, today)
    state = programme_codec.dump(programme)
    ids = range(FIRST_USER, FIRST_USER + count)
    async with db.transaction() as session:
        await session.execute(insert(User), [
            {"id": uid, "first_name": "Runner", "created_at": due, "active": True,
             "onboarding_step": "done", "revision": 0, "onboarded_at": due - timedelta(days=1),
             "baseline_pain": 4, "training_days": days, "reminder_time": due.time(),
             "timezone": "UTC", "programme_start": today}
            for uid in ids])
        await session.execute(insert(ProgrammeState), [
            {"user_id": uid, "state": state, "updated_at": due} for uid in ids])


async def sent_count(db: Database) -> int:
    async with db.transaction() as session:
        found = await session.scalar(select(func.count()).select_from(Reminder)
                                     .where(Reminder.sent_at.is_not(None)))
        return int(found or 0)


async def run(users: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="runback-bench-") as folder:
        return await _run(users, Path(folder))


async def _run(users: int, workdir: Path) -> dict[str, float]:
    out, port = workdir / "arrivals.json", _free_port()
    emulator = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.cue_emulator", str(port), TOKEN, str(FIRST_USER),
        str(users), "1", str(out), stdout=asyncio.subprocess.PIPE)
    assert emulator.stdout is not None
    await emulator.stdout.readline()  # "ready"
    url = f"sqlite+aiosqlite:///{workdir / 'fanout.db'}"
    await migrate.upgrade(url)
    db = Database(url)
    now = datetime.now(UTC)
    due = (now + timedelta(seconds=LEAD)).replace(microsecond=0)
    await seed(db, users, due)
    settings = Settings(
        telegram=TelegramSettings(token=TOKEN, api_base_url=f"http://127.0.0.1:{port}/bot"),
        database=DatabaseSettings(url=url), schedule=ScheduleSettings(tick_seconds=1))
    application = app.build_application(settings, db, SystemClock())
    await app.start(application, poll_timeout=10)
    deadline = due.timestamp() + users / TELEGRAM_PER_SECOND * 2 + 30
    # The database is where "sent" is recorded, so it is what is watched.
    while await sent_count(db) < users and clock.time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(1.0)
    await app.stop(application)
    await db.close()
    emulator.send_signal(signal.SIGTERM)
    await emulator.wait()
    recorded = json.loads(out.read_text())
    arrivals = [at for found in recorded["arrivals"].values() for at, _ in found]
    per_chat = [len(found) for found in recorded["arrivals"].values()]
    return {
        "users": users,
        "delivered": len(arrivals),
        "spread": max(arrivals) - min(arrivals) if arrivals else float("nan"),
        "first_late": min(arrivals) - due.timestamp() if arrivals else float("nan"),
        "duplicates": sum(count - 1 for count in per_chat if count > 1),
        "lost": users - sum(1 for count in per_chat if count > 0),
        "flood_errors": int(recorded["flood_errors"]),
    }


def to_figures(found: dict[str, float]) -> list[Figure]:
    users = int(found["users"])
    limit = users / TELEGRAM_PER_SECOND * SLACK
    rate = (users - 1) / found["spread"] if found["spread"] else float("nan")
    return [
        Figure(f"fan-out: {users:,} due at once, first to last", found["spread"], limit, "s",
               note=f"{rate:.1f}/s, first {found['first_late']:.1f} s after due"),
        Figure("fan-out: duplicates + lost", found["duplicates"] + found["lost"], 0,
               note=f"{found['delivered']:.0f} delivered"),
        Figure("fan-out: 429s", found["flood_errors"], 0),
    ]


def figures(smoke: bool = False) -> list[Figure]:
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    return to_figures(asyncio.run(run(90 if smoke else 3000)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__)
    parser.add_argument("--users", type=int, default=3000)
    args = parser.parse_args(argv)
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # "tick skipped: one is running"
    found = asyncio.run(run(args.users))
    print(json.dumps(found))
    print(render(to_figures(found)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
