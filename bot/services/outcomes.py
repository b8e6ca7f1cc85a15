"""Use cases of the outcomes: the weekly summary, the snapshots of weeks 0, 6 and 12, and the
choice at the end of the programme (keep going, the levels beyond level 8, or maintenance).

A snapshot is asked one question at a time; each answer is stored as it comes, so a restart,
a doubled press or a question of the user's own in between loses nothing, and a press for a
question already answered changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from bot.domain import opt_in
from bot.domain.decisions import Decision, Rule
from bot.domain.outcomes import (
    CloseChoice,
    Item,
    ProgrammeClose,
    ProgrammeSummary,
    Snapshot,
    close_decision,
    closes_programme,
    days_done,
    maintenance_options,
    programme_dates,
    snapshot_due,
    training_dates,
    week_dates,
)
from bot.domain.programme import BeyondTopAnswered, Programme, next_level
from bot.domain.schedule import local_instant
from bot.domain.week import Weekday
from bot.domain.zones import Zone
from bot.services import coaching, planning
from bot.storage import outcomes as store
from bot.storage import programmes, repo
from bot.storage import questions as asked_store
from bot.storage import reminders as reminder_store
from bot.storage.db import Database, DbSession
from bot.storage.models import User
from bot.storage.reminders import Schedule

SNAPSHOT_QUESTION = "snapshot"  # the waiting question's name (services.questions)
BASELINE_WEEK = 0
SUMMARY_DECISIONS = 5  # the weekly summary words at most this many of the week's decisions


class UnknownSnapshot(Exception):
    """The snapshot does not belong to this user (or no longer exists)."""


@dataclass(frozen=True)
class WeekSummary:
    """What the weekly summary says: the week done, what changed and why, the week ahead."""

    week: int
    done: int
    scheduled: int
    decisions: tuple[Decision, ...]
    next_sessions: tuple[date, ...]
    at: time
    level: int
    flare: bool
    snapshot: bool
    closing: bool


@dataclass(frozen=True)
class CloseOffer:
    """The choices at the end of the programme: whether the levels beyond level 8 may be
    chosen, and the maintenance weeks to pick from."""

    summary: ProgrammeSummary
    beyond: bool
    maintenance: tuple[tuple[Weekday, ...], ...]


@dataclass(frozen=True)
class SnapshotStep:
    """Where a snapshot stands after an answer: the question to ask next (None: finished or
    put aside), whether the answer was already given, and the close when it comes next."""

    snapshot: Snapshot
    ask: Item | None
    already: bool = False
    close: CloseOffer | None = None
    answered: Item | None = None  # the question this answer went to


@dataclass(frozen=True)
class Closed:
    """The end-of-programme choice as stored (``already``: an earlier one stands); ``decision``
    is what it decided, None when the choice could not be taken (the opt-in is not due)."""

    choice: CloseChoice
    decision: Decision | None
    already: bool = False
    days: tuple[Weekday, ...] = ()


# --- The weekly summary ------------------------------------------------------------------------


async def summarise_week(session: DbSession, schedule: Schedule, programme: Programme | None,
                         day: date, week: int) -> WeekSummary:
    """The summary of programme ``week``, told on ``day`` (the first day after it)."""
    start = schedule.start or day
    first, last = week_dates(start, week)
    history = programme.history if programme is not None else ()
    since = local_instant(first, time(0, 0), schedule.zone)
    rows = await store.decisions_since(session, schedule.user_id, since, SUMMARY_DECISIONS)
    following = week_dates(start, week + 1)
    return WeekSummary(
        week=week,
        done=days_done(history, first, last),
        scheduled=len(training_dates(schedule.days, first, last)),
        decisions=tuple(_decision(row.to_level, row.rule, row.inputs, row.zone,
                                  row.advise_clinician) for row in rows),
        next_sessions=training_dates(schedule.days, *following),
        at=schedule.at,
        level=next_level(programme) if programme is not None else 0,
        flare=programme is not None and programme.flare is not None,
        snapshot=snapshot_due(week),
        closing=closes_programme(week),
    )


def _decision(level: int, rule: str, inputs: dict[str, Any], zone: str | None,
              advise: bool) -> Decision:
    return Decision(level, Rule(rule), inputs, None if zone is None else Zone(zone), advise)


def dump_summary(summary: WeekSummary) -> dict[str, Any]:
    """A weekly summary as JSON-ready data, kept on its reminder so a resend says the same."""
    return {
        "week": summary.week, "done": summary.done, "scheduled": summary.scheduled,
        "decisions": [{"level": d.level, "rule": d.rule.value, "inputs": dict(d.inputs),
                       "zone": None if d.zone is None else d.zone.value,
                       "advise_clinician": d.advise_clinician} for d in summary.decisions],
        "next_sessions": [d.isoformat() for d in summary.next_sessions],
        "at": summary.at.isoformat(), "level": summary.level, "flare": summary.flare,
        "snapshot": summary.snapshot, "closing": summary.closing,
    }


def load_summary(data: dict[str, Any]) -> WeekSummary:
    """The weekly summary :func:`dump_summary` kept."""
    return WeekSummary(
        week=data["week"], done=data["done"], scheduled=data["scheduled"],
        decisions=tuple(_decision(d["level"], d["rule"], d["inputs"], d["zone"],
                                  d["advise_clinician"]) for d in data["decisions"]),
        next_sessions=tuple(date.fromisoformat(d) for d in data["next_sessions"]),
        at=time.fromisoformat(data["at"]), level=data["level"], flare=data["flare"],
        snapshot=data["snapshot"], closing=data["closing"],
    )


# --- Snapshots ---------------------------------------------------------------------------------


async def after_weekly(session: DbSession, user: User, week: int, pain: int, now: datetime
                       ) -> SnapshotStep | None:
    """The week's average pain is in: a snapshot week begins its snapshot with it (the trial's
    primary outcome is that very question), in the caller's transaction; else None."""
    if not snapshot_due(week):
        return None
    snapshot = await store.begin_snapshot(session, user.id, week, now, average_pain=pain)
    return await _step(session, user, snapshot, now)


async def begin_baseline(db: Database, user_id: int, now: datetime) -> SnapshotStep:
    """The week-0 snapshot, offered once the plan is set; where it stands if begun."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None or user.onboarded_at is None:
            raise UnknownSnapshot
        snapshot = await store.begin_snapshot(session, user_id, BASELINE_WEEK, now)
        return await _step(session, user, snapshot, now)


async def answer(db: Database, user_id: int, snapshot_id: int, item: Item | None, value: int,
                 now: datetime) -> SnapshotStep:
    """One answer to a snapshot: to ``item``, or to the question it waits on (None, typed).

    An answer to a question already answered, or to a snapshot put aside, changes nothing.
    """
    async with db.transaction() as session:
        user, snapshot = await _owned(session, user_id, snapshot_id)
        waiting = snapshot.next_item
        if waiting is None or (item is not None and item is not waiting):
            return SnapshotStep(snapshot, waiting, already=True)
        await store.save_answer(session, snapshot_id, waiting, value)
        step = await _step(session, user, snapshot.answered(waiting, value), now)
        return replace(step, answered=waiting)


async def skip(db: Database, user_id: int, snapshot_id: int, now: datetime) -> SnapshotStep:
    """Put the rest of a snapshot aside; at week 12 the close follows all the same."""
    async with db.transaction() as session:
        user, snapshot = await _owned(session, user_id, snapshot_id)
        if snapshot.next_item is None:
            return SnapshotStep(snapshot, None, already=True)
        await store.skip_snapshot(session, snapshot_id, now)
        return await _step(session, user, replace(snapshot, skipped=True), now)


async def _owned(session: DbSession, user_id: int, snapshot_id: int) -> tuple[User, Snapshot]:
    user = await repo.get_user(session, user_id, for_update=True)
    found = await store.snapshot(session, snapshot_id)
    if user is None or found is None or found[0] != user_id:
        raise UnknownSnapshot
    return user, found[1]


async def _step(session: DbSession, user: User, snapshot: Snapshot, now: datetime
                ) -> SnapshotStep:
    ask = snapshot.next_item
    if ask is not None:  # a typed number answers it, even after a question of the user's own
        await asked_store.ask(session, user.id, SNAPSHOT_QUESTION, snapshot.id, now)
        return SnapshotStep(snapshot, ask)
    await asked_store.forget(session, user.id)
    close = None
    if closes_programme(snapshot.week) and await store.programme_close(session, user.id) is None:
        close = await close_offer(session, user, now)
    return SnapshotStep(snapshot, None, close=close)


async def snapshot_open(session: DbSession, snapshot_id: int) -> bool:
    """Whether the snapshot still waits for an answer (for the waiting question)."""
    found = await store.snapshot(session, snapshot_id)
    return found is not None and found[1].next_item is not None


# --- The end of the programme ------------------------------------------------------------------


async def close_offer(session: DbSession, user: User, now: datetime) -> CloseOffer | None:
    """The programme summary and the choices, or None without a programme or schedule."""
    programme = await programmes.load(session, user.id)
    schedule = reminder_store.schedule_of(user)
    if programme is None or schedule is None:
        return None
    summary = await programme_summary(session, user.id, programme, schedule)
    today = coaching.today_for(user, now)
    return CloseOffer(summary, opt_in.beyond_top_offer_due(programme, today),
                      maintenance_options(schedule.days))


async def programme_summary(session: DbSession, user_id: int, programme: Programme,
                            schedule: Schedule) -> ProgrammeSummary:
    """Start against now: level, weekly average pain, snapshots and sessions done."""
    first, last = programme_dates(schedule.start or programme.started)
    weekly = await store.weekly_pains(session, user_id)
    taken = {s.week: s for s in await store.snapshots(session, user_id)}
    start_level = await store.start_level(session, user_id)
    return ProgrammeSummary(
        start_level=programme.level if start_level is None else start_level,
        level=programme.level,
        first_weekly=weekly[0] if weekly else None,
        last_weekly=weekly[-1] if len(weekly) > 1 else None,
        baseline=taken.get(BASELINE_WEEK),
        final=max((s for w, s in taken.items() if w > BASELINE_WEEK), key=lambda s: s.week,
                  default=None),
        done=days_done(programme.history, first, last),
        scheduled=len(training_dates(schedule.days, first, last)),
    )


async def close(db: Database, user_id: int, choice: CloseChoice, days: tuple[Weekday, ...],
                now: datetime, morning_at: time) -> Closed:
    """Record the end-of-programme choice as a decision; a maintenance plan moves the
    reminders to its days. The first choice stands."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        programme = None if user is None else await programmes.load(session, user_id)
        schedule = None if user is None else reminder_store.schedule_of(user)
        if user is None or programme is None or schedule is None:
            raise coaching.NoProgramme
        earlier = await store.programme_close(session, user_id)
        if earlier is not None:
            return _already(earlier)
        today = coaching.today_for(user, now)
        due = opt_in.beyond_top_offer_due(programme, today)
        if choice is CloseChoice.MAINTENANCE and days not in maintenance_options(schedule.days):
            return Closed(choice, None)
        if choice is CloseChoice.BEYOND and not due:
            return Closed(choice, None)
        decision: Decision | None
        if choice is CloseChoice.MAINTENANCE or not due:
            decision = close_decision(programme, choice, days, today, schedule.days)
            await programmes.record_decision(session, user_id, next_level(programme),
                                             decision, now)
        else:  # at level 8 the offer stands: yes is the opt-in, "keep going" says no to it
            opted_in = choice is CloseChoice.BEYOND
            outcome = await coaching.step(session, user, now, BeyondTopAnswered(opted_in, today))
            decision = None if outcome is None else outcome.decision
        await store.record_close(session, user_id, choice, days, now)
        if choice is CloseChoice.MAINTENANCE:
            user.training_days = ",".join(day.short for day in days)
            await planning.plan_next(session, user, now, morning_at=morning_at)
        return Closed(choice, decision, days=days)


def _already(earlier: ProgrammeClose) -> Closed:
    return Closed(earlier.choice, None, already=True, days=earlier.days)
