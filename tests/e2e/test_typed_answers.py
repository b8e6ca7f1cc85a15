"""Every 0–10 question takes a typed answer ("4", "4/10", "four", "about 4"), end to end.

The answer goes to the question asked last; a number off the scale is asked again, a range or
a half asks which whole number, and a 9 or 10 gets the safety message first.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.emulator.models import SentMessage
from bot.storage.models import CheckIn, Decision, Reminder
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import run_to_end
from tests.e2e.test_flare_mode import flare
from tests.e2e.test_reminders import reminded
from tests.e2e.test_safe_dosing import THURSDAY_0800, WEDNESDAY_0730, session_now

SEVERE = "Pain of 9 or 10"
LIVE = "Session · level"


async def check_ins(bot: RunningBot, kind: str) -> list[int]:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        rows = await session.scalars(select(CheckIn).where(CheckIn.kind == kind)
                                     .order_by(CheckIn.id))
        return [row.pain for row in rows]


def texts_of(replies: list[SentMessage]) -> str:
    return "\n".join(m.text or "" for m in replies)


async def test_pain_right_now_takes_a_typed_answer_and_starts_the_session(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    replies = await ada.say("about 3")
    assert LIVE in texts_of(replies)
    assert await check_ins(bot, "before") == [3]


async def test_pain_right_now_off_the_scale_or_between_numbers_is_asked_again(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    replies = await ada.say("11")
    assert "outside the scale" in texts_of(replies) and LIVE not in texts_of(replies)
    replies = await ada.say("4-5")
    assert "between 4 and 5" in (replies[-1].text or "")
    assert replies[-1].buttons == ["4", "5"]
    replies = await ada.tap("4", message=replies[-1])
    assert LIVE in texts_of(replies)
    assert await check_ins(bot, "before") == [4]


async def test_a_typed_9_before_a_session_gets_the_safety_message_and_no_session(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    replies = await ada.say("9")
    assert SEVERE in (replies[0].text or "")
    assert LIVE not in texts_of(replies)
    replies = await ada.say("3")  # the question was answered: no session starts
    assert LIVE not in texts_of(replies)
    assert not bot.timers.pending


async def test_the_morning_after_question_before_a_session_takes_a_typed_answer(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    clock.set(WEDNESDAY_0730 + timedelta(days=2))  # Friday, Thursday's question unanswered
    replies = await ada.say("/go")
    assert "the morning after your last session" in (replies[-1].text or "")
    replies = await ada.say("two")
    assert "right now" in (replies[-1].text or "")
    assert await check_ins(bot, "morning") == [2]
    replies = await ada.say("1/10")
    assert LIVE in texts_of(replies)
    assert await check_ins(bot, "before") == [1]


async def test_the_next_morning_check_in_takes_a_typed_answer(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    await reminded(ada, bot, clock, THURSDAY_0800)
    replies = await ada.say("four")
    assert "noted 4/10 this morning" in texts_of(replies)
    assert await check_ins(bot, "morning") == [4]
    replies = await ada.say("5")  # the question was answered: nothing waits for a number
    assert "noted" not in texts_of(replies)
    assert await check_ins(bot, "morning") == [4]


async def test_a_typed_9_on_the_morning_check_in_gets_the_safety_message_first(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    await reminded(ada, bot, clock, THURSDAY_0800)
    replies = await ada.say("9")
    assert SEVERE in (replies[0].text or "")
    assert "noted 9/10 this morning" in texts_of(replies)
    assert texts_of(replies).count(SEVERE) == 1
    replies = await ada.say("it's not 9/10 any more")  # a negation: no second alarm
    assert SEVERE not in texts_of(replies)


async def test_the_weekly_check_in_takes_a_typed_answer(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    await reminded(ada, bot, clock, THURSDAY_0800)
    await ada.say("3")  # the morning check-in
    await reminded(ada, bot, clock, WEDNESDAY_0730 + timedelta(days=2))  # plans the weekly
    assert bot.db is not None
    async with bot.db.transaction() as session:
        weekly = await session.scalar(select(Reminder).where(Reminder.slot == "weekly"))
        assert weekly is not None
        due = weekly.due_at
    await reminded(ada, bot, clock, due)
    replies = await ada.say("4/10")
    assert "noted 4/10 on average this week" in texts_of(replies)
    assert await check_ins(bot, "weekly") == [4]
    assert (await bot.rules())[-1] == "baseline_update"


async def test_the_flare_check_in_after_flare_takes_a_typed_answer(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await flare(ada)
    replies = await ada.say("/flare")
    assert "How is your back today" in (replies[-1].text or "")
    replies = await ada.say("about 2")
    assert "Still in flare mode" in (replies[-1].text or "")
    assert (await bot.rules())[-2:] == ["flare_start", "flare_continues"]
    replies = await ada.say("2")  # answered already: not a second check-in
    assert (await bot.rules())[-2:] == ["flare_start", "flare_continues"]


async def test_the_question_asked_last_takes_the_typed_answer(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    await reminded(ada, bot, clock, THURSDAY_0800)  # the morning check-in waits
    clock.advance(minutes=5)
    await ada.say("/go")  # asks the morning question itself, then pain right now
    await ada.say("3")  # the morning-after question, asked last
    replies = await ada.say("2")  # pain right now, asked last
    assert LIVE in texts_of(replies)
    assert await check_ins(bot, "morning") == [3]
    assert await check_ins(bot, "before") == [2]
    await run_to_end(bot, clock, ada)
    replies = await ada.say("5")  # the peak question, asked last of all
    assert "None of these" in replies[-1].buttons  # on to the warning signs
    assert await check_ins(bot, "peak") == [3, 5]


async def test_a_question_asked_two_days_ago_no_longer_takes_a_number(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    clock.advance(days=2)
    replies = await ada.say("3")
    assert LIVE not in texts_of(replies)
    assert await check_ins(bot, "before") == []


async def test_skip_typed_at_pain_right_now_starts_without_a_rating(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    replies = await ada.say("skip")
    assert LIVE in texts_of(replies)  # as the Skip button: the session starts
    assert "didn't understand" not in texts_of(replies)
    assert await check_ins(bot, "before") == []


async def test_skip_typed_at_the_morning_after_question_goes_on_to_pain_right_now(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    clock.set(WEDNESDAY_0730 + timedelta(days=2))
    replies = await ada.say("/go")
    assert "the morning after your last session" in (replies[-1].text or "")
    replies = await ada.say("Skip it")
    assert "right now" in (replies[-1].text or "")
    assert await check_ins(bot, "morning") == []
    replies = await ada.say("I'd rather not say")
    assert LIVE in texts_of(replies)
    assert await check_ins(bot, "before") == []


@pytest.mark.parametrize("typed", ["3/10", "it's 3", "three"])
async def test_pain_right_now_in_the_words_people_use(
    ada: Person, bot: RunningBot, clock: FakeClock, typed: str
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    replies = await ada.say(typed)
    assert LIVE in texts_of(replies)
    assert await check_ins(bot, "before") == [3]


async def test_a_flare_check_in_takes_a_score_out_of_ten(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await flare(ada)
    await ada.say("/flare")
    replies = await ada.say("5/10")
    assert "Still in flare mode" in (replies[-1].text or "")
    assert bot.db is not None
    async with bot.db.transaction() as session:
        last = await session.scalar(select(Decision).order_by(Decision.id.desc()))
        assert last is not None and last.rule == "flare_continues" and last.inputs["pain"] == 5
