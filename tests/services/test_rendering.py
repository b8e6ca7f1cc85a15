"""Drawing away from the event loop: in a worker process, as ``runback run`` does."""

from __future__ import annotations

import asyncio
import io
import os
import sys

from PIL import Image

from bench.history import write_history
from bot.reports.chart import phone_chart
from bot.services.progress import chart_data
from bot.services.rendering import WORKER_NICENESS, ProcessRenderer, ThreadRenderer
from bot.storage.db import Database


def _niceness(_: object) -> bytes:
    return str(os.nice(0)).encode()


async def test_the_worker_process_draws_the_chart_at_a_lower_priority(db: Database) -> None:
    now = await write_history(db, 7, 5)
    data = await chart_data(db, 7, now)
    renderer = ProcessRenderer()
    try:
        png = await renderer.run(phone_chart, data)
        niceness = int(await renderer.run(_niceness, None))
    finally:
        renderer.close()
    assert png == phone_chart(data)
    assert Image.open(io.BytesIO(png)).size == (1080, 1350)
    assert niceness >= os.nice(0) + WORKER_NICENESS or niceness == 19


async def test_threads_draw_the_same_chart(db: Database) -> None:
    now = await write_history(db, 7, 1)
    data = await chart_data(db, 7, now)
    assert await ThreadRenderer().run(phone_chart, data) == phone_chart(data)


def _pid(_: object) -> bytes:
    return str(os.getpid()).encode()


# A bot process that starts its drawing worker, says the worker's pid, then waits to be killed.
_BOT = """
import asyncio, sys
from bot.services.rendering import ProcessRenderer
from tests.services.test_rendering import _pid

async def main() -> None:
    renderer = ProcessRenderer()
    print(int(await renderer.run(_pid, None)), flush=True)
    await asyncio.Event().wait()  # until killed

asyncio.run(main())
"""


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_the_worker_exits_when_the_bot_is_killed_outright() -> None:
    bot = await asyncio.create_subprocess_exec(sys.executable, "-c", _BOT,
                                               stdout=asyncio.subprocess.PIPE)
    assert bot.stdout is not None
    try:
        worker = int(await asyncio.wait_for(bot.stdout.readline(), 60))
        assert _running(worker)
    finally:
        bot.kill()
        await bot.wait()
    for _ in range(100):  # the worker notices within about a second
        if not _running(worker):
            break
        await asyncio.sleep(0.1)
    assert not _running(worker)
