"""Benchmark of the reminder queue: start-up and memory with many users, and one busy tick.

    python -m bench.reminders                 # 100,000 users, 10,000 due in one minute
    python -m bench.reminders --users 20000 --due 2000

It builds a fresh SQLite file, bulk-inserts users with schedules in many time zones, then
measures (1) the start-up rebuild that plans every user's next reminders, (2) a restart when
everything is already planned, (3) resident memory, and (4) one tick with ``--due`` reminders
due in the same minute. Sending goes to a stub outbox that accepts at once: this measures the
queue (claim, plan the next ones, record), not Telegram: at the 29 messages a second runback
allows itself, 10,000 reminders take about six minutes to deliver whatever the bot does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import subprocess
import sys
import tempfile
import time as clock
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text

from bench.table import Figure
from bot.domain.programme import start_programme
from bot.domain.reminders import DEFAULT_MORNING_CHECKIN
from bot.scheduling.ticker import ReminderTicker
from bot.services import reminders
from bot.services.reminders import Delivery, Due, SendResult
from bot.storage import migrate, programme_codec
from bot.storage.db import Database
from bot.storage.models import ProgrammeState, Reminder, User
from bot.telegram.reminder_messages import render

NOW = datetime(2027, 1, 4, 5, 0, tzinfo=UTC)  # Monday, before the cohort's reminders
ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles",
         "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
         "Pacific/Honolulu", "America/Sao_Paulo", "Africa/Nairobi", "UTC")
# No Sunday or Monday: in no zone do these fall on Monday 07:30 UTC, the cohort's minute.
DAY_SETS = ("tue,thu,sat", "wed,fri,sat", "tue,fri,sat", "tue,thu,fri")
COHORT = ("mon,wed,fri", time(7, 30), "Europe/London")
DUE_MINUTE = datetime(2027, 1, 4, 7, 30, tzinfo=UTC)
INSERT_CHUNK = 10_000


class StubOutbox:
    """Renders every reminder as Telegram's outbox does and accepts it at once, as if Telegram
    had no limits."""

    def __init__(self) -> None:
        self.count = 0

    async def send_all(self, due: Sequence[Due]) -> list[SendResult]:
        messages = [render(each) for each in due]
        first = self.count
        self.count += len(messages)
        return [SendResult(Delivery.SENT, message_id=first + n) for n in range(len(messages))]


def rss_mib() -> float:
    """Resident memory now (VmRSS), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mib() -> float:
    """Highest resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def add_users(db: Database, count: int, cohort: int) -> None:
    """Bulk-insert ``count`` set-up users with a starting programme.

    The first ``cohort`` train Monday, Wednesday and Friday at 07:30 in London, so their
    reminders all fall due on Monday at 07:30 UTC; the others have varied zones and times on
    days that never fall on a UTC Monday morning.
    """
    chooser = random.Random(4)
    programme, _ = start_programme(4, date(2027, 1, 4))
    state = programme_codec.dump(programme)
    for start in range(1, count + 1, INSERT_CHUNK):
        ids = range(start, min(count, start + INSERT_CHUNK - 1) + 1)
        users = [_user(i, i <= cohort, chooser) for i in ids]
        async with db.transaction() as session:
            await session.execute(insert(User), users)
            await session.execute(insert(ProgrammeState), [
                {"user_id": i, "state": state, "updated_at": NOW} for i in ids])


def _user(user_id: int, in_cohort: bool, chooser: random.Random) -> dict[str, object]:
    days, at, zone = COHORT
    if not in_cohort:
        days = chooser.choice(DAY_SETS)
        at = time(chooser.randrange(6, 21), chooser.choice((0, 15, 30, 45)))
        zone = chooser.choice(ZONES)
    return {"id": user_id, "first_name": "", "created_at": NOW, "active": True,
            "onboarding_step": "done", "revision": 0, "onboarded_at": NOW, "baseline_pain": 4,
            "training_days": days, "reminder_time": at, "timezone": zone,
            "programme_start": date(2027, 1, 4)}


async def count_due(db: Database, moment: datetime) -> int:
    """How many reminders are pending and due by ``moment``."""
    async with db.transaction() as session:
        found = await session.scalar(select(func.count()).select_from(Reminder).where(
            Reminder.status == "pending", Reminder.due_at <= moment))
        return int(found or 0)


async def claim_plan(db: Database) -> str:
    """How SQLite answers the claim query (it should search the status/due_at index)."""
    async with db.transaction() as session:
        rows = await session.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM reminders WHERE status = 'pending' "
            "AND due_at <= :now ORDER BY due_at LIMIT 500"), {"now": "2027-01-04 08:00:00"})
        return "; ".join(str(row[-1]) for row in rows)


async def start_up(url: str) -> None:
    """In a fresh process: build the bot as ``runback run`` does and rebuild its reminders."""
    from bot import app
    from bot.clock import SystemClock
    from bot.config import DatabaseSettings, Settings, TelegramSettings

    db = Database(url)
    settings = Settings(telegram=TelegramSettings(token="123456:bench"),
                        database=DatabaseSettings(url=url))
    app.build_application(settings, db, SystemClock())
    started = clock.perf_counter()
    planned = await reminders.rebuild(db, NOW, DEFAULT_MORNING_CHECKIN)
    took = clock.perf_counter() - started
    await db.close()
    print(f"{took} {planned} {rss_mib()} {peak_rss_mib()}")


def fresh_process(url: str) -> tuple[float, float, int, float, float]:
    """Start-up in a new process: wall time, rebuild time, planned, RSS now and at peak."""
    started = clock.perf_counter()
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "bench.reminders", "--start-up", url],
                          check=True, capture_output=True, text=True, cwd=root,
                          env=dict(os.environ, PYTHONPATH=str(root)))
    wall = clock.perf_counter() - started
    took, planned, rss, peak = done.stdout.split()
    return wall, float(took), int(planned), float(rss), float(peak)


async def add_everyone(url: str, users: int, due: int) -> float:
    await migrate.upgrade(url)
    db = Database(url)
    started = clock.perf_counter()
    await add_users(db, users, due)
    await db.close()
    return clock.perf_counter() - started


async def busy_minute(url: str) -> list[tuple[str, str]]:
    db = Database(url)
    ticker = ReminderTicker(db, StubOutbox(), grace=timedelta(minutes=120),
                            morning_at=DEFAULT_MORNING_CHECKIN)
    moment = DUE_MINUTE + timedelta(seconds=30)
    due_now = await count_due(db, moment)
    started = clock.perf_counter()
    first = await ticker.tick(moment, budget=500)
    one_batch = clock.perf_counter() - started
    rest = await ticker.tick(moment)
    elapsed = clock.perf_counter() - started
    sent = first.sent + rest.sent
    plan = await claim_plan(db)
    await db.close()
    return [
        (f"one tick, {due_now:,} due in the same minute",
         f"{elapsed:.1f} s ({sent:,} claimed, sent to the stub, next ones planned: "
         f"{sent / elapsed:,.0f}/s)"),
        ("  of which one production-size batch (500)", f"{one_batch * 1000:.0f} ms"),
        ("claim query plan", plan),
    ]


def run(users: int, due: int, folder: Path,
        starts: list[tuple[float, float, int, float, float]] | None = None
        ) -> list[tuple[str, str]]:
    """The benchmark's rows; each start-up's figures are also added to ``starts``."""
    url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    inserted = asyncio.run(add_everyone(url, users, due))
    rows = [("users (bulk insert)", f"{users:,} ({inserted:.1f} s)")]
    for label in ("first start-up: plan everyone", "restart: everything already planned"):
        wall, took, planned, rss, peak = found = fresh_process(url)
        if starts is not None:
            starts.append(found)
        rows.append((label, f"rebuild {took:.2f} s, {planned:,} reminders planned; "
                            f"process {wall:.1f} s in all"))
        rows.append(("  resident memory after it", f"{rss:.0f} MiB (peak {peak:.0f} MiB)"))
    return rows + asyncio.run(busy_minute(url))


def figures(smoke: bool = False) -> list[Figure]:
    """Start-up, restart and memory, as rows of the benchmark table."""
    users = 5_000 if smoke else 100_000
    starts: list[tuple[float, float, int, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="runback-bench-") as folder:
        run(users, users // 10, Path(folder), starts)
    (first_wall, first, planned, _, first_peak), (again_wall, again, _, _, again_peak) = starts
    return [
        Figure(f"first start-up, {users:,} users: plan everyone", first, 5.0, "s",
               note=f"{planned:,} planned; process {first_wall:.1f} s"),
        Figure(f"restart, {users:,} users, all planned", again, 1.5, "s",
               note=f"process {again_wall:.1f} s"),
        Figure(f"resident memory, {users:,} users (peak)", max(first_peak, again_peak), 150,
               "MiB"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--start-up", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.start_up:
        asyncio.run(start_up(args.start_up))
        return 0
    with tempfile.TemporaryDirectory(prefix="runback-bench-") as folder:
        rows = run(args.users, args.due, Path(folder))
    width = max(len(name) for name, _ in rows)
    print(f"runback reminder queue on SQLite, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs; sends go to a stub outbox (no flood limits)")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
