"""Session timelines (coaching rules, 'Session shape')."""

from __future__ import annotations

from itertools import pairwise

import pytest

from bot.domain.ladder import LAST_LEVEL, LEVELS, SESSION_SECONDS, TOP_LEVEL, level
from bot.domain.timeline import Phase, PhaseKind, timeline

WARMUP, JOG, WALK, COOLDOWN = PhaseKind.WARMUP, PhaseKind.JOG, PhaseKind.WALK, PhaseKind.COOLDOWN


def test_level_1_timeline_in_full() -> None:
    assert timeline(1) == (
        Phase(WARMUP, 0, 300, None, None),
        Phase(JOG, 300, 15, 1, 4),
        Phase(WALK, 315, 285, 1, 4),
        Phase(JOG, 600, 15, 2, 4),
        Phase(WALK, 615, 285, 2, 4),
        Phase(JOG, 900, 15, 3, 4),
        Phase(WALK, 915, 285, 3, 4),
        Phase(JOG, 1200, 15, 4, 4),
        Phase(WALK, 1215, 285, 4, 4),
        Phase(COOLDOWN, 1500, 300, None, None),
    )


def test_level_0_is_warmup_one_twenty_minute_brisk_walk_and_cooldown() -> None:
    assert timeline(0) == (
        Phase(WARMUP, 0, 300, None, None),
        Phase(WALK, 300, 1200, 1, 1),
        Phase(COOLDOWN, 1500, 300, None, None),
    )


@pytest.mark.parametrize("number", range(LAST_LEVEL + 1))
def test_every_timeline_lasts_exactly_thirty_minutes_without_holes(number: int) -> None:
    phases = timeline(number)
    assert phases[0].start == 0
    assert phases[-1].end == SESSION_SECONDS
    assert all(a.end == b.start for a, b in pairwise(phases))
    assert sum(p.duration for p in phases) == SESSION_SECONDS


@pytest.mark.parametrize("number", range(1, TOP_LEVEL + 1))
def test_block_alternates_jog_and_walk_with_numbered_repeats(number: int) -> None:
    rung = level(number)
    block = timeline(number)[1:-1]
    assert [p.kind for p in block] == [JOG, WALK] * rung.repeats
    assert [p.interval for p in block] == [i for i in range(1, rung.repeats + 1) for _ in (0, 1)]
    assert {p.intervals for p in block} == {rung.repeats}
    assert sum(p.duration for p in block if p.kind is JOG) == rung.total_jog_seconds


def test_level_10_is_twenty_minutes_of_continuous_running() -> None:
    assert timeline(LAST_LEVEL)[1:-1] == (Phase(JOG, 300, 1200, 1, 1),)


def test_level_3_block_starts_after_the_warm_up() -> None:
    phases = timeline(3)
    assert (phases[0].start, phases[0].end) == (0, 300)
    assert phases[1:3] == (Phase(JOG, 300, 60, 1, 4), Phase(WALK, 360, 240, 1, 4))
    assert phases[-1].end == SESSION_SECONDS


def test_timeline_outside_the_ladder_is_an_error() -> None:
    with pytest.raises(ValueError):
        timeline(len(LEVELS))
