"""Cue timing under load: many live sessions at once through the emulator.

Starts the real application (real job queue, real timers, real SQLite file) against the Bot API
emulator (in a second process, as Telegram would be), begins N sessions spread over a few
seconds, and records when every cue message reaches the emulator. Lateness is the arrival time
minus the cue's planned moment on the session's clock (the session's recorded start plus the
cue's offset divided by the time scale), in real seconds. Each message is matched to its cue by
its text, so a cue the runner had to fold into a later one (it came too late to be worth
sending) counts as missing, never as on time. Start latency, reported on its own, is how long
after being asked each session started (its clock starts when the database has taken it).

Run:  python -m bench.cues [--sessions 1000] [--scale 60] [--level 1] [--spread 10]
                          [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

By default the database is a SQLite file (the embedded default); ``--postgres`` runs on a
PostgreSQL server instead, in a database the benchmark creates and drops.

Telegram's flood limits (about 30 messages a second per bot, one a second per chat) are
per wall-clock second. Compressing session time N-fold multiplies the message rate N-fold, so
the emulator's limits and the bot's own rate limiter are scaled by the same factor: the
benchmark measures runback's scheduling, not a limit that real-time sessions never approach
(1,000 real-time level-1 sessions send about 12 messages a second in all).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import insert, make_url, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.table import Figure
from bot import app
from bot.clock import SystemClock
from bot.config import CoachSettings, DatabaseSettings, Settings, TelegramSettings
from bot.domain import live, progression
from bot.storage import migrate, programme_codec
from bot.storage.db import Database
from bot.storage.models import ProgrammeState, TrainingSession, User
from bot.telegram.live import KEY, SessionRunner, cue_message

TOKEN = "987654321:cue-benchmark-token"
FIRST_USER = 1_000_000
TELEGRAM_PER_SECOND = 30
CEILING_SESSIONS = 2500
"""Live sessions whose chat cues reach Telegram's 30 messages a second."""


def planned_offsets(level: int) -> dict[str, int]:
    """The text of each cue message, with the session second it is due at."""
    messages = [cue for cue in live.cues(level) if cue.kind is not live.CueKind.WARN]
    planned = {cue_message(level, cue): cue.at for cue in messages}  # warnings are edits
    assert len(planned) == len(messages), "two cues of the level share a text"
    return planned


async def seed(db: Database, count: int, level: int, now: datetime) -> list[int]:
    """Onboarded users with a programme at ``level``, written in bulk."""
    programme, _ = progression.start_programme(4, now.date())
    state = programme_codec.dump(replace(programme, level=level))
    ids = list(range(FIRST_USER, FIRST_USER + count))
    async with db.transaction() as session:
        await session.execute(insert(User), [
            {"id": uid, "first_name": "Runner", "created_at": now, "active": True,
             "onboarding_step": "done", "revision": 0, "onboarded_at": now, "baseline_pain": 4,
             "training_days": "mon,wed,fri", "reminder_time": clock_time(7, 30),
             "timezone": "UTC", "programme_start": now.date()}
            for uid in ids
        ])
        await session.execute(insert(ProgrammeState), [
            {"user_id": uid, "state": state, "updated_at": now} for uid in ids
        ])
    return ids


@asynccontextmanager
async def database(workdir: Path, postgres: str | None) -> AsyncIterator[str]:
    """A fresh database: a SQLite file in ``workdir``, or one created on the PostgreSQL server
    at ``postgres`` and dropped afterwards."""
    if postgres is None:
        yield f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
        return
    server = make_url(postgres)
    name = f"runback_bench_{os.getpid()}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def run(sessions: int, scale: float, level: int, spread: float,
              postgres: str | None = None) -> dict[str, float]:
    """Run the benchmark and return its figures."""
    with tempfile.TemporaryDirectory(prefix="runback-bench-") as workdir:
        async with database(Path(workdir), postgres) as url:
            return await _run(url, Path(workdir), sessions, scale, level, spread)


async def _run(url: str, workdir: Path, sessions: int, scale: float, level: int,
               spread: float) -> dict[str, float]:
    out = workdir / "arrivals.json"
    port = _free_port()
    emulator = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.cue_emulator", str(port), TOKEN, str(FIRST_USER),
        str(sessions), str(scale), str(out), stdout=asyncio.subprocess.PIPE,
    )
    assert emulator.stdout is not None
    await emulator.stdout.readline()  # "ready"
    settings = Settings(
        telegram=TelegramSettings(token=TOKEN, api_base_url=f"http://127.0.0.1:{port}/bot",
                                  max_messages_per_second=TELEGRAM_PER_SECOND * scale,
                                  max_messages_per_chat_per_second=scale),
        database=DatabaseSettings(url=url),
        coach=CoachSettings(time_scale=scale),
    )
    await migrate.upgrade(url)
    db = Database(url)
    ids = await seed(db, sessions, level, datetime.now(UTC))
    application = app.build_application(settings, db, SystemClock())
    await app.start(application, poll_timeout=10)
    runner: SessionRunner = application.bot_data[KEY]
    asked = await start_sessions(runner, ids, spread)
    await asyncio.sleep(spread + 1800 / scale + 5)  # the wall-clock length of the run
    await app.stop(application)
    starts = await recorded_starts(db)
    await db.close()
    emulator.send_signal(signal.SIGTERM)
    await emulator.wait()
    recorded = json.loads(out.read_text())
    arrivals = {int(chat): [(at, text) for at, text in found]
                for chat, found in recorded["arrivals"].items()}
    figures = summarise(arrivals, starts, level, scale, int(recorded["flood_errors"]))
    figures["status_edits"] = int(recorded["edits"])
    delays = sorted(starts[uid] - at for uid, at in asked.items() if uid in starts)
    figures["start_p50"] = statistics.median(delays) if delays else float("nan")
    figures["start_p99"] = delays[int(0.99 * (len(delays) - 1))] if delays else float("nan")
    figures["not_started"] = len(asked) - len(delays)
    return figures


async def recorded_starts(db: Database) -> dict[int, float]:
    """Each user's session start as stored, in seconds since the epoch."""
    async with db.transaction() as session:
        rows = await session.execute(select(TrainingSession.user_id, TrainingSession.started_at))
        return {uid: _utc(at).timestamp() for uid, at in rows if at is not None}


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def start_sessions(runner: SessionRunner, ids: list[int], spread: float) -> dict[int, float]:
    """Begin one session per user, evenly over ``spread`` seconds, without waiting on each;
    returns when each was asked for."""
    starts: dict[int, float] = {}
    tasks = []
    began = time.perf_counter()
    for position, uid in enumerate(ids):
        await asyncio.sleep(max(0.0, began + spread * position / len(ids) - time.perf_counter()))
        starts[uid] = time.time()
        tasks.append(asyncio.create_task(runner.begin(uid)))
    await asyncio.gather(*tasks)
    return starts


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def summarise(arrivals: dict[int, list[tuple[float, str]]], starts: dict[int, float],
              level: int, scale: float, flood_errors: int) -> dict[str, float]:
    """Lateness percentiles and message rate from the recorded arrivals."""
    planned = planned_offsets(level)
    lateness: list[float] = []
    first, last = float("inf"), 0.0
    for uid, started in starts.items():
        for at, message in arrivals.get(uid, []):
            first, last = min(first, at), max(last, at)
            offset = planned.get(message)
            if offset is not None:
                lateness.append(at - (started + offset / scale))
    total = sum(len(found) for found in arrivals.values())
    lateness.sort()
    return {
        "sessions": len(starts),
        "cues": len(lateness),
        "missing": len(starts) * len(planned) - len(lateness),
        "p50": statistics.median(lateness) if lateness else float("nan"),
        "p99": lateness[int(0.99 * (len(lateness) - 1))] if lateness else float("nan"),
        "max": lateness[-1] if lateness else float("nan"),
        "messages_per_second": total / max(1e-9, last - first),
        "flood_errors": flood_errors,
    }


def figures(smoke: bool = False) -> list[Figure]:
    """Cue lateness at Telegram's ceiling for cues (2,500 sessions), as table rows."""
    sessions, scale = (40, 300.0) if smoke else (CEILING_SESSIONS, 30.0)
    found = asyncio.run(run(sessions, scale, 1, 2.0 if smoke else 10.0))
    return [
        Figure(f"cue lateness p99, {sessions:,} live sessions", found["p99"] * 1000, 100, "ms",
               note=f"p50 {found['p50'] * 1000:.0f} ms, time scale {scale:g}"),
        Figure("cues missing + 429s", found["missing"] + found["flood_errors"], 0,
               note=f"{found['cues']:.0f} cues"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cues", description=__doc__)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--scale", type=float, default=60.0)
    parser.add_argument("--level", type=int, default=1)
    parser.add_argument("--spread", type=float, default=10.0,
                        help="seconds over which the sessions start (default 10)")
    parser.add_argument("--postgres", metavar="URL",
                        help="a PostgreSQL server to run on instead of a SQLite file")
    args = parser.parse_args(argv)
    figures = asyncio.run(run(args.sessions, args.scale, args.level, args.spread,
                              args.postgres))
    print(f"{'sessions':>22}: {figures['sessions']:.0f} at level {args.level}, "
          f"time scale {args.scale:g}")
    print(f"{'cue messages':>22}: {figures['cues']:.0f} ({figures['missing']:.0f} missing)")
    for key in ("p50", "p99", "max"):
        print(f"{'lateness ' + key:>22}: {figures[key] * 1000:.0f} ms")
    print(f"{'start latency p50':>22}: {figures['start_p50'] * 1000:.0f} ms")
    print(f"{'start latency p99':>22}: {figures['start_p99'] * 1000:.0f} ms"
          f" ({figures['not_started']:.0f} not started)")
    print(f"{'messages per second':>22}: {figures['messages_per_second']:.0f}")
    print(f"{'status edits':>22}: {figures['status_edits']:.0f}")
    print(f"{'flood errors (429)':>22}: {figures['flood_errors']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
