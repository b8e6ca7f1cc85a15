"""Flare mode through the real bot: the daily message and its pain question, the flare session
on reminders and /today, and the end of the flare without /flare."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.test_reminders import reminded, tick

TUESDAY_0800 = datetime(2027, 1, 5, 8, 0, tzinfo=UTC)
WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
DAY = timedelta(days=1)


async def flare(person: Person) -> None:
    """Tell the bot the back has flared, with no red flags (Monday, 09:00)."""
    await person.say("/flare")
    await person.tap("None of these")
    replies = await person.tap("None of these")
    assert "Flares are common and they settle" in (replies[-1].text or "")


async def test_the_daily_flare_message_asks_and_ends_the_flare_without_a_command(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await flare(ada)
    await reminded(ada, bot, clock, TUESDAY_0800)
    message = ada.last
    assert "Hurt does not mean harm" in (message.text or "")
    assert "Flares settle" in (message.text or "")
    assert "gentle movement" in (message.text or "")
    assert message.buttons[:3] == ["0", "1", "2"] and "10" in message.buttons
    two = message.button("2")
    assert two is not None
    replies = await ada.tap("3")
    assert "Still in flare mode" in (replies[-1].text or "")
    await ada.user.press_data(message.message_id, two["callback_data"])  # a second tap
    await bot.settle()
    assert ada.last_alert == "You already answered today's flare check-in — I've kept your answer."
    await reminded(ada, bot, clock, WEDNESDAY_0730)  # Wednesday's session: a flare walk
    assert "brisk walk, 10–30 minutes, as is comfortable, or rest" in (
        ada.last.text or "")
    assert "level 1" not in (ada.last.text or "")
    await reminded(ada, bot, clock, TUESDAY_0800 + DAY)
    assert "Hurt does not mean harm" in (ada.last.text or "")
    replies = await ada.say("3")  # a typed answer; only 24 hours after Tuesday's
    assert "Still in flare mode" in (replies[-1].text or "")
    await reminded(ada, bot, clock, TUESDAY_0800 + 2 * DAY)
    replies = await ada.tap("2")  # 48 hours after Tuesday's settled answer
    assert "Your back has settled" in (replies[-1].text or "")
    assert (await bot.rules())[-4:] == ["flare_start", "flare_continues", "flare_continues",
                                        "flare_exit"]
    before = len(ada.user.messages)
    clock.set(TUESDAY_0800 + 3 * DAY)  # Friday: the 07:30 session reminder, no flare message
    await tick(bot, clock)
    sent = [m.text or "" for m in ada.user.messages[before:]]
    assert len(sent) == 1 and "Session time" in sent[0] and "level 1" in sent[0]


async def test_a_typed_answer_out_of_range_is_asked_again(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await flare(ada)
    await reminded(ada, bot, clock, TUESDAY_0800)
    replies = await ada.say("12")
    assert "from 0 (no pain) to 10" in (replies[-1].text or "")
    assert (await bot.rules())[-1] == "flare_start"
    replies = await ada.say("9")
    assert "Pain of 9 or 10" in (replies[0].text or "")
    assert "Still in flare mode" in (replies[-1].text or "")


async def test_today_during_a_flare_offers_the_flare_session(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await flare(ada)
    clock.set(WEDNESDAY_0730 - timedelta(hours=1))
    replies = await ada.say("/today")
    text = replies[0].text or ""
    assert "flare mode" in text
    assert "brisk walk, 10–30 minutes, as is comfortable, or rest" in text
    assert "jog" not in text


async def test_no_flare_message_while_paused(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await flare(ada)
    await ada.say("/pause")
    await ada.tap("No end date")
    before = len(ada.user.messages)
    clock.set(TUESDAY_0800)
    await tick(bot, clock)
    assert len(ada.user.messages) == before
    await ada.say("/resume")
    await reminded(ada, bot, clock, WEDNESDAY_0730)
    assert "brisk walk" in (ada.last.text or "")
    await reminded(ada, bot, clock, TUESDAY_0800 + DAY)
    assert "Hurt does not mean harm" in (ada.last.text or "")
