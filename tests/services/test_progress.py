"""Progress as use cases: the figures read from a record the engine wrote."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from bench.history import START, onboarded_user, write_history
from bot.config import Settings
from bot.domain.outcomes import Item
from bot.services.coaching import NoProgramme
from bot.services.container import Services
from bot.services.progress import progress, report_data
from bot.storage import outcomes as outcome_store
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
    later = await progress(db, 7, now + timedelta(days=7))
    # a week missed: three more days came due (the fourth, today, is still to come)
    assert later.summary.scheduled == 7 and later.summary.week == 3


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


async def test_the_report_and_the_trend_use_the_outcome_answers_once_given(
        db: Database) -> None:
    now = await write_history(db, 7, 9)
    peaks_only = await progress(db, 7, now)
    async with db.transaction() as session:
        for week, pain in ((1, 6), (2, 5), (3, 4)):
            assert await outcome_store.record_weekly_pain(session, 7, week, pain, now)
        week_0 = await outcome_store.begin_snapshot(session, 7, 0, now, average_pain=6)
        await outcome_store.save_answer(session, week_0.id, Item.CURRENT_PAIN, 5)
        await outcome_store.save_answer(session, week_0.id, Item.FEAR, 7)
        await outcome_store.begin_snapshot(session, 7, 6, now)  # begun, nothing answered
    answered = await progress(db, 7, now)
    assert answered.summary.pain_change == -2.0  # week 3's answer 4 against week 1's 6
    assert answered.summary.pain_change != peaks_only.summary.pain_change
    data = await report_data(db, 7, now)
    assert [s.week for s in data.snapshots] == [0]
    (figures,) = data.snapshots
    assert (figures.average_pain, figures.current_pain) == (6, 5)
    assert figures.answers == (("Worried running will harm the back", "7/10"),)
    words = PdfReader(io.BytesIO(await Services(db, FakeClock(now), Settings())
                                 .progress.report(7))).pages[0].extract_text()
    assert "Week 0: average pain 6/10 (60/100), current pain 5/10 (50/100)" in words
