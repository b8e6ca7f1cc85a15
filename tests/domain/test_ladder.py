"""The level table and its invariants (coaching rules, 'Session shape')."""

from __future__ import annotations

from itertools import pairwise

import pytest

from bot.domain.ladder import (
    BLOCK_SECONDS,
    COOLDOWN_SECONDS,
    FIRST_LEVEL,
    FLOOR_LEVEL,
    LAST_LEVEL,
    LEVELS,
    SESSION_SECONDS,
    TOP_LEVEL,
    WARMUP_SECONDS,
    Level,
    beyond_top,
    clock,
    ladder_problems,
    level,
    starting_level,
)

# The contract's table, quoted: (level, jog, walk, repeats, jog time in block).
CONTRACT_TABLE = [
    (0, "0:00", "20:00", 1, "0:00"),
    (1, "0:15", "4:45", 4, "1:00"),
    (2, "0:30", "4:30", 4, "2:00"),
    (3, "1:00", "4:00", 4, "4:00"),
    (4, "1:00", "3:00", 5, "5:00"),
    (5, "1:30", "2:30", 5, "7:30"),
    (6, "2:00", "2:00", 5, "10:00"),
    (7, "2:30", "1:30", 5, "12:30"),
    (8, "3:00", "1:00", 5, "15:00"),
]
# Beyond the top, opt-in only: longer continuous running toward 20 minutes.
BEYOND_TOP_TABLE = [
    (9, "3:30", "0:30", 5, "17:30"),
    (10, "20:00", "0:00", 1, "20:00"),
]
# The programme's own rungs, up to its top, to check extensions against.
PROGRAMME = LEVELS[: TOP_LEVEL + 1]


def test_session_shape_is_five_twenty_five_minutes() -> None:
    assert (WARMUP_SECONDS, BLOCK_SECONDS, COOLDOWN_SECONDS) == (300, 1200, 300)
    assert SESSION_SECONDS == 1800


def test_ladder_bounds() -> None:
    assert (FLOOR_LEVEL, FIRST_LEVEL, TOP_LEVEL, LAST_LEVEL) == (0, 1, 8, 10)
    assert [rung.number for rung in LEVELS] == list(range(FLOOR_LEVEL, LAST_LEVEL + 1))


def test_levels_beyond_the_top_are_the_opt_in_ones() -> None:
    assert [number for number in range(LAST_LEVEL + 1) if beyond_top(number)] == [9, 10]


@pytest.mark.parametrize(
    ("number", "jog", "walk", "repeats", "jog_total"), CONTRACT_TABLE + BEYOND_TOP_TABLE
)
def test_table_matches_the_contract(
    number: int, jog: str, walk: str, repeats: int, jog_total: str
) -> None:
    rung = level(number)
    assert clock(rung.jog_seconds) == jog
    assert clock(rung.walk_seconds) == walk
    assert clock(rung.total_jog_seconds) == jog_total
    if number != FLOOR_LEVEL:
        assert rung.repeats == repeats


def test_every_block_fills_twenty_minutes() -> None:
    assert all(rung.block_seconds == BLOCK_SECONDS for rung in LEVELS)


def test_jog_time_strictly_rises_with_level() -> None:
    totals = [rung.total_jog_seconds for rung in LEVELS]
    assert all(lower < upper for lower, upper in pairwise(totals))


def test_jog_bouts_never_shrink() -> None:
    bouts = [rung.jog_seconds for rung in LEVELS]
    assert bouts == sorted(bouts)


def test_one_level_up_adds_at_most_two_and_a_half_minutes_of_jogging() -> None:
    totals = [rung.total_jog_seconds for rung in LEVELS]
    assert max(upper - lower for lower, upper in pairwise(totals)) <= 150


def test_the_shipped_ladder_has_no_problems() -> None:
    assert ladder_problems(LEVELS) == []


def test_a_well_formed_extension_beyond_the_top_passes_the_invariants() -> None:
    # Opt-in levels beyond the top must obey the same rules: e.g. 4:00 jog / 1:00 walk × 4.
    extended = (*PROGRAMME, Level(TOP_LEVEL + 1, 240, 60, 4))
    assert ladder_problems(extended) == []


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (Level(9, 180, 60, 5), "does not rise"),
        (Level(9, 380, 20, 3), "adds"),
        (Level(9, 200, 60, 5), "block lasts"),
        (Level(10, 240, 60, 4), "numbered 10"),
    ],
)
def test_ladder_problems_names_each_broken_invariant(broken: Level, problem: str) -> None:
    assert any(problem in text for text in ladder_problems((*PROGRAMME, broken)))


def test_ladder_problems_catches_a_shrinking_jog_bout() -> None:
    # 2:50 × 6 = 17:00 of jogging rises in total, yet each bout is shorter than level 8's 3:00.
    shrinking = (*PROGRAMME, Level(9, 170, 30, 6))
    assert any("jog bout shrinks" in text for text in ladder_problems(shrinking))


def test_level_outside_the_ladder_is_an_error() -> None:
    with pytest.raises(ValueError, match="outside the ladder"):
        level(-1)
    with pytest.raises(ValueError, match="outside the ladder"):
        level(LAST_LEVEL + 1)


def test_nothing_can_follow_twenty_minutes_of_continuous_running() -> None:
    # The block is 20 minutes: a rung after the last one could not raise the jog time.
    after = Level(LAST_LEVEL + 1, BLOCK_SECONDS, 0, 1)
    assert any("does not rise" in text for text in ladder_problems((*LEVELS, after)))


@pytest.mark.parametrize(("baseline", "start"), [(0, 1), (4, 1), (6, 1), (7, 0), (10, 0)])
def test_new_users_start_at_level_1_or_0_when_usual_pain_is_7_or_more(
    baseline: int, start: int
) -> None:
    assert starting_level(baseline) == start


@pytest.mark.parametrize("baseline", [-1, 11])
def test_starting_level_rejects_pain_outside_the_scale(baseline: int) -> None:
    with pytest.raises(ValueError):
        starting_level(baseline)


def test_clock_formats_minutes_and_seconds() -> None:
    assert [clock(s) for s in (0, 15, 75, 1200)] == ["0:00", "0:15", "1:15", "20:00"]
