"""Progress as use cases: the figures read from a record the engine wrote."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bench.history import START, onboarded_user, write_history
from bot.config import Settings
from bot.services.coaching import NoProgramme
from bot.services.container import Services
from bot.services.progress import progress, report_data
from bot.storage import repo
from bot.storage.db import Database
from tests.conftest import FakeClock


async def test_five_sessions_are_two_weeks_in_with_every_one_done(db: Database) -> None:
    now = await write_history(db, 7, 5)
    view = await progress(db, 7, now)
    assert view.sessions == 5
    summary = view.summary
    assert (summary.week, summary.done, summary.scheduled) == (2, 5, 5)
    assert summary.start_level == 1 and summary.adherence == 1.0
    later = await progress(db, 7, now + timedelta(days=7))  # a week missed
    assert later.summary.scheduled == 8 and later.summary.week == 3


async def test_before_the_first_session_nothing_is_charted(db: Database) -> None:
    joined = await onboarded_user(db, 7)
    view = await progress(db, 7, joined)
    assert view.sessions == 0 and view.summary.week == 0 and view.summary.adherence is None
    data = await report_data(db, 7, joined)
    assert data.name is None and data.background.first_session == START
    assert [record.decision.rule.value for record in data.decisions] == ["start"]


async def test_someone_not_set_up_has_no_progress(db: Database, clock: FakeClock) -> None:
    with pytest.raises(NoProgramme):
        await progress(db, 9, clock.now())
    async with db.transaction() as session:
        await repo.add_user(session, 9, "", clock.now(), "consent")
    with pytest.raises(NoProgramme):
        await progress(db, 9, clock.now())


async def test_chart_and_report_render_any_users_data(db: Database) -> None:
    now = await write_history(db, 7, 3)
    await write_history(db, 8, 1)
    services = Services(db, FakeClock(now), Settings())
    assert (await services.progress.chart(8)).startswith(b"\x89PNG")
    assert (await services.progress.report(8)).startswith(b"%PDF")
    figures, chart = await services.progress.view(7)
    assert figures.sessions == 3 and chart is not None
