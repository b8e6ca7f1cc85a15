"""Update throughput: runback against a bare python-telegram-bot echo bot, through one emulator.

Each bot runs in its own process, started as it is in production (runback with ``runback
run``, on a SQLite file with 40 set-up users; the echo bot as in bench/echo.py), against the
Bot API emulator in a third process (bench/load.py) with flood limits off and the bot's own
limits off (``telegram.max_messages_per_second = 0`` and
``telegram.max_messages_per_chat_per_second = 0``: each user here asks faster than Telegram
would let a bot answer one chat). The emulator plays 40 users asking ``/today``:

- closed loop, 40 in flight: answers a second, the median of three rounds; runback's rate as a
  share of the echo bot's is the headline figure;
- open loop at 100 updates a second: the 99th percentile of handling latency (update queued
  to answer received), the median of the rounds' figures.

The rounds alternate between the bots (echo, runback, echo, ...), each a fresh pair of
processes, so a machine whose load changes over the run weighs on both alike.

Run:  python -m bench.throughput [--smoke] [--profile FILE]
      (--profile: runback runs under cProfile and its statistics are written to FILE)
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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.cues import FIRST_USER, seed
from bench.table import Figure, render
from bot.storage import migrate
from bot.storage.db import Database

TOKEN = "987654321:throughput-benchmark-token"
USERS = 40
OPEN_LOOP_RATE = 100.0
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Plan:
    seconds: float
    rounds: int
    warmup: float
    rate: float


FULL = Plan(seconds=8.0, rounds=3, warmup=2.0, rate=OPEN_LOOP_RATE)
SMOKE = Plan(seconds=1.0, rounds=1, warmup=0.5, rate=OPEN_LOOP_RATE)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def measure(bot: str, plan: Plan, workdir: Path,
                  profile: Path | None = None) -> dict[str, object]:
    """Run the emulator's load against ``bot`` ("runback" or "echo"); the load's figures."""
    port, out = _free_port(), workdir / f"{bot}.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    emulator = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.load", str(port), TOKEN, str(FIRST_USER), str(USERS),
        str(plan.seconds), str(plan.rate), str(plan.warmup), str(out),
        stdout=asyncio.subprocess.PIPE, cwd=ROOT, env=env)
    assert emulator.stdout is not None
    await emulator.stdout.readline()  # "ready"
    base_url = f"http://127.0.0.1:{port}/bot"
    if bot == "echo":
        command = ["-m", "bench.echo", base_url, TOKEN]
    else:
        url = f"sqlite+aiosqlite:///{workdir / 'runback.db'}"
        await _seeded(url)
        env.update(RUNBACK_TELEGRAM__TOKEN=TOKEN, RUNBACK_TELEGRAM__API_BASE_URL=base_url,
                   RUNBACK_TELEGRAM__MAX_MESSAGES_PER_SECOND="0",
                   RUNBACK_TELEGRAM__MAX_MESSAGES_PER_CHAT_PER_SECOND="0",
                   RUNBACK_DATABASE__URL=url,
                   RUNBACK_AUDIO__CACHE_DIR=str(workdir / "audio"))
        command = ["-m", "bot", "run"]
        if profile is not None:
            command = ["-m", "cProfile", "-o", str(profile), *command]
    process = await asyncio.create_subprocess_exec(
        sys.executable, *command, cwd=workdir, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    await emulator.stdout.readline()  # "done"
    process.send_signal(signal.SIGTERM)
    await process.wait()
    emulator.send_signal(signal.SIGTERM)
    await emulator.wait()
    figures: dict[str, object] = json.loads(out.read_text())
    return figures


async def _seeded(url: str) -> None:
    await migrate.upgrade(url)
    db = Database(url)
    await seed(db, USERS, 1, datetime.now(UTC))
    await db.close()


async def run(plan: Plan, profile: Path | None = None) -> dict[str, list[dict[str, object]]]:
    """Each bot's figures, round by round."""
    found: dict[str, list[dict[str, object]]] = {"echo": [], "runback": []}
    for round_ in range(plan.rounds):
        for bot in found:
            with tempfile.TemporaryDirectory(prefix="runback-bench-") as folder:
                last = profile if bot == "runback" and round_ == plan.rounds - 1 else None
                found[bot].append(await measure(bot, plan, Path(folder), last))
    return found


def figures(smoke: bool = False) -> list[Figure]:
    """The benchmark's rows of the table."""
    return to_figures(asyncio.run(run(SMOKE if smoke else FULL)))


def _median(rounds: list[dict[str, object]], loop: str, key: str) -> float:
    return statistics.median(float(each[loop][key]) for each in rounds)  # type: ignore[index]


def to_figures(found: dict[str, list[dict[str, object]]]) -> list[Figure]:
    echo_rate = _median(found["echo"], "closed", "rate")
    rate = _median(found["runback"], "closed", "rate")
    p99 = _median(found["runback"], "open", "p99") * 1000
    p50 = _median(found["runback"], "open", "p50") * 1000
    lost = sum(int(each["unanswered"]) for each in found["runback"])  # type: ignore[call-overload]
    return [
        Figure("updates/s, runback ÷ echo bot (40 in flight)", rate / echo_rate, 0.6,
               higher_is_better=True, note=f"{rate:.0f}/s against {echo_rate:.0f}/s"),
        Figure("p99 handling latency at 100 updates/s", p99, 50, "ms",
               note=f"p50 {p50:.0f} ms" + (f", {lost} unanswered" if lost else "")),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.throughput", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a few seconds in all")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="run runback under cProfile and write its statistics to FILE")
    args = parser.parse_args(argv)
    found = asyncio.run(run(SMOKE if args.smoke else FULL,
                            args.profile.resolve() if args.profile else None))
    for bot, rounds in found.items():
        for each in rounds:
            print(bot, json.dumps(each))
    print(render(to_figures(found)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
