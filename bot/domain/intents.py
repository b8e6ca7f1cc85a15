"""What a plain chat message asks for, when it is not an answer to a question."""

from __future__ import annotations

import re
from enum import Enum


class Intent(Enum):
    FLARE = "flare"
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


def classify(text: str) -> Intent | None:
    """The intent of a plain message, or None when it is not understood."""
    for intent, pattern in _PATTERNS:
        if pattern.search(text):
            return intent
    return None
