"""The progression state machine: what one event does to the dose (coaching rules, 'Progression').

Pure functions from a ``Programme`` and an event to the next ``Programme`` and the ``Decision``
that explains it. Call ``on_return`` on the day of each session, before offering it, so gap rules
apply; flare mode lives in ``bot.domain.flare`` and is re-exported here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from enum import Enum
from typing import Literal

from bot.domain import ladder
from bot.domain.decisions import Decision, InputValue, RedTrigger, Refusal, Rule
from bot.domain.flare import flare_checkin, start_flare
from bot.domain.outlook import standing
from bot.domain.programme import (
    Ending,
    FlareState,
    NotInFlare,
    OutOfOrder,
    Programme,
    ProgrammePaused,
    SessionRecord,
    SessionReport,
    beyond_top_offer_due,
    check_pain,
    last_day,
    lowered,
    next_level,
    plan,
    red_days,
    set_level,
    start_programme,
)
from bot.domain.rules import (
    ADVANCE_GREEN_STREAK,
    ADVANCE_LEVELS,
    ADVANCE_MIN_SESSIONS,
    COMPLETED_FRACTION,
    EASIER_DROP_LEVELS,
    FIRST_WEEK_DAYS,
    GAP_DROP_ONE_AFTER_DAYS,
    GAP_DROP_ONE_LEVELS,
    GAP_DROP_TWO_AFTER_DAYS,
    GAP_DROP_TWO_LEVELS,
    GAP_RESTART_AFTER_DAYS,
    HARDER_EVERY_DAYS,
    HARDER_RAISE_LEVELS,
    LEVEL_UP_EVERY_DAYS,
    RED_DROP_LEVELS,
    REDS_IN_A_ROW,
    REDS_IN_WINDOW,
    REPEATED_RED_DROP_LEVELS,
)
from bot.domain.zones import Zone, judge

__all__ = [
    "Decision",
    "Ending",
    "FlareState",
    "InputValue",
    "NotInFlare",
    "OutOfOrder",
    "Override",
    "Programme",
    "ProgrammePaused",
    "RedTrigger",
    "Refusal",
    "Rule",
    "SessionRecord",
    "SessionReport",
    "after_session",
    "beyond_top_offer_due",
    "flare_checkin",
    "next_level",
    "on_return",
    "override",
    "pause",
    "plan",
    "resume",
    "start_flare",
    "start_programme",
    "weekly_average",
]


class Override(Enum):
    """The user's own say over the dose."""

    EASIER = "easier"
    HARDER = "harder"


# Gap rules from the mildest, each with the days it needs (strictly more) and its stage.
_GAP_RULES = (
    (GAP_RESTART_AFTER_DAYS, 3, Rule.GAP_28),
    (GAP_DROP_TWO_AFTER_DAYS, 2, Rule.GAP_14),
    (GAP_DROP_ONE_AFTER_DAYS, 1, Rule.GAP_7),
)
_GAP_STAGE_DROPS = {0: 0, 1: GAP_DROP_ONE_LEVELS, 2: GAP_DROP_TWO_LEVELS}


def after_session(programme: Programme, report: SessionReport) -> tuple[Programme, Decision]:
    """Record one scheduled session and decide the next session's level.

    Skipped, missed and stopped-for-another-reason sessions leave the level alone (a session
    at least 80% done counts as completed); completed sessions and sessions stopped because of
    pain are judged GREEN, AMBER or RED and steer the level. During a flare the session is a walk
    that does not steer anything. Raises ProgrammePaused while paused, OutOfOrder for a day before
    the latest recorded event, ValueError when a judged session has no peak pain.
    """
    if programme.paused_since is not None:
        raise ProgrammePaused(f"programme paused since {programme.paused_since.isoformat()}")
    latest = last_day(programme)
    if latest is not None and report.day < latest:
        raise OutOfOrder(f"session on {report.day.isoformat()} after {latest.isoformat()}")
    if not 0.0 <= report.done_fraction <= 1.0:
        raise ValueError(f"done fraction {report.done_fraction} is outside 0..1")
    if programme.flare is not None:
        return _flare_walk(programme, report)
    if report.ending in (Ending.SKIPPED, Ending.MISSED):
        return _not_counted(programme, report, Rule.SKIPPED)
    counts_as_done = report.done_fraction >= COMPLETED_FRACTION
    if report.ending is Ending.STOPPED_OTHER and not counts_as_done:
        return _not_counted(programme, report, Rule.STOPPED_OTHER_NOT_COUNTED)
    return _judged(programme, report, report.ending is Ending.COMPLETED or counts_as_done)


def _session_inputs(report: SessionReport, level: int) -> dict[str, InputValue]:
    inputs: dict[str, InputValue] = {
        "day": report.day.isoformat(),
        "session_level": level,
        "ending": report.ending.value,
    }
    if report.ending in (Ending.STOPPED_PAIN, Ending.STOPPED_OTHER):
        inputs["done_fraction"] = report.done_fraction
    return inputs


def _flare_walk(programme: Programme, report: SessionReport) -> tuple[Programme, Decision]:
    zone = None
    if report.peak is not None and report.ending not in (Ending.SKIPPED, Ending.MISSED):
        zone = judge(programme.baseline, report.peak, report.morning, report.signs)
    record = SessionRecord(
        report.day, ladder.FLOOR_LEVEL, report.ending, zone, completed=False, in_flare=True
    )
    updated = replace(programme, history=(*programme.history, record))
    inputs = _session_inputs(report, ladder.FLOOR_LEVEL)
    return updated, Decision(ladder.FLOOR_LEVEL, Rule.FLARE_CONTINUES, inputs, zone)


def _not_counted(
    programme: Programme, report: SessionReport, rule: Rule
) -> tuple[Programme, Decision]:
    record = SessionRecord(report.day, programme.level, report.ending, None, completed=False)
    updated = replace(programme, history=(*programme.history, record))
    return updated, Decision(programme.level, rule, _session_inputs(report, programme.level))


def _judged(
    programme: Programme, report: SessionReport, completed: bool
) -> tuple[Programme, Decision]:
    if report.peak is None:
        raise ValueError("a completed session needs its peak pain to be judged")
    check_pain("peak", report.peak)
    zone = judge(programme.baseline, report.peak, report.morning, report.signs)
    record = SessionRecord(report.day, programme.level, report.ending, zone, completed)
    recorded = replace(programme, history=(*programme.history, record))
    if completed:
        recorded = replace(recorded, gap_from=report.day, gap_stage=0)
    inputs = _session_inputs(report, programme.level) | {
        "baseline": programme.baseline,
        "peak": report.peak,
        "morning": report.morning,
        "signs": sorted(sign.value for sign in report.signs),
    }
    if zone is Zone.RED:
        return _after_red(recorded, report.day, inputs)
    if zone is Zone.AMBER:
        return recorded, Decision(recorded.level, Rule.HOLD_AMBER, inputs, zone)
    return _after_green(recorded, report.day, inputs)


def _after_red(
    programme: Programme, today: date, inputs: dict[str, InputValue]
) -> tuple[Programme, Decision]:
    judged = [record for record in programme.history if record.judged]
    in_a_row = len(judged) >= REDS_IN_A_ROW and all(
        record.zone is Zone.RED for record in judged[-REDS_IN_A_ROW:]
    )
    reds = red_days(programme, today)
    inputs = inputs | {"reds_in_window": len(reds), "red_days": [d.isoformat() for d in reds]}
    if in_a_row or len(reds) >= REDS_IN_WINDOW:
        trigger = RedTrigger.IN_A_ROW if in_a_row else RedTrigger.IN_WINDOW
        updated = set_level(programme, lowered(programme.level, REPEATED_RED_DROP_LEVELS))
        inputs = inputs | {"trigger": trigger.value}
        decision = Decision(
            updated.level, Rule.DOUBLE_DROP_RED, inputs, Zone.RED, advise_clinician=True
        )
        return updated, decision
    updated = set_level(programme, lowered(programme.level, RED_DROP_LEVELS))
    return updated, Decision(updated.level, Rule.DROP_RED, inputs, Zone.RED)


def _after_green(
    programme: Programme, today: date, inputs: dict[str, InputValue]
) -> tuple[Programme, Decision]:
    now = standing(programme)
    completed, recent = now.completed, now.recent
    inputs = inputs | {"completed_at_level": completed}
    last_up = programme.last_level_up
    if last_up is not None:
        inputs["last_level_up"] = last_up.isoformat()
    if programme.level >= ladder.TOP_LEVEL:
        rule = Rule.HOLD_TOP_LEVEL
    elif completed < ADVANCE_MIN_SESSIONS:
        rule = Rule.HOLD_NOT_ENOUGH_SESSIONS
    elif len(recent) < ADVANCE_GREEN_STREAK or any(zone is not Zone.GREEN for zone in recent):
        rule = Rule.HOLD_NEEDS_TWO_GREEN
    elif programme.level == ladder.FLOOR_LEVEL and today < programme.started + timedelta(
        days=FIRST_WEEK_DAYS
    ):
        rule = Rule.HOLD_FIRST_WEEK
    elif last_up is not None and today < last_up + timedelta(days=LEVEL_UP_EVERY_DAYS):
        rule = Rule.HOLD_ADVANCE_LIMIT
    else:
        raised = replace(
            set_level(programme, programme.level + ADVANCE_LEVELS), last_level_up=today
        )
        return raised, Decision(raised.level, Rule.ADVANCE, inputs, Zone.GREEN)
    return programme, Decision(programme.level, rule, inputs, Zone.GREEN)


def on_return(programme: Programme, today: date) -> tuple[Programme, Decision | None]:
    """Apply the gap rules on a session day: > 7 days since the last completed session drops one
    level, > 14 days two, > 28 days restarts at level 1 at most. Paused time counts as gap.

    Idempotent: a gap already applied is not applied again. None when no gap rule fires (also
    while paused, during a flare, or before any completed session).
    """
    start = programme.gap_from
    if programme.paused_since is not None or programme.flare is not None or start is None:
        return programme, None
    gap_days = (today - start).days
    fired = next(((stage, rule) for days, stage, rule in _GAP_RULES if gap_days > days), None)
    if fired is None or fired[0] <= programme.gap_stage:
        return programme, None
    stage, rule = fired
    if rule is Rule.GAP_28:
        level = min(programme.level, ladder.FIRST_LEVEL)
    else:
        level = lowered(
            programme.level, _GAP_STAGE_DROPS[stage] - _GAP_STAGE_DROPS[programme.gap_stage]
        )
    inputs: dict[str, InputValue] = {
        "day": today.isoformat(),
        "last_completed": start.isoformat(),
        "gap_days": gap_days,
        "from_level": programme.level,
    }
    updated = replace(set_level(programme, level), gap_stage=stage)
    return updated, Decision(level, rule, inputs)


def override(
    programme: Programme, choice: Override | Literal["easier", "harder"], today: date
) -> tuple[Programme, Decision]:
    """The user's "make it easier" (one level down, any time) or "make it harder" (one level up,
    only after a GREEN session, once per 7 days, and never a second level up within 7 days).

    A refusal is an OVERRIDE_REFUSED decision whose inputs carry the ``reason``.
    """
    wanted = Override(choice)
    inputs: dict[str, InputValue] = {
        "day": today.isoformat(),
        "choice": wanted.value,
        "from_level": programme.level,
    }
    refusal = _refusal(programme, wanted, today)
    if refusal is not None:
        inputs["reason"] = refusal.value
        return programme, Decision(next_level(programme), Rule.OVERRIDE_REFUSED, inputs)
    if wanted is Override.EASIER:
        updated = set_level(programme, lowered(programme.level, EASIER_DROP_LEVELS))
        return updated, Decision(next_level(updated), Rule.OVERRIDE_EASIER, inputs)
    raised = set_level(programme, programme.level + HARDER_RAISE_LEVELS)
    updated = replace(raised, last_level_up=today, last_harder=today)
    return updated, Decision(next_level(updated), Rule.OVERRIDE_HARDER, inputs)


def _refusal(programme: Programme, wanted: Override, today: date) -> Refusal | None:
    if wanted is Override.EASIER:
        return Refusal.AT_FLOOR if programme.level <= ladder.FLOOR_LEVEL else None
    judged = [record for record in programme.history if record.judged]
    if programme.flare is not None:
        return Refusal.IN_FLARE
    if programme.level >= ladder.TOP_LEVEL:
        return Refusal.AT_TOP
    if not judged or judged[-1].zone is not Zone.GREEN:
        return Refusal.LAST_SESSION_NOT_GREEN
    harder = programme.last_harder
    if harder is not None and today < harder + timedelta(days=HARDER_EVERY_DAYS):
        return Refusal.HARDER_USED_THIS_WEEK
    level_up = programme.last_level_up
    if level_up is not None and today < level_up + timedelta(days=LEVEL_UP_EVERY_DAYS):
        return Refusal.LEVEL_UP_THIS_WEEK
    return None


def weekly_average(programme: Programme, average: int, today: date) -> tuple[Programme, Decision]:
    """The weekly average-pain check-in: it becomes the baseline B used to judge sessions."""
    check_pain("weekly average", average)
    inputs: dict[str, InputValue] = {
        "day": today.isoformat(),
        "from_baseline": programme.baseline,
        "to_baseline": average,
    }
    updated = replace(programme, baseline=average)
    return updated, Decision(next_level(updated), Rule.BASELINE_UPDATE, inputs)


def pause(programme: Programme, today: date) -> tuple[Programme, Decision]:
    """Pause the programme; the paused time will count as a gap on return."""
    updated = replace(programme, paused_since=programme.paused_since or today)
    inputs: dict[str, InputValue] = {"day": today.isoformat()}
    return updated, Decision(next_level(updated), Rule.PAUSE, inputs)


def resume(programme: Programme, today: date) -> tuple[Programme, Decision | None]:
    """Resume a paused programme, applying the gap rules to the time away."""
    return on_return(replace(programme, paused_since=None), today)
