"""Reading what users type during onboarding and check-ins.

Every parser is pure and total: it returns the value a user meant, or None when the text
cannot be read with confidence, so the caller can simply ask again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from rapidfuzz import fuzz, process

from bot.domain.background import PainDuration, RunningHistory
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
        named = _day_named(word)
        if named is None:
            return None
        days.update(named)
    if not days:
        return None
    return tuple(sorted(days))


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_LETTERS = {"m": Weekday.MON, "tu": Weekday.TUE, "w": Weekday.WED, "th": Weekday.THU,
                "r": Weekday.THU, "f": Weekday.FRI, "sa": Weekday.SAT, "su": Weekday.SUN}
_TYPO_SCORE = 80  # "wendsday" scores 82 against "wednesday"; "monkey" 67 against "monday"
_TYPO_MIN_LENGTH = 5  # shorter words are abbreviations, read exactly or not at all


def _day_named(word: str) -> tuple[Weekday, ...] | None:
    # One word: a day's name, a misspelt one ("wendsday"), or day letters run together ("mwf").
    day = Weekday.from_name(word)
    if day is not None:
        return (day,)
    if len(word) >= _TYPO_MIN_LENGTH:
        # A typo rarely hits the first letter, and "funday" is not Sunday.
        names = [name if name[0] == word[0] else "" for name in _DAY_NAMES]
        found = process.extractOne(word, names, scorer=fuzz.ratio, score_cutoff=_TYPO_SCORE)
        if found is not None:
            return (Weekday(found[2]),)
    return _day_letters(word)


def _day_letters(word: str) -> tuple[Weekday, ...] | None:
    # "mwf", "tuth": a lone "t" or "s" could be either of two days, so it reads as nothing.
    days: list[Weekday] = []
    rest = word
    while rest:
        for letters in ("tu", "th", "sa", "su", "m", "w", "r", "f"):
            if rest.startswith(letters):
                days.append(_DAY_LETTERS[letters])
                rest = rest[len(letters):]
                break
        else:
            return None
    return tuple(days) if days else None


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


@dataclass(frozen=True)
class AmbiguousHour:
    """A bare hour from 1 to 11 ("7"): morning or evening is asked, never guessed."""

    hour: int

    @property
    def choices(self) -> tuple[time, time]:
        """The morning and the evening reading, in that order."""
        return time(self.hour), time(self.hour + 12)


_BARE_HOUR = re.compile(r"^(?:at\s+|about\s+|around\s+)*(?P<hour>\d{1,2})(?:\s*o'?\s*clock)?$")


def read_time(text: str) -> time | AmbiguousHour | None:
    """A reminder time in ``text``: a clock time, a bare hour, or an hour to ask about.

    Everything :func:`parse_time` reads is read the same. A bare hour that only a 24-hour
    clock has ("0", "13" to "23") or written with a leading zero ("07") is that hour on the
    hour: "18" is 18:00, "07" is 07:00; "12" is midday, since nobody is reminded to run at
    midnight. A bare 1 to 11 ("7") is an :class:`AmbiguousHour`:
    people say "7" for 7 in the morning and for 7 in the evening alike, and a reminder in the
    wrong half of the day is a missed session, so one more tap is the cheaper mistake.
    """
    at = parse_time(text)
    if at is not None:
        return at
    match = _BARE_HOUR.match(" ".join(text.strip().lower().split()))
    if match is None:
        return None
    hour = int(match["hour"])
    if hour > 23:
        return None
    if 1 <= hour <= 11 and not match["hour"].startswith("0"):
        return AmbiguousHour(hour)
    return time(hour)


_NUMBER_WORDS = {
    "zero": 0, "none": 0, "nil": 0,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}  # fmt: skip
_WORDS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_NUMBER = rf"\d{{1,3}}(?:[.,]\d{{1,2}})?|{_WORDS}"
_HALF = r"(?:\s*(?:and a half|½))?"
_HEDGE = (
    r"(?:(?:about|around|roughly|approximately|approx\.?|maybe|probably|perhaps|like|~"
    r"|i'?d say|i think|it'?s|its|it is|my pain is|pain is|pain|a)\s*)*"
)
_PAIN_READING = re.compile(
    rf"^{_HEDGE}(?P<minus>-\s*)?"
    rf"(?P<low>{_NUMBER})(?P<low_half>{_HALF})"
    rf"(?:\s*(?:-|–|to|or)\s*(?P<high>{_NUMBER})(?P<high_half>{_HALF}))?"
    r"\s*(?:-?ish|or so)?\s*(?:(?:/|out of|of)\s*(?:10|ten))?\s*(?:-?ish|or so)?$"
)


@dataclass(frozen=True)
class PainScore:
    """A whole score on the 0–10 scale."""

    score: int


@dataclass(frozen=True)
class PainOffScale:
    """A number outside 0–10, to be asked again, never clamped."""

    said: str


@dataclass(frozen=True)
class PainBetween:
    """A range ("4-5") or a half ("3.5"): which whole number is meant is asked."""

    low: int
    high: int

    @property
    def choices(self) -> tuple[int, ...]:
        """The whole numbers the user can choose between."""
        return tuple(range(self.low, self.high + 1))


PainReading = PainScore | PainOffScale | PainBetween


def _number(text: str, half: str | None) -> float | None:
    value: float
    if text[0].isdigit():
        value = float(text.replace(",", "."))
    elif text in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[text])
    else:
        return None
    return value + 0.5 if half else value


def read_pain(text: str) -> PainReading | None:
    """What a typed 0–10 answer says ("4", "4/10", "four", "about 4", "4-5", "3.5", "11").

    A whole number on the scale is a :class:`PainScore`; a range or a fraction is a
    :class:`PainBetween` to ask about; a number off the scale is :class:`PainOffScale`;
    anything else is None.
    """
    cleaned = " ".join(text.strip().lower().rstrip("!.?").split())
    match = _PAIN_READING.match(cleaned)
    if match is None:
        return None
    low = _number(match["low"], match["low_half"])
    high = low if match["high"] is None else _number(match["high"], match["high_half"])
    if low is None or high is None:
        return None
    if match["minus"]:
        return PainOffScale(f"-{match['low']}") if match["high"] is None else None
    low, high = min(low, high), max(low, high)
    if low < 0 or high > 10:
        return PainOffScale(match["high"] if high > 10 and match["high"] else match["low"])
    if low == high and low.is_integer():
        return PainScore(int(low))
    return PainBetween(int(low), int(high) + (0 if high.is_integer() else 1))


def parse_pain(text: str) -> int | None:
    """Pain score from 0 to 10 in ``text`` ("4", "4/10", "4 out of 10", "four"), or None."""
    reading = read_pain(text)
    return reading.score if isinstance(reading, PainScore) else None


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


_DURATION_PHRASES: dict[str, PainDuration] = {
    "under_3_months": PainDuration.UNDER_3_MONTHS,
    "3_to_12_months": PainDuration.UP_TO_A_YEAR,
    "over_a_year": PainDuration.OVER_A_YEAR,
    "recent": PainDuration.UNDER_3_MONTHS,
    "recently": PainDuration.UNDER_3_MONTHS,
    "a few days": PainDuration.UNDER_3_MONTHS,
    "a few weeks": PainDuration.UNDER_3_MONTHS,
    "a few months": PainDuration.UNDER_3_MONTHS,
    "a year or so": PainDuration.UP_TO_A_YEAR,
    "years": PainDuration.OVER_A_YEAR,
    "many years": PainDuration.OVER_A_YEAR,
    "a few years": PainDuration.OVER_A_YEAR,
    "several years": PainDuration.OVER_A_YEAR,
    "a couple of years": PainDuration.OVER_A_YEAR,
    "a year and a half": PainDuration.OVER_A_YEAR,
    "decades": PainDuration.OVER_A_YEAR,
}
_MONTHS_PER_UNIT = {"day": 1 / 30, "week": 12 / 52, "wk": 12 / 52, "month": 1, "mo": 1,
                    "year": 12, "yr": 12}
_AMOUNT = rf"\d{{1,3}}(?:[.,]\d)?|an?|{_WORDS}"
_DURATION = re.compile(
    r"^(?:(?:about|around|roughly|approximately|approx\.?|maybe|probably|like|~|for"
    r"|i'?ve had it for|it'?s been)\s*)*"
    r"(?P<bound>less than|under|fewer than|<|more than|over|longer than|>|at least)?\s*"
    rf"(?P<low>{_AMOUNT})(?:\s*(?:-|–|to|or)\s*(?P<high>{_AMOUNT}))?\s*"
    r"(?P<unit>day|week|wk|month|mo|year|yr)s?(?:\s+(?:now|ago))?$"
)
_LESS = frozenset({"less than", "under", "fewer than", "<"})


def _amount(text: str) -> float:
    if text in ("a", "an"):
        return 1.0
    if text[0].isdigit():
        return float(text.replace(",", "."))
    return float(_NUMBER_WORDS[text])


def _duration_of(months: float) -> PainDuration:
    if months < 3:
        return PainDuration.UNDER_3_MONTHS
    if months <= 12:
        return PainDuration.UP_TO_A_YEAR
    return PainDuration.OVER_A_YEAR


def parse_duration(text: str) -> PainDuration | None:
    """How long the back pain has lasted ("6 months", "about 2 years", "over a year").

    A bound or a range that straddles two answers ("under a year", "2-4 months") is None,
    so the user is asked to pick the nearest answer rather than being guessed at.
    """
    cleaned = " ".join(text.strip().lower().rstrip("!.?").split())
    if cleaned in _DURATION_PHRASES:
        return _DURATION_PHRASES[cleaned]
    match = _DURATION.match(cleaned)
    if match is None:
        return None
    factor = _MONTHS_PER_UNIT[match["unit"]]
    low = _amount(match["low"]) * factor
    high = low if match["high"] is None else _amount(match["high"]) * factor
    if match["bound"] in _LESS:
        return PainDuration.UNDER_3_MONTHS if high <= 3 else None
    if match["bound"] is not None:
        return PainDuration.OVER_A_YEAR if low >= 12 else None
    first, last = _duration_of(min(low, high)), _duration_of(max(low, high))
    return first if first is last else None


_RUNNING_PHRASES: dict[RunningHistory, frozenset[str]] = {
    RunningHistory.USED_TO_RUN: frozenset({"used to run regularly", "i used to run regularly",
                                           "used to run", "used to",
                                           "i used to run", "used to run a lot",
                                           "i used to be a runner", "used to be a runner",
                                           "i run regularly", "run regularly", "used_to_run"}),
    RunningHistory.NEVER: frozenset({"never", "never run", "never ran", "no", "not really",
                                     "not at all", "nope"}),
    RunningHistory.NOT_IN_YEARS: frozenset({"not in years", "not_in_years", "years ago",
                                            "not for years", "a long time ago",
                                            "long ago", "ages ago", "at school"}),
    RunningHistory.OCCASIONALLY: frozenset({"occasionally", "sometimes", "now and then",
                                            "a bit", "occasional", "rarely",
                                            "a little"}),
}


_RUN_WORDS = re.compile(r"\b(?:jog|jogged|jogging|ran|running|runs)\b")


def parse_running(text: str) -> RunningHistory | None:
    """Whether the user has run before ("never", "years ago", "used to jog"), or None.

    Jogging is running here: "used to jog" reads as "used to run".
    """
    cleaned = " ".join(text.strip().lower().rstrip("!.?").split())
    cleaned = _RUN_WORDS.sub("run", cleaned)
    for history, phrases in _RUNNING_PHRASES.items():
        if cleaned == history.value or cleaned in phrases:
            return history
    return None


_BACK = frozenset({"back", "go back", "undo", "previous", "previous question", "oops",
                   "wrong answer", "i pressed the wrong button", "⬅️ back", "⬅ back"})


def is_back(text: str) -> bool:
    """True when the user asks to go back and correct the answer they just gave."""
    return " ".join(text.strip().lower().rstrip("!.?").split()) in _BACK


_CORRECTION = re.compile(
    r"^(?:(?:oops|whoops|oh|sorry|wait|no wait|my bad|my mistake)\b[\s,!.]*)*"
    r"(?:(?:i meant to say|i meant|meant|i wanted to say|i should have said|make that"
    r"|should have been|correction)\b[\s,:]*)"
    r"(?P<answer>.+?)$"
    r"|^(?:oops|whoops|my bad|my mistake)\b[\s,!.]+(?P<bare>.+?)$"
)


def correction(text: str) -> str | None:
    """The answer a user corrects their last one to ("oops I meant no" → "no"), or None.

    Only words that look back count ("I meant", "oops"): "actually yes" or "I mean yes" may
    well answer the question being asked, so they are not read as corrections. Only the
    corrected answer is returned; whether it fits the question is the caller's
    to decide.
    """
    cleaned = " ".join(text.strip().lower().rstrip("!.?").split())
    match = _CORRECTION.match(cleaned)
    if match is None:
        return None
    answer = (match["answer"] or match["bare"] or "").strip(" ,!.")
    return answer or None
