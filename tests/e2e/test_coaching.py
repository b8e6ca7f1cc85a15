"""/plan, /easier, /harder and /flare through the real bot and the emulator."""

from __future__ import annotations

from bot.domain.programme import SessionDone, SessionReport
from bot.services import coaching
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot


async def comfortable_session(bot: RunningBot, person: Person, clock: FakeClock) -> None:
    """Record a GREEN session the way the live session will (peak 2, morning 2)."""
    assert bot.db is not None
    await coaching.change(bot.db, person.user.id, clock.now(),
                          lambda today, _: SessionDone(SessionReport(today, peak=2, morning=2)))


async def test_plan_shows_level_next_session_move_up_and_reasons(ada: Person) -> None:
    await onboard(ada)
    replies = await ada.say("/plan")
    text = replies[0].text or ""
    assert "Your plan — level 1 of 8, usual pain 4/10" in text
    assert "Next session: Wednesday 6 January at 07:30" in text
    assert "4 × (0:15 easy jog" in text
    assert "3 more completed sessions at this level" in text
    assert "Recent decisions" in text and "level 1" in text
    assert (await ada.say("show me my plan"))[0].text == text


async def test_easier_drops_a_level_and_is_explained(ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    replies = await ada.say("/easier")
    assert "one level easier" in (replies[0].text or "")
    assert "brisk walk" in (replies[0].text or "")
    plan = (await ada.say("/plan"))[0].text or ""
    assert "level 0 of 8" in plan and "20:00 brisk walk" in plan
    replies = await ada.say("/easier")  # already at the floor
    assert "gentlest level" in (replies[0].text or "") or "Let's keep" in (replies[0].text or "")
    assert (await bot.rules())[:2] == ["start", "override_easier"]


async def test_harder_needs_a_comfortable_session_first(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    replies = await ada.say("/harder")
    assert "Let's keep level 1" in (replies[0].text or "")
    await comfortable_session(bot, ada, clock)
    replies = await ada.say("/harder")
    assert "Done: next time is level 2 (2:00 of jogging)" in (replies[0].text or "")
    replies = await ada.say("/harder")  # once per 7 days
    assert "Let's keep level 2" in (replies[0].text or "")
    # A refused request is answered with its reason but is not a stored decision.
    assert await bot.rules() == ["start", "hold_not_enough_sessions", "override_harder"]


async def test_flare_asks_red_flags_first_then_walks_until_settled(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    replies = await ada.say("my back flared up")
    assert "bladder or bowel" in (replies[0].text or "")
    await ada.tap("None of these")
    assert "fever" in (ada.last.text or "")
    replies = await ada.tap("None of these")
    assert "Flares are common and they settle" in (replies[-1].text or "")
    assert "Hurt does not mean harm" in (replies[-1].text or "")
    plan = (await ada.say("/plan"))[0].text or ""
    assert "Flare mode" in plan and "(0 of 2 so far)" in plan and "pain at 5/10" in plan
    assert "20:00 brisk walk" in plan
    await ada.say("/flare")
    replies = await ada.tap("3")
    assert "Still in flare mode" in (replies[-1].text or "")
    clock.advance(hours=49)
    await ada.say("/flare")
    replies = await ada.tap("2")
    assert "Your back has settled" in (replies[-1].text or "")
    plan = (await ada.say("/plan"))[0].text or ""
    assert "Flare mode" not in plan and "level 1 of 8" in plan
    assert (await bot.rules())[-3:] == ["flare_start", "flare_continues", "flare_exit"]


async def test_a_red_flag_during_a_flare_puts_the_programme_on_hold(
    ada: Person, bot: RunningBot
) -> None:
    await onboard(ada)
    await ada.say("/flare")
    replies = await ada.tap("Yes, one of these")
    assert "Please get medical help today" in (replies[0].text or "")
    assert "on hold" in (replies[-1].text or "")
    replies = await ada.say("/today")
    assert "on hold" in (replies[-1].text or "")
    await ada.say("/cleared")
    await ada.say("Dr Okafor, emergency department")
    replies = await ada.tap("Today")
    assert "back on" in (replies[-1].text or "")
    replies = await ada.say("/today")
    assert "first session is" in (replies[0].text or "")
    # The flare stands past the hold: after clearance the user is in flare mode.
    assert (await bot.rules())[-1] == "flare_start"
    plan = (await ada.say("/plan"))[0].text or ""
    assert "Flare mode" in plan and "20:00 brisk walk" in plan


async def test_flare_buttons_pressed_twice_act_once(ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    await ada.say("/flare")
    await ada.tap("None of these")
    second = ada.last
    none = second.button("None of these")
    assert none is not None
    await ada.tap("None of these")
    await ada.user.press_data(second.message_id, none["callback_data"])
    await bot.settle()
    assert ada.last_alert == "That question has already been answered."
    assert (await bot.rules()).count("flare_start") == 1


async def test_coming_back_after_a_break_eases_back_in(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await comfortable_session(bot, ada, clock)
    await ada.say("/harder")
    clock.advance(days=10)
    replies = await ada.say("/today")
    assert "level 1 (1:00 of jogging)" in (replies[0].text or "")
    plan = (await ada.say("/plan"))[0].text or ""
    assert "level 1 of 8" in plan
    assert "gap_7" in await bot.rules()
    await ada.say("/today")
    assert (await bot.rules()).count("gap_7") == 1
