"""The flare's second red-flag screen asks which flag a yes is about, and stores it."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.models import SafetyAnswer
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.test_safety import holds, onboard_after_an_emergency_stop_never_asked_about_cancer


async def answers(bot: RunningBot, person: Person) -> dict[str, bool]:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        rows = await session.scalars(select(SafetyAnswer).where(
            SafetyAnswer.user_id == person.user.id).order_by(SafetyAnswer.id))
        return {row.question: row.answer for row in rows}


async def test_a_yes_at_the_flare_screen_records_which_red_flag_it_was(
    ada: Person, bot: RunningBot
) -> None:
    await onboard(ada)
    await ada.say("/flare")
    screen = (await ada.tap("None of these"))[-1]
    assert screen.button("None of these") is not None
    assert screen.button("Yes, one of these") is None
    replies = await ada.tap("Yes: cancer")
    assert "on hold" in (replies[-1].text or "")
    stored = await answers(bot, ada)
    assert stored["rescreen:other"] is True and stored["rescreen:cancer"] is True
    (hold,) = await holds(bot)
    assert (hold.outcome, hold.reason) == ("see_doctor", "rescreen:cancer")


async def test_a_no_at_the_flare_screen_records_no_red_flag(
    ada: Person, bot: RunningBot
) -> None:
    await onboard(ada)
    await ada.say("/flare")
    await ada.tap("None of these")
    replies = await ada.tap("None of these")
    assert "on hold" not in (replies[-1].text or "")
    stored = await answers(bot, ada)
    assert stored["rescreen:other"] is False
    assert not any(q.startswith("rescreen:") and q not in ("rescreen:emergency", "rescreen:other")
                   for q in stored)


async def test_a_cancer_yes_at_a_flare_makes_the_next_flare_ask_what_is_new(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard_after_an_emergency_stop_never_asked_about_cancer(ada, bot)
    await ada.say("/flare")
    screen = (await ada.tap("None of these"))[-1].text or ""
    assert "a history of cancer" in screen
    await ada.tap("Yes: cancer")
    await ada.tap("A clinician has cleared me")
    for _ in range(2):  # the flare stands past the hold; two settled check-ins 48 h apart
        await ada.say("/flare")
        await ada.tap("1")
        clock.advance(hours=49)
    assert (await bot.rules())[-1] == "flare_exit"
    await ada.say("/flare")
    screen = (await ada.tap("None of these"))[-1].text or ""
    assert "a history of cancer" not in screen
    assert "new cancer diagnosis, or cancer that has come back" in screen
