"""The bot's own HTTP server: health follows the database, metrics are Prometheus text, and a
server without a webhook takes no updates."""

from __future__ import annotations

from pathlib import Path

import httpx

from bot import app
from bot.config import DatabaseSettings, Settings, TelegramSettings
from bot.storage.db import Database
from bot.telegram.context import SERVICES
from bot.web import WebServer
from tests.conftest import FakeClock

TOKEN = "424242:web-token"


async def serving(db: Database, clock: FakeClock) -> WebServer:
    settings = Settings(telegram=TelegramSettings(token=TOKEN),
                        database=DatabaseSettings(url=db.url))
    application = app.build_application(settings, db, clock)
    server = WebServer(application, application.bot_data[SERVICES], listen="127.0.0.1", port=0)
    await server.start()
    return server


async def test_health_is_200_while_the_database_answers(db: Database, clock: FakeClock) -> None:
    server = await serving(db, clock)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as http:
            health = await http.get("/healthz")
            metrics = await http.get("/metrics")
            update = await http.post("/telegram", json={"update_id": 1})
    finally:
        await server.stop()
    assert (health.status_code, health.json()) == (200, {"status": "ok",
                                                         "database": "reachable"})
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    assert "# TYPE runback_updates_handled_total counter" in metrics.text
    assert update.status_code in (404, 405)  # polling mode: no webhook route


async def test_health_is_503_when_the_database_cannot_answer(tmp_path: Path,
                                                             clock: FakeClock) -> None:
    broken = tmp_path / "runback.db"
    broken.write_bytes(b"not a database " * 100)  # opens, then fails every query
    db = Database(f"sqlite+aiosqlite:///{broken}")
    server = await serving(db, clock)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as http:
            health = await http.get("/healthz")
    finally:
        await server.stop()
        await db.close()
    assert (health.status_code, health.json()["database"]) == (503, "unreachable")
