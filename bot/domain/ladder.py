"""The level ladder: what the 20-minute interval block holds at each level.

Coaching rules, 'Session shape'. The table below is the only place the levels are written down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

from bot.domain.rules import PAIN_MAX, PAIN_MIN

WARMUP_SECONDS: Final = 300
BLOCK_SECONDS: Final = 1200
COOLDOWN_SECONDS: Final = 300
SESSION_SECONDS: Final = WARMUP_SECONDS + BLOCK_SECONDS + COOLDOWN_SECONDS

FLOOR_LEVEL: Final = 0
FIRST_LEVEL: Final = 1
# The top of the programme (ASTEROID's 3-minute cap); the levels above it are opt-in only.
TOP_LEVEL: Final = 8
# The last rung of the ladder: 20 minutes of continuous running.
LAST_LEVEL: Final = 10

# One level up adds at most this much jogging (ladder invariant).
MAX_JOG_STEP_SECONDS: Final = 150
# Usual pain at or above this starts at the floor level (a brisk walk) for the first week.
HIGH_BASELINE_PAIN: Final = 7


@dataclass(frozen=True)
class Level:
    """One rung of the ladder: ``repeats`` × (jog, walk) fill the interval block."""

    number: int
    jog_seconds: int
    walk_seconds: int
    repeats: int

    @property
    def total_jog_seconds(self) -> int:
        """Seconds of jogging in the whole block."""
        return self.jog_seconds * self.repeats

    @property
    def block_seconds(self) -> int:
        """Length of the interval block."""
        return (self.jog_seconds + self.walk_seconds) * self.repeats


LEVELS: Final[tuple[Level, ...]] = (
    # Level(number, jog, walk, repeats)   bouts (m:ss)          jog in block
    Level(0, 0, 1200, 1),  #              20:00 brisk walk      0:00
    Level(1, 15, 285, 4),  #              0:15 / 4:45 × 4       1:00
    Level(2, 30, 270, 4),  #              0:30 / 4:30 × 4       2:00
    Level(3, 60, 240, 4),  #              1:00 / 4:00 × 4       4:00
    Level(4, 60, 180, 5),  #              1:00 / 3:00 × 5       5:00
    Level(5, 90, 150, 5),  #              1:30 / 2:30 × 5       7:30
    Level(6, 120, 120, 5),  #             2:00 / 2:00 × 5      10:00
    Level(7, 150, 90, 5),  #              2:30 / 1:30 × 5      12:30
    Level(8, 180, 60, 5),  #              3:00 / 1:00 × 5      15:00
    # Beyond the top, opt-in only: longer running toward 20 continuous minutes.
    Level(9, 210, 30, 5),  #              3:30 / 0:30 × 5      17:30
    Level(10, 1200, 0, 1),  #             20:00 continuous     20:00
)


def ladder_problems(levels: Sequence[Level]) -> list[str]:
    """Every way ``levels`` breaks the ladder invariants; empty when the ladder is sound.

    Invariants: numbered from the floor without holes, every block fills the 20 minutes, jog time
    strictly rises, jog bouts never shrink, and one level up adds at most 2:30 of jogging.
    """
    problems: list[str] = []
    for index, rung in enumerate(levels):
        if rung.number != FLOOR_LEVEL + index:
            problems.append(f"level at position {index} is numbered {rung.number}")
        if rung.block_seconds != BLOCK_SECONDS:
            problems.append(f"level {rung.number} block lasts {rung.block_seconds} s")
        if min(rung.jog_seconds, rung.walk_seconds) < 0 or rung.repeats < 1:
            problems.append(f"level {rung.number} has a negative bout or no repeats")
    for lower, upper in pairwise(levels):
        step = upper.total_jog_seconds - lower.total_jog_seconds
        if step <= 0:
            problems.append(f"jog time does not rise from level {lower.number} to {upper.number}")
        if step > MAX_JOG_STEP_SECONDS:
            problems.append(f"level {upper.number} adds {step} s of jogging")
        if upper.jog_seconds < lower.jog_seconds:
            problems.append(f"jog bout shrinks from level {lower.number} to {upper.number}")
    return problems


if _problems := ladder_problems(LEVELS):  # pragma: no cover - guards edits of the table
    raise ValueError("; ".join(_problems))


def level(number: int) -> Level:
    """The ladder rung ``number``; ValueError outside the ladder."""
    if not FLOOR_LEVEL <= number <= LAST_LEVEL:
        raise ValueError(f"level {number} is outside the ladder {FLOOR_LEVEL}..{LAST_LEVEL}")
    return LEVELS[number - FLOOR_LEVEL]


def beyond_top(number: int) -> bool:
    """Whether ``number`` is one of the opt-in levels above the top of the programme."""
    return number > TOP_LEVEL


def starting_level(baseline_pain: int) -> int:
    """Level of a new user's first week: the first level, or the floor when usual pain is high."""
    if not PAIN_MIN <= baseline_pain <= PAIN_MAX:
        raise ValueError(f"pain {baseline_pain} is outside {PAIN_MIN}..{PAIN_MAX}")
    return FLOOR_LEVEL if baseline_pain >= HIGH_BASELINE_PAIN else FIRST_LEVEL


def clock(seconds: int) -> str:
    """Seconds as m:ss, the way the coach shows durations (``75`` → ``"1:15"``)."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}"
