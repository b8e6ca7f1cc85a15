"""What a plain chat message asks for, when it is not an answer to a question."""

from __future__ import annotations

import re
from enum import Enum


class Intent(Enum):
    FLARE = "flare"
    PAIN_REPORT = "pain_report"
    PLAN = "plan"
    TODAY = "today"
    HELP = "help"
    GREETING = "greeting"


_PATTERNS: tuple[tuple[Intent, re.Pattern[str]], ...] = (
    (
        Intent.FLARE,
        re.compile(
            r"\bflare[sd]?\b|\bflare[- ]?up\b|\bflared\b|\bback (has )?(gone|went|seized)\b"
            r"|\bback (is )?(killing me|in agony)\b|\bthrew my back out\b",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.PLAN,
        re.compile(r"\bmy (plan|progress|level)\b|\bwhat level\b|\bshow (me )?(the )?plan\b",
                   re.IGNORECASE),
    ),
    (
        Intent.TODAY,
        re.compile(
            r"\btoday\b|\btonight\b|\bnext (session|run|workout|one)\b|what'?s on\b"
            r"|\bwhat (is|s) (my|the) (session|plan|workout)\b|\bwhen('?s| is) my (next )?"
            r"(session|run)\b|\btoday'?s (session|run|workout)\b|\bschedule\b",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.HELP,
        re.compile(r"^\s*(help|\?+|what can you do|commands|menu|how does this work)[\s!.?]*$",
                   re.IGNORECASE),
    ),
    (
        Intent.GREETING,
        re.compile(r"^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|yo)\b[\s!.]*$",
                   re.IGNORECASE),
    ),
)


# "my pain is 9 today", "back 3/10": a statement of a score, not a question about today.
_PAIN_SCORE = re.compile(
    r"\b(pain|back|hurts?|sore)\b\D{0,20}\b(\d{1,2}|zero|one|two|three|four|five|six|seven"
    r"|eight|nine|ten)\b(?!\s*(min|minute|hour|am|pm|k|km|o'?clock)s?\b)|\b\d{1,2}\s*/\s*10\b",
    re.IGNORECASE,
)


def _reports_pain(text: str) -> bool:
    return "?" not in text and _PAIN_SCORE.search(text) is not None


def classify(text: str) -> Intent | None:
    """The intent of a plain message, or None when it is not understood.

    A flare comes first; then a pain score stated without a question is a pain report,
    so "my pain is 9 today" is not read as a question about today's session.
    """
    if _PATTERNS[0][1].search(text):
        return Intent.FLARE
    if _reports_pain(text):
        return Intent.PAIN_REPORT
    for intent, pattern in _PATTERNS[1:]:
        if pattern.search(text):
            return intent
    return None
