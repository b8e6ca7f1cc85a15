"""A red-flag hold freezes the dose on every path: /pause and /resume, the session reminders'
preview, and the moment of clearance, which applies the answers kept during the hold at once."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import FakeClock
from tests.e2e.flows import YES_NOW, onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.test_reminders import reminded
from tests.e2e.test_safe_dosing import (
    THURSDAY_0800,
    WEDNESDAY_0730,
    level_and_flare,
    session_now,
)


async def held_after_a_session(ada: Person, bot: RunningBot, clock: FakeClock,
                               peak: str = "3") -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, peak)
    await ada.say("I've had a fever since yesterday")
    await ada.tap(YES_NOW)


async def test_a_resume_during_a_hold_applies_no_gap_drop(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await held_after_a_session(ada, bot, clock, peak="1")
    await ada.say("/pause")
    await ada.say("for 8 weeks")
    level = (await level_and_flare(bot, ada))[0]
    rules = await bot.rules()
    clock.set(WEDNESDAY_0730 + timedelta(days=40))
    replies = await ada.say("/resume")
    assert replies
    assert (await level_and_flare(bot, ada))[0] == level
    assert not any(rule.startswith("gap") for rule in (await bot.rules())[len(rules):])


async def test_clearance_applies_the_answers_kept_during_the_hold_at_once(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await held_after_a_session(ada, bot, clock)
    await reminded(ada, bot, clock, THURSDAY_0800)
    await ada.tap("8")  # RED, kept until the hold is lifted
    assert "drop_red" not in await bot.rules()
    clearance = next(m for m in reversed(ada.user.messages)
                     if m.button("A clinician has cleared me") is not None)
    replies = await ada.tap("A clinician has cleared me", message=clearance)
    assert (await bot.rules())[-1] == "drop_red"  # before /plan is ever asked
    assert (await level_and_flare(bot, ada))[0] == 0
    assert "Next sessions: level 0" in (replies[-1].text or "")
    plan = (await ada.say("/plan"))[0].text or ""
    assert "level 0" in plan.lower()
