"""Remote support by a clinician the user chose: invites, who may see whom, what alerts them,
and the clinician's own say in the dose.

A clinician sees a person only while that person's link to them stands; an invite code is
random, works once, can be revoked and expires. The clinician's level change is a decision
like every other (rule CLINICIAN, with who and why in its inputs); the coaching rules apply
to every session after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from bot.domain import ladder
from bot.domain.decisions import Decision, InputValue, RedTrigger, Rule
from bot.domain.programme import (
    ClinicianSet,
    Programme,
    in_floor_first_week,
    next_level,
    set_level,
    top_level,
)
from bot.domain.rules import DIGEST_HOUR, DIGEST_WEEKDAY, INVITE_VALID_DAYS
from bot.domain.schedule import local_instant
from bot.domain.zones import Zone

NAME_MAX = 64
"""Longest name or profession a clinician may give (longer is asked again)."""
REASON_MAX = 300
"""Longest reason a clinician may give for a change."""


class Shared(Enum):
    """What a client shares with a clinician they link to, nothing else."""

    LEVEL = "level"  # the level and the plan
    SESSIONS = "sessions"  # sessions done, skipped, and how each went (green, amber, red)
    PAIN = "pain"  # the 0–10 check-ins
    DECISIONS = "decisions"  # each change of dose, with its reason
    FLAGS = "flags"  # red flags reported, holds, and flares
    FILES = "files"  # the progress chart and the one-page report built from the above


class InviteProblem(Enum):
    """Why an invite code does not link anyone."""

    UNKNOWN = "unknown"  # never made, or made by a clinician who has since left
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED = "used"
    OWN = "own"  # the clinician opened their own link
    SHARED = "shared"  # the person it linked opened it again


class AlertKind(Enum):
    """What a linked clinician hears about at once."""

    RED_SESSION = "red_session"
    TWO_REDS = "two_reds"
    RED_FLAG = "red_flag"
    FLARE = "flare"


class PainTrend(Enum):
    """How a client's check-ins moved between the two halves of the window."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"
    UNKNOWN = "unknown"  # too few check-ins to say


class Action(Enum):
    """What ``/adjust`` does to a client's programme."""

    LEVEL = "level"  # set the level
    HOLD = "hold"  # put the programme on hold
    CLEAR = "clear"  # clear the client to resume after a hold


def code_hash(code: str) -> str:
    """The stored form of an invite code: only its hash is ever kept."""
    return hashlib.sha256(code.encode()).hexdigest()


def invite_expires(made_at: datetime) -> datetime:
    """When an invite made at ``made_at`` stops working."""
    return made_at + timedelta(days=INVITE_VALID_DAYS)


def invite_problem(expires_at: datetime, used_at: datetime | None, revoked_at: datetime | None,
                   now: datetime) -> InviteProblem | None:
    """Why an invite cannot be used now, or None when it can (a revoked one reads as revoked
    even once it has expired too: that is what its clinician did)."""
    if revoked_at is not None:
        return InviteProblem.REVOKED
    if used_at is not None:
        return InviteProblem.USED
    if now >= expires_at:
        return InviteProblem.EXPIRED
    return None


def may_see(viewer_id: int, client_id: int, linked_clinicians: Collection[int]) -> bool:
    """Whether ``viewer_id`` may see ``client_id``'s data: only a clinician the client is
    linked to now, and never anyone through a link to themselves."""
    return viewer_id != client_id and viewer_id in linked_clinicians


def alert_for(decision: Decision) -> AlertKind | None:
    """The alert a stored decision raises for the client's clinicians, if any."""
    if decision.rule is Rule.FLARE_START:
        return AlertKind.FLARE
    if (decision.rule is Rule.DOUBLE_DROP_RED
            and decision.inputs.get("trigger") == RedTrigger.IN_A_ROW.value):
        return AlertKind.TWO_REDS
    if decision.zone is Zone.RED:
        return AlertKind.RED_SESSION
    return None


def next_digest(now: datetime, zone: ZoneInfo) -> datetime:
    """The next weekly digest strictly after ``now``: the digest weekday at the digest hour,
    on the clinician's wall clock."""
    today = now.astimezone(zone).date()
    ahead = (DIGEST_WEEKDAY - today.weekday()) % 7
    for extra in (0, 7):
        day = today + timedelta(days=ahead + extra)
        at = local_instant(day, time(DIGEST_HOUR), zone)
        if at > now:
            return at
    raise AssertionError("a week ahead is always after now")  # pragma: no cover


def pain_trend(scores: Sequence[int]) -> PainTrend:
    """Better, same or worse: the later half of ``scores`` (oldest first) against the
    earlier half, by their averages; unknown with fewer than two scores."""
    if len(scores) < 2:
        return PainTrend.UNKNOWN
    half = len(scores) // 2
    earlier, later = scores[:half], scores[half:]
    change = sum(later) / len(later) - sum(earlier) / len(earlier)
    if change <= -1:
        return PainTrend.BETTER
    if change >= 1:
        return PainTrend.WORSE
    return PainTrend.SAME


def levels_allowed(programme: Programme) -> range:
    """The levels a clinician may set: the whole ladder up to this programme's top."""
    return range(ladder.FLOOR_LEVEL, top_level(programme) + 1)


class LevelProblem(Enum):
    """Why a clinician cannot set the level asked for now."""

    OFF_LADDER = "off_ladder"  # not a level of this programme
    IN_FLARE = "in_flare"  # flare mode decides the sessions until the back settles
    FIRST_WEEK = "first_week"  # nothing lifts a high-baseline start out of its first week


class LevelRefused(ValueError):
    """The level cannot be set now, and why."""

    def __init__(self, problem: LevelProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def level_problem(programme: Programme, level: int | None, today: date) -> LevelProblem | None:
    """Why a clinician may not set ``level`` today, or None when they may.

    The coaching rules still bind a clinician: a flare runs its course, and nothing lifts a
    high-baseline start off the floor before its first week ends.
    """
    if level is None or level not in levels_allowed(programme):
        return LevelProblem.OFF_LADDER
    if programme.flare is not None:
        return LevelProblem.IN_FLARE
    if level > ladder.FLOOR_LEVEL and in_floor_first_week(programme, today):
        return LevelProblem.FIRST_WEEK
    return None


def set_by_clinician(programme: Programme, event: ClinicianSet) -> tuple[Programme, Decision]:
    """The programme at the level a clinician chose; the decision names them and their reason.

    The sessions "at this level" start afresh, so the usual rules move the client on from
    here; a lower level counts as a lowering, which "make it harder" must not undo.
    ``LevelRefused`` when :func:`level_problem` finds one.
    """
    problem = level_problem(programme, event.level, event.day)
    if problem is not None:
        raise LevelRefused(problem)
    updated = set_level(programme, event.level)
    if event.level > programme.level:
        updated = replace(updated, last_level_up=event.day)
    inputs = clinician_inputs(Action.LEVEL, event.clinician, event.reason, programme.level)
    inputs["day"] = event.day.isoformat()
    return updated, Decision(next_level(updated), Rule.CLINICIAN, inputs)


def clinician_inputs(action: Action, clinician: str, reason: str,
                     from_level: int) -> dict[str, InputValue]:
    """The inputs of a clinician's decision: what they did, who they are, and why."""
    return {"action": action.value, "clinician": clinician, "reason": reason,
            "from_level": from_level}


class Flag(Enum):
    """What stands out about a client right now."""

    RED_FLAG = "red_flag"  # a red flag holds the programme
    FLARE = "flare"  # flare mode stands
    PAUSED = "paused"
    NOT_SET_UP = "not_set_up"  # linked before finishing the set-up
