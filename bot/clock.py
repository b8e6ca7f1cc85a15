"""Where "now" comes from: the system clock in production, a settable one in tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment as an aware UTC datetime."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The current moment as an aware UTC datetime."""
        return datetime.now(UTC)


class OffsetClock:
    """A clock that reads ``start`` when it is made and runs at the machine's pace from there:
    a real process living at another moment (the fault suite's restarts)."""

    def __init__(self, start: datetime, monotonic: Callable[[], float] = time.monotonic) -> None:
        if start.tzinfo is None:
            raise ValueError("the start of an offset clock must be an aware datetime")
        self._start = start.astimezone(UTC)
        self._monotonic = monotonic
        self._origin = monotonic()

    def now(self) -> datetime:
        """``start`` plus the time since the clock was made."""
        return self._start + timedelta(seconds=self._monotonic() - self._origin)


class Stopwatch(Protocol):
    """Monotonic seconds and waiting on them: what pacing sends needs, from one source."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes back."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` on this stopwatch."""
        ...


class SystemStopwatch:
    """The machine's monotonic clock and the event loop's sleep."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes back."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of real time."""
        await asyncio.sleep(seconds)
