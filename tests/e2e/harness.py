"""Runs the real bot against the emulator and waits, without sleeping, for it to catch up."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import make_url, select
from telegram.ext import Application

from bot import app
from bot.clock import Stopwatch
from bot.config import (
    AudioSettings,
    DatabaseSettings,
    ScheduleSettings,
    Settings,
    TelegramSettings,
)
from bot.emulator import Emulator, SimulatedUser
from bot.emulator.models import SentMessage
from bot.storage import migrate
from bot.storage.db import Database
from bot.storage.models import Decision as DecisionRow
from bot.telegram import live, slow_replies
from bot.telegram.caught_up import HandledUpdates
from bot.telegram.slow_replies import SlowReplies
from tests.backends import scratch_folder
from tests.conftest import FakeClock, WarpStopwatch

SETTLE_TIMEOUT = 10.0


class RecordingTimers:
    """Passes every call on to the real timers and records, in ``pending``, the wake-up each
    session was last asked for and not since cancelled."""

    def __init__(self, timers: live.Timers) -> None:
        self.timers = timers
        self.pending: dict[int, datetime] = {}

    def wake_at(self, session_id: int, at: datetime) -> None:
        self.pending[session_id] = at
        self.timers.wake_at(session_id, at)

    def cancel(self, session_id: int) -> None:
        self.pending.pop(session_id, None)
        self.timers.cancel(session_id)


class NoTimers:
    """Timers of a bot that has not started: nothing ever wakes."""

    def wake_at(self, session_id: int, at: datetime) -> None:
        pass

    def cancel(self, session_id: int) -> None:
        pass


class RunningBot:
    """The Application, polling the emulator, on a real SQLite file, with an injected clock."""

    def __init__(self, emulator: Emulator, db_url: str, clock: FakeClock,
                 stopwatch: Stopwatch | None = None) -> None:
        self.busy_timeout_ms = 5000
        self.emulator = emulator
        self.db_url = db_url
        self.clock = clock
        self.stopwatch = stopwatch or WarpStopwatch()
        self.db: Database | None = None
        self.application: Application[Any, Any, Any, Any, Any, Any] | None = None
        self.handled = HandledUpdates()
        self.timers = RecordingTimers(NoTimers())

    @property
    def settings(self) -> Settings:
        return Settings(
            telegram=TelegramSettings(token=self.emulator.token,
                                      api_base_url=self.emulator.base_url),
            database=DatabaseSettings(url=self.db_url),
            # Tests tick the reminder queue by hand, with the fake clock; no timer ticks it.
            schedule=ScheduleSettings(tick_seconds=3600),
            audio=AudioSettings(cache_dir=str(self.audio_dir)),
        )

    @property
    def audio_dir(self) -> Path:
        """Rendered tracks go beside the test's SQLite file, or into a folder named after its
        PostgreSQL database: never into the working folder, never shared by two tests."""
        url = make_url(self.db_url)
        if url.get_backend_name() == "sqlite" and url.database:
            return Path(url.database).parent / "audio"
        return scratch_folder(self.db_url) / "audio"

    async def start(self) -> None:
        await migrate.upgrade(self.db_url)
        self.db = Database(self.db_url, busy_timeout_ms=self.busy_timeout_ms)
        application = app.build_application(self.settings, self.db, self.clock, self.stopwatch)
        updates = self.emulator.state.updates
        self.handled = HandledUpdates(already=updates.enqueued - len(updates.pending))
        self.handled.attach(application)
        # Every wake-up the runner asks for is recorded, and still reaches the job queue.
        runner: live.SessionRunner = application.bot_data[live.KEY]
        self.timers = runner.timers = RecordingTimers(runner.timers)
        self.application = application
        await app.start(application, poll_timeout=1)

    async def stop(self) -> None:
        application, self.application = self.application, None
        if application is not None:
            await app.stop(application)
        if self.db is not None:
            await self.db.close()
            self.db = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def rules(self) -> list[str]:
        """The rule of every decision stored so far, oldest first."""
        assert self.db is not None
        async with self.db.transaction() as session:
            return list((await session.scalars(select(DecisionRow.rule)
                                               .order_by(DecisionRow.id))).all())

    async def settle(self) -> None:
        """Wait until every update sent so far has been handled to the end, status edits too."""
        await self.handled.wait_for(self.emulator.state.updates.enqueued, SETTLE_TIMEOUT)
        if self.application is not None:
            runner: live.SessionRunner = self.application.bot_data[live.KEY]
            await runner.settled()
            replies: SlowReplies = self.application.bot_data[slow_replies.KEY]
            await asyncio.wait_for(replies.settled(), SETTLE_TIMEOUT)


class Person:
    """One simulated user talking to the running bot, one exchange at a time."""

    def __init__(self, user: SimulatedUser, bot: RunningBot) -> None:
        self.user = user
        self.bot = bot

    @property
    def last(self) -> SentMessage:
        message = self.user.last_message
        assert message is not None, self.user.transcript()
        return message

    async def say(self, text: str) -> list[SentMessage]:
        """Send text and return every new message the bot sent in answer."""
        before = len(self.user.messages)
        await self.user.send(text)
        await self.bot.settle()
        return self.user.messages[before:]

    async def tap(self, label: str, message: SentMessage | int | None = None) -> list[SentMessage]:
        """Press an inline button and return the new messages it produced."""
        before = len(self.user.messages)
        await self.user.press(label, message=message)
        await self.bot.settle()
        return self.user.messages[before:]

    async def share_location(self, latitude: float, longitude: float) -> list[SentMessage]:
        before = len(self.user.messages)
        await self.user.share_location(latitude, longitude)
        await self.bot.settle()
        return self.user.messages[before:]

    @property
    def last_alert(self) -> str | None:
        answers = self.user.callback_answers
        return answers[-1].text if answers else None

    def texts(self) -> list[str]:
        return [m.text or "" for m in self.user.messages]
