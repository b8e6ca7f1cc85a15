"""Flare mode: walks or rest until the back settles (coaching rules, 'Progression', 'Flare').

The red-flag questions come first and belong to the safety screening; this module only doses.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.domain import ladder
from bot.domain.decisions import Decision, InputValue, Rule
from bot.domain.programme import (
    FlareState,
    NotInFlare,
    OutOfOrder,
    Programme,
    check_pain,
    gap_level,
    gap_stage,
    last_day,
    lowered_now,
    red_days,
    set_level,
)
from bot.domain.rules import (
    FLARE_CHECKIN_HOURS_APART,
    FLARE_RESUME_DROP_LEVELS,
    FLARE_SETTLED_CHECKINS,
    FLARE_SETTLED_OVER_BASELINE,
    REDS_IN_WINDOW,
)


def settled_at_most(programme: Programme) -> int:
    """Highest check-in pain that counts as settled: B + 1."""
    return programme.baseline + FLARE_SETTLED_OVER_BASELINE


def resume_level(level_before: int) -> int:
    """Level after a flare: two below the level before it, not below level 1 — nor above the
    level before the flare, so a flare never raises the dose (a flare from level 0 resumes at
    0)."""
    return min(level_before, max(ladder.FIRST_LEVEL, level_before - FLARE_RESUME_DROP_LEVELS))


def start_flare(programme: Programme, today: date) -> tuple[Programme, Decision]:
    """Enter flare mode: sessions become floor-level walks or rest until the back settles.

    The flare counts as a RED for the "three in 14 days" rule; when it is the third, the
    decision recommends a clinician check-in. A flare reported during a flare starts the settling
    over without counting twice.
    """
    latest = last_day(programme)
    if latest is not None and today < latest:
        raise OutOfOrder(f"flare on {today.isoformat()} after {latest.isoformat()}")
    flares = programme.flares if programme.flare is not None else (*programme.flares, today)
    updated = lowered_now(replace(programme, flare=FlareState(started=today), flares=flares))
    reds = red_days(updated, today)
    inputs: dict[str, InputValue] = {
        "day": today.isoformat(),
        "level_before": programme.level,
        "reds_in_window": len(reds),
        "red_days": [day.isoformat() for day in reds],
    }
    decision = Decision(
        ladder.FLOOR_LEVEL,
        Rule.FLARE_START,
        inputs,
        advise_clinician=len(reds) >= REDS_IN_WINDOW,
    )
    return updated, decision


def flare_checkin(programme: Programme, pain: int, at: datetime) -> tuple[Programme, Decision]:
    """A daily flare check-in; flare mode ends after two settled check-ins (pain ≤ B + 1) at
    least 48 h apart, resuming two levels below the level before the flare (floor 1), or
    lower when the gap rules say so: flare time counts as a gap since the last completed
    session, and the lowest dose wins.

    A check-in above B + 1 starts the settling over. ``at`` must be timezone-aware. Raises
    NotInFlare outside a flare.
    """
    flare = programme.flare
    if flare is None:
        raise NotInFlare("no flare is running")
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("flare check-in time must be timezone-aware")
    check_pain("check-in", pain)
    chain = flare.settled_checkins
    if chain and at < chain[-1]:
        raise OutOfOrder(f"check-in at {at.isoformat()} before {chain[-1].isoformat()}")
    settled = pain <= settled_at_most(programme)
    if not settled:
        chain = ()
    elif not chain or at - chain[-1] >= timedelta(hours=FLARE_CHECKIN_HOURS_APART):
        chain = (*chain, at)
    inputs: dict[str, InputValue] = {
        "at": at.isoformat(),
        "pain": pain,
        "settled_at_most": settled_at_most(programme),
        "settled_checkins": [moment.isoformat() for moment in chain],
    }
    if len(chain) < FLARE_SETTLED_CHECKINS:
        updated = replace(programme, flare=replace(flare, settled_checkins=chain))
        return updated, Decision(ladder.FLOOR_LEVEL, Rule.FLARE_CONTINUES, inputs)
    inputs["level_before"] = programme.level
    inputs["flare_started"] = flare.started.isoformat()
    level, stage = resume_level(programme.level), programme.gap_stage
    if programme.gap_from is not None:
        gap_days = (at.date() - programme.gap_from).days
        if gap_stage(gap_days) > stage:
            inputs["gap_days"] = gap_days
            stage = gap_stage(gap_days)
            level = min(level, gap_level(programme.level, stage, programme.gap_stage))
    resumed = lowered_now(set_level(programme, level))
    updated = replace(resumed, flare=None, gap_stage=stage)
    return updated, Decision(updated.level, Rule.FLARE_EXIT, inputs)
