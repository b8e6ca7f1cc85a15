"""A live session's clock: cues on the level's timeline, pauses, and where the user is now.

Session time runs ``scale`` times faster than wall time (1 for real users; more for demos and
tests) and stands still while paused. Everything here is pure: ``now`` is always a parameter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum
from functools import cache

from bot.domain.ladder import SESSION_SECONDS
from bot.domain.rules import FLARE_WALK_MIN_MINUTES
from bot.domain.timeline import Phase, flare_walk, timeline

MIDWAY_SECONDS = SESSION_SECONDS // 2
FLARE_WALK_ENOUGH_SECONDS = FLARE_WALK_MIN_MINUTES * 60
"""A flare walk may finish from here on: it is a whole flare session."""
PAUSE_LIMIT_MINUTES = 30
"""A session paused longer than this asks whether to finish or discard it."""
WARNING_SECONDS = 10
"""Session seconds before each phase change (and the finish) that the status says what is
coming ("Jog in 10 s"), so a short jog never starts or ends unannounced."""


class CueKind(Enum):
    PHASE = "phase"
    ENCOURAGE = "encourage"
    FINISH = "finish"
    WARN = "warn"  # the next change is WARNING_SECONDS away: the status says so, no message
    ENOUGH = "enough"  # a flare walk is long enough: finish whenever you like


@dataclass(frozen=True)
class Cue:
    """One moment the user's phone should buzz, ``at`` session seconds from the start."""

    index: int
    at: int
    kind: CueKind
    phase: Phase | None = None
    next_phase: Phase | None = None
    encourage: bool = False


def phases_of(level: int, flare: bool = False) -> tuple[Phase, ...]:
    """The phases of a session at ``level``, or of a flare walk."""
    return flare_walk() if flare else timeline(level)


@cache
def cues(level: int, flare: bool = False) -> tuple[Cue, ...]:
    """Every cue of a session at ``level``: each phase start, the warning before each change
    (and before the finish), the midway line, the finish. A flare walk has its start, the
    moment it is long enough, the warning before its longest and its finish.

    A phase no longer than the warning gets none: its own cue already names what follows.
    Worked out once per level: every tick of every running session asks for it."""
    phases = phases_of(level, flare)
    if flare:
        walk = phases[0]
        return tuple(Cue(index, at, kind, walk if kind is not CueKind.FINISH else None)
                     for index, (at, kind) in enumerate((
                         (walk.start, CueKind.PHASE), (FLARE_WALK_ENOUGH_SECONDS, CueKind.ENOUGH),
                         (walk.end - WARNING_SECONDS, CueKind.WARN), (walk.end, CueKind.FINISH))))
    moments: list[tuple[int, CueKind, Phase | None, Phase | None, bool]] = []
    for position, phase in enumerate(phases):
        following = phases[position + 1] if position + 1 < len(phases) else None
        midway = phase.start == MIDWAY_SECONDS
        moments.append((phase.start, CueKind.PHASE, phase, following, midway))
        if phase.duration > WARNING_SECONDS:
            moments.append((phase.end - WARNING_SECONDS, CueKind.WARN, phase, following, False))
    if all(phase.start != MIDWAY_SECONDS for phase in phases):
        moments.append((MIDWAY_SECONDS, CueKind.ENCOURAGE, None, None, True))
    moments.append((SESSION_SECONDS, CueKind.FINISH, None, None, False))
    moments.sort(key=lambda moment: moment[0])  # stable: a phase before a cue at its moment
    return tuple(
        Cue(index, at, kind, phase, following, encourage)
        for index, (at, kind, phase, following, encourage) in enumerate(moments)
    )


@dataclass(frozen=True)
class Pause:
    start: datetime
    end: datetime | None = None


@dataclass(frozen=True)
class LiveClock:
    """When a session started, its pauses, and how fast its time runs."""

    started_at: datetime
    pauses: tuple[Pause, ...] = ()
    scale: float = 1.0

    @property
    def paused(self) -> bool:
        """Whether the session is paused right now."""
        return bool(self.pauses) and self.pauses[-1].end is None

    @property
    def paused_since(self) -> datetime | None:
        """When the running pause began, if one is running."""
        return self.pauses[-1].start if self.paused else None

    def pause(self, now: datetime) -> LiveClock:
        """Stop the session clock (no change when already paused)."""
        return self if self.paused else replace(self, pauses=(*self.pauses, Pause(now)))

    def resume(self, now: datetime) -> LiveClock:
        """Start the session clock again (no change when running)."""
        if not self.paused:
            return self
        return replace(self, pauses=(*self.pauses[:-1], Pause(self.pauses[-1].start, now)))

    def elapsed(self, now: datetime) -> float:
        """Session seconds run so far."""
        paused = sum(((p.end or now) - p.start for p in self.pauses), timedelta())
        wall = (now - self.started_at - paused).total_seconds()
        return max(0.0, wall * self.scale)

    def moment_of(self, session_seconds: float, now: datetime) -> datetime | None:
        """The wall-clock instant the session reaches ``session_seconds`` (None while paused)."""
        if self.paused:
            return None
        remaining = (session_seconds - self.elapsed(now)) / self.scale
        return now + timedelta(seconds=max(0.0, remaining))

    def pause_deadline(self) -> datetime | None:
        """When a running pause has lasted too long (scaled like the session)."""
        since = self.paused_since
        if since is None:
            return None
        return since + timedelta(minutes=PAUSE_LIMIT_MINUTES) / self.scale


def due(all_cues: tuple[Cue, ...], sent: int, elapsed: float) -> tuple[Cue, ...]:
    """Cues after index ``sent`` whose moment has come."""
    return tuple(cue for cue in all_cues if cue.index > sent and cue.at <= elapsed)


def done_fraction(elapsed: float, flare: bool = False) -> float:
    """How much of the session was done, 0 to 1; a flare walk is all done once long enough."""
    whole = FLARE_WALK_ENOUGH_SECONDS if flare else SESSION_SECONDS
    return min(1.0, max(0.0, elapsed / whole))


@dataclass(frozen=True)
class Advance:
    """What a look at the session's clock finds: cues to send now, and what comes next."""

    ready: tuple[Cue, ...]
    caught_up: bool  # whole phases went by unseen: only the latest is in ``ready``
    sent: int  # index of the last cue now sent
    next_cue: Cue | None
    current: Cue | None  # the phase the user is in now
    elapsed: float


def advance(level: int, sent: int, clock: LiveClock, now: datetime,
            flare: bool = False) -> Advance:
    """The cues after index ``sent`` that are due at ``now``; missed phases are not replayed,
    and a warning the change it announces has overtaken is dropped."""
    all_cues = cues(level, flare)
    elapsed = clock.elapsed(now)
    ready = due(all_cues, sent, elapsed)
    moments = [c for c in ready if c.kind in (CueKind.PHASE, CueKind.FINISH, CueKind.ENOUGH)]
    caught_up = len(moments) > 1
    if moments:
        ready = tuple(c for c in ready if _still_worth_it(c, moments[-1], caught_up))
    last = max((c.index for c in due(all_cues, sent, elapsed)), default=sent)
    upcoming = next((c for c in all_cues if c.index > last), None)
    current = next((c for c in reversed(all_cues)
                    if c.kind is CueKind.PHASE and c.at <= elapsed), None)
    return Advance(ready, caught_up, last, upcoming, current, elapsed)


def _still_worth_it(cue: Cue, latest: Cue, caught_up: bool) -> bool:
    """Whether a due cue goes out next to ``latest``, the newest due phase change."""
    if cue.kind is CueKind.WARN:
        return cue.index > latest.index  # a warning before the change is old news
    if cue.kind is CueKind.ENCOURAGE:
        return not caught_up
    return cue is latest


def change_in(level: int, elapsed: float, flare: bool = False) -> int | None:
    """Whole seconds (rounded up) until the phase a session at ``level`` is in ends, once that
    is ``WARNING_SECONDS`` or less away; None before then, and outside the session."""
    phase, _ = position(level, elapsed, flare)
    if phase is None or phase.duration <= WARNING_SECONDS:
        return None
    left = phase.end - elapsed
    return math.ceil(left) if left <= WARNING_SECONDS else None


def position(level: int, elapsed: float,
             flare: bool = False) -> tuple[Phase | None, Phase | None]:
    """The phase a session at ``level`` is in after ``elapsed`` session seconds, and the one
    after it (None before the start and after the end)."""
    phases = phases_of(level, flare)
    for number, phase in enumerate(phases):
        if phase.start <= elapsed < phase.end:
            return phase, phases[number + 1] if number + 1 < len(phases) else None
    return None, None
