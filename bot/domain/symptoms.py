"""Red-flag symptoms and severe pain in what users type, in everyday English.

Every phrase list lives here. A phrase is a sequence of words; each word may list
alternatives (``groin|bum``) and may end in ``*`` to match any ending (``numb*`` reads
"numb", "numbness", "numbed"). The words of a phrase must come in order, at most
:data:`MAX_GAP` other words apart, inside one clause of the message. Longer words may carry
a typo (one edit from 6 letters, two from 9; never in the first letter), measured with
rapidfuzz's Levenshtein distance.
A negation word just before a mention ("no", "not", "don't have any") or among the words
it skips ("legs are not weak") cancels it; the clause ends at punctuation or "but".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from bot.domain.safety import SAFETY_PAIN_THRESHOLD, RedFlag

MAX_GAP = 2
"""Other words allowed between two words of a phrase."""

NEGATION_REACH = 3
"""How many words before a mention a negation still reaches."""

_SADDLE = "groin|bum|butt|bottom|backside|buttocks|genitals|privates|crotch|saddle|perineum"
_LEGS = "leg|legs|foot|feet|thigh|thighs"

PHRASES: dict[RedFlag, tuple[str, ...]] = {
    RedFlag.BLADDER_BOWEL: (
        "wet myself", "wet my pants", "incontinen*", "leak* urine", "leak* pee",
        "cant pee", "cant wee", "cant urinate", "cant feel when pee|wee|urinate",
        "cant hold pee|wee|urine|bladder|bowels|poo",
        "trouble|difficulty|problem*|struggl* peeing|weeing|urinating|passing|bladder|bowel*",
        "bladder|bowel|bowels problem*|control|issue*|trouble",
        "lost|losing|lose control bladder|bowel|bowels", "pooed|soiled|pooped myself",
    ),
    RedFlag.SADDLE_NUMBNESS: (
        "numb*|tingl*|tingel* between legs", f"numb*|tingl*|tingel* {_SADDLE}",
        f"{_SADDLE} numb*|tingl*",
        f"pins needles {_SADDLE}", f"cant feel {_SADDLE}", "numb* inner thigh*",
        "numb* down below", "saddle numb*|area",
    ),
    RedFlag.LEG_WEAKNESS: (
        f"{_LEGS} weak*|numb*|giving|gave|buckl*", f"weak*|numb* {_LEGS}",
        f"cant feel|move|lift {_LEGS}", "foot drop", "dragging foot|leg",
    ),
    RedFlag.FEVER: (
        "fever*", "feverish", "temperature", "chills", "shiver*", "night sweats",
        "feel*|feeling unwell|ill|poorly|sick",
    ),
    RedFlag.WEIGHT_LOSS: (
        "lost|losing weight without|not|no trying|dieting|reason", "unexplained weight*",
        "weight loss|dropping without|not|no trying|dieting|reason|explain",
        "lost|losing weight cant explain", "weight loss cant explain",
        "lost|losing lot weight", "weight dropping|falling off",
    ),
    RedFlag.CANCER: ("cancer*", "tumour*", "tumor*", "chemo*", "oncolog*", "malignan*"),
    RedFlag.FALL: (
        "i fell", "fell over|down|off|on", "had|a fall", "bad|big|nasty fall", "slipped|tripped",
        "accident", "crash*", "hit by car|bike|cyclist",
    ),
    RedFlag.NIGHT_PAIN: (
        "worse|bad|worst at night", "pain|hurts|aches|ache at night", "wakes|woke|waking me up",
        "keeps|kept me awake|up", "cant sleep pain|back", "worse|hurts lying|lie down",
        "constant* pain|ache", "pain constant*", "night pain",
    ),
}
"""Everyday wordings of each red flag."""

EXCEPTIONS: dict[RedFlag, tuple[str, ...]] = {
    RedFlag.FALL: ("fell|fall asleep", "fell behind", "fell in love", "fell apart",
                   "fall back", "fell through"),
    RedFlag.FEVER: ("sick of", "sick and tired", "ill fitting"),
    RedFlag.LEG_WEAKNESS: ("weak* knees",),
}
"""Wordings that look like a red flag and are not; a clause holding one is not read for it."""

NEGATIONS = frozenset({
    "no", "not", "never", "without", "nothing", "none", "nor", "neither", "zero", "dont",
    "didnt", "doesnt", "havent", "hasnt", "hadnt", "isnt", "arent", "wasnt", "werent",
    "aint", "free",
})
"""Words that cancel a mention they come just before."""

PAIN_WORDS = frozenset({
    "pain", "painful", "pains", "hurt", "hurts", "hurting", "sore", "soreness", "ache",
    "aching", "aches", "agony", "back",
})
"""Words that make a nearby number a pain score."""

UNITS = frozenset({
    "min", "mins", "minute", "minutes", "sec", "secs", "second", "seconds", "hour", "hours",
    "hr", "hrs", "day", "days", "week", "weeks", "am", "pm", "o", "oclock", "k", "km", "kms",
    "miles", "mile", "times", "steps", "years", "months",
})
"""Words after a number that make it something other than a pain score."""

_SEVERE = {"9": 9, "10": 10, "nine": 9, "ten": 10}
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\n]+|\bbut\b|\bthough\b|\bhowever\b")
_FRACTION = re.compile(r"\b(\d{1,2}|nine|ten)\s*(?:/|out of)\s*(10|ten)\b")
_CLOCK_OR_DECIMAL = re.compile(r"\d[:.]\d")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class _Word:
    choices: tuple[tuple[str, bool], ...]  # (spelling, is a stem)

    def matches(self, word: str) -> bool:
        return any(_close(word, wanted, stem) for wanted, stem in self.choices)


def _typos_allowed(wanted: str) -> int:
    return 2 if len(wanted) >= 9 else 1 if len(wanted) >= 6 else 0


def _close(word: str, wanted: str, stem: bool) -> bool:
    """Exact, or within a typo or two; a typo never changes the first letter."""
    if word.startswith(wanted) if stem else word == wanted:
        return True
    allowed = _typos_allowed(wanted)
    if allowed == 0 or word[:1] != wanted[:1]:
        return False
    heads = [word[: len(wanted) + k] for k in (-1, 0, 1)] if stem else [word]
    return any(Levenshtein.distance(head, wanted, score_cutoff=allowed) <= allowed
               for head in heads)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))


def _compile(phrase: str) -> tuple[_Word, ...]:
    return tuple(
        _Word(tuple((choice.rstrip("*"), choice.endswith("*")) for choice in token.split("|")))
        for token in phrase.split()
    )


_COMPILED = {flag: tuple(_compile(p) for p in phrases) for flag, phrases in PHRASES.items()}
_COMPILED_EXCEPTIONS = {flag: tuple(_compile(p) for p in phrases)
                        for flag, phrases in EXCEPTIONS.items()}


def _find(words: Sequence[str], phrase: Sequence[_Word], start: int = 0) -> list[int] | None:
    """Positions of the phrase's words, in order and at most MAX_GAP apart, or None."""
    first, rest = phrase[0], phrase[1:]
    for index in range(start, len(words)):
        if not first.matches(words[index]):
            continue
        positions = [index]
        for part in rest:
            window = range(positions[-1] + 1, min(len(words), positions[-1] + 2 + MAX_GAP))
            found = next((i for i in window if part.matches(words[i])), None)
            if found is None:
                break
            positions.append(found)
        else:
            return positions
    return None


def _negated(words: Sequence[str], positions: list[int]) -> bool:
    before = words[max(0, positions[0] - NEGATION_REACH) : positions[0]]
    between = [words[i] for i in range(positions[0], positions[-1] + 1) if i not in positions]
    return any(word in NEGATIONS for word in (*before, *between))


def _clauses(text: str) -> list[list[str]]:
    return [words for part in _CLAUSE_BREAK.split(text.lower()) if (words := _words(part))]


def _mentions(words: Sequence[str], flag: RedFlag) -> bool:
    if any(_find(words, phrase) is not None for phrase in _COMPILED_EXCEPTIONS.get(flag, ())):
        return False
    for phrase in _COMPILED[flag]:
        start = 0
        while (positions := _find(words, phrase, start)) is not None:
            if not _negated(words, positions):
                return True
            start = positions[0] + 1
    return False


def red_flags_in(text: str) -> tuple[RedFlag, ...]:
    """Every red flag a message mentions without negating it, in the order they are asked."""
    clauses = _clauses(text)
    return tuple(flag for flag in RedFlag if any(_mentions(words, flag) for words in clauses))


def red_flag_in(text: str) -> RedFlag | None:
    """The first red flag a message mentions without negating it, or None."""
    flags = red_flags_in(text)
    return flags[0] if flags else None


def severe_pain_in(text: str) -> bool:
    """True when a message gives pain at or above the safety threshold, in any wording.

    "9/10", "ten out of ten", "pain 10", "my pain is 9 today": a 9 or 10 written as a
    fraction of ten, or standing within a few words of a pain word and not followed by a
    unit ("10 minutes", "9 am"). A negation just before the score cancels it ("not 9/10",
    "my pain isn't a 9"), as it does a red flag.
    """
    lowered = _CLOCK_OR_DECIMAL.sub(" ", text.lower())
    marked = _CLAUSE_BREAK.sub(f" {_BREAK} ", _FRACTION.sub(_mark_fraction, lowered))
    return _severe_in(_words(marked))


_SEVERE_FRACTION = "severefraction"
"""Stands for a severe fraction ("9/10") once the message is split into words."""
_BREAK = "clausebreak"
"""Stands for the end of a clause, which a negation does not reach across."""


def _mark_fraction(match: re.Match[str]) -> str:
    severe = _SEVERE.get(match.group(1), 0) >= SAFETY_PAIN_THRESHOLD
    return f" {_SEVERE_FRACTION} " if severe else " "


def _severe_in(words: Sequence[str]) -> bool:
    for index, word in enumerate(words):
        if word == _SEVERE_FRACTION:
            severe = True
        elif _SEVERE.get(word, 0) >= SAFETY_PAIN_THRESHOLD:
            following = words[index + 1] if index + 1 < len(words) else ""
            severe = following not in UNITS and any(
                near in PAIN_WORDS for near in words[max(0, index - 4) : index + 3])
        else:
            continue
        if severe and not _score_negated(words[max(0, index - NEGATION_REACH) : index]):
            return True
    return False


def _score_negated(before: Sequence[str]) -> bool:
    """A negation among the words just before a score, in the same clause."""
    if _BREAK in before:
        before = before[len(before) - before[::-1].index(_BREAK):]
    return any(word in NEGATIONS for word in before)
