"""Reading what users type during onboarding and check-ins.

Every parser is pure and total: it returns the value a user meant, or None when the text
cannot be read with confidence, so the caller can simply ask again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time

from bot.domain.week import Weekday

_DAY_SEPARATORS = re.compile(r"[\s,;/&+.]+")
_FILLER_WORDS = frozenset({"and", "or", "on", "every"})


def parse_days(text: str) -> tuple[Weekday, ...] | None:
    """Training days named in ``text`` ("mon wed fri", "Monday, Wednesday and Friday").

    Returns the distinct days in week order, or None when nothing was named or any word
    is not a day. How many days are required is the caller's decision.
    """
    words = [word for word in _DAY_SEPARATORS.split(text.lower()) if word]
    days: set[Weekday] = set()
    for word in words:
        if word in _FILLER_WORDS:
            continue
        day = Weekday.from_name(word)
        if day is None:
            return None
        days.add(day)
    if not days:
        return None
    return tuple(sorted(days))


def consecutive_pairs(days: Iterable[Weekday]) -> list[tuple[Weekday, Weekday]]:
    """Picked days that fall back to back, including Sunday followed by Monday."""
    picked = sorted(set(days))
    return [(day, Weekday((day + 1) % 7)) for day in picked if Weekday((day + 1) % 7) in picked]


_CLOCK = re.compile(
    r"""^
    (?P<hour>\d{1,2})
    (?: [:.h] (?P<minute>\d{2}) )?
    \s* (?P<half>[ap]\.?\s?m\.?)?
    $""",
    re.VERBOSE,
)
_COMPACT = re.compile(r"^(?P<hour>\d{1,2})(?P<minute>\d{2})\s*(?P<half>[ap]\.?\s?m\.?)?$")
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def parse_time(text: str) -> time | None:
    """Clock time in ``text`` ("7:30", "7.30am", "7 pm", "19:00", "1930", "noon"), or None."""
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in _NAMED_TIMES:
        return _NAMED_TIMES[cleaned]
    match = _CLOCK.match(cleaned) or _COMPACT.match(cleaned)
    if match is None:
        return None
    hour = int(match["hour"])
    minute = int(match["minute"]) if match["minute"] is not None else 0
    half = match["half"]
    if minute > 59:
        return None
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour %= 12
        if half.startswith("p"):
            hour += 12
    elif match.re is _CLOCK and match["minute"] is None:
        # A bare number like "7" is too vague to be a reminder time.
        return None
    if hour > 23:
        return None
    return time(hour, minute)


_NUMBER_WORDS = {
    "zero": 0, "none": 0, "nil": 0,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_PAIN = re.compile(r"^(?P<score>\d{1,2}|[a-z]+)\s*(?:(?:/|out of|of)\s*10)?$")


def parse_pain(text: str) -> int | None:
    """Pain score from 0 to 10 in ``text`` ("4", "4/10", "4 out of 10", "four"), or None."""
    cleaned = " ".join(text.strip().lower().split())
    match = _PAIN.match(cleaned)
    if match is None:
        return None
    score_text = match["score"]
    score = int(score_text) if score_text.isdigit() else _NUMBER_WORDS.get(score_text)
    if score is None or not 0 <= score <= 10:
        return None
    return score


_YES = frozenset(
    {"yes", "y", "yeah", "yea", "yep", "yup", "ya", "sure", "ok", "okay", "of course", "definitely",
     "absolutely", "correct", "right", "true", "aye", "👍"}
)  # fmt: skip
_NO = frozenset(
    {"no", "n", "nope", "nah", "no thanks", "not really", "not at all", "never", "negative",
     "false", "👎"}
)  # fmt: skip


def parse_yes_no(text: str) -> bool | None:
    """True for a yes ("yes", "yeah", "y"), False for a no ("no", "nope"), else None."""
    cleaned = " ".join(re.sub(r"[!.?,]+", " ", text.lower()).split())
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    return None
