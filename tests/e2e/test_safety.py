"""Alarms neither missed nor false: red flags and severe pain in plain words, and clearance."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import delete, select

from bot.domain.safety import RedFlag
from bot.storage.models import Hold, SafetyAnswer
from tests.conftest import FakeClock
from tests.e2e.flows import NONE_OF_THESE, NOT_NOW, YES_NOW, agree, answer_list, onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import run_to_end

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
UNDERSTOOD_NOTHING = "didn't understand"


async def holds(bot: RunningBot) -> list[Hold]:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        return list((await session.scalars(select(Hold).order_by(Hold.id))).all())


async def onboard_after_an_emergency_stop_never_asked_about_cancer(
    person: Person, bot: RunningBot
) -> None:
    """Set up as before the red flags were one list: the bladder "yes" stopped set-up before
    the history-of-cancer question was reached, so it was never answered."""
    await agree(person)
    await answer_list(person, 1)  # bladder or bowel: the emergency stop
    assert bot.db is not None
    async with bot.db.transaction() as session:
        await session.execute(delete(SafetyAnswer).where(
            SafetyAnswer.user_id == person.user.id,
            SafetyAnswer.question != f"red_flag:{RedFlag.BLADDER_BOWEL.value}"))
    await person.say("/cleared")
    await person.say("Dr Okafor, emergency department")
    await person.tap("Today")
    await person.tap(NONE_OF_THESE)
    await person.tap("More than a year")
    for answer in ("4", "3", "Occasionally"):
        await person.tap(answer)
    await person.say("mon wed fri")
    await person.tap("07:30")
    await person.say("Europe/London")
    await person.tap("Looks good ✅")


async def test_everyday_red_flag_wordings_show_the_safety_information_and_ask(
    ada: Person,
) -> None:
    await onboard(ada)
    emergencies = ("numb between my legs", "tingling in my groin", "can't feel when I pee",
                   "weakness in my leg is getting worse")
    for text in emergencies:
        replies = await ada.say(text)
        assert len(replies) == 1, text
        assert "Please get medical help today" in (replies[0].text or ""), text
        assert "Is this new, and happening now?" in (replies[0].text or ""), text
        assert replies[0].buttons == [YES_NOW, NOT_NOW]
    others = ("I've had a fever since Monday", "I had a fall on the ice",
              "I've lost weight without trying", "the pain is worse at night")
    for text in others:
        replies = await ada.say(text)
        assert len(replies) == 1, text
        assert "see a doctor" in (replies[0].text or ""), text
        assert UNDERSTOOD_NOTHING not in (replies[0].text or ""), text
        assert replies[0].buttons == [YES_NOW, NOT_NOW]
    assert "first session is" in ((await ada.say("/today"))[0].text or "")


async def test_severe_pain_in_any_wording_gets_the_safety_message_first(ada: Person) -> None:
    await onboard(ada)
    for text in ("pain 10", "my pain is 9 today", "9/10"):
        replies = await ada.say(text)
        assert "Pain of 9 or 10" in (replies[0].text or ""), text
        assert all(UNDERSTOOD_NOTHING not in (r.text or "") for r in replies), text


async def test_a_9_on_the_morning_after_question_gets_the_safety_message(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    await ada.tap("2")
    await run_to_end(bot, clock, ada)
    await ada.tap("3")
    await ada.tap("None of these")
    clock.set(datetime(2027, 1, 8, 7, 30, tzinfo=UTC))
    replies = await ada.say("/go")
    assert "the morning after your last session" in (replies[-1].text or "")
    replies = await ada.tap("9")
    assert "Pain of 9 or 10" in (replies[0].text or "")


async def test_a_9_at_a_flare_check_in_gets_the_safety_message(ada: Person) -> None:
    await onboard(ada)
    await ada.say("/flare")
    await ada.tap("None of these")
    await ada.tap("None of these")
    await ada.say("/flare")
    replies = await ada.tap("9")
    assert "Pain of 9 or 10" in (replies[0].text or "")
    assert "flare mode" in (replies[-1].text or "")


async def test_negated_mentions_raise_no_alarm(ada: Person) -> None:
    await onboard(ada)
    for text in ("no bladder problems or anything, feeling good", "no numbness"):
        replies = await ada.say(text)
        assert all("medical help" not in (r.text or "") for r in replies), text
        assert all(not r.buttons for r in replies), text
    assert "first session is" in ((await ada.say("/today"))[0].text or "")


async def test_a_no_carries_on_where_the_user_was(ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    replies = await ada.say("my legs feel weak after that jog, just tired")
    assert "Please get medical help today" in (replies[0].text or "")
    replies = await ada.tap(NOT_NOW)
    assert "nothing changes" in (replies[-1].text or "")
    assert "first session is" in ((await ada.say("/today"))[0].text or "")
    assert await holds(bot) == []


async def test_an_emergency_is_cleared_deliberately_with_who_and_when(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await ada.say("numb between my legs")
    replies = await ada.tap(YES_NOW)
    assert "on hold" in (replies[-1].text or "")
    assert all("A clinician has cleared me" not in r.buttons for r in replies)
    assert "/cleared" in (replies[-1].text or "")
    replies = await ada.say("/today")
    assert "on hold" in (replies[-1].text or "")
    assert all(not r.buttons for r in replies)
    clock.advance(days=1)
    replies = await ada.say("/cleared")
    assert "Who cleared you" in (replies[-1].text or "")
    replies = await ada.say("Dr Patel, A&E at St Thomas'")
    assert "when did they clear you" in (replies[-1].text or "")
    assert replies[-1].buttons[:2] == ["Today", "Yesterday"]
    replies = await ada.tap("Yesterday")
    assert "back on" in (replies[-1].text or "")
    assert "Dr Patel" in (replies[-1].text or "")
    (hold,) = await holds(bot)
    assert hold.outcome == "emergency" and hold.reason == "message:saddle"
    assert hold.cleared_by == "Dr Patel, A&E at St Thomas'"
    assert hold.cleared_on == date(2027, 1, 4)
    assert hold.cleared_at is not None
    assert "first session is" in ((await ada.say("/today"))[0].text or "")


async def test_a_forged_lift_button_cannot_clear_an_emergency(
    ada: Person, bot: RunningBot
) -> None:
    await onboard(ada)
    await ada.say("I can't feel my bum")
    await ada.tap(YES_NOW)
    await ada.user.press_data(ada.last.message_id, "hold|cleared")
    await bot.settle()
    assert "on hold" in ((await ada.say("/today"))[-1].text or "")
    assert (await holds(bot))[0].cleared_at is None


async def test_other_flags_keep_a_simple_stored_confirmation(
    ada: Person, bot: RunningBot
) -> None:
    await onboard(ada)
    await ada.say("I had a fall on the ice yesterday")
    replies = await ada.tap(YES_NOW)
    assert "see a doctor" in (replies[0].text or "")
    assert "on hold" in (replies[-1].text or "")
    replies = await ada.tap("A clinician has cleared me")
    assert "back on" in (replies[-1].text or "")
    (hold,) = await holds(bot)
    assert hold.outcome == "see_doctor" and hold.reason == "message:fall"
    assert hold.cleared_at is not None and hold.cleared_by is None


async def onboard_a_cancer_survivor(person: Person) -> None:
    await agree(person)
    await answer_list(person, 6)  # a history of cancer
    await person.tap("A clinician has cleared me")
    await person.tap(NONE_OF_THESE)
    await person.tap("More than a year")
    for answer in ("4", "3", "Occasionally"):
        await person.tap(answer)
    await person.say("mon wed fri")
    await person.tap("07:30")
    await person.say("Europe/London")
    await person.tap("Looks good ✅")


async def test_a_cancer_survivor_is_asked_what_is_new_at_each_flare(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard_a_cancer_survivor(ada)
    assert "first session is" in ((await ada.say("/today"))[0].text or "")
    for _ in range(2):
        await ada.say("/flare")
        replies = await ada.tap("None of these")
        screen = replies[-1].text or ""
        assert "a history of cancer" not in screen
        assert "new cancer diagnosis, or cancer that has come back" in screen
        replies = await ada.tap("None of these")
        assert "on hold" not in (replies[-1].text or "")
        for _ in range(2):  # two settled check-ins 48 h apart end the flare
            await ada.say("/flare")
            await ada.tap("1")
            clock.advance(hours=49)
    assert (await bot.rules()).count("flare_start") == 2


async def test_someone_never_asked_about_cancer_is_asked_at_a_flare(
    ada: Person, bot: RunningBot
) -> None:
    await onboard_after_an_emergency_stop_never_asked_about_cancer(ada, bot)
    await ada.say("/flare")
    replies = await ada.tap("None of these")
    assert "a history of cancer" in (replies[-1].text or "")


async def test_a_no_during_a_session_keeps_it_running(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    await ada.tap("2")
    assert bot.timers.pending
    await ada.say("my legs feel weak, just tired")
    replies = await ada.tap(NOT_NOW)
    assert "nothing changes" in (replies[-1].text or "")
    assert bot.timers.pending
    assert "Cool-down" in "".join(m.text or "" for m in await run_to_end(bot, clock, ada))
