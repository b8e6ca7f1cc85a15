"""Where each sound of a session's track falls: worked out from the domain's timeline."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from enum import Enum

from bot.audio import words
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
DONE_BEFORE_FINISH = 2.5
""""Session done" is said this long before the finish tune, which then ends the track."""
LAST_MINUTE = 60


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
class Spoken:
    """Words said from ``at`` seconds on, once any cue sounding then has rung out."""

    at: float
    text: str


@dataclass(frozen=True)
class Score:
    """Everything a track holds: its name, length, sounds and words in time order."""

    name: str  # "Level 3", "Flare walk"
    seconds: int
    cues: tuple[Cue, ...]
    flare: bool = False
    words: tuple[Spoken, ...] = ()

    def key(self, version: str, voice: str | None = None) -> str:
        """A name for the rendered file: the same sounds (and words in the same ``voice``, if
        any is used) by the same renderer, the same key."""
        text = ";".join(f"{cue.at:.3f}:{cue.sound.value}" for cue in self.cues)
        if voice is not None:
            text += f"|{voice}|" + ";".join(f"{said.at:.3f}:{said.text}" for said in self.words)
        digest = hashlib.sha256(f"{version}|{self.seconds}|{text}".encode()).hexdigest()
        return digest[:24]

    def changes(self, sound: Sound) -> tuple[float, ...]:
        """The offsets of every ``sound``."""
        return tuple(cue.at for cue in self.cues if cue.sound is sound)


def _on_foot(kind: PhaseKind) -> Sound:
    return Sound.JOG if kind is PhaseKind.JOG else Sound.WALK


def session_score(level: int) -> Score:
    """The track of a session at ``level``: each switch between walking and jogging at its
    exact second, three pips before it and its words ("Jog — one minute"), the halfway chime
    and the finish tune.

    Level 0 is one walk from start to end: only the chime and the tune. ValueError outside
    the ladder.
    """
    changes = _changes(level)
    cues: list[Cue] = []
    said: dict[float, str] = {}
    jogs = [at for at, sound in changes if sound is Sound.JOG]
    ends = [at for at, _ in changes[1:]] + [float(ladder.SESSION_SECONDS)]
    for (at, sound), until in zip(changes, ends, strict=False):  # level 0: no changes
        cues.extend(Cue(at - PIP_EVERY * n, Sound.PIP) for n in range(PIPS, 0, -1))
        cues.append(Cue(at, sound))
        last = len(jogs) > 1 and at == jogs[-1]  # one long jog is not "the last jog"
        said[at] = words.change(sound is Sound.JOG, round(until - at), last=last)
    halfway = float(MIDWAY_SECONDS)
    if halfway in said:
        # The chime waits for the change's cue, and the change's words wait for the chime.
        said[halfway + AFTER_CUE] = words.halfway_with(said.pop(halfway))
        halfway += AFTER_CUE
    else:
        said[halfway] = words.HALFWAY
    cues.append(Cue(halfway, Sound.HALFWAY))
    return _finished(f"Level {level}", cues, said)


def _changes(level: int) -> list[tuple[float, Sound]]:
    """Each switch between walking and jogging: its second and its cue."""
    found = []
    for before, phase in itertools.pairwise(timeline(level)):
        if _on_foot(before.kind) is not _on_foot(phase.kind):
            found.append((float(phase.start), _on_foot(phase.kind)))
        # else the warm-up running into a brisk walk is no change for the feet
    return found


def flare_score() -> Score:
    """The flare walk: a brisk walk with a soft chime where stopping is fine, the halfway
    chime and the finish tune."""
    enough = float(FLARE_WALK_MIN_MINUTES * 60)
    cues = [Cue(enough, Sound.ENOUGH), Cue(float(MIDWAY_SECONDS), Sound.HALFWAY)]
    said = {enough: words.enough(), float(MIDWAY_SECONDS): words.HALFWAY}
    return _finished("Flare walk", cues, said, flare=True)


def _finished(name: str, cues: list[Cue], said: dict[float, str], *,
              flare: bool = False) -> Score:
    seconds = ladder.SESSION_SECONDS
    finish = seconds - FINISH_SECONDS
    cues.append(Cue(finish, Sound.FINISH))
    said[float(seconds - LAST_MINUTE)] = words.LAST_MINUTE
    said[finish - DONE_BEFORE_FINISH] = words.DONE
    spoken = tuple(Spoken(at, text) for at, text in sorted(said.items()))
    return Score(name, seconds, tuple(sorted(cues, key=lambda cue: cue.at)), flare, spoken)
