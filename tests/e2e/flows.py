"""Reusable stretches of conversation for end-to-end tests."""

from __future__ import annotations

import re

from bot.emulator.models import SentMessage
from tests.e2e.harness import Person

# The answers to "Is this new, and happening now?" after a message names a red flag.
YES_NOW = "Yes — it's new and happening now"
NOT_NOW = "No — not now, or not new"


async def agree(person: Person) -> None:
    await person.say("/start")
    await person.tap("I agree, let's go")


NONE_OF_THESE = "None of these"


def tick_label(message: SentMessage, number: int) -> str:
    """The label of item ``number``'s tick button on a screening list, ticked or not."""
    shape = re.compile(rf"(☐|✅) {number} ")
    labels = [label for label in message.buttons if shape.match(label)]
    assert len(labels) == 1, (number, message.buttons)
    return labels[0]


def done_label(message: SentMessage) -> str:
    """The label of a screening list's Done button (it counts the ticks)."""
    (label,) = [label for label in message.buttons if label.startswith("Done")]
    return label


async def tick(person: Person, *numbers: int) -> list[SentMessage]:
    """Tick (or untick) items of the screening list just asked, by their numbers."""
    replies: list[SentMessage] = []
    for number in numbers:
        replies += await person.tap(tick_label(person.last, number))
    return replies


async def answer_list(person: Person, *numbers: int) -> list[SentMessage]:
    """Answer the screening list just asked: tick ``numbers`` then Done, or None of these."""
    if not numbers:
        return await person.tap(NONE_OF_THESE)
    await tick(person, *numbers)
    return await person.tap(done_label(person.last))


async def pass_screen(person: Person) -> None:
    """None of these, at the red flags and then at the readiness questions."""
    await person.tap(NONE_OF_THESE)
    await person.tap(NONE_OF_THESE)


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
