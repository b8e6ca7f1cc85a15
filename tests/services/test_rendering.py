"""Drawing away from the event loop: in a worker process, as ``runback run`` does."""

from __future__ import annotations

import io
import os

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
