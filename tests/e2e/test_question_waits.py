"""A question the bot is waiting on is answered even when the user asks something else first."""

from __future__ import annotations

from tests.e2e.flows import agree, pass_screen
from tests.e2e.harness import Person

PICK_ONE = "Please pick one of the buttons"


async def at_the_plan_summary(person: Person) -> None:
    await agree(person)
    await pass_screen(person)
    await person.tap("More than a year")
    await person.tap("4")
    await person.tap("3")
    await person.tap("Occasionally")
    await person.say("mon wed fri")
    await person.tap("07:30")
    await person.say("Europe/London")
    assert "Does this look right?" in (person.last.text or "")


async def test_todays_session_asked_at_the_plan_summary_gets_the_session_and_the_question(
    ada: Person
) -> None:
    await at_the_plan_summary(ada)
    replies = await ada.say("what's today's session?")
    text = "\n".join(m.text or "" for m in replies)
    assert PICK_ONE not in text
    assert "first session is Wednesday 6 January at 07:30" in text
    assert "Tap Looks good ✅ to start" in text
    assert "Looks good ✅" in replies[-1].buttons
    replies = await ada.tap("Looks good ✅", message=replies[-1])
    assert "all set" in (replies[-1].text or "")


async def test_help_asked_mid_onboarding_repeats_the_question(ada: Person) -> None:
    await agree(ada)
    question = ada.last.text
    replies = await ada.say("what can you do")
    assert PICK_ONE not in "\n".join(m.text or "" for m in replies)
    assert replies[-1].text == question


async def test_something_else_mid_onboarding_is_still_asked_about(ada: Person) -> None:
    await at_the_plan_summary(ada)
    replies = await ada.say("I like turtles")
    assert any(PICK_ONE in (m.text or "") for m in replies)
