"""Two real ``runback run`` processes in webhook mode on one PostgreSQL database: one runs the
scheduler, the other serves updates; a ``kill -9`` of the first hands the scheduler over.

Telegram posts updates to the webhook set last, so the second process to start is the one
users talk to while the first, elected at its start, times sessions and sends reminders.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update

from bot.emulator import Emulator, SimulatedUser
from bot.emulator.models import SentMessage
from bot.storage.db import Database
from bot.storage.models import Reminder
from bot.telegram import texts
from tests.faults.process import BotProcess
from tests.faults.test_operations import ONBOARDED, SECRET, TOKEN, WEDNESDAY_0730, free_port
from tests.scheduling.helpers import onboarded

pytestmark = pytest.mark.postgres

TAKEOVER_SECONDS = 3.0
WAIT = 60.0
ADA, BO, CY = 9201, 9202, 9203
WEDNESDAY_0700 = WEDNESDAY_0730 - timedelta(minutes=30)


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator(TOKEN, flood_limits=None) as emu:
        yield emu


class Replica:
    """One webhook process with its own folder, port and log."""

    def __init__(self, tmp_path: Path, name: str, emulator: Emulator, db_url: str) -> None:
        folder = tmp_path / name
        folder.mkdir()
        self.port = free_port()
        self.process = BotProcess(
            folder, emulator, db_url, RUNBACK_TELEGRAM__MODE="webhook",
            RUNBACK_WEBHOOK__URL=f"http://127.0.0.1:{self.port}/telegram",
            RUNBACK_WEBHOOK__PORT=str(self.port), RUNBACK_WEBHOOK__SECRET_TOKEN=SECRET,
            RUNBACK_SCHEDULE__TAKEOVER_SECONDS=str(TAKEOVER_SECONDS),
            RUNBACK_SCHEDULE__TICK_SECONDS="0.5", RUNBACK_COACH__TIME_SCALE="20")

    async def metrics(self) -> str:
        async with httpx.AsyncClient(timeout=10) as http:
            return (await http.get(f"http://127.0.0.1:{self.port}/metrics")).text

    async def leads(self) -> bool:
        """What the process's own metrics say about its part in the election."""
        metrics = await self.metrics()
        if "runback_scheduler_leader 1.0" in metrics:
            return True
        assert "runback_scheduler_leader 0.0" in metrics
        return False

    async def cues_sent(self) -> float:
        """Live-session cues this process has sent, by its metrics."""
        for line in (await self.metrics()).splitlines():
            if line.startswith('runback_messages_sent_total{kind="cue"}'):
                return float(line.split()[-1])
        return 0.0


@pytest.fixture
async def replicas(tmp_path: Path, emulator: Emulator,
                   db_url: str) -> AsyncIterator[tuple[Replica, Replica]]:
    pair = (Replica(tmp_path, "first", emulator, db_url),
            Replica(tmp_path, "second", emulator, db_url))
    try:
        yield pair
    finally:
        for replica in pair:
            await replica.process.stop()


async def users_onboarded(db_url: str, *user_ids: int) -> None:
    db = Database(db_url)
    try:
        await onboarded(db, list(user_ids), ONBOARDED)
    finally:
        await db.close()


def with_text(user: SimulatedUser, part: str) -> list[SentMessage]:
    return [message for message in user.messages if part in (message.text or "")]


def status_text(user: SimulatedUser, message_id: int) -> str:
    return next(m.text or "" for m in user.messages if m.message_id == message_id)


async def arrives(emulator: Emulator, user: SimulatedUser, part: str, count: int = 1) -> bool:
    return await emulator.state.activity.wait_for(
        lambda: len(with_text(user, part)) >= count, WAIT)


async def test_a_session_started_on_a_follower_is_timed_by_the_leader_and_survives_its_kill(
        emulator: Emulator, db_url: str, replicas: tuple[Replica, Replica]) -> None:
    leader, follower = replicas
    await users_onboarded(db_url, ADA)
    ada = emulator.user(user_id=ADA, first_name="Ada")
    await leader.process.start(WEDNESDAY_0730)
    await follower.process.start(WEDNESDAY_0730)  # Telegram now posts updates to this one
    assert await leader.leads() and not await follower.leads()
    assert await arrives(emulator, ada, "Session time!"), leader.process.log()[-4000:]

    await ada.send("/go")
    assert await emulator.state.activity.wait_for(
        lambda: "2" in (ada.last_message.buttons if ada.last_message else []), WAIT)
    await ada.press("2")
    assert await arrives(emulator, ada, "Warm-up"), leader.process.log()[-3000:]
    cues_before = len(ada.messages)
    assert await leader.cues_sent() == 1 and await follower.cues_sent() == 0
    # Pause and Resume reach the follower; the leader hears of them and shows them.
    [status] = [m.message_id for m in ada.messages if (m.text or "").startswith("⏱ Session")]
    await ada.press(texts.PAUSE_BUTTON, message=status)
    assert await emulator.state.activity.wait_for(
        lambda: "⏸ Paused at" in status_text(ada, status), WAIT), leader.process.log()[-3000:]
    await ada.press(texts.RESUME_BUTTON, message=status)
    assert await emulator.state.activity.wait_for(
        lambda: "Now: " in status_text(ada, status), WAIT), leader.process.log()[-3000:]
    cues_before = len(ada.messages)

    killed_at = asyncio.get_running_loop().time()
    await leader.process.kill()
    assert await arrives(emulator, ada, texts.RESTARTED), follower.process.log()[-3000:]
    took = asyncio.get_running_loop().time() - killed_at
    assert took < TAKEOVER_SECONDS + 10, took  # the interval, then the new leader's start-up
    assert await follower.leads()
    # The cues go on from the new leader: the next phase comes on its own.
    assert await emulator.state.activity.wait_for(
        lambda: len(ada.messages) >= cues_before + 2, WAIT), follower.process.log()[-3000:]
    transcript = [message.text or "" for message in ada.messages]
    assert len(with_text(ada, texts.RESTARTED)) == 1, transcript
    assert len([text for text in transcript
                if text.startswith("🚶 Warm-up walk")]) == 1, transcript  # the first cue, once
    reminders = [text for text in transcript if text == transcript[0]]
    assert len(reminders) == 1, transcript  # the reminder, sent by one process only


async def test_reminders_a_killed_leader_was_sending_arrive_once_from_the_next(
        emulator: Emulator, db_url: str, replicas: tuple[Replica, Replica]) -> None:
    leader, follower = replicas
    await users_onboarded(db_url, BO, CY)
    bo = emulator.user(user_id=BO, first_name="Bo")
    cy = emulator.user(user_id=CY, first_name="Cy")
    await leader.process.start(WEDNESDAY_0700)
    await follower.process.start(WEDNESDAY_0700)
    assert await leader.leads() and not await follower.leads()
    # The first reminder the leader sends hangs in Telegram, and in the end fails; the kill
    # comes while it hangs, before the leader could give up waiting.
    emulator.faults.delay_next("sendMessage", error_code=500)
    await due_now(db_url, WEDNESDAY_0700, BO, CY)
    await emulator.faults.wait_held(1, timeout=WAIT)  # both claimed, one being sent
    await leader.process.kill()
    assert [] in (bo.messages, cy.messages)  # one held in Telegram; the other may be out
    emulator.faults.release()  # the dead leader's send fails: it never reached its user
    assert await arrives(emulator, bo, "Session time!"), follower.process.log()[-3000:]
    assert await arrives(emulator, cy, "Session time!"), follower.process.log()[-3000:]
    assert await follower.leads()
    assert await confirmed_sent(db_url, BO, CY) == {BO: 1, CY: 1}  # nothing left to send again
    assert [len(bo.messages), len(cy.messages)] == [1, 1], (bo.transcript(), cy.transcript())


async def due_now(db_url: str, moment: datetime, *user_ids: int) -> None:
    """Bring the users' pending reminders forward to ``moment``."""
    db = Database(db_url)
    try:
        async with db.transaction() as session:
            await session.execute(update(Reminder).where(
                Reminder.user_id.in_(user_ids), Reminder.status == "pending",
                Reminder.due_at <= moment + timedelta(hours=1)).values(due_at=moment))
    finally:
        await db.close()


async def confirmed_sent(db_url: str, *user_ids: int) -> dict[int, int]:
    """How many of each user's reminders were sent and confirmed, once none is unconfirmed."""
    db = Database(db_url)
    try:
        async with db.transaction() as session:
            rows = (await session.execute(
                select(Reminder.user_id, Reminder.status, Reminder.sent_at)
                .where(Reminder.user_id.in_(user_ids), Reminder.status == "sent"))).all()
    finally:
        await db.close()
    assert all(sent_at is not None for _, _, sent_at in rows), rows
    return dict(Counter(user_id for user_id, _, _ in rows))
