"""Use cases of the coaching engine: the plan, overrides and flares, each one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain import engine, ladder, opt_in, progression
from bot.domain.decisions import Decision
from bot.domain.flare import settled_at_most
from bot.domain.outlook import MoveUp, move_up
from bot.domain.programme import (
    BeyondTopAnswered,
    Event,
    FlareCheckIn,
    FlareReported,
    FlareState,
    OverrideAsked,
    Programme,
    Returned,
    SessionDone,
    SessionReport,
    top_level,
)
from bot.domain.progression import Override
from bot.domain.schedule import local_date
from bot.services import clinic_notes
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
    decision: Decision


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
    top: int = ladder.TOP_LEVEL
    beyond_top: bool | None = None
    beyond_top_offer: bool = False


@dataclass(frozen=True)
class Outcome:
    """A decision the engine just made, and the level before it; ``offer_beyond_top`` says
    the levels above the top are due to be offered now, for the first time."""

    decision: Decision
    before: int
    offer_beyond_top: bool = False


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


async def step(session: DbSession, user: User, now: datetime, event: Event | None
               ) -> Outcome | None:
    """Apply one event to the user's programme as it stands, inside the caller's transaction.

    Events kept during a red-flag hold are applied first once it is lifted; every decision is
    stored with its rule and inputs (refusals and answers kept on hold are not). The outcome is
    that of ``event``'s own answer, None when it decided nothing (or ``event`` is None).
    """
    _, outcome = await advance(session, user, now, event)
    return outcome


async def advance(session: DbSession, user: User, now: datetime, event: Event | None
                  ) -> tuple[Programme, Outcome | None]:
    """``step``, also giving the programme as it stands afterwards (as stored)."""
    programme = await programmes.load(session, user.id)
    if programme is None:
        raise NoProgramme
    held = user.safety_stop is not None
    if event is None:
        applied = engine.settle(programme, held=held)
    else:
        applied = engine.apply(programme, event, held=held)
    updated, offer = applied.programme, None
    if isinstance(event, SessionDone) and not held:
        offer = opt_in.first_offer(updated, today_for(user, now))
        updated = offer or updated
    if updated != programme:
        await programmes.save(session, user.id, updated, now)
    before = progression.next_level(programme)
    ref = event.ref if isinstance(event, SessionDone) else None
    for decision in applied.settled:
        if decision.stored:
            await programmes.record_decision(session, user.id, before, decision, now)
            await clinic_notes.note_decision(session, user.id, decision, now)
        before = decision.level
    own = applied.decision
    if own is None:
        return updated, None
    if own.stored:
        await programmes.record_decision(session, user.id, before, own, now, ref)
        await clinic_notes.note_decision(session, user.id, own, now)
    return updated, Outcome(own, before, offer_beyond_top=offer is not None)


async def returned(session: DbSession, user: User, now: datetime) -> Programme:
    """The user's programme as of today, with any gap rule applied.

    A user coming back after a break is a return in the rules' sense: the gap rule is applied
    and stored here, once, so every answer about the next session agrees.
    """
    programme, _ = await advance(session, user, now, Returned(today_for(user, now)))
    return programme


async def plan(db: Database, user_id: int, now: datetime) -> PlanView:
    """The user's plan: level, next session's level, what moves it up, the last decisions."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None:
            raise NoProgramme
        await step(session, user, now, None)  # answers kept during a hold, once it is lifted
        programme = await programmes.load(session, user_id)
        if programme is None:
            raise NoProgramme
        today = today_for(user, now)
        offered = opt_in.first_offer(programme, today)
        if offered is not None:  # the offer shown here is the one offer
            programme = offered
            await programmes.save(session, user_id, programme, now)
        rows = await programmes.latest_decisions(session, user_id, RECENT_DECISIONS)
        recent = tuple(_past(row) for row in rows)
        return PlanView(
            level=programme.level,
            session_level=progression.next_level(programme),
            baseline=programme.baseline,
            flare=programme.flare,
            flare_settled_at_most=settled_at_most(programme),
            move_up=move_up(programme, today),
            recent=recent,
            top=top_level(programme),
            beyond_top=programme.beyond_top,
            beyond_top_offer=opt_in.beyond_top_offer_due(programme, today),
        )


def _past(row: DecisionRow) -> PastDecision:
    stored = Decision(row.to_level, progression.Rule(row.rule), row.inputs,
                      advise_clinician=row.advise_clinician)
    return PastDecision(row.decided_at, row.from_level, row.to_level, row.rule, stored)


async def change(db: Database, user_id: int, now: datetime,
                 event_of: Callable[[date, datetime], Event]) -> Outcome:
    """Apply one event, made from the user's local date and the moment, in its own
    transaction."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None:
            raise NoProgramme
        outcome = await step(session, user, now, event_of(today_for(user, now), now))
        assert outcome is not None  # overrides and flare events always answer
        return outcome


async def version(db: Database, user_id: int) -> str:
    """A stamp that changes with every decision, so a button acts on the state it was shown on."""
    async with db.transaction() as session:
        return str(await programmes.count_decisions(session, user_id))


async def apply(session: DbSession, user_id: int, now: datetime, report: SessionReport,
                session_id: int) -> Outcome:
    """Feed one session's report to the engine inside the caller's transaction."""
    user = await repo.get_user(session, user_id)
    if user is None:
        raise NoProgramme
    outcome = await step(session, user, now, SessionDone(report, session_id))
    assert outcome is not None  # a session always gets an answer
    return outcome


async def make_easier(db: Database, user_id: int, now: datetime) -> Outcome:
    """"Make it easier": one level down, any time."""
    return await change(db, user_id, now,
                        lambda today, _: OverrideAsked(Override.EASIER.value, today))


async def make_harder(db: Database, user_id: int, now: datetime) -> Outcome:
    """"Make it harder": one level up after a GREEN session, once per week; else a refusal."""
    return await change(db, user_id, now,
                        lambda today, _: OverrideAsked(Override.HARDER.value, today))


async def start_flare(db: Database, user_id: int, now: datetime) -> Outcome:
    """Enter flare mode (after the red-flag questions; kept for after a hold if one stands)."""
    return await change(db, user_id, now, lambda today, _: FlareReported(today))


async def flare_checkin(db: Database, user_id: int, pain: int, now: datetime) -> Outcome:
    """A pain check-in during a flare; two settled ones far enough apart end it."""
    return await change(db, user_id, now, lambda _, moment: FlareCheckIn(pain, moment))


async def answer_beyond_top(db: Database, user_id: int, now: datetime,
                            opted_in: bool) -> Outcome | None:
    """The answer to the offer of the levels beyond the top, stored as a decision.

    None when no offer stands (never made, already answered, or no longer due): the answer
    decides nothing.
    """
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None:
            raise NoProgramme
        programme = await programmes.load(session, user_id)
        if programme is None:
            raise NoProgramme
        if programme.beyond_top_offered is None:
            return None
        return await step(session, user, now, BeyondTopAnswered(opted_in, today_for(user, now)))
