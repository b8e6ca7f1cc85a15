"""A new user from /start through every question to "what's today's session?"."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.domain.safety import Readiness, RedFlag
from bot.emulator import Emulator
from bot.storage import repo
from bot.storage.models import SafetyAnswer
from bot.telegram import texts
from tests.conftest import FakeClock
from tests.e2e.flows import NONE_OF_THESE
from tests.e2e.harness import Person, RunningBot


async def screen_with_no(ada: Person) -> None:
    assert "Safety check" in (ada.last.text or "")
    await ada.tap(NONE_OF_THESE)
    assert "Exercise check" in (ada.last.text or "")
    await ada.tap(NONE_OF_THESE)


async def test_onboarding_by_buttons_then_today(ada: Person, bot: RunningBot,
                                               emulator: Emulator, clock: FakeClock) -> None:
    replies = await ada.say("/start")
    assert "I'm runback" in (replies[0].text or "")
    assert "coach, not a clinician" in (replies[0].text or "")
    assert "/delete" in (replies[0].text or "")
    await ada.tap("I agree, let's go")
    await screen_with_no(ada)
    assert "How long" in (ada.last.text or "")
    await ada.tap("More than a year")
    await ada.tap("4")  # usual pain
    await ada.tap("3")  # pain right now
    await ada.tap("Not in years")
    for day in ("Mon", "Wed", "Fri"):
        await ada.tap(day)
    assert "Picked: Monday, Wednesday, Friday (3/3)" in (ada.last.text or "")
    await ada.tap("Done (3/3)")
    await ada.tap("07:30")
    assert texts.LOCATION_BUTTON in ada.user.reply_buttons
    replies = await ada.say("London")
    assert "Europe/London" in (replies[0].text or "")
    summary = ada.last.text or ""
    # Monday 4 January 2027, 09:00 UTC: today's 07:30 has passed, so Wednesday comes first.
    assert "Starting level: 1" in summary
    assert "First session: Wednesday 6 January at 07:30" in summary
    assert "4 × (0:15 easy jog" in summary
    await ada.tap("Looks good ✅")
    assert "all set" in (ada.last.text or "")

    replies = await ada.say("what's today's session?")
    assert "first session is Wednesday 6 January at 07:30" in (replies[0].text or "")

    clock.set(datetime(2027, 1, 6, 6, 0, tzinfo=UTC))  # Wednesday, before the reminder
    replies = await ada.say("what's today's session?")
    assert "Today's session" in (replies[0].text or "")
    assert "Wednesday 6 January, 07:30" in (replies[0].text or "")
    assert "1:00 of it jogging" in (replies[0].text or "")
    assert "After that: Friday 8 January at 07:30" in (replies[0].text or "")

    clock.set(datetime(2027, 1, 7, 20, 0, tzinfo=UTC))  # Thursday
    replies = await ada.say("next session")
    assert "Rest day" in (replies[0].text or "")
    assert "Next session: Friday at 07:30" in (replies[0].text or "")

    assert bot.db is not None
    async with bot.db.transaction() as session:
        user = await repo.get_user(session, ada.user.id)
        assert user is not None and user.onboarded_at is not None
        answers = (await session.scalars(select(SafetyAnswer))).all()
        assert len(answers) == len(RedFlag) + len(Readiness)
    commands = emulator.calls_to("setMyCommands")
    assert commands, "the command list is registered at start-up"


async def test_onboarding_by_typed_answers(ada: Person, clock: FakeClock) -> None:
    clock.set(datetime(2027, 1, 5, 12, 0, tzinfo=UTC))  # a Tuesday
    await ada.say("/start")
    await ada.say("yes")
    await ada.say("no")  # none of the red flags
    await ada.say("none")  # none of the readiness questions
    await ada.say("2 years")
    await ada.say("5/10")
    await ada.say("four")
    await ada.say("never")
    await ada.say("tue thu sat")
    await ada.say("7.30pm")
    replies = await ada.say("new york")
    assert "America/New_York" in (replies[0].text or "")
    assert "First session: Tuesday 5 January at 19:30" in (ada.last.text or "")
    await ada.say("yes")
    replies = await ada.say("today?")
    assert "Today's session" in (replies[0].text or "")
    replies = await ada.say("/today")
    assert "19:30" in (replies[0].text or "")
