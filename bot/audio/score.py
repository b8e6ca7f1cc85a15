"""Where each sound of a session's track falls: worked out from the domain's timeline."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from enum import Enum

from bot.domain import ladder
from bot.domain.live import MIDWAY_SECONDS
from bot.domain.rules import FLARE_WALK_MIN_MINUTES
from bot.domain.timeline import PhaseKind, timeline

PIPS = 3
"""Short pips before each change, one a second, the last a second before it."""
PIP_EVERY = 1.0
AFTER_CUE = 1.5
"""A halfway chime that falls on a change sounds this long after the change's own cue."""
FINISH_SECONDS = 2.4
"""The finish tune ends as the session does, so it starts this long before the end."""


class Sound(Enum):
    """One kind of sound on a track."""

    PIP = "pip"  # the countdown before a change
    JOG = "jog"  # jog now: a rising pair of notes
    WALK = "walk"  # walk now: a falling pair
    HALFWAY = "halfway"  # a bell at the half
    ENOUGH = "enough"  # flare walk: from here, stopping is fine
    FINISH = "finish"  # a short rising tune, ending with the session


@dataclass(frozen=True)
class Cue:
    """A sound ``at`` seconds from the start of the track."""

    at: float
    sound: Sound


@dataclass(frozen=True)
class Score:
    """Everything a track holds: its name, length and sounds in time order."""

    name: str  # "Level 3", "Flare walk"
    seconds: int
    cues: tuple[Cue, ...]
    flare: bool = False

    def key(self, version: str) -> str:
        """A name for the rendered file: the same sounds by the same renderer, the same key."""
        text = ";".join(f"{cue.at:.3f}:{cue.sound.value}" for cue in self.cues)
        digest = hashlib.sha256(f"{version}|{self.seconds}|{text}".encode()).hexdigest()
        return digest[:24]

    def changes(self, sound: Sound) -> tuple[float, ...]:
        """The offsets of every ``sound``."""
        return tuple(cue.at for cue in self.cues if cue.sound is sound)


def _on_foot(kind: PhaseKind) -> Sound:
    return Sound.JOG if kind is PhaseKind.JOG else Sound.WALK


def session_score(level: int) -> Score:
    """The track of a session at ``level``: each switch between walking and jogging at its
    exact second, three pips before it, the halfway chime and the finish tune.

    Level 0 is one walk from start to end: only the chime and the tune. ValueError outside
    the ladder.
    """
    phases = timeline(level)
    cues: list[Cue] = []
    for before, phase in itertools.pairwise(phases):
        if _on_foot(before.kind) is _on_foot(phase.kind):
            continue  # the warm-up running into a brisk walk is no change for the feet
        cues.extend(Cue(phase.start - PIP_EVERY * n, Sound.PIP) for n in range(PIPS, 0, -1))
        cues.append(Cue(float(phase.start), _on_foot(phase.kind)))
    halfway = float(MIDWAY_SECONDS)
    if any(cue.at == halfway for cue in cues):
        halfway += AFTER_CUE
    cues.append(Cue(halfway, Sound.HALFWAY))
    return _finished(f"Level {level}", cues)


def flare_score() -> Score:
    """The flare walk: a brisk walk with a soft chime where stopping is fine, the halfway
    chime and the finish tune."""
    cues = [Cue(float(FLARE_WALK_MIN_MINUTES * 60), Sound.ENOUGH),
            Cue(float(MIDWAY_SECONDS), Sound.HALFWAY)]
    return _finished("Flare walk", cues, flare=True)


def _finished(name: str, cues: list[Cue], *, flare: bool = False) -> Score:
    seconds = ladder.SESSION_SECONDS
    cues.append(Cue(seconds - FINISH_SECONDS, Sound.FINISH))
    return Score(name, seconds, tuple(sorted(cues, key=lambda cue: cue.at)), flare)
