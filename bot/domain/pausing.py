"""Reading how long a user wants to pause: "until 2027-02-01", "for 2 weeks", or open-ended."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

# A pause longer than this is almost certainly a typo; past it, the user can pause open-ended.
MAX_PAUSE_DAYS = 365

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 0, "months": 0}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for name in names
}
_FOR = re.compile(r"^(?:for\s+)?(?P<count>\d{1,3}|[a-z]+)\s+(?P<unit>[a-z]+)$")
_UNTIL = re.compile(r"^(?:until|till|til|to)\s+(?P<when>.+)$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_ORDINAL = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_DAY_MONTH = re.compile(rf"^{_ORDINAL}\s+(?P<month>[a-z]+)(?:\s+(?P<y>\d{{4}}))?$")
_MONTH_DAY = re.compile(rf"^(?P<month>[a-z]+)\s+{_ORDINAL}(?:\s+(?P<y>\d{{4}}))?$")


# What a typed /pause says for the one- and two-week choices, so a button and a typed pause
# go through the same reading.
FOR_WEEKS = {1: "for 1 week", 2: "for 2 weeks"}


class PauseProblem(Enum):
    """Why a pause request was not taken."""

    NOT_UNDERSTOOD = "not_understood"
    NOT_IN_FUTURE = "not_in_future"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class PauseRequest:
    """A pause: ``until`` is the first day back, None for "until I say /resume"."""

    until: date | None


def parse_pause(text: str, today: date) -> PauseRequest | PauseProblem:
    """The pause a user asks for after /pause, read against their local ``today``."""
    cleaned = " ".join(text.lower().replace(",", " ").split()).strip(" .!")
    if not cleaned:
        return PauseRequest(None)
    until_match = _UNTIL.match(cleaned)
    until = _date(until_match["when"], today) if until_match else _date(cleaned, today)
    if until is None:
        until = _after(cleaned, today)
    if until is None:
        return PauseProblem.NOT_UNDERSTOOD
    if until <= today:
        return PauseProblem.NOT_IN_FUTURE
    if until > today + timedelta(days=MAX_PAUSE_DAYS):
        return PauseProblem.TOO_LONG
    return PauseRequest(until)


def _after(text: str, today: date) -> date | None:
    match = _FOR.match(text)
    if match is None or match["unit"] not in _UNITS:
        return None
    count_text = match["count"]
    count = int(count_text) if count_text.isdigit() else _NUMBERS.get(count_text)
    if not count:
        return None
    per_unit = _UNITS[match["unit"]]
    if per_unit == 0:
        return _add_months(today, count)
    return today + timedelta(days=count * per_unit)


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _date(text: str, today: date) -> date | None:
    iso = _ISO.match(text)
    if iso:
        return _safe_date(int(iso["y"]), int(iso["m"]), int(iso["d"]))
    named = _DAY_MONTH.match(text) or _MONTH_DAY.match(text)
    if named is None or named["month"] not in _MONTHS:
        return None
    month, day = _MONTHS[named["month"]], int(named["d"])
    if named["y"]:
        return _safe_date(int(named["y"]), month, day)
    found = _safe_date(today.year, month, day)
    if found is not None and found <= today:  # "until 3 March" means the next 3 March
        found = _safe_date(today.year + 1, month, day)
    return found


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
