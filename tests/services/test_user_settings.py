"""Each user's own morning check-in time, the days grid's rule, and a pause that keeps the
morning after a session."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.domain.week import Weekday
from bot.services import planning, schedule, settings
from bot.storage import reminders as store
from bot.storage import repo
from bot.storage.db import Database
from tests.scheduling.helpers import onboarded
from tests.services.test_onboarding import USER
from tests.services.test_reminder_services import (
    MORNING,
    ONBOARDED,
    WEDNESDAY,
    completed_session,
    pending,
    reminder_on,
)

EARLY = time(6, 30)


async def test_a_users_own_morning_time_moves_the_pending_check_in(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    await completed_session(db)
    assert (await reminder_on(db, "2027-01-07", "morning")).due_at.hour == 8
    view = await schedule.change_morning_time(db, USER, EARLY, WEDNESDAY, MORNING)
    assert view.morning_at == EARLY
    assert (await reminder_on(db, "2027-01-07", "morning")).due_at == datetime(
        2027, 1, 7, 6, 30, tzinfo=UTC)
    assert (await schedule.current(db, USER, WEDNESDAY, MORNING)).morning_at == EARLY


async def test_the_next_morning_and_weekly_check_ins_are_planned_at_the_users_time(
        db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    await schedule.change_morning_time(db, USER, EARLY, ONBOARDED, MORNING)
    await completed_session(db)
    assert (await reminder_on(db, "2027-01-07", "morning")).due_at.time() == EARLY
    assert (await reminder_on(db, "2027-01-13", "weekly")).due_at.time() == EARLY


async def test_without_a_time_of_their_own_the_configured_one_applies(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None and user.morning_checkin_time is None
        own = store.schedule_of(user)
    assert own is not None and planning.morning_time(own, MORNING) == MORNING
    assert planning.morning_time(replace(own, morning_at=EARLY), MORNING) == EARLY


async def test_pause_then_resume_keeps_the_next_morning_check_in(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    await completed_session(db)
    evening = WEDNESDAY + timedelta(hours=12)
    await schedule.pause(db, USER, "", evening)
    assert "morning" not in await pending(db)
    await schedule.resume(db, USER, evening + timedelta(hours=1), MORNING)
    assert (await pending(db))["morning"] == ["2027-01-07"]


async def test_a_morning_gone_by_during_the_pause_is_not_asked_after_it(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    await completed_session(db)
    await schedule.pause(db, USER, "", WEDNESDAY + timedelta(hours=12))
    await schedule.resume(db, USER, datetime(2027, 1, 9, 9, tzinfo=UTC), MORNING)
    assert "morning" not in await pending(db)


@pytest.mark.parametrize("days", [(Weekday.MON, Weekday.WED), (Weekday.MON,) * 3,
                                  (Weekday.MON, Weekday.TUE, Weekday.THU, Weekday.SAT)])
async def test_the_days_grid_saves_only_three_days(db: Database,
                                                   days: tuple[Weekday, ...]) -> None:
    await onboarded(db, USER, ONBOARDED)
    with pytest.raises(settings.WrongDayCount):
        await settings.change_days(db, USER, days, ONBOARDED, MORNING)
    view = await settings.change_days(db, USER, (Weekday.TUE, Weekday.THU, Weekday.SAT),
                                      ONBOARDED, MORNING)
    assert view.days == (Weekday.TUE, Weekday.THU, Weekday.SAT)
    assert (await pending(db))["session"] == [date(2027, 1, 5).isoformat()]


async def test_the_daily_flare_message_comes_at_the_users_own_time(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    await schedule.change_morning_time(db, USER, EARLY, ONBOARDED, MORNING)
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None
        own = store.schedule_of(user)
        assert own is not None and own.morning_at == EARLY
        await planning.ensure_flare(session, [(own, date(2027, 1, 4))], ONBOARDED, MORNING)
    flare = await reminder_on(db, "2027-01-05", "flare")
    assert flare.due_at == datetime(2027, 1, 5, 6, 30, tzinfo=UTC)
