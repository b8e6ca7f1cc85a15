"""Reminders end to end through the emulator: buttons, /schedule, /pause, /resume, 403 and 429."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot import app
from bot.clock import SystemStopwatch
from bot.emulator import REALISTIC_FLOOD_LIMITS, Emulator
from bot.scheduling.reminders import queue_of
from bot.scheduling.ticker import TickReport
from bot.services import reminders
from bot.storage import repo
from bot.storage.db import Database
from bot.storage.models import Reminder, TrainingSession
from tests.conftest import FakeClock
from tests.e2e.conftest import TOKEN
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.scheduling.helpers import many_onboarded

WEDNESDAY = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)  # the first reminder after onboarding
FRIDAY = WEDNESDAY + timedelta(days=2)
REMINDER_BUTTONS = ["▶️ Start now", "🎧 Get the audio", "Later 30 min", "Later 1 h", "Later 2 h",
                    "⏭ Skip today", "➡️ Move to tomorrow"]


async def tick(bot: RunningBot, clock: FakeClock) -> TickReport:
    assert bot.application is not None
    report = await queue_of(bot.application).ticker.tick(clock.now())
    await bot.settle()
    return report


async def reminded(person: Person, bot: RunningBot, clock: FakeClock, moment: datetime) -> None:
    clock.set(moment)
    before = len(person.user.messages)
    await tick(bot, clock)
    assert len(person.user.messages) == before + 1, person.user.transcript()


async def test_the_reminder_comes_at_local_time_with_its_buttons(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY - timedelta(minutes=1))
    assert (await tick(bot, clock)).sent == 0
    await reminded(ada, bot, clock, WEDNESDAY)
    assert "Session time" in (ada.last.text or "") and "level 1" in (ada.last.text or "")
    assert ada.last.buttons == REMINDER_BUTTONS
    clock.advance(seconds=20)
    assert (await tick(bot, clock)).claimed == 0


async def test_later_brings_it_back_and_old_buttons_say_what_happened(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    await reminded(ada, bot, clock, WEDNESDAY)
    first = ada.last
    later = first.button("Later 30 min")
    assert later is not None
    replies = await ada.tap("Later 30 min")
    assert "remind you again at <b>08:00</b>" in (replies[-1].source or replies[-1].text or "") \
        or "again at 08:00" in (replies[-1].text or "")
    await ada.user.press_data(first.message_id, later["callback_data"])  # a double tap
    await bot.settle()
    assert ada.last_alert == "You put this off — I'll remind you again at 08:00."
    clock.set(WEDNESDAY + timedelta(minutes=29))
    assert (await tick(bot, clock)).sent == 0
    await reminded(ada, bot, clock, WEDNESDAY + timedelta(minutes=30))
    assert "Here's your session again" in (ada.last.text or "")
    await ada.user.press_data(first.message_id, later["callback_data"])
    await bot.settle()
    assert ada.last_alert == "There's a newer reminder for this session — please use that one."


async def test_start_now_shows_the_session_once(ada: Person, bot: RunningBot,
                                                clock: FakeClock) -> None:
    await onboard(ada)
    await reminded(ada, bot, clock, WEDNESDAY)
    reminder = ada.last
    start = reminder.button("▶️ Start now")
    assert start is not None and start["callback_data"].startswith("go|")
    replies = await ada.tap("▶️ Start now")
    assert "how is your back right now" in (replies[-1].text or "")
    await ada.user.press_data(reminder.message_id, start["callback_data"])
    await bot.settle()
    assert ada.last_alert == "You've already started this session."


async def test_skip_and_move_to_tomorrow(ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    await reminded(ada, bot, clock, WEDNESDAY)
    await ada.tap("➡️ Move to tomorrow")  # Thursday, with Friday straight after: refused
    assert "back to back" in (ada.last_alert or "")
    replies = await ada.tap("⏭ Skip today")
    assert "Skipped" in (replies[-1].text or "")
    assert "Friday 8 January at 07:30" in (replies[-1].text or "")
    await reminded(ada, bot, clock, FRIDAY)
    replies = await ada.tap("➡️ Move to tomorrow")
    assert "Saturday 9 January at 07:30" in (replies[-1].text or "")
    replies = await ada.say("/today")
    assert "Rest day" in (replies[0].text or "") and "Saturday at 07:30" in (replies[0].text or "")
    await reminded(ada, bot, clock, FRIDAY + timedelta(days=1))
    assert "Session time" in (ada.last.text or "")
    replies = await ada.tap("▶️ Start now")
    assert "how is your back right now" in (replies[-1].text or "")
    replies = await ada.tap("Skip")
    assert "Warm-up walk — 5:00" in (replies[-1].text or "")


async def test_pause_and_resume(ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    replies = await ada.say("/pause for 2 weeks")
    assert "Paused until Monday 18 January" in (replies[0].text or "")
    replies = await ada.say("/today")
    assert "paused until Monday 18 January" in (replies[0].text or "")
    clock.set(WEDNESDAY)
    assert (await tick(bot, clock)).sent == 0
    replies = await ada.say("/pause whenever")
    assert "couldn't read that" in (replies[0].text or "")
    replies = await ada.say("/resume")
    assert "Welcome back" in (replies[0].text or "")
    assert "Friday 8 January at 07:30" in (replies[0].text or "")
    replies = await ada.say("/resume")
    assert "not paused" in (replies[0].text or "")
    await reminded(ada, bot, clock, FRIDAY)


async def test_a_pause_with_an_end_date_ends_by_itself(ada: Person, bot: RunningBot,
                                                       clock: FakeClock) -> None:
    await onboard(ada)
    await ada.say("/pause until 2027-01-11")
    await reminded(ada, bot, clock, datetime(2027, 1, 11, 0, 0, tzinfo=UTC))
    assert "Your pause is over" in (ada.last.text or "")
    await reminded(ada, bot, clock, datetime(2027, 1, 11, 7, 30, tzinfo=UTC))


async def test_schedule_changes_the_next_reminder_at_once(ada: Person, bot: RunningBot,
                                                          clock: FakeClock) -> None:
    await onboard(ada)
    replies = await ada.say("/schedule")
    text = replies[0].text or ""
    assert "Monday, Wednesday, Friday" in text and "07:30 (Europe/London)" in text
    replies = await ada.say("/schedule time 18:00")  # the first session can be today now
    assert "Next session: Monday 4 January at 18:00" in (replies[0].text or "")
    replies = await ada.say("/schedule days mon tue fri")
    assert "back to back" in (replies[0].text or "")
    replies = await ada.say("/schedule days mon fri")
    assert "exactly three" in (replies[0].text or "")
    replies = await ada.say("/schedule zone New York")
    assert "America/New_York" in (replies[0].text or "")
    clock.set(datetime(2027, 1, 4, 22, 59, tzinfo=UTC))
    assert (await tick(bot, clock)).sent == 0
    await reminded(ada, bot, clock, datetime(2027, 1, 4, 23, 0, tzinfo=UTC))  # 18:00 EST
    commands = [c["command"] for c in bot.emulator.calls_to("setMyCommands")[-1]["commands"]]
    assert {"schedule", "pause", "resume"} <= set(commands)


async def test_a_user_who_blocked_the_bot_is_left_alone_until_start(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    bo = Person(bot.emulator.user(user_id=5002, first_name="Bo"), bot)
    await onboard(ada)
    await onboard(bo)
    ada.user.block()
    clock.set(WEDNESDAY)
    report = await tick(bot, clock)
    assert (report.sent, report.not_sent) == (1, 1)
    assert "Session time" in (bo.last.text or "")
    assert bot.db is not None
    async with bot.db.transaction() as session:
        user = await repo.get_user(session, ada.user.id)
        assert user is not None and not user.active
    clock.set(FRIDAY)
    assert (await tick(bot, clock)).sent == 1  # only Bo
    ada.user.unblock()
    await ada.say("/start")
    await reminded(ada, bot, clock, FRIDAY + timedelta(days=3))


async def test_a_429_is_honoured_and_the_reminder_still_arrives_once(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    # PTB's rate limiter waits retry_after and tries three more times, and a short wait gets
    # one try more; one more refusal and the reminder goes back in the queue, not dropped.
    bot.emulator.faults.fail_next("sendMessage", error_code=429, retry_after=1, times=5)
    clock.set(WEDNESDAY)
    report = await tick(bot, clock)
    assert (report.sent, report.queued_again) == (0, 1)
    clock.advance(seconds=1)
    assert (await tick(bot, clock)).sent == 1
    attempts = [c for c in bot.emulator.calls_to("sendMessage") if "Session time" in c["text"]]
    assert len(attempts) == 6
    delivered = [m for m in ada.user.messages if "Session time" in (m.text or "")]
    assert len(delivered) == 1


async def test_check_in_buttons_record_the_first_answer(ada: Person, bot: RunningBot,
                                                        clock: FakeClock) -> None:
    await onboard(ada)
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = TrainingSession(user_id=ada.user.id, local_date=date(2027, 1, 6), level=1,
                              status="completed")
        session.add(row)
        await session.flush()
        user = await repo.get_user(session, ada.user.id)
        assert user is not None
        await reminders.plan_morning_checkin(session, user, row, WEDNESDAY)
    await reminded(ada, bot, clock, datetime(2027, 1, 7, 8, 0, tzinfo=UTC))
    question = ada.last
    assert "this morning" in (question.text or "")
    button = question.button("5")
    assert button is not None
    replies = await ada.tap("3")
    assert replies[-1].text == "Thanks — noted 3/10 this morning."
    await ada.user.press_data(question.message_id, button["callback_data"])
    await bot.settle()
    assert ada.last_alert == "You already answered that (3/10) — I've kept your first answer."
    async with bot.db.transaction() as session:
        weekly = await session.scalar(select(Reminder).where(Reminder.slot == "weekly"))
        assert weekly is not None
        due = weekly.due_at
    await reminded(ada, bot, clock, due)
    replies = await ada.tap("9")
    assert "Pain of 9 or 10" in (replies[-2].text or "")
    assert "9/10 on average" in (replies[-1].text or "")


async def test_two_app_instances_on_one_database_send_no_duplicate(
        bot: RunningBot, clock: FakeClock, db_url: str) -> None:
    people = [bot.emulator.user(user_id=6000 + n, first_name="P") for n in range(60)]
    assert bot.db is not None
    await many_onboarded(bot.db, [p.id for p in people], clock.now())
    other_db = Database(db_url)
    other = app.build_application(bot.settings, other_db, clock)
    await other.initialize()
    try:
        assert bot.application is not None
        first, second = queue_of(bot.application), queue_of(other)
        first.ticker.batch = second.ticker.batch = 7  # small claims, so they interleave
        clock.set(WEDNESDAY)
        await asyncio.gather(first.ticker.tick(clock.now()), second.ticker.tick(clock.now()))
    finally:
        await other.shutdown()
        await other_db.close()
    assert all(len(p.messages) == 1 for p in people), [len(p.messages) for p in people]
    assert len(bot.emulator.calls_to("sendMessage")) == len(people)


async def test_a_minute_with_many_reminders_stays_within_telegram_flood_limits(
        db_url: str, clock: FakeClock) -> None:
    async with Emulator(TOKEN, flood_limits=REALISTIC_FLOOD_LIMITS) as emulator:
        # Real pacing against Telegram's real limits: the one test that waits them out.
        running = RunningBot(emulator, db_url, clock, SystemStopwatch())
        await running.start()
        try:
            people = [emulator.user(user_id=7000 + n, first_name="P") for n in range(60)]
            assert running.db is not None and running.application is not None
            await many_onboarded(running.db, [p.id for p in people], clock.now())
            clock.set(WEDNESDAY)
            report = await queue_of(running.application).tick()
        finally:
            await running.stop()
    assert report is not None and report.sent == len(people)
    # A refusal would show as a retried call; there is exactly one call per reminder.
    assert len(emulator.calls_to("sendMessage")) == len(people)
    assert all(len(p.messages) == 1 for p in people)
