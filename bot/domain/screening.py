"""A screening list (the red flags, or the readiness questions) answered as one question.

The list is answered as a whole: "None of these", or the items ticked and then Done, or a
typed answer ("none", the items' numbers such as "1 3", or a red flag named in everyday
words). Every item of the list gets an answer: the ones picked are yes, the rest no.
What a yes means is decided elsewhere (:mod:`bot.domain.onboarding`, :mod:`bot.domain.safety`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from bot.domain import intents, parsing, symptoms
from bot.domain.phrases import Reply
from bot.domain.safety import EMERGENCY_FLAGS, Readiness, RedFlag

Item = RedFlag | Readiness

RED_FLAGS: tuple[RedFlag, ...] = tuple(RedFlag)
READINESS: tuple[Readiness, ...] = tuple(Readiness)

# What the list's buttons send; a typed "none" or "done" means the same.
NONE_OF_THESE = "none"
DONE = "done"
TICK = "tick:"

_SEPARATORS = re.compile(r"[\s,;/&+.#]+")
_FILLER_WORDS = frozenset({"and", "yes", "number", "numbers"})
_ITEMS: dict[str, Item] = {
    **{flag.value: flag for flag in RED_FLAGS},
    **{question.value: question for question in READINESS},
}


def tick(item: Item) -> str:
    """The answer a tick button sends: tick or untick ``item``."""
    return f"{TICK}{item.value}"


@dataclass(frozen=True)
class Answered:
    """The whole list answered: ``yes`` are the items that apply, every other one is a no."""

    yes: frozenset[Item]


@dataclass(frozen=True)
class Ticked:
    """One item ticked or unticked; nothing is answered until Done."""

    picked: frozenset[Item]


class Unclear(Enum):
    """Why an answer to a list was not taken."""

    WHICH_ONES = "which_ones"  # a bare "yes": which of them?
    NOTHING_TICKED = "nothing_ticked"  # Done with nothing ticked
    NOT_ON_LIST = "not_on_list"  # a number the list does not have
    NOT_PICKS = "not_picks"  # nothing that names items
    NOT_A_TICK = "not_a_tick"  # a tick for an item of another list: forged


def read(items: tuple[Item, ...], picked: frozenset[Item],
         text: str) -> Answered | Ticked | Unclear:
    """What ``text`` answers to the list ``items``, of which ``picked`` are ticked so far."""
    if text.strip().lower() == DONE:
        return Answered(picked) if picked else Unclear.NOTHING_TICKED
    if text.startswith(TICK):
        item = _ITEMS.get(text.removeprefix(TICK))
        return Ticked(picked ^ {item}) if item in items else Unclear.NOT_A_TICK
    if text == NONE_OF_THESE or intents.means(text, Reply.NONE) or parsing.parse_yes_no(
            text) is False:
        return Answered(frozenset())
    numbers = numbers_in(text)
    if numbers is not None:
        if not all(1 <= number <= len(items) for number in numbers):
            return Unclear.NOT_ON_LIST
        return Answered(frozenset(items[number - 1] for number in numbers))
    if intents.means(text, Reply.YES):
        return Unclear.WHICH_ONES
    named = frozenset(symptoms.red_flags_in(text)) & frozenset(items)
    return Answered(named) if named else Unclear.NOT_PICKS


def numbers_in(text: str) -> tuple[int, ...] | None:
    """The item numbers a message lists ("1 3", "1,3", "#2 and #5"), or None if it has words
    other than numbers and joining words."""
    words = [word for word in _SEPARATORS.split(text.lower()) if word]
    numbers = [word for word in words if word not in _FILLER_WORDS]
    if not numbers or not all(word.isascii() and word.isdigit() for word in numbers):
        return None
    return tuple(int(word) for word in numbers)


def ordered(items: Iterable[Item]) -> list[Item]:
    """Items in the order their list shows them."""
    order = {item: index for index, item in enumerate((*RED_FLAGS, *READINESS))}
    return sorted(items, key=order.__getitem__)


def stop_at(flags: Iterable[Item]) -> RedFlag:
    """The red flag a stop is named after: the first emergency flag picked, else the first."""
    picked = [flag for flag in ordered(flags) if isinstance(flag, RedFlag)]
    return next((flag for flag in picked if flag in EMERGENCY_FLAGS), picked[0])


def stored(picked: Iterable[Item]) -> str | None:
    """The ticked items as stored ("fever,cancer"), or None for nothing ticked."""
    return ",".join(item.value for item in ordered(picked)) or None


def picks(text: str | None) -> frozenset[Item]:
    """The ticked items from what :func:`stored` wrote; unknown names are dropped."""
    names = text.split(",") if text else []
    return frozenset(_ITEMS[name] for name in names if name in _ITEMS)
