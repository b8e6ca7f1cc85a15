"""What a plain chat message asks for, when it is not an answer to a question.

The wordings live in :mod:`bot.domain.phrases`; this module matches them. Words of six
letters or more may carry one typo, of nine or more two (never in the first letter), measured
with rapidfuzz's optimal-string-alignment distance (two letters swapped count as one typo),
so "sesion" and "todays workuot" are still read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil import relativedelta
from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date
from rapidfuzz.distance import OSA

from bot.domain import parsing
from bot.domain.phrases import FILLER, ORDER, PHRASES, REPLIES, Intent, Reply

__all__ = ["Intent", "Reply", "classify", "holiday_until", "means", "reminder_time"]

MAX_GAP = 2
"""Other words allowed between two words of a phrase."""

_WORD = re.compile(r"[a-z0-9]+")

# "my pain is 9 today", "back 3/10": a statement of a score, not a question about today.
_PAIN_SCORE = re.compile(
    r"\b(pain|back|hurts?|sore)\b\D{0,20}\b(\d{1,2}|zero|one|two|three|four|five|six|seven"
    r"|eight|nine|ten)\b(?!\s*(min|minute|hour|am|pm|k|km|o'?clock)s?\b)|\b\d{1,2}\s*/\s*10\b",
    re.IGNORECASE,
)
_HELP_MARKS = re.compile(r"^\s*\?+\s*$")


@dataclass(frozen=True)
class _Phrase:
    words: tuple[tuple[tuple[str, bool], ...], ...]  # per word: (spelling, is a stem)
    whole: bool


def _compile(phrase: str) -> _Phrase:
    whole = phrase.startswith("^")
    return _Phrase(tuple(
        tuple((choice.rstrip("*"), choice.endswith("*")) for choice in token.split("|"))
        for token in phrase.lstrip("^").split()), whole)


_COMPILED = {intent: tuple(_compile(p) for p in phrases) for intent, phrases in PHRASES.items()}


def _close(word: str, wanted: str, stem: bool) -> bool:
    """Exact (or a stem's start), or within a typo or two that keep the first letter."""
    if word.startswith(wanted) if stem else word == wanted:
        return True
    allowed = 2 if len(wanted) >= 9 else 1 if len(wanted) >= 6 else 0
    if allowed == 0 or word[:1] != wanted[:1]:
        return False
    heads = [word[: len(wanted) + k] for k in (-1, 0, 1)] if stem else [word]
    return any(OSA.distance(head, wanted, score_cutoff=allowed) <= allowed
               for head in heads)


def _matches(word: str, choices: tuple[tuple[str, bool], ...]) -> bool:
    return any(_close(word, wanted, stem) for wanted, stem in choices)


def _found(words: Sequence[str], phrase: _Phrase) -> bool:
    if phrase.whole:
        kept = [w for w in words if w not in FILLER]
        return any(len(ws) == len(phrase.words) and all(
            _matches(w, choices) for w, choices in zip(ws, phrase.words, strict=True))
            for ws in (words, kept))
    first, rest = phrase.words[0], phrase.words[1:]
    for index, word in enumerate(words):
        if not _matches(word, first):
            continue
        at = index
        for choices in rest:
            window = range(at + 1, min(len(words), at + 2 + MAX_GAP))
            found = next((i for i in window if _matches(words[i], choices)), None)
            if found is None:
                break
            at = found
        else:
            return True
    return False


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))


def _reports_pain(text: str) -> bool:
    return "?" not in text and _PAIN_SCORE.search(text) is not None


def classify(text: str) -> Intent | None:
    """The intent of a plain message, or None when it is not understood.

    A flare comes first; then a pain score stated without a question is a pain report,
    so "my pain is 9 today" is not read as a question about today's session; then the
    intents in :data:`bot.domain.phrases.ORDER`.
    """
    words = _words(text)
    if any(_found(words, p) for p in _COMPILED[Intent.FLARE]):
        return Intent.FLARE
    if _reports_pain(text):
        return Intent.PAIN_REPORT
    if _HELP_MARKS.match(text):
        return Intent.HELP
    for intent in ORDER[1:]:
        if any(_found(words, p) for p in _COMPILED[intent]):
            return intent
    return None


def means(text: str, reply: Reply) -> bool:
    """Whether a short typed answer means ``reply`` ("nope" means no, "carry on" resume)."""
    cleaned = " ".join(_words(text))
    return cleaned in REPLIES[reply] or (
        reply in (Reply.YES, Reply.NO) and parsing.parse_yes_no(text) is (reply is Reply.YES))


_TIME = re.compile(r"\b(\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?|noon|midday)(?!\s*/)",
                   re.IGNORECASE)


def reminder_time(text: str) -> time | None:
    """The clock time a message asks the reminder to move to ("to 7:30", "at 6pm"), or None."""
    for match in _TIME.finditer(text):
        at = parsing.parse_time(match.group(1))
        if at is not None:
            return at
    return None


_UNTIL = re.compile(r"\b(?:until|till|til|to|through|thru)\s+(?P<when>.+)$", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORDINAL_ONLY = re.compile(r"^(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?$")


def holiday_until(text: str, today: date) -> date | None:
    """The date a message says the user is away until, read against their ``today``.

    "until the 20th" is the next 20th; "until 25/12" is day first, next year once it is past;
    "until next monday" (or "until monday") is the coming Monday. None when no date is given.
    """
    match = _UNTIL.search(text.strip().rstrip(".!?"))
    if match is None:
        return None
    when = " ".join(_words(match["when"]))
    weekday = next((i for i, name in enumerate(_WEEKDAYS)
                    if any(_close(w, name, False) or w == name[:3] for w in when.split())), None)
    if weekday is not None:
        return today + relativedelta.relativedelta(days=1, weekday=weekday)
    ordinal = _ORDINAL_ONLY.match(when)
    if ordinal is not None:
        return _next_day_of_month(int(ordinal["d"]), today)
    return _calendar_date(match["when"], today)


def _next_day_of_month(day: int, today: date) -> date | None:
    for months in range(0, 3):
        month = today + relativedelta.relativedelta(months=months, day=1)
        try:
            candidate = month.replace(day=day)
        except ValueError:
            continue
        if candidate > today:
            return candidate
    return None


def _calendar_date(when: str, today: date) -> date | None:
    cleaned = re.sub(r"\b(the|of)\b", " ", when.lower()).strip(" .!?")
    try:
        found = parse_date(cleaned, dayfirst=True, default=_midnight(today)).date()
    except (ParserError, ValueError, OverflowError):
        return None
    if found <= today and str(today.year) not in cleaned:
        found = found + relativedelta.relativedelta(years=1)
    return found if found - today <= timedelta(days=366) else None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)
