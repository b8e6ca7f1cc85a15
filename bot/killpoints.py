"""Named points where the fault suite kills the bot as ``kill -9`` would.

The suite starts the real program with ``RUNBACK_KILL_AT`` naming one point; when the process
reaches it, it sends itself SIGKILL: no clean-up, no flush, as a power cut leaves it. Unset (as
in production), every point is a no-op.
"""

from __future__ import annotations

import os
import signal

ENV = "RUNBACK_KILL_AT"

BEFORE_PEAK_WRITE = "before-peak-write"
AFTER_PEAK_WRITE = "after-peak-write"
BEFORE_PEAK_REPLY = "before-peak-reply"
POINTS = frozenset({BEFORE_PEAK_WRITE, AFTER_PEAK_WRITE, BEFORE_PEAK_REPLY})


def reached(point: str) -> None:
    """Die here, at once, when the suite asked for ``point``."""
    if point not in POINTS:
        raise ValueError(f"unknown kill point {point!r}")
    if os.environ.get(ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)
