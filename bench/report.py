"""Benchmark of the progress chart and the one-page report: speed, size, and a burst of asks.

    python -m bench.report              # 12 weeks of data; 20 users ask at once
    python -m bench.report --smoke      # in a few seconds: 3 renders, 4 users of 3 sessions
    python -m bench.report --threads    # draw in threads instead, to compare

(1) Renders the phone chart and the PDF for a user with 12 weeks of data (36 sessions, every
decision the engine took on them), warm, ``--runs`` times each: median and worst time, the
median CPU time (what the drawing costs when other work shares the cores), and the files'
sizes. (2) Starts the real application against the emulator, which runs in a
second process as Telegram would, on a SQLite file; a probe user asks /help every 50 ms,
first alone and then while ``--burst`` other users (each with 12 weeks of data) all ask for
their chart or their report at the same moment. The delay is how much later the probe's
replies arrive during the burst than before it (95th percentile, and worst). Updates go
straight into the application's queue, so polling does not blur the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bench.cues import TELEGRAM_PER_SECOND, _free_port
from bench.history import write_history
from bench.table import Figure
from bot import app
from bot.clock import OffsetClock
from bot.config import DatabaseSettings, ScheduleSettings, Settings, TelegramSettings
from bot.reports.chart import phone_chart
from bot.reports.pdf import report_pdf
from bot.services.progress import report_data
from bot.services.rendering import ProcessRenderer, ThreadRenderer
from bot.storage import migrate
from bot.storage.db import Database
from bot.telegram import slow_replies, texts

TOKEN = "123456789:runback-report-bench"
FIRST_USER = 700_000
WEEKS_OF_SESSIONS = 36
SMOKE_SESSIONS = 3  # for each user of the smoke run's burst
PROBE_EVERY = 0.05  # seconds between the probe user's questions
WARM_UP = 0.25  # seconds of questions before the calm ones are counted
FLOOD_SCALE = 100.0  # the emulator's per-chat limits, relaxed: the probe asks 20 times a second
HELP_HEAD = texts.HELP[:20]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[round(0.95 * (len(ordered) - 1))]


async def render_figures(db: Database, runs: int) -> dict[str, float]:
    """Chart and PDF for one user with 12 weeks of data: times (warm) and sizes."""
    now = await write_history(db, FIRST_USER - 1, WEEKS_OF_SESSIONS)
    data = await report_data(db, FIRST_USER - 1, now, name="Ada")
    figures: dict[str, float] = {"decisions": len(data.decisions)}
    for name, draw, what in (("chart", phone_chart, data.chart), ("pdf", report_pdf, data)):
        made = draw(what)  # type: ignore[operator]  # warm: fonts and caches loaded once
        times, cpu = [], []
        for _ in range(runs):
            began, began_cpu = time.perf_counter(), time.process_time()
            made = draw(what)  # type: ignore[operator]
            times.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        figures[f"{name}_median"] = statistics.median(times)
        figures[f"{name}_max"] = max(times)
        figures[f"{name}_cpu"] = statistics.median(cpu)
        figures[f"{name}_bytes"] = len(made)
    return figures


def _update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    command = text.split()[0]
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": text,
        "chat": {"id": user_id, "type": "private", "first_name": "Runner"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Runner"},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
    }}


class Driver:
    """Puts users' messages straight into the application's update queue."""

    def __init__(self, application: Application) -> None:  # type: ignore[type-arg]
        self.application = application
        self.next_id = 1
        self.asked: list[float] = []  # when the probe asked, in order

    async def say(self, user_id: int, text: str) -> None:
        payload = _update(self.next_id, user_id, text)
        self.next_id += 1
        await self.application.update_queue.put(Update.de_json(payload, self.application.bot))

    async def probe(self, user_id: int, seconds: float) -> None:
        """The probe user asks /help every ``PROBE_EVERY`` seconds for ``seconds``."""
        end = time.time() + seconds
        while time.time() < end:
            self.asked.append(time.time())
            await self.say(user_id, "/help")
            await asyncio.sleep(PROBE_EVERY)

    async def probe_until(self, user_id: int, done: asyncio.Task[None]) -> None:
        while not done.done():
            await self.probe(user_id, PROBE_EVERY)


async def burst_figures(db: Database, url: str, workdir: Path, burst: int,
                        calm_seconds: float, threads: bool, sessions: int) -> dict[str, float]:
    """The probe's reply delay while ``burst`` users ask for their chart or report at once."""
    probe_user, askers = FIRST_USER, list(range(FIRST_USER + 1, FIRST_USER + 1 + burst))
    last = None
    for user_id in (probe_user, *askers):
        last = await write_history(db, user_id, sessions)
    assert last is not None
    out, port = workdir / "arrivals.json", _free_port()
    emulator = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.cue_emulator", str(port), TOKEN, str(FIRST_USER),
        str(burst + 1), str(FLOOD_SCALE), str(out), stdout=asyncio.subprocess.PIPE)
    assert emulator.stdout is not None
    await emulator.stdout.readline()  # "ready"
    settings = Settings(
        telegram=TelegramSettings(token=TOKEN, api_base_url=f"http://127.0.0.1:{port}/bot",
                                  max_messages_per_second=TELEGRAM_PER_SECOND * FLOOD_SCALE,
                                  # the probe asks 20 times a second in one chat, as no person
                                  # could: the emulator's per-chat limit is relaxed to match
                                  max_messages_per_chat_per_second=FLOOD_SCALE),
        database=DatabaseSettings(url=url), schedule=ScheduleSettings(tick_seconds=3600))
    renderer = ThreadRenderer() if threads else ProcessRenderer()
    application = app.build_application(settings, db, OffsetClock(last + timedelta(hours=1)),
                                        renderer=renderer)
    await application.initialize()
    await application.start()
    driver = Driver(application)
    replies: slow_replies.SlowReplies = application.bot_data[slow_replies.KEY]
    await application.bot_data["services"].progress.chart(probe_user)  # the worker is warm
    await driver.probe(probe_user, WARM_UP)  # first replies open connections: not counted
    warm = len(driver.asked)
    await driver.probe(probe_user, calm_seconds)
    calm = len(driver.asked)
    began = time.time()
    for index, user_id in enumerate(askers):
        await driver.say(user_id, "/report" if index % 2 else "/progress")

    async def all_sent() -> None:
        # The burst's updates are still being taken in: the count is the application's, and
        # this poll is the benchmark's own.
        while replies.started < burst:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        await replies.settled()

    done = asyncio.create_task(all_sent())
    await driver.probe_until(probe_user, done)
    burst_seconds = time.time() - began
    await driver.probe(probe_user, 0.5)  # a little past the burst, so its tail shows
    await asyncio.sleep(0.5)
    await application.stop()
    await application.shutdown()
    renderer.close()
    emulator.send_signal(signal.SIGTERM)
    await emulator.wait()
    arrivals = json.loads(out.read_text())["arrivals"]
    helps = [at for at, text in arrivals[str(probe_user)] if text.startswith(HELP_HEAD)]
    assert len(helps) == len(driver.asked), (len(helps), len(driver.asked))
    waits = [got - asked for got, asked in zip(helps, driver.asked, strict=True)]
    answered = [max(at for at, _ in arrivals[str(user_id)]) - began for user_id in askers]
    return {
        "calm_p95": _p95(waits[warm:calm]), "calm_max": max(waits[warm:calm]),
        "burst_p95": _p95(waits[calm:]), "burst_max": max(waits[calm:]),
        "burst_seconds": burst_seconds, "asker_max": max(answered),
        "asker_median": statistics.median(answered), "probes": len(waits) - calm,
    }


async def run(runs: int, burst: int, calm_seconds: float, threads: bool,
              sessions: int = WEEKS_OF_SESSIONS) -> dict[str, float]:
    """Run both parts on a fresh SQLite file; every figure in seconds or bytes."""
    with tempfile.TemporaryDirectory(prefix="runback-bench-") as folder:
        workdir = Path(folder)
        url = f"sqlite+aiosqlite:///{workdir / 'runback.db'}"
        await migrate.upgrade(url)
        db = Database(url)
        try:
            figures = await render_figures(db, runs)
            figures |= await burst_figures(db, url, workdir, burst, calm_seconds, threads,
                                           sessions)
        finally:
            await db.close()
    return figures


def figures(smoke: bool = False) -> list[Figure]:
    """The chart and report figures, as rows of the benchmark table."""
    runs, burst, calm, sessions = ((3, 4, 0.5, SMOKE_SESSIONS) if smoke
                                   else (20, 20, 2.0, WEEKS_OF_SESSIONS))
    f = asyncio.run(run(runs, burst, calm, False, sessions))
    return [
        Figure("progress chart: median render", f["chart_median"] * 1000, 300, "ms"),
        Figure("progress chart: size", f["chart_bytes"] / 1000, 150, "kB"),
        Figure("one-page report: median render", f["pdf_median"] * 1000, 600, "ms"),
        Figure("one-page report: size", f["pdf_bytes"] / 1000, 300, "kB"),
        Figure(f"{burst} asking at once: delay to another reply, p95",
               (f["burst_p95"] - f["calm_p95"]) * 1000, 100, "ms"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="renders of each (default 20)")
    parser.add_argument("--burst", type=int, default=20,
                        help="users asking at once (default 20)")
    parser.add_argument("--smoke", action="store_true",
                        help="a quick check: 3 renders, 4 users of 3 sessions, a short calm")
    parser.add_argument("--threads", action="store_true",
                        help="draw in threads instead of the worker process, to compare")
    args = parser.parse_args(argv)
    runs, burst, calm, sessions = ((3, 4, 0.5, SMOKE_SESSIONS) if args.smoke
                                   else (args.runs, args.burst, 2.0, WEEKS_OF_SESSIONS))
    f = asyncio.run(run(runs, burst, calm, args.threads, sessions))
    print(f"12 weeks of data: {WEEKS_OF_SESSIONS} sessions, {f['decisions']:.0f} decisions")
    for name, label in (("chart", "chart (1080×1350 PNG)"), ("pdf", "report (A4 PDF)")):
        print(f"{label:>22}: median {_ms(f[f'{name}_median'])} "
              f"(CPU {_ms(f[f'{name}_cpu'])}), worst {_ms(f[f'{name}_max'])} of {runs}; "
              f"{f[f'{name}_bytes'] / 1000:.0f} kB")
    print(f"{burst} users ({sessions} sessions each) asking at once, half /progress, half /report: "
          f"all answered in {f['burst_seconds']:.1f} s "
          f"(median asker {f['asker_median']:.1f} s, last {f['asker_max']:.1f} s)")
    print(f"another user's reply, p95: {_ms(f['calm_p95'])} alone, "
          f"{_ms(f['burst_p95'])} during the burst ({f['probes']:.0f} asks); "
          f"worst {_ms(f['calm_max'])} alone, {_ms(f['burst_max'])} during it")
    print(f"delay added by the burst: p95 {_ms(f['burst_p95'] - f['calm_p95'])}, "
          f"worst {_ms(f['burst_max'] - f['calm_max'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
