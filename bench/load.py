"""The emulator side of the throughput benchmark, in its own process, driving the load itself.

Serves the Bot API to one bot and plays ``count`` users who each send ``/today``:

- closed loop: every user sends again as soon as the bot's answer to them arrives, so
  ``count`` updates are always in flight; after a warm-up, the answers a second over
  ``seconds`` are counted;
- open loop: updates go out at ``rate`` a second whatever the bot does, for ``seconds``
  after a warm-up; each update's handling latency is from the moment it was put in the queue
  to the moment the bot's answer reached the emulator.

Flood limits are off: the benchmark measures the bot, not Telegram. When done it writes the
figures as JSON to OUT, prints "done", and serves on (so the bot stops cleanly) until SIGTERM.

Run by bench/throughput.py:
    python -m bench.load PORT TOKEN FIRST_USER COUNT SECONDS RATE WARMUP OUT.json
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
import time
from collections import deque
from pathlib import Path

from bot.emulator import BotAction, Emulator

ASK = "/today"
PATIENCE = 15.0
"""Seconds the last answers are waited for once the load stops."""


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank); NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Load:
    """The users, what they asked when, and when the answers came."""

    def __init__(self, emulator: Emulator, first: int, count: int) -> None:
        self.people = {uid: emulator.user(user_id=uid, first_name="Runner")
                       for uid in range(first, first + count)}
        self.asked: dict[int, deque[float]] = {uid: deque() for uid in self.people}
        self.waiting = 0
        self.latencies: list[tuple[float, float]] = []  # (answered at, latency)
        self.closed = False
        self.strays = 0
        self.all_answered = asyncio.Event()

    def ask(self, uid: int) -> None:
        self.asked[uid].append(time.perf_counter())
        self.waiting += 1
        self.all_answered.clear()
        asyncio.get_running_loop().create_task(self.people[uid].send(ASK))

    def on_action(self, action: BotAction) -> None:
        if action.kind != "send" or action.chat_id not in self.asked:
            return
        now = time.perf_counter()
        waiting = self.asked[action.chat_id]
        if not waiting:
            self.strays += 1  # a second message for one update
            return
        self.latencies.append((now, now - waiting.popleft()))
        self.waiting -= 1
        if self.closed:
            self.ask(action.chat_id)
        elif self.waiting == 0:
            self.all_answered.set()

    async def drain(self) -> None:
        """Wait until every update asked has its answer, or ``PATIENCE`` runs out."""
        self.closed = False
        if self.waiting:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.all_answered.wait(), PATIENCE)

    def measured(self, start: float, end: float) -> list[float]:
        """The latencies of the updates asked between ``start`` and ``end``."""
        return [late for at, late in self.latencies if start <= at - late < end]


async def closed_loop(load: Load, seconds: float, warmup: float) -> dict[str, float]:
    load.closed = True
    for uid in load.people:
        load.ask(uid)
    start = time.perf_counter() + warmup
    await asyncio.sleep(warmup + seconds)
    end = time.perf_counter()
    answered = sum(1 for at, _ in load.latencies if start <= at < end)
    await load.drain()
    late = [late for at, late in load.latencies if start <= at < end]
    return {"rate": answered / (end - start), "p50": percentile(late, 0.5),
            "p99": percentile(late, 0.99)}


async def open_loop(load: Load, seconds: float, rate: float, warmup: float) -> dict[str, float]:
    users = list(load.people)
    began = time.perf_counter()
    for n in range(int((warmup + seconds) * rate)):
        await asyncio.sleep(max(0.0, began + n / rate - time.perf_counter()))
        load.ask(users[n % len(users)])
    await load.drain()
    late = load.measured(began + warmup, float("inf"))
    return {"rate": rate, "p50": percentile(late, 0.5), "p99": percentile(late, 0.99),
            "max": max(late, default=float("nan")), "updates": len(late)}


async def serve(port: int, token: str, first: int, count: int, seconds: float, rate: float,
                warmup: float, out: Path) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with Emulator(token, flood_limits=None, port=port) as emulator:
        load = Load(emulator, first, count)
        emulator.subscribe(load.on_action)
        print("ready", flush=True)
        await emulator.wait_for_calls("getUpdates", timeout=60)
        closed = await closed_loop(load, seconds, warmup)
        opened = await open_loop(load, seconds, rate, warmup) if rate > 0 else {}
        report = {"closed": closed, "open": opened, "unanswered": load.waiting,
                  "strays": load.strays}
        await asyncio.to_thread(out.write_text, json.dumps(report))
        print("done", flush=True)
        await stop.wait()


if __name__ == "__main__":
    port, token, first, count, seconds, rate, warmup, out = sys.argv[1:9]
    asyncio.run(serve(int(port), token, int(first), int(count), float(seconds), float(rate),
                      float(warmup), Path(out)))
