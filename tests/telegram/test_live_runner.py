"""The live-session runner when the database is away."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import pytest

from bot.config import Settings
from bot.services.container import Services
from bot.storage.db import Database
from bot.telegram.live import SessionRunner, Wake
from tests.conftest import FakeClock


class NoTimers:
    def wake_at(self, session_id: int, at: datetime) -> None:
        pass

    def cancel(self, session_id: int) -> None:
        pass


def no_timers(_wake: Wake) -> NoTimers:
    return NoTimers()


async def test_status_message_ids_that_cannot_be_stored_are_logged_not_raised(
    locked_db: Database, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    bot: Any = object()  # nothing is sent in this test
    runner = SessionRunner(bot, Services(locked_db, clock, Settings()), no_timers)
    with caplog.at_level(logging.WARNING, logger="bot.telegram.live"):
        runner._store_status_message(7, 701)
        await runner.settled()
    assert "status message ids of 1 sessions not stored" in caplog.text
