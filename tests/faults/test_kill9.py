"""``kill -9`` the real bot during a live session, around a pain tap and mid fan-out; restart it
on the same database and check, from the database and the chat transcripts, that nothing was
lost and little was repeated."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import killpoints
from bot.emulator import Emulator, SimulatedUser
from bot.scheduling.ticker import BATCH
from bot.storage.db import Database
from bot.storage.models import CheckIn, Reminder, TrainingSession
from tests.faults.process import BotProcess
from tests.scheduling.helpers import many_onboarded, onboarded

TOKEN = "424242:kill-suite-token"
USER = 9001
ONBOARDED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday; training Mon/Wed/Fri at 07:30
WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
WAIT = 60.0
# Session time runs this many times faster than the process clock: a session takes seconds.
SCALE = 400
PEAK = "How bad was your back pain at its worst during the session?"
SIGNS = "Did you notice any of these?"


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator(TOKEN, flood_limits=None) as emu:
        yield emu


async def until(emulator: Emulator, holds: Callable[[], bool], what: str,
                bot: BotProcess) -> None:
    if not await emulator.state.activity.wait_for(holds, WAIT):
        raise AssertionError(f"{what} did not happen\n{bot.log()[-4000:]}")


def last_with_buttons(user: SimulatedUser) -> str:
    for message in reversed(user.messages):
        if message.reply_markup is not None and not message.deleted:
            return message.text or ""
    return ""


async def session_row(db_url: str) -> TrainingSession:
    db = Database(db_url)
    try:
        async with db.transaction() as session:
            row = await session.scalar(select(TrainingSession).where(
                TrainingSession.user_id == USER))
            assert row is not None
            return row
    finally:
        await db.close()


async def peak_answers(db_url: str) -> list[int]:
    db = Database(db_url)
    try:
        async with db.transaction() as session:
            return list(await session.scalars(select(CheckIn.pain).where(
                CheckIn.user_id == USER, CheckIn.kind == "peak")))
    finally:
        await db.close()


@pytest.mark.parametrize("point", [killpoints.BEFORE_PEAK_WRITE, killpoints.AFTER_PEAK_WRITE,
                                   killpoints.BEFORE_PEAK_REPLY])
async def test_kill_during_a_session_and_at_a_pain_tap_loses_nothing(
        tmp_path: Path, emulator: Emulator, db_url: str, point: str) -> None:
    db = Database(db_url)
    await onboarded(db, USER, ONBOARDED)
    await db.close()
    ada = emulator.user(user_id=USER, first_name="Ada")
    bot = BotProcess(tmp_path, emulator, db_url, RUNBACK_COACH__TIME_SCALE=str(SCALE))
    try:
        await bot.start(WEDNESDAY_0730, kill_at=point)
        await ada.send("/go")
        await until(emulator, lambda: "2" in (ada.last_message.buttons
                                               if ada.last_message else []), "/go", bot)
        await ada.press("2")
        await until(emulator, lambda: any("Warm-up" in (m.text or "") for m in ada.messages),
                    "the first cue", bot)
        await bot.kill()  # during the live session

        started = (await session_row(db_url)).started_at
        assert started is not None
        await bot.start(started + timedelta(seconds=1), kill_at=point)
        await until(emulator, lambda: last_with_buttons(ada).startswith(PEAK),
                    "the session continued to its check-in", bot)
        assert any((m.text or "").startswith("I'm back") for m in ada.messages)  # picked up
        await ada.press("5")
        await bot.died()  # at the kill point
        assert len(await peak_answers(db_url)) == (0 if point == killpoints.BEFORE_PEAK_WRITE
                                                   else 1)

        ended = (await session_row(db_url)).ended_at
        assert ended is not None
        await bot.start(ended + timedelta(minutes=1))
        await until(emulator, lambda: last_with_buttons(ada).startswith((PEAK, SIGNS)),
                    "the check-in asked again", bot)
        if last_with_buttons(ada).startswith(PEAK):
            await ada.press("5")
        await until(emulator, lambda: last_with_buttons(ada).startswith(SIGNS),
                    "the warning-signs question", bot)
        assert await peak_answers(db_url) == [5]  # not lost, not stored twice
        await ada.press("None of these")
        await until(emulator, lambda: any("level" in (m.text or "").lower()
                                          for m in ada.messages[-2:]), "the verdict", bot)
        assert (await session_row(db_url)).status == "done"
    finally:
        await bot.stop()


FAN_OUT = range(20_001, 20_301)


async def reminder_counts(db_url: str) -> tuple[int, int]:
    """Session reminders of the due day: (claimed but not confirmed, confirmed sent)."""
    db = Database(db_url)
    try:
        async with db.transaction() as session:
            due = (Reminder.slot == "session") & (Reminder.local_date == WEDNESDAY_0730.date())
            unconfirmed = await session.scalar(select(func.count()).where(
                due, Reminder.status == "sent", Reminder.sent_at.is_(None)))
            confirmed = await session.scalar(select(func.count()).where(
                due, Reminder.status == "sent", Reminder.sent_at.is_not(None)))
            return int(unconfirmed or 0), int(confirmed or 0)
    finally:
        await db.close()


async def test_kill_during_a_300_user_fan_out_loses_no_reminder(
        tmp_path: Path, emulator: Emulator, db_url: str) -> None:
    db = Database(db_url)
    await many_onboarded(db, FAN_OUT, ONBOARDED)
    await db.close()
    people = [emulator.user(user_id=n, first_name="P") for n in FAN_OUT]
    bot = BotProcess(tmp_path, emulator, db_url, RUNBACK_SCHEDULE__TICK_SECONDS="1")
    reached = lambda count: lambda: sum(1 for p in people if p.messages) >= count  # noqa: E731
    try:
        await bot.start(WEDNESDAY_0730)
        await until(emulator, reached(110), "over a third of the fan-out, mid-batch", bot)
        await bot.kill()
        in_flight, confirmed = await reminder_counts(db_url)
        assert in_flight <= BATCH  # only what the pacer sends in the next moment is claimed
        assert confirmed + in_flight < len(FAN_OUT)

        await bot.start(WEDNESDAY_0730 + timedelta(minutes=1))
        await until(emulator, reached(len(people)), "the rest of the fan-out", bot)
        await bot.stop()
    finally:
        await bot.stop()
    assert await reminder_counts(db_url) == (0, len(FAN_OUT))
    received = [len(p.messages) for p in people]
    assert min(received) == 1  # no reminder lost
    assert max(received) <= 2  # a duplicate at most once per message
    assert sum(received) - len(people) <= in_flight  # only messages in flight at the kill
