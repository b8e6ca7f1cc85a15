"""Plain words outside any question, end to end: typos, a sore back, thanks, a new reminder
time, time away and skipping today."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from bot.emulator.models import SentMessage
from bot.storage.models import Reminder
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.test_reminders import reminded, tick
from tests.e2e.test_safe_dosing import THURSDAY_0800, WEDNESDAY_0730

UNKNOWN = "Sorry, I didn't understand that"


def said(replies: list[SentMessage]) -> str:
    return "\n".join(m.text or "" for m in replies)


async def test_questions_about_today_with_typos_get_the_session(
    ada: Person, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    expected = said(await ada.say("/today"))
    for text in ("whats my workout", "what's todays sesion", "what is my workuot"):
        replies = await ada.say(text)
        assert said(replies) == expected, text
    assert UNKNOWN in said(await ada.say("I like turtles"))


async def test_a_sore_back_gets_a_kind_answer_with_three_choices(
    ada: Person, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    replies = await ada.say("my back is really sore today, should I still go?")
    assert "sorry your back is sore" in said(replies)
    assert replies[-1].buttons == ["🐢 An easier session", "🔥 Flare mode", "🛋 Rest today"]
    rest = await ada.tap("🛋 Rest today")
    assert "Rest it is" in said(rest)
    await ada.say("my back hurts")
    flare = await ada.tap("🔥 Flare mode")
    assert flare[-1].buttons == ["Yes, one of these", "None of these"]  # red flags first
    await ada.say("my back hurts")
    easier = await ada.tap("🐢 An easier session")
    assert "one level easier" in said(easier)
    assert "already at the gentlest level" in said(await ada.say("/easier"))


async def test_thanks_is_answered_kindly(ada: Person) -> None:
    await onboard(ada)
    for text in ("thanks!", "thank you so much", "cheers"):
        assert "You're welcome" in said(await ada.say(text))


async def test_a_new_reminder_time_in_plain_words_changes_the_schedule(
    ada: Person, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    replies = await ada.say("can I change my reminder time to 18:15?")
    assert "Done — your reminders follow the new schedule" in said(replies)
    assert "18:15" in said(await ada.say("/schedule"))
    assert "Which time" in said(await ada.say("change my reminder time please"))


async def test_time_away_in_plain_words_pauses_until_that_day(
    ada: Person, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)  # 6 January 2027
    replies = await ada.say("I'm on holiday until the 20th")
    assert "Paused until" in said(replies) and "20 January" in said(replies)
    assert "Paused" in said(await ada.say("/schedule"))


async def test_time_away_until_a_date_or_a_weekday(ada: Person, clock: FakeClock) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    assert "25 December" in said(await ada.say("away until 25/12"))
    await ada.say("/resume")
    assert "11 January" in said(await ada.say("on holiday until next monday"))


async def test_time_away_without_a_day_asks_until_when(ada: Person, clock: FakeClock) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    assert "Until when?" in said(await ada.say("I'm going away"))
    assert "Paused" not in said(await ada.say("/schedule"))


async def test_skip_today_on_a_rest_day_says_there_is_nothing_to_skip(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(THURSDAY_0800)
    assert "no session today" in said(await ada.say("skip today"))
    clock.set(datetime(2027, 1, 8, 7, 0, tzinfo=THURSDAY_0800.tzinfo))  # Friday, a session day
    await tick(bot, clock)  # Friday's reminder is planned, not yet sent
    assert "Skipped" in said(await ada.say("can i skip todays session"))


async def test_skip_today_skips_the_reminder_not_yet_sent_and_only_once(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(datetime(2027, 1, 8, 7, 0, tzinfo=THURSDAY_0800.tzinfo))  # Friday, before 07:30
    replies = await ada.say("skip today")
    assert "nothing to skip" in said(replies)  # no reminder planned for today yet
    await tick(bot, clock)
    replies = await ada.say("skip today")
    assert "Skipped" in said(replies) and "Monday" in said(replies)
    assert bot.db is not None
    async with bot.db.transaction() as session:
        statuses = (await session.scalars(select(Reminder.status).where(
            Reminder.slot == "session", Reminder.local_date == date(2027, 1, 8)))).all()
    assert list(statuses) == ["skipped"]
    assert "nothing to skip" in said(await ada.say("skip today"))
    assert "skipped" in said(await ada.say("/today")).lower()


async def test_skip_today_skips_a_reminder_already_sent(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await reminded(ada, bot, clock, WEDNESDAY_0730)
    assert "Session time" in (ada.last.text or "")
    reminder = ada.last
    replies = await ada.say("not today")
    assert "Skipped" in said(replies)
    await ada.tap("⏭ Skip today", message=reminder)  # its button knows it is done
    assert ada.last_alert is not None
