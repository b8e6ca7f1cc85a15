"""The clock a real process takes from RUNBACK_CLOCK_START, and the fault suite's kill points."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import killpoints
from bot.clock import OffsetClock, SystemClock
from bot.serve import CLOCK_START_ENV, clock_from

START = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)


def test_an_offset_clock_starts_at_its_instant_and_runs_at_the_machines_pace() -> None:
    ticks = iter([100.0, 100.0, 102.5])
    clock = OffsetClock(START, monotonic=lambda: next(ticks))
    assert clock.now() == START
    assert clock.now() == START + timedelta(seconds=2.5)


def test_an_offset_clock_needs_an_aware_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        OffsetClock(datetime(2027, 1, 6, 7, 30))


def test_the_process_clock_is_the_machines_unless_a_start_is_given() -> None:
    assert isinstance(clock_from({}), SystemClock)
    clock = clock_from({CLOCK_START_ENV: "2027-01-06T08:30:00+01:00"})
    assert isinstance(clock, OffsetClock)
    assert START <= clock.now() < START + timedelta(minutes=1)


def test_a_kill_point_not_asked_for_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(killpoints.ENV, killpoints.AFTER_PEAK_WRITE)
    killpoints.reached(killpoints.BEFORE_PEAK_WRITE)  # still alive
    monkeypatch.delenv(killpoints.ENV)
    killpoints.reached(killpoints.AFTER_PEAK_WRITE)


def test_an_unknown_kill_point_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="unknown kill point"):
        killpoints.reached("after-lunch")
