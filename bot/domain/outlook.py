"""Where a user stands at their level, and what it takes to move up (coaching rules, 'Advance')."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain import ladder
from bot.domain.programme import Programme, first_week_ends, top_level
from bot.domain.rules import (
    ADVANCE_GREEN_STREAK,
    ADVANCE_MIN_SESSIONS,
    LEVEL_UP_EVERY_DAYS,
)
from bot.domain.zones import Zone


@dataclass(frozen=True)
class Standing:
    """Sessions completed at the current level and the zones of the latest judged ones.

    A zone in ``recent`` is None for a session stopped early: it is never one of the GREENs
    an advance needs.
    """

    completed: int
    recent: tuple[Zone | None, ...]

    @property
    def streak(self) -> bool:
        """Whether the last judged sessions are enough GREEN sessions done to the end."""
        return len(self.recent) >= ADVANCE_GREEN_STREAK and all(
            zone is Zone.GREEN for zone in self.recent
        )


@dataclass(frozen=True)
class MoveUp:
    """What is still needed before the next level: sessions, GREENs in a row, and a date."""

    sessions_needed: int
    greens_needed: int
    not_before: date | None
    at_top: bool


def standing(programme: Programme) -> Standing:
    """Completed sessions since the level was last set, and the last judged zones (one session
    a day counts: a second one on the same day is left out)."""
    at_level = [
        r for r in programme.history[programme.level_set_at :] if not r.in_flare and r.counts
    ]
    completed = sum(1 for record in at_level if record.completed)
    recent = [r.zone if r.full else None for r in at_level if r.judged]
    return Standing(completed, tuple(recent[-ADVANCE_GREEN_STREAK:]))


def move_up(programme: Programme, today: date) -> MoveUp:
    """What it takes to advance from here (nothing at the top of the ladder)."""
    if programme.level >= top_level(programme):
        return MoveUp(0, 0, None, at_top=True)
    now = standing(programme)
    greens = 0
    for zone in reversed(now.recent):
        if zone is not Zone.GREEN:
            break
        greens += 1
    limits = []
    if programme.last_level_up is not None:
        limits.append(programme.last_level_up + timedelta(days=LEVEL_UP_EVERY_DAYS))
    first_week = first_week_ends(programme)
    if programme.level == ladder.FLOOR_LEVEL and first_week is not None:
        limits.append(first_week)
    not_before = max((day for day in limits if day > today), default=None)
    return MoveUp(
        sessions_needed=max(0, ADVANCE_MIN_SESSIONS - now.completed),
        greens_needed=max(0, ADVANCE_GREEN_STREAK - greens),
        not_before=not_before,
        at_top=False,
    )
