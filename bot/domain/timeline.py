"""The minute-by-minute shape of one session at a level (coaching rules, 'Session shape')."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.domain import ladder
from bot.domain.rules import FLARE_WALK_MAX_MINUTES


class PhaseKind(Enum):
    """What the user does during a phase."""

    WARMUP = "warmup"
    JOG = "jog"
    WALK = "walk"
    COOLDOWN = "cooldown"
    FLARE_WALK = "flare_walk"  # a brisk walk, as long as is comfortable, during flare mode


@dataclass(frozen=True)
class Phase:
    """One stretch of a session; times are seconds from the session start.

    ``interval`` is the 1-based repeat of a jog or walk inside the block and ``intervals`` the
    number of repeats; both are None for the warm-up and the cool-down.
    """

    kind: PhaseKind
    start: int
    duration: int
    interval: int | None
    intervals: int | None

    @property
    def end(self) -> int:
        """Seconds from the session start when the phase is over."""
        return self.start + self.duration


def timeline(level: int) -> tuple[Phase, ...]:
    """Phases of a session at ``level``: warm-up walk, (jog, walk) × repeats, cool-down walk.

    The floor level's block is one brisk walk. ValueError outside the ladder.
    """
    rung = ladder.level(level)
    phases = [Phase(PhaseKind.WARMUP, 0, ladder.WARMUP_SECONDS, None, None)]
    clock = ladder.WARMUP_SECONDS
    for interval in range(1, rung.repeats + 1):
        for kind, duration in (
            (PhaseKind.JOG, rung.jog_seconds),
            (PhaseKind.WALK, rung.walk_seconds),
        ):
            if duration:
                phases.append(Phase(kind, clock, duration, interval, rung.repeats))
                clock += duration
    phases.append(Phase(PhaseKind.COOLDOWN, clock, ladder.COOLDOWN_SECONDS, None, None))
    return tuple(phases)



def flare_walk() -> tuple[Phase, ...]:
    """The flare session: one brisk walk, as long as is comfortable, up to the flare walk's
    longest (coaching rules, 'Flare'); the user may finish from its shortest on."""
    return (Phase(PhaseKind.FLARE_WALK, 0, FLARE_WALK_MAX_MINUTES * 60, None, None),)
