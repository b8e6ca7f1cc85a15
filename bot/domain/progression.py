"""The progression state machine: what one event does to the dose (coaching rules, 'Progression').

Pure functions from a ``Programme`` and one event to the next ``Programme`` and the ``Decision``
that explains it. ``bot.domain.engine.apply`` is the one entry point that puts events in order
on the programme as it stands; call ``on_return`` on the day of each session, before offering
it, so gap rules apply; flare mode lives in ``bot.domain.flare`` and is re-exported here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from enum import Enum
from typing import Literal

from bot.domain import ladder
from bot.domain.decisions import Decision, InputValue, RedTrigger, Refusal, Rule
from bot.domain.flare import flare_checkin, start_flare
from bot.domain.opt_in import answer_beyond_top, beyond_top_offer_due
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
    check_pain,
    counted_on,
    gap_level,
    gap_stage,
    in_floor_first_week,
    last_day,
    lowered,
    next_level,
    plan,
    red_days,
    set_level,
    start_programme,
    top_level,
)
from bot.domain.rules import (
    ADVANCE_LEVELS,
    ADVANCE_MIN_SESSIONS,
    COMPLETED_FRACTION,
    EASIER_DROP_LEVELS,
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
    "answer_beyond_top",
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


_GAP_RULES = {1: Rule.GAP_7, 2: Rule.GAP_14, 3: Rule.GAP_28}


def after_session(
    programme: Programme, report: SessionReport, ref: int | None = None
) -> tuple[Programme, Decision]:
    """Record one scheduled session and decide the next session's level.

    Skipped, missed and stopped-for-another-reason sessions leave the level alone (a session
    at least 80% done counts as completed); completed sessions and sessions stopped because of
    pain are judged GREEN, AMBER or RED and steer the level. A second session on one local day
    is recorded and a RED in it counts, but it never counts towards moving up. During a flare
    the session is a walk that does not steer anything. Raises ProgrammePaused while paused,
    OutOfOrder for a day before the latest recorded event, ValueError when a judged session has
    no peak pain.
    """
    if programme.paused_since is not None:
        raise ProgrammePaused(f"programme paused since {programme.paused_since.isoformat()}")
    latest = last_day(programme)
    if latest is not None and report.day < latest:
        raise OutOfOrder(f"session on {report.day.isoformat()} after {latest.isoformat()}")
    if not 0.0 <= report.done_fraction <= 1.0:
        raise ValueError(f"done fraction {report.done_fraction} is outside 0..1")
    if report.ending in (Ending.SKIPPED, Ending.MISSED):
        if programme.flare is not None:
            return _flare_walk(programme, report, ref)
        return _not_counted(programme, report, Rule.SKIPPED, ref)
    if programme.first_session is None:
        programme = replace(programme, first_session=report.day)
    if programme.flare is not None:
        return _flare_walk(programme, report, ref)
    counts_as_done = report.done_fraction >= COMPLETED_FRACTION
    if report.ending is Ending.STOPPED_OTHER and not counts_as_done:
        return _not_counted(programme, report, Rule.STOPPED_OTHER_NOT_COUNTED, ref)
    return _judged(programme, report, report.ending is Ending.COMPLETED or counts_as_done, ref)


def session_inputs(record: SessionRecord, done_fraction: float | None) -> dict[str, InputValue]:
    """The inputs of a decision about one session."""
    inputs: dict[str, InputValue] = {
        "day": record.day.isoformat(),
        "session_level": record.level,
        "ending": record.ending.value,
    }
    if done_fraction is not None and record.ending in (Ending.STOPPED_PAIN, Ending.STOPPED_OTHER):
        inputs["done_fraction"] = done_fraction
    return inputs


def judged_inputs(record: SessionRecord, baseline: int) -> dict[str, InputValue]:
    """What a zone was judged on, so the stored decision reproduces its zone."""
    return {
        "baseline": baseline,
        "peak": record.peak,
        "morning": record.morning,
        "signs": sorted(sign.value for sign in record.signs),
    }


def _record(
    programme: Programme, report: SessionReport, ref: int | None, zone: Zone | None = None,
    *, completed: bool = False, counts: bool = True, in_flare: bool = False,
) -> SessionRecord:
    return SessionRecord(
        report.day, ladder.FLOOR_LEVEL if in_flare else programme.level, report.ending, zone,
        completed, in_flare, report.peak, report.morning, report.signs,
        programme.baseline if zone is not None else None, counts, ref,
    )


def _flare_walk(
    programme: Programme, report: SessionReport, ref: int | None
) -> tuple[Programme, Decision]:
    zone = None
    if report.peak is not None and report.ending not in (Ending.SKIPPED, Ending.MISSED):
        zone = judge(programme.baseline, report.peak, report.morning, report.signs)
    record = _record(programme, report, ref, zone, in_flare=True)
    updated = replace(programme, history=(*programme.history, record))
    inputs = session_inputs(record, report.done_fraction)
    return updated, Decision(ladder.FLOOR_LEVEL, Rule.FLARE_CONTINUES, inputs, zone)


def _not_counted(
    programme: Programme, report: SessionReport, rule: Rule, ref: int | None
) -> tuple[Programme, Decision]:
    record = _record(programme, report, ref)
    updated = replace(programme, history=(*programme.history, record))
    return updated, Decision(programme.level, rule, session_inputs(record, report.done_fraction))


def _judged(
    programme: Programme, report: SessionReport, completed: bool, ref: int | None
) -> tuple[Programme, Decision]:
    if report.peak is None:
        raise ValueError("a completed session needs its peak pain to be judged")
    check_pain("peak", report.peak)
    zone = judge(programme.baseline, report.peak, report.morning, report.signs)
    counts = not counted_on(programme, report.day)
    record = _record(programme, report, ref, zone, completed=completed, counts=counts)
    recorded = replace(programme, history=(*programme.history, record))
    if completed:
        recorded = replace(recorded, gap_from=report.day, gap_stage=0)
    inputs = session_inputs(record, report.done_fraction) | judged_inputs(
        record, programme.baseline
    )
    if not counts:
        inputs["counted_today"] = True
    if zone is Zone.RED:
        return after_red(recorded, len(recorded.history) - 1, report.day, inputs)
    if not counts:
        return recorded, Decision(recorded.level, Rule.SECOND_SESSION_TODAY, inputs, zone)
    if zone is Zone.AMBER:
        return recorded, Decision(recorded.level, Rule.HOLD_AMBER, inputs, zone)
    return after_green(recorded, report.day, inputs)


def after_red(
    programme: Programme, index: int, today: date, inputs: dict[str, InputValue]
) -> tuple[Programme, Decision]:
    """Apply the RED of the session at ``history[index]`` to the programme as it stands.

    The drop is worked out from the level that session was done at; the programme keeps the
    lower of that and its current level, so a RED never raises the dose nor undoes a lower one.
    """
    judged = [record for record in programme.history[: index + 1] if record.judged]
    in_a_row = len(judged) >= REDS_IN_A_ROW and all(
        record.zone is Zone.RED for record in judged[-REDS_IN_A_ROW:]
    )
    reds = red_days(programme, today)
    inputs = inputs | {"reds_in_window": len(reds), "red_days": [d.isoformat() for d in reds]}
    repeated = in_a_row or len(reds) >= REDS_IN_WINDOW
    drop = REPEATED_RED_DROP_LEVELS if repeated else RED_DROP_LEVELS
    target = lowered(programme.history[index].level, drop)
    updated = set_level(programme, min(programme.level, target))
    if not repeated:
        return updated, Decision(next_level(updated), Rule.DROP_RED, inputs, Zone.RED)
    trigger = RedTrigger.IN_A_ROW if in_a_row else RedTrigger.IN_WINDOW
    inputs = inputs | {"trigger": trigger.value}
    decision = Decision(
        next_level(updated), Rule.DOUBLE_DROP_RED, inputs, Zone.RED, advise_clinician=True
    )
    return updated, decision


def after_green(
    programme: Programme, today: date, inputs: dict[str, InputValue]
) -> tuple[Programme, Decision]:
    """A GREEN session: advance when the rules allow it, else say what holds the level."""
    now = standing(programme)
    completed = now.completed
    inputs = inputs | {"completed_at_level": completed}
    last_up = programme.last_level_up
    if last_up is not None:
        inputs["last_level_up"] = last_up.isoformat()
    if programme.level >= top_level(programme):
        rule = Rule.HOLD_TOP_LEVEL
    elif completed < ADVANCE_MIN_SESSIONS:
        rule = Rule.HOLD_NOT_ENOUGH_SESSIONS
    elif not now.streak:
        rule = Rule.HOLD_NEEDS_TWO_GREEN
    elif in_floor_first_week(programme, today):
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
    while paused, during a flare — its end applies the gap — or before any completed session).
    """
    start = programme.gap_from
    if programme.paused_since is not None or programme.flare is not None or start is None:
        return programme, None
    gap_days = (today - start).days
    stage = gap_stage(gap_days)
    if stage <= programme.gap_stage:
        return programme, None
    level = gap_level(programme.level, stage, programme.gap_stage)
    inputs: dict[str, InputValue] = {
        "day": today.isoformat(),
        "last_completed": start.isoformat(),
        "gap_days": gap_days,
        "from_level": programme.level,
    }
    updated = replace(set_level(programme, level), gap_stage=stage)
    return updated, Decision(level, _GAP_RULES[stage], inputs)


def override(
    programme: Programme, choice: Override | Literal["easier", "harder"], today: date
) -> tuple[Programme, Decision]:
    """The user's "make it easier" (one level down, any time) or "make it harder" (one level up,
    only when the last completed session was GREEN and nothing lowered the dose since it, once
    per 7 days, never a second level up within 7 days, never in a level-0 first week).

    A refusal is an OVERRIDE_REFUSED answer whose inputs carry the ``reason``; it is not a
    decision to store (``Decision.stored`` is False) and leaves the programme as it was.
    """
    wanted = Override(choice)
    inputs: dict[str, InputValue] = {
        "day": today.isoformat(),
        "choice": wanted.value,
        "from_level": programme.level,
    }
    refusal = _refusal(programme, wanted, today)
    if refusal is not None:
        return programme, refused(programme, inputs, refusal)
    if wanted is Override.EASIER:
        updated = set_level(programme, lowered(programme.level, EASIER_DROP_LEVELS))
        return updated, Decision(next_level(updated), Rule.OVERRIDE_EASIER, inputs)
    raised = set_level(programme, programme.level + HARDER_RAISE_LEVELS)
    updated = replace(raised, last_level_up=today, last_harder=today)
    return updated, Decision(next_level(updated), Rule.OVERRIDE_HARDER, inputs)


def refused(
    programme: Programme, inputs: dict[str, InputValue], reason: Refusal
) -> Decision:
    """The answer to a refused request: the dose stays, with the reason in the inputs."""
    return Decision(next_level(programme), Rule.OVERRIDE_REFUSED, inputs | {"reason": reason.value})


def _refusal(programme: Programme, wanted: Override, today: date) -> Refusal | None:
    if wanted is Override.EASIER:
        return Refusal.AT_FLOOR if programme.level <= ladder.FLOOR_LEVEL else None
    if programme.flare is not None:
        return Refusal.IN_FLARE
    if programme.level >= top_level(programme):
        return Refusal.AT_TOP
    if in_floor_first_week(programme, today):
        return Refusal.FIRST_WEEK
    done = [
        (index, record) for index, record in enumerate(programme.history)
        if record.counts and record.completed and not record.in_flare
    ]
    if not done or done[-1][1].zone is not Zone.GREEN:
        return Refusal.LAST_SESSION_NOT_GREEN
    if programme.lowered_at is not None and programme.lowered_at > done[-1][0]:
        return Refusal.LOWERED_SINCE
    harder = programme.last_harder
    if harder is not None and today < harder + timedelta(days=HARDER_EVERY_DAYS):
        return Refusal.HARDER_USED_THIS_WEEK
    level_up = programme.last_level_up
    if level_up is not None and today < level_up + timedelta(days=LEVEL_UP_EVERY_DAYS):
        return Refusal.LEVEL_UP_THIS_WEEK
    return None


def weekly_average(programme: Programme, average: int, today: date) -> tuple[Programme, Decision]:
    """The weekly average-pain check-in: it becomes the baseline B used to judge sessions,
    except in flare mode, when it is recorded and B stays."""
    check_pain("weekly average", average)
    inputs: dict[str, InputValue] = {
        "day": today.isoformat(),
        "from_baseline": programme.baseline,
        "to_baseline": average,
    }
    if programme.flare is not None:
        inputs["to_baseline"] = programme.baseline
        inputs["average"] = average
        return programme, Decision(next_level(programme), Rule.BASELINE_KEPT_IN_FLARE, inputs)
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
