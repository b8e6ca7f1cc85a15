"""Planning, /schedule, /pause, /resume, reminder buttons and check-ins as use cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot.domain.onboarding import Step
from bot.domain.pausing import PauseProblem, PauseRequest
from bot.domain.reminders import MoveRefusal, Status
from bot.domain.week import Weekday
from bot.reports.reasons import explain
from bot.services import checkins, onboarding, reminder_actions, reminders, schedule
from bot.services.checkins import UnknownCheckIn
from bot.services.reminder_actions import Stale
from bot.services.today import today
from bot.storage import programmes, repo
from bot.storage.db import Database
from bot.storage.models import CheckIn, Decision, Reminder, TrainingSession
from tests.conftest import FakeClock
from tests.scheduling.helpers import RecordingOutbox, onboarded, ticker
from tests.services.test_onboarding import USER, walk_to

MORNING = time(8, 0)
ONBOARDED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # Monday
WEDNESDAY = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)


async def pending(db: Database, user_id: int = USER) -> dict[str, list[str]]:
    async with db.transaction() as session:
        rows = await session.execute(
            select(Reminder.slot, Reminder.local_date).where(
                Reminder.user_id == user_id, Reminder.status == "pending")
            .order_by(Reminder.local_date))
        found: dict[str, list[str]] = {}
        for slot, day in rows:
            found.setdefault(slot, []).append(day.isoformat())
        return found


async def reminder_on(db: Database, day: str, slot: str = "session") -> Reminder:
    async with db.transaction() as session:
        row = await session.scalar(select(Reminder).where(
            Reminder.local_date == date.fromisoformat(day), Reminder.slot == slot))
        assert row is not None
        return row


async def test_finishing_onboarding_plans_the_first_reminder(db: Database,
                                                             clock: FakeClock) -> None:
    await walk_to(db, clock, Step.DONE)
    assert await pending(db) == {"session": ["2027-01-06"]}


async def test_start_after_blocking_the_bot_plans_reminders_again(db: Database,
                                                                  clock: FakeClock) -> None:
    await walk_to(db, clock, Step.DONE)
    outbox = RecordingOutbox(lambda m: reminders.SendResult(reminders.Delivery.BLOCKED))
    await ticker(db, outbox).tick(WEDNESDAY)
    assert await pending(db) == {}
    await onboarding.start(db, USER, WEDNESDAY + timedelta(hours=1))
    assert await pending(db) == {"session": ["2027-01-08"]}


async def test_a_schedule_change_replans_at_once(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    view = await schedule.change_days(db, USER, (Weekday.TUE, Weekday.THU, Weekday.SAT),
                                      ONBOARDED, MORNING)
    assert view.next_at is not None and view.next_at.date() == date(2027, 1, 5)
    assert (await pending(db))["session"] == ["2027-01-05"]
    view = await schedule.change_time(db, USER, time(18, 0), ONBOARDED, MORNING)
    assert (await reminder_on(db, "2027-01-05")).due_at == datetime(2027, 1, 5, 18, 0,
                                                                     tzinfo=UTC)
    view = await schedule.change_zone(db, USER, "America/New_York", ONBOARDED, MORNING)
    assert view.zone == "America/New_York" and not view.back_to_back
    assert (await reminder_on(db, "2027-01-05")).due_at == datetime(2027, 1, 5, 23, 0,
                                                                     tzinfo=UTC)
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None and user.programme_start == date(2027, 1, 5)


async def test_schedule_needs_a_finished_set_up(db: Database) -> None:
    with pytest.raises(schedule.NotSetUp):
        await schedule.current(db, USER, ONBOARDED, MORNING)


async def test_pause_stops_everything_and_ends_by_itself(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    outcome = await schedule.pause(db, USER, "until 2027-01-20", ONBOARDED)
    assert outcome == PauseRequest(date(2027, 1, 20))
    assert await pending(db) == {"resume": ["2027-01-20"]}
    with pytest.raises(schedule.Paused):
        await today(db, USER, ONBOARDED)
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    await queue.tick(datetime(2027, 1, 19, 23, 59, tzinfo=UTC))
    assert outbox.sent == []
    await queue.tick(datetime(2027, 1, 20, 0, 0, tzinfo=UTC))  # local midnight in London
    assert "pause is over" in outbox.to(USER)[0]
    assert (await pending(db))["session"] == ["2027-01-20"]
    assert (await today(db, USER, datetime(2027, 1, 20, 9, tzinfo=UTC))).session_at is not None


async def test_pause_requests_that_make_no_sense_change_nothing(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    assert await schedule.pause(db, USER, "until yesterday", ONBOARDED) is \
        PauseProblem.NOT_UNDERSTOOD
    assert "session" in await pending(db)


async def test_resume_applies_the_gap_rules_to_the_time_away(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    async with db.transaction() as session:  # level 3, last completed session on 4 January
        programme = await programmes.load(session, USER)
        assert programme is not None
        await programmes.save(session, USER, replace(programme, level=3,
                                                     gap_from=date(2027, 1, 4)), ONBOARDED)
    with pytest.raises(schedule.NotPaused):
        await schedule.resume(db, USER, ONBOARDED, MORNING)
    await schedule.pause(db, USER, "", ONBOARDED)
    await schedule.pause(db, USER, "for 2 weeks", ONBOARDED)  # pausing again is harmless
    back = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)  # 16 days after the last session
    outcome = await schedule.resume(db, USER, back, MORNING)
    assert outcome.level == 1 and outcome.decision is not None
    assert "16 days" in explain(outcome.decision)
    assert outcome.next_at is not None and outcome.next_at.date() == date(2027, 1, 22)
    async with db.transaction() as session:
        rules = list(await session.scalars(select(Decision.rule).order_by(Decision.id)))
        assert rules == ["start", "pause", "gap_14"]


async def test_buttons_work_once_and_then_say_what_happened(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(WEDNESDAY)
    row = await reminder_on(db, "2027-01-06")
    later = await reminder_actions.put_off(db, USER, row.id, 1, 30, WEDNESDAY)
    assert later.accepted and later.again_at is not None
    assert later.again_at.strftime("%H:%M") == "08:00"
    await ticker(db, outbox).tick(WEDNESDAY + timedelta(minutes=30))
    assert len(outbox.to(USER)) == 2 and "again" in outbox.to(USER)[1]
    old = await reminder_actions.skip_today(db, USER, row.id, 1, WEDNESDAY)
    assert old.stale is Stale.NEWER_MESSAGE
    start = await reminder_actions.start_session_now(db, USER, row.id, 2, WEDNESDAY)
    assert start.accepted
    again = await reminder_actions.start_session_now(db, USER, row.id, 2, WEDNESDAY)
    assert (again.stale, again.status) == (Stale.HANDLED, Status.DONE)
    stranger = await reminder_actions.skip_today(db, USER + 1, row.id, 2, WEDNESDAY)
    assert stranger.stale is Stale.UNKNOWN


async def test_move_keeps_a_rest_day_and_skip_names_the_next_session(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(WEDNESDAY)
    wednesday = await reminder_on(db, "2027-01-06")
    refused = await reminder_actions.move_to_tomorrow(db, USER, wednesday.id, 1, WEDNESDAY)
    assert refused.refusal is MoveRefusal.NO_REST_DAY and not refused.accepted
    skipped = await reminder_actions.skip_today(db, USER, wednesday.id, 1, WEDNESDAY)
    assert skipped.next_at is not None and skipped.next_at.date() == date(2027, 1, 8)
    friday = WEDNESDAY + timedelta(days=2)
    await ticker(db, outbox).tick(friday)
    row = await reminder_on(db, "2027-01-08")
    moved = await reminder_actions.move_to_tomorrow(db, USER, row.id, 2, friday)
    assert moved.accepted and moved.next_at is not None
    assert moved.next_at.date() == date(2027, 1, 9)
    await ticker(db, outbox).tick(friday + timedelta(days=1))
    assert len(outbox.to(USER)) == 3  # Wednesday, Friday, and Saturday's moved session
    late = await reminder_actions.skip_today(db, USER, row.id, 2, friday)
    assert late.stale is Stale.HANDLED and late.status is Status.MOVED


async def test_a_reminder_from_an_earlier_day_does_nothing(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    await ticker(db, RecordingOutbox()).tick(WEDNESDAY)
    row = await reminder_on(db, "2027-01-06")
    press = await reminder_actions.start_session_now(db, USER, row.id, 1,
                                                     WEDNESDAY + timedelta(days=1))
    assert press.stale is Stale.PAST_DAY


async def completed_session(db: Database) -> int:
    async with db.transaction() as session:
        row = TrainingSession(user_id=USER, local_date=date(2027, 1, 6), level=1,
                              status="completed")
        session.add(row)
        await session.flush()
        user = await repo.get_user(session, USER)
        assert user is not None
        planned = await reminders.plan_morning_checkin(session, user, row,
                                                       WEDNESDAY + timedelta(minutes=35))
        assert planned is not None and planned.day == date(2027, 1, 7)
        return row.id


async def test_the_morning_check_in_is_planned_and_the_first_answer_wins(db: Database
                                                                         ) -> None:
    await onboarded(db, USER, ONBOARDED)
    session_id = await completed_session(db)
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(datetime(2027, 1, 7, 8, 0, tzinfo=UTC))
    assert "this morning" in outbox.to(USER)[-1]
    thursday = datetime(2027, 1, 7, 8, 5, tzinfo=UTC)
    first = await checkins.record_morning_pain(db, USER, session_id, 3, thursday)
    second = await checkins.record_morning_pain(db, USER, session_id, 6, thursday)
    assert (first.pain, first.already, second.pain, second.already) == (3, False, 3, True)
    assert (await reminder_on(db, "2027-01-07", "morning")).status == "done"
    with pytest.raises(UnknownCheckIn):
        await checkins.record_morning_pain(db, USER + 1, session_id, 3, thursday)


async def test_the_weekly_check_in_becomes_the_baseline(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    outbox = RecordingOutbox()
    queue = ticker(db, outbox)
    await queue.tick(WEDNESDAY)
    weekly = await reminder_on(db, "2027-01-13", "weekly")
    await queue.tick(weekly.due_at)
    assert "Week 1 done" in outbox.to(USER)[-1]
    noted = await checkins.record_weekly_pain(db, USER, weekly.id, 2, weekly.due_at)
    assert noted.decision is not None and "2/10" in explain(noted.decision)
    again = await checkins.record_weekly_pain(db, USER, weekly.id, 5, weekly.due_at)
    assert again.already
    async with db.transaction() as session:
        programme = await programmes.load(session, USER)
        assert programme is not None and programme.baseline == 2
        kinds = list(await session.scalars(select(CheckIn.kind)))
        assert kinds == ["weekly"]


async def test_a_session_started_early_silences_that_day_s_reminder(db: Database) -> None:
    await onboarded(db, USER, ONBOARDED)
    async with db.transaction() as session:
        await reminders.session_started(session, USER, date(2027, 1, 6),
                                        WEDNESDAY - timedelta(hours=1))
    outbox = RecordingOutbox()
    await ticker(db, outbox).tick(WEDNESDAY)
    assert outbox.sent == []
    assert (await reminder_on(db, "2027-01-06")).status == "done"
    assert (await pending(db))["session"] == ["2027-01-08"]
