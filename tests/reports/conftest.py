from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

import pytest

from bench.history import write_history
from bot.reports.record import ReportData
from bot.services.progress import report_data
from bot.storage.db import Database

USER = 42
MakeReport = Callable[[int], Awaitable[ReportData]]


@pytest.fixture
def make_report(db: Database) -> MakeReport:
    """The report's data for a user with this many sessions, as the service reads it."""

    async def make(sessions: int) -> ReportData:
        now: datetime = await write_history(db, USER, sessions)
        return await report_data(db, USER, now, name="Ada")

    return make
