"""How a completed session went for the back: GREEN, AMBER or RED (coaching rules, 'Zones')."""

from __future__ import annotations

from enum import Enum

from bot.domain.rules import (
    GREEN_PEAK_FLOOR,
    PAIN_MAX,
    PAIN_MIN,
    RED_MORNING_OVER_BASELINE,
    RED_PEAK_ALWAYS_FROM,
    RED_PEAK_FLOOR,
    RED_PEAK_OVER_BASELINE,
)


class Zone(Enum):
    """Verdict on one session: GREEN progresses, AMBER holds, RED drops."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Sign(Enum):
    """Warning signs reported right after a session; any one makes it RED."""

    SHARP = "sharp"  # sharp or stabbing pain
    LEG = "leg"  # new pain down a leg
    LIMP = "limp"  # limping or changed running
    JOINT = "joint"  # new pain in a knee, shin, ankle or foot


def red_peak_above(baseline: int) -> int:
    """Peak pain above this makes a session RED (never more than one below the 'always RED')."""
    return min(RED_PEAK_ALWAYS_FROM - 1, max(RED_PEAK_FLOOR, baseline + RED_PEAK_OVER_BASELINE))


def green_peak_at_most(baseline: int) -> int:
    """Peak pain at or below this can make a session GREEN."""
    return max(GREEN_PEAK_FLOOR, baseline)


def judge(baseline: int, peak: int, morning: int | None, signs: frozenset[Sign]) -> Zone:
    """Zone of one completed session (coaching rules, 'Zones').

    ``baseline`` is usual pain B, ``peak`` the peak pain P during the session and ``morning`` the
    next-morning pain M, or None while it is unknown: then the session is judged from P and the
    warning signs and is never GREEN. ValueError when a rating is outside 0–10.
    """
    for name, value in (("baseline", baseline), ("peak", peak), ("morning", morning)):
        if value is not None and not PAIN_MIN <= value <= PAIN_MAX:
            raise ValueError(f"{name} pain {value} is outside {PAIN_MIN}..{PAIN_MAX}")
    if signs or peak > red_peak_above(baseline):
        return Zone.RED
    if morning is None:
        return Zone.AMBER
    if morning >= baseline + RED_MORNING_OVER_BASELINE:
        return Zone.RED
    if peak <= green_peak_at_most(baseline) and morning <= baseline:
        return Zone.GREEN
    return Zone.AMBER
