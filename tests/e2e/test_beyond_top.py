"""The levels beyond level 8, through the real bot and the emulator (coaching rules, 'Session
shape'): offered once, after 12 weeks or 6 sessions at level 8, and reached only by a yes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.domain.ladder import TOP_LEVEL
from bot.domain.programme import Ending, Programme, SessionDone, SessionRecord, SessionReport
from bot.domain.zones import Zone
from bot.services import coaching
from bot.storage import programmes
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import run_to_end
from tests.e2e.test_coaching import comfortable_session

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
SIGNED_UP = date(2027, 1, 4)


async def stored(bot: RunningBot, person: Person) -> Programme:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        programme = await programmes.load(session, person.user.id)
    assert programme is not None
    return programme


SIGNED_UP_AT = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


async def at_top_with(bot: RunningBot, person: Person, sessions: int) -> None:
    """Put the user at level 8 with ``sessions`` comfortable sessions done there."""
    programme = await stored(bot, person)
    done = tuple(
        SessionRecord(SIGNED_UP, TOP_LEVEL, Ending.COMPLETED, Zone.GREEN, True, peak=2,
                      morning=2, baseline=4, counts=n == 0)
        for n in range(sessions)
    )
    programme = replace(programme, level=TOP_LEVEL, history=done, gap_from=SIGNED_UP)
    assert bot.db is not None
    async with bot.db.transaction() as session:
        await programmes.save(session, person.user.id, programme, SIGNED_UP_AT)



async def session_with_checkin(person: Person, bot: RunningBot, clock: FakeClock) -> list[str]:
    await person.say("/go")
    await person.tap("Skip")
    await run_to_end(bot, clock, person)
    await person.tap("2")
    replies = await person.tap("None of these")
    return [message.text or "" for message in replies]


async def test_levels_beyond_8_are_offered_after_six_sessions_at_level_8_and_opted_into(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await at_top_with(bot, ada, 5)
    clock.set(WEDNESDAY_0730)
    texts = await session_with_checkin(ada, bot, clock)
    assert any("top of the programme" in text for text in texts)
    assert "Would you like to keep building?" in texts[-1]
    replies = await ada.tap("Yes, keep building")
    assert "we keep building" in (replies[-1].text or "")
    assert (await bot.rules())[-1] == "beyond_top_opt_in"
    plan = (await ada.say("/plan"))[0].text or ""
    assert "level 8 of 10" in plan and "you chose to keep building" in plan
    for days in (2, 4):  # the same rules move the user up: two comfortable sessions
        clock.set(WEDNESDAY_0730 + timedelta(days=days))
        await comfortable_session(bot, ada, clock)
    assert (await stored(bot, ada)).level == TOP_LEVEL + 1
    plan = (await ada.say("/plan"))[0].text or ""
    assert "level 9 of 10" in plan and "5 × (3:30 easy jog" in plan


async def test_without_opting_in_level_8_stays_the_top_and_the_offer_is_made_once(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await at_top_with(bot, ada, 5)
    clock.set(WEDNESDAY_0730)
    texts = await session_with_checkin(ada, bot, clock)
    assert "Would you like to keep building?" in texts[-1]
    for days in (2, 4):  # ignored: two comfortable sessions leave the user at level 8
        clock.set(WEDNESDAY_0730 + timedelta(days=days))
        await comfortable_session(bot, ada, clock)
    assert (await stored(bot, ada)).level == TOP_LEVEL
    clock.set(WEDNESDAY_0730 + timedelta(days=6))
    assert bot.db is not None
    outcome = await coaching.change(
        bot.db, ada.user.id, clock.now(),
        lambda today, _: SessionDone(SessionReport(today, peak=2, morning=2)))
    assert not outcome.offer_beyond_top
    replies = await ada.say("no")
    assert "you stay at level 8" in (replies[-1].text or "")
    assert (await bot.rules())[-1] == "beyond_top_declined"
    plan = (await ada.say("/plan"))[0].text or ""
    assert "level 8 of 8" in plan and "you chose to stay at level 8" in plan
    assert "Would you like to keep building?" not in plan


async def test_plan_offers_the_levels_beyond_8_after_twelve_weeks(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await at_top_with(bot, ada, 1)
    clock.set(SIGNED_UP_AT + timedelta(weeks=12))
    await comfortable_session(bot, ada, clock)
    replies = await ada.say("/plan")
    assert "Would you like to keep building?" in (replies[0].text or "")
    replies = await ada.tap("No, stay at level 8", replies[0])
    assert "you stay at level 8" in (replies[-1].text or "")
    assert (await stored(bot, ada)).beyond_top is False
    plan = (await ada.say("/plan"))[0].text or ""
    assert "Would you like to keep building?" not in plan


async def test_a_typed_yes_with_no_offer_standing_is_not_an_opt_in(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await at_top_with(bot, ada, 6)
    await ada.say("yes")
    assert (await stored(bot, ada)).beyond_top is None
    assert "beyond_top_opt_in" not in await bot.rules()
