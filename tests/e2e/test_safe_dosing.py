"""Safe dosing on the paths that combine rules, through the real bot and the emulator.

Each test is one path on which the dose used to rise, or fail to drop, when the coaching rules
say it must not: late answers on top of later decisions, a hold, the first week of a level-0
start, and "make it harder" after something lowered the dose.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.storage import programmes
from bot.storage.models import Reminder
from tests.conftest import FakeClock
from tests.e2e.flows import YES_NOW, onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import run_to_end
from tests.e2e.test_coaching import comfortable_session
from tests.e2e.test_reminders import reminded

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
THURSDAY_0800 = datetime(2027, 1, 7, 8, 0, tzinfo=UTC)


async def session_now(person: Person, bot: RunningBot, clock: FakeClock, peak: str) -> None:
    """A whole live session with no warning signs and ``peak`` as its worst pain."""
    await person.say("/go")
    await person.tap("Skip")
    await run_to_end(bot, clock, person)
    await person.tap(peak)
    await person.tap("None of these")


async def flare_screen_clear(person: Person) -> None:
    await person.say("my back flared up")
    await person.tap("None of these")
    await person.tap("None of these")


async def level_and_flare(bot: RunningBot, person: Person) -> tuple[int, bool, int]:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        programme = await programmes.load(session, person.user.id)
    assert programme is not None
    return programme.level, programme.flare is not None, len(programme.flares)


async def test_a_flare_reported_during_a_session_survives_the_next_morning_answer(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    await ada.tap("Skip")
    await flare_screen_clear(ada)
    assert "Flares are common" in (ada.last.text or "")
    await run_to_end(bot, clock, ada)
    await ada.tap("3")
    await ada.tap("None of these")
    await reminded(ada, bot, clock, THURSDAY_0800)
    await ada.tap("3")
    assert await level_and_flare(bot, ada) == (1, True, 1)
    plan = (await ada.say("/plan"))[0].text or ""
    assert "Flare mode" in plan


async def test_easier_during_a_session_is_not_undone_by_the_next_morning_answer(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    await ada.tap("Skip")
    await ada.say("/easier")
    await run_to_end(bot, clock, ada)
    await ada.tap("3")
    await ada.tap("None of these")
    await reminded(ada, bot, clock, THURSDAY_0800)
    await ada.tap("2")  # GREEN now; the easier level stands
    assert (await level_and_flare(bot, ada))[0] == 0


async def test_a_late_red_morning_answer_drops_the_dose_after_the_weekly_check_in(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")  # AMBER until the morning answer
    await reminded(ada, bot, clock, THURSDAY_0800)
    morning_question = ada.last
    await reminded(ada, bot, clock, WEDNESDAY_0730 + timedelta(days=2))  # plans the weekly
    assert bot.db is not None
    async with bot.db.transaction() as session:
        weekly = await session.scalar(select(Reminder).where(Reminder.slot == "weekly"))
        assert weekly is not None
        due = weekly.due_at
    await reminded(ada, bot, clock, due)
    await ada.tap("4")  # the weekly check-in first
    replies = await ada.tap("8", message=morning_question)  # 8 >= B + 2: RED
    assert any("That changes things" in (m.text or "") for m in replies)
    assert (await bot.rules())[-2:] == ["baseline_update", "drop_red"]
    assert (await level_and_flare(bot, ada))[0] == 0


async def test_a_late_red_morning_answer_drops_the_dose_after_a_pause_and_resume(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    await reminded(ada, bot, clock, THURSDAY_0800)
    morning_question = ada.last
    await ada.say("/pause")
    await ada.say("for 2 days")
    await ada.say("/resume")
    await ada.tap("8", message=morning_question)
    assert (await bot.rules())[-1] == "drop_red"
    assert (await level_and_flare(bot, ada))[0] == 0


async def test_while_a_red_flag_hold_stands_the_dose_never_changes(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await comfortable_session(bot, ada, clock)
    await ada.say("I've had a fever since yesterday")
    replies = await ada.tap(YES_NOW)
    assert "on hold" in (replies[-1].text or "")
    rules = await bot.rules()
    replies = await ada.say("/harder")
    assert "on hold" in (replies[-1].text or "")
    assert "Done" not in (replies[-1].text or "")
    assert await bot.rules() == rules
    assert (await level_and_flare(bot, ada))[0] == 1


async def test_answers_given_during_a_hold_are_applied_after_clearance(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    await ada.say("I've had a fever since yesterday")
    await ada.tap(YES_NOW)
    await reminded(ada, bot, clock, THURSDAY_0800)
    await ada.tap("8")
    assert "drop_red" not in await bot.rules()
    assert (await level_and_flare(bot, ada))[0] == 1
    clearance = next(m for m in reversed(ada.user.messages)
                     if m.button("A clinician has cleared me") is not None)
    await ada.tap("A clinician has cleared me", message=clearance)
    await ada.say("/plan")
    assert (await bot.rules())[-1] == "drop_red"
    assert (await level_and_flare(bot, ada))[0] == 0


async def test_a_high_baseline_user_cannot_leave_level_0_with_harder_in_the_first_week(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada, usual="7")
    await comfortable_session(bot, ada, clock)
    replies = await ada.say("/harder")
    assert "The first week stays a brisk walk" in (replies[-1].text or "")
    assert (await level_and_flare(bot, ada))[0] == 0


async def test_harder_is_refused_right_after_a_flare_exit(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await comfortable_session(bot, ada, clock)
    await flare_screen_clear(ada)
    await ada.say("/flare")
    await ada.tap("2")
    clock.advance(hours=49)
    await ada.say("/flare")
    replies = await ada.tap("2")
    assert "Your back has settled" in (replies[-1].text or "")
    replies = await ada.say("/harder")
    assert "lowered since your last comfortable session" in (replies[-1].text or "")
    assert (await level_and_flare(bot, ada))[0] == 1


async def test_harder_is_refused_right_after_a_gap_drop(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await comfortable_session(bot, ada, clock)
    clock.advance(days=10)
    await ada.say("/today")
    assert (await bot.rules())[-1] == "gap_7"
    replies = await ada.say("/harder")
    assert "lowered since your last comfortable session" in (replies[-1].text or "")
    assert (await level_and_flare(bot, ada))[0] == 0


async def test_only_one_session_a_day_counts_and_no_morning_question_about_today(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "2")
    replies = await ada.say("/go")
    assert "morning after" not in (replies[-1].text or "")
    assert "how is your back right now" in (replies[-1].text or "")
    await ada.tap("Skip")
    await run_to_end(bot, clock, ada)
    await ada.tap("2")
    replies = await ada.tap("None of these")
    assert "does not count towards moving up" in (replies[-1].text or "")
    assert (await bot.rules())[-1] == "second_session_today"
    clock.advance(minutes=5)
    await session_now(ada, bot, clock, "7")  # a RED in a second session still counts
    assert (await bot.rules())[-1] == "drop_red"
    assert (await level_and_flare(bot, ada))[0] == 0
    clock.set(WEDNESDAY_0730 + timedelta(days=1))
    replies = await ada.say("/go")
    assert "the morning after your last session" in (replies[-1].text or "")


async def test_right_after_a_session_the_verdict_is_provisional_until_the_morning(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    reason = ada.last.text or ""
    assert "Tell me tomorrow morning how your back feels" in reason
    assert "that answer settles how this session went" in reason
