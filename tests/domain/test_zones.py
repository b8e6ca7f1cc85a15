"""Zones of a completed session (coaching rules, 'Zones')."""

from __future__ import annotations

import pytest

from bot.domain.zones import Sign, Zone, judge

NONE: frozenset[Sign] = frozenset()
GREEN, AMBER, RED = Zone.GREEN, Zone.AMBER, Zone.RED


@pytest.mark.parametrize("sign", list(Sign))
def test_any_warning_sign_is_red(sign: Sign) -> None:
    assert judge(4, 0, 0, frozenset({sign})) is RED
    assert judge(4, 0, None, frozenset({sign})) is RED


@pytest.mark.parametrize(
    ("baseline", "peak", "zone"),
    [
        (2, 5, AMBER),  # max(5, B+1) = 5: P = 5 is not above it
        (2, 6, RED),
        (4, 5, AMBER),
        (4, 6, RED),
        (6, 7, AMBER),  # max(5, B+1) = 7
        (6, 8, RED),
    ],
)
def test_peak_above_max_of_5_and_baseline_plus_1_is_red(
    baseline: int, peak: int, zone: Zone
) -> None:
    assert judge(baseline, peak, baseline, NONE) is zone


@pytest.mark.parametrize(
    ("baseline", "morning", "zone"), [(3, 4, AMBER), (3, 5, RED), (0, 2, RED), (8, 10, RED)]
)
def test_morning_at_baseline_plus_2_or_more_is_red(baseline: int, morning: int, zone: Zone) -> None:
    assert judge(baseline, 0, morning, NONE) is zone


@pytest.mark.parametrize(
    ("baseline", "peak", "morning", "zone"),
    [
        (1, 3, 1, GREEN),  # max(3, B) = 3
        (1, 4, 1, AMBER),
        (5, 5, 5, GREEN),  # max(3, B) = 5
        (5, 6, 5, AMBER),
        (4, 2, 4, GREEN),
        (4, 2, 5, AMBER),  # M above B
        (0, 0, 0, GREEN),
    ],
)
def test_green_needs_peak_within_max_of_3_and_baseline_and_morning_within_baseline(
    baseline: int, peak: int, morning: int, zone: Zone
) -> None:
    assert judge(baseline, peak, morning, NONE) is zone


@pytest.mark.parametrize(("baseline", "peak"), [(0, 0), (4, 2), (5, 5), (10, 8)])
def test_unknown_morning_is_never_green(baseline: int, peak: int) -> None:
    assert judge(baseline, peak, None, NONE) is AMBER


@pytest.mark.parametrize("baseline", range(11))
@pytest.mark.parametrize("peak", [9, 10])
def test_peak_pain_of_9_or_more_is_always_red(baseline: int, peak: int) -> None:
    assert judge(baseline, peak, None, NONE) is RED
    assert judge(baseline, peak, 0, NONE) is RED


def test_new_knee_shin_ankle_or_foot_pain_is_a_warning_sign() -> None:
    assert judge(4, 1, 1, frozenset({Sign.JOINT})) is RED


def test_unknown_morning_can_still_be_red_from_the_peak() -> None:
    assert judge(3, 6, None, NONE) is RED


def test_every_combination_has_exactly_one_zone_and_unknown_morning_is_never_green() -> None:
    for baseline in range(11):
        for peak in range(11):
            assert judge(baseline, peak, None, NONE) is not GREEN
            for morning in range(11):
                assert judge(baseline, peak, morning, NONE) in (GREEN, AMBER, RED)


@pytest.mark.parametrize(
    ("baseline", "peak", "morning"), [(-1, 0, 0), (11, 0, 0), (3, 11, 0), (3, 0, -1)]
)
def test_pain_outside_the_scale_is_an_error(baseline: int, peak: int, morning: int) -> None:
    with pytest.raises(ValueError):
        judge(baseline, peak, morning, NONE)
