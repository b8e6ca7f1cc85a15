"""The real ``runback run`` as an operator runs it: webhook mode with its secret, health and
metrics, and a SIGTERM that finishes what is in hand."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.emulator import Emulator
from bot.storage.db import Database
from bot.storage.models import TrainingSession
from bot.telegram import texts
from tests.faults.process import BotProcess
from tests.scheduling.helpers import onboarded

TOKEN = "424242:operations-token"
SECRET = "a-secret_only-telegram-knows"
USER = 9101
ONBOARDED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday; training Mon/Wed/Fri at 07:30
WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
WAIT = 60.0
GRACEFUL_SECONDS = 10.0


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator(TOKEN, flood_limits=None) as emu:
        yield emu


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_bot(tmp_path: Path, emulator: Emulator, db_url: str, port: int) -> BotProcess:
    return BotProcess(tmp_path, emulator, db_url, RUNBACK_TELEGRAM__MODE="webhook",
                      RUNBACK_WEBHOOK__URL=f"http://127.0.0.1:{port}/telegram",
                      RUNBACK_WEBHOOK__PORT=str(port), RUNBACK_WEBHOOK__SECRET_TOKEN=SECRET,
                      RUNBACK_LOGGING__FORMAT="json", RUNBACK_LOGGING__LEVEL="DEBUG")


def forged_start(update_id: int, user_id: int) -> dict[str, object]:
    person = {"id": user_id, "is_bot": False, "first_name": "Mallory"}
    return {"update_id": update_id, "message": {
        "message_id": 1, "date": 1_800_000_000, "text": "/start",
        "chat": {"id": user_id, "type": "private", "first_name": "Mallory"}, "from": person,
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}


async def test_webhook_mode_serves_updates_health_and_metrics_and_refuses_strangers(
        tmp_path: Path, emulator: Emulator, db_url: str) -> None:
    port = free_port()
    bot = webhook_bot(tmp_path, emulator, db_url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        await bot.start(WEDNESDAY_0730)
        [hook] = emulator.calls_to("setWebhook")
        assert hook["url"] == f"{base}/telegram" and hook["secret_token"] == SECRET
        async with httpx.AsyncClient(base_url=base, timeout=10) as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guessed"}):
                answer = await http.post("/telegram", json=forged_start(990_000, 31337),
                                         headers=headers)
                assert answer.status_code == 403
            health = await http.get("/healthz")
            assert (health.status_code, health.json()["database"]) == (200, "reachable")

            cy = emulator.user(user_id=USER, first_name="Cy")
            await cy.send("/start")
            welcome = await cy.next_message(timeout=WAIT)
            assert "I'm runback" in (welcome.text or "")
            await emulator.wait_for_ack(timeout=WAIT)  # answered 200 once handled
            assert all(d.secret == SECRET for d in emulator.state.webhook.deliveries)
            status = (await emulator_call(emulator, "getUpdates")).status_code
            assert status == 409  # Telegram refuses polling while a webhook is set

            metrics = (await http.get("/metrics")).text
        assert 'runback_updates_handled_total{kind="message"} 1.0' in metrics
        assert 'runback_messages_sent_total{kind="reply"}' in metrics
        assert "runback_active_sessions 0.0" in metrics
        # The forged updates reached no handler: nothing was sent to their sender.
        assert all(call["chat_id"] in (USER, str(USER))
                   for call in emulator.calls_to("sendMessage"))
        assert await bot.terminate(GRACEFUL_SECONDS) == 0
    finally:
        await bot.stop()
    assert emulator.state.webhook.url == f"{base}/telegram"  # left set: updates wait for us
    logged = bot.log()
    assert '"update_id": 1' in logged  # JSON lines naming the update handled
    assert TOKEN.split(":")[1] not in logged and SECRET not in logged


async def emulator_call(emulator: Emulator, method: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as http:
        return await http.post(f"{emulator.base_url}{TOKEN}/{method}")


async def session_started(db_url: str) -> datetime:
    db = Database(db_url)
    try:
        async with db.transaction() as session:
            started = await session.scalar(select(TrainingSession.started_at).where(
                TrainingSession.user_id == USER))
    finally:
        await db.close()
    assert started is not None
    return started.replace(tzinfo=UTC) if started.tzinfo is None else started


async def test_sigterm_finishes_the_update_in_hand_and_a_restart_resumes_the_session(
        tmp_path: Path, emulator: Emulator, db_url: str) -> None:
    db = Database(db_url)
    await onboarded(db, USER, ONBOARDED)
    await db.close()
    ada = emulator.user(user_id=USER, first_name="Ada")
    bot = BotProcess(tmp_path, emulator, db_url, RUNBACK_COACH__TIME_SCALE="20")
    try:
        await bot.start(WEDNESDAY_0730)
        await ada.send("/go")
        assert await emulator.state.activity.wait_for(
            lambda: "2" in (ada.last_message.buttons if ada.last_message else []), WAIT)
        await ada.press("2")
        assert await emulator.state.activity.wait_for(
            lambda: any("Warm-up" in (m.text or "") for m in ada.messages), WAIT), bot.log()

        emulator.faults.delay_next("sendMessage")  # the answer to /help is in hand...
        await ada.send("/help")
        await emulator.faults.wait_held(1, timeout=WAIT)
        polls = len(emulator.calls)
        assert bot.process is not None
        loop = asyncio.get_running_loop()
        asked_to_stop = loop.time()
        bot.process.terminate()  # ...when SIGTERM comes
        assert await emulator.state.activity.wait_for(lambda: any(
            call.method == "getUpdates" and str(call.params.get("timeout")) == "0"
            for call in emulator.calls[polls:]), WAIT), "polling did not stop"
        emulator.faults.release()
        code = await asyncio.wait_for(bot.process.wait(), GRACEFUL_SECONDS)
        stopped_in = loop.time() - asked_to_stop
        await bot.stop()
        assert code == 0, bot.log()
        assert stopped_in < GRACEFUL_SECONDS
        assert any("coaches you back to running" in (m.text or "") for m in ada.messages), [
            m.text for m in ada.messages]  # answered
        assert emulator.pending_updates == []  # acknowledged, and handled before the exit

        await bot.start(await session_started(db_url) + timedelta(seconds=5))
        assert await emulator.state.activity.wait_for(
            lambda: any((m.text or "").startswith(texts.RESTARTED) for m in ada.messages),
            WAIT), bot.log()[-3000:]
        assert len([m for m in ada.messages if (m.text or "").startswith(texts.RESTARTED)]) == 1
    finally:
        await bot.stop()


async def test_polling_mode_serves_health_and_metrics_on_the_metrics_port(
        tmp_path: Path, emulator: Emulator, db_url: str) -> None:
    port = free_port()
    bot = BotProcess(tmp_path, emulator, db_url, RUNBACK_METRICS__PORT=str(port))
    try:
        await bot.start(WEDNESDAY_0730)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            health = await http.get("/healthz")
            metrics = await http.get("/metrics")
            update = await http.post("/telegram", json=forged_start(1, 31337))
        assert health.status_code == 200
        assert "runback_telegram_calls_total" in metrics.text
        assert 'method="setMyCommands",status="200"' in metrics.text
        assert update.status_code in (404, 405)  # updates come by polling only
        assert await bot.terminate(GRACEFUL_SECONDS) == 0
    finally:
        await bot.stop()
