"""Use cases of the coaching engine: the plan, overrides and flares, each one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain import progression
from bot.domain.decisions import Decision
from bot.domain.explain import explain
from bot.domain.flare import settled_at_most
from bot.domain.outlook import MoveUp, move_up
from bot.domain.programme import FlareState, Programme, SessionReport
from bot.domain.progression import Override
from bot.domain.schedule import local_date
from bot.storage import programmes, repo
from bot.storage.db import Database, DbSession
from bot.storage.models import Decision as DecisionRow
from bot.storage.models import User

RECENT_DECISIONS = 3


class NoProgramme(Exception):
    """The user has no programme yet (onboarding unfinished)."""


@dataclass(frozen=True)
class PastDecision:
    """A stored decision as a user reads it."""

    decided_at: datetime
    from_level: int
    to_level: int
    rule: str
    reason: str


@dataclass(frozen=True)
class PlanView:
    """The programme at a glance: level, next dose, what moves it up, and recent decisions."""

    level: int
    session_level: int
    baseline: int
    flare: FlareState | None
    flare_settled_at_most: int
    move_up: MoveUp
    recent: tuple[PastDecision, ...]


@dataclass(frozen=True)
class Outcome:
    """A decision the engine just made, with its plain-words reason."""

    decision: Decision
    reason: str
    before: int


def today_for(user: User, now: datetime) -> date:
    """The user's local date."""
    return local_date(now, ZoneInfo(user.timezone or "UTC"))


async def begin(session: DbSession, user: User, now: datetime) -> Decision:
    """Start a new programme for a user who just finished onboarding."""
    if user.baseline_pain is None:
        raise NoProgramme
    programme, decision = progression.start_programme(user.baseline_pain, today_for(user, now))
    await programmes.save(session, user.id, programme, now)
    await programmes.record_decision(session, user.id, decision.level, decision, now)
    return decision


async def session_level(session: DbSession, user: User, now: datetime) -> int:
    """The level of the user's next session, after any gap rule (the floor during a flare)."""
    return progression.next_level(await returned(session, user, now))


async def returned(session: DbSession, user: User, now: datetime) -> Programme:
    """The user's programme as of today, with any gap rule applied.

    A user coming back after a break is a return in the rules' sense: the gap rule is applied
    and stored here, once, so every answer about the next session agrees.
    """
    programme = await programmes.load(session, user.id)
    if programme is None:
        raise NoProgramme
    current, decision = progression.on_return(programme, today_for(user, now))
    if decision is not None:
        await programmes.save(session, user.id, current, now)
        await programmes.record_decision(session, user.id, progression.next_level(programme),
                                         decision, now)
    return current


async def plan(db: Database, user_id: int, now: datetime) -> PlanView:
    """The user's plan: level, next session's level, what moves it up, the last decisions."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        programme = await programmes.load(session, user_id)
        if user is None or programme is None:
            raise NoProgramme
        rows = await programmes.latest_decisions(session, user_id, RECENT_DECISIONS)
        recent = tuple(_past(row) for row in rows)
        return PlanView(
            level=programme.level,
            session_level=progression.next_level(programme),
            baseline=programme.baseline,
            flare=programme.flare,
            flare_settled_at_most=settled_at_most(programme),
            move_up=move_up(programme, today_for(user, now)),
            recent=recent,
        )


def _past(row: DecisionRow) -> PastDecision:
    stored = Decision(row.to_level, progression.Rule(row.rule), row.inputs,
                      advise_clinician=row.advise_clinician)
    return PastDecision(row.decided_at, row.from_level, row.to_level, row.rule, explain(stored))


async def change(db: Database, user_id: int, now: datetime,
                 step: Callable[[Programme, date, datetime], tuple[Programme, Decision]]
                 ) -> Outcome:
    """Apply one engine step to a user's programme and store the result and its decision."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        programme = await programmes.load(session, user_id)
        if user is None or programme is None:
            raise NoProgramme
        before = progression.next_level(programme)
        updated, decision = step(programme, today_for(user, now), now)
        await programmes.save(session, user_id, updated, now)
        await programmes.record_decision(session, user_id, before, decision, now)
        return Outcome(decision, explain(decision), before)


async def version(db: Database, user_id: int) -> str:
    """A stamp that changes with every decision, so a button acts on the state it was shown on."""
    async with db.transaction() as session:
        return str(await programmes.count_decisions(session, user_id))


async def apply(session: DbSession, user_id: int, now: datetime, report: SessionReport,
                session_id: int) -> Outcome:
    """Feed one session's report to the engine inside the caller's transaction."""
    programme = await programmes.load(session, user_id)
    if programme is None:
        raise NoProgramme
    before = progression.next_level(programme)
    # A session begun before a /pause is still recorded; the pause itself stands.
    unpaused = replace(programme, paused_since=None)
    updated, decision = progression.after_session(unpaused, report)
    updated = replace(updated, paused_since=programme.paused_since)
    await programmes.save(session, user_id, updated, now)
    await programmes.record_decision(session, user_id, before, decision, now, session_id)
    return Outcome(decision, explain(decision), before)


async def make_easier(db: Database, user_id: int, now: datetime) -> Outcome:
    """"Make it easier": one level down, any time."""
    return await change(db, user_id, now,
                        lambda p, today, _: progression.override(p, Override.EASIER, today))


async def make_harder(db: Database, user_id: int, now: datetime) -> Outcome:
    """"Make it harder": one level up after a GREEN session, once per week; else a refusal."""
    return await change(db, user_id, now,
                        lambda p, today, _: progression.override(p, Override.HARDER, today))


async def start_flare(db: Database, user_id: int, now: datetime) -> Outcome:
    """Enter flare mode (after the red-flag questions came back clear)."""
    return await change(db, user_id, now, lambda p, today, _: progression.start_flare(p, today))


async def flare_checkin(db: Database, user_id: int, pain: int, now: datetime) -> Outcome:
    """A pain check-in during a flare; two settled ones far enough apart end it."""
    return await change(db, user_id, now,
                        lambda p, _, moment: progression.flare_checkin(p, pain, moment))
