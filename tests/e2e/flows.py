"""Reusable stretches of conversation for end-to-end tests."""

from __future__ import annotations

from bot.domain.safety import Readiness, RedFlag
from tests.e2e.harness import Person

# The answers to "Is this new, and happening now?" after a message names a red flag.
YES_NOW = "Yes — it's new and happening now"
NOT_NOW = "No — not now, or not new"


async def agree(person: Person) -> None:
    await person.say("/start")
    await person.tap("I agree, let's go")


async def pass_screen(person: Person) -> None:
    for _ in range(len(RedFlag) + len(Readiness)):
        await person.tap("No")


async def onboard(person: Person, *, usual: str = "4", zone: str = "Europe/London") -> None:
    """Take a person through the whole set-up with ordinary answers."""
    await agree(person)
    await pass_screen(person)
    await person.tap("More than a year")
    await person.tap(usual)
    await person.tap("3")
    await person.tap("Occasionally")
    await person.say("mon wed fri")
    await person.tap("07:30")
    await person.say(zone)
    await person.tap("Looks good ✅")
