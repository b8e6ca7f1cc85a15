"""What a track says aloud, in plain spoken words: "Jog — one minute", "Halfway".

Every spoken phrase lives here, so its wording is one place, as the chat's texts are.
"""

from __future__ import annotations

from bot.domain.rules import FLARE_WALK_MIN_MINUTES

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty")

HALFWAY = "Halfway"
LAST_MINUTE = "Last minute"
DONE = "Session done"


def number(n: int) -> str:
    """``n`` (0–59) in words: "seven", "forty-five"."""
    if not 0 <= n < 60:
        raise ValueError(n)
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def length(seconds: int) -> str:
    """A stretch's length as it is said: "fifteen seconds", "one minute", "two and a half
    minutes", "four forty-five" (four minutes and forty-five seconds)."""
    minutes, rest = divmod(seconds, 60)
    if minutes == 0:
        return f"{number(rest)} seconds"
    if rest == 0:
        return "one minute" if minutes == 1 else f"{number(minutes)} minutes"
    if rest == 30:
        return f"{number(minutes)} and a half minutes"
    return f"{number(minutes)} {'oh ' if rest < 10 else ''}{number(rest)}"


def enough() -> str:
    """The words of the flare walk's soft chime: from here, stopping is fine."""
    return f"{number(FLARE_WALK_MIN_MINUTES).capitalize()} minutes — you can stop here"


def change(jog: bool, seconds: int, *, last: bool = False) -> str:
    """The words after a change: "Jog — one minute", "Last jog — fifteen seconds"."""
    what = ("Last jog" if last else "Jog") if jog else "Walk"
    return f"{what} — {length(seconds)}"


def halfway_with(change_words: str) -> str:
    """Halfway falling on a change: the change's words after the chime, one phrase."""
    return f"{HALFWAY}. {change_words}"
