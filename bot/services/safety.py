"""Use cases of safety after onboarding: a red flag confirmed or screened, a hold, clearance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.safety import (
    RedFlag,
    SafetyOutcome,
    clearance_days,
    clinician,
    needs_deliberate_clearance,
)
from bot.domain.schedule import local_date
from bot.services import clinic_notes, coaching, onboarding, sessions
from bot.storage import holds, programmes, repo
from bot.storage import sessions as session_store
from bot.storage.db import Database
from bot.storage.models import Hold, User


class NotOnboarded(Exception):
    """Only a user with a programme can put it on hold."""


@dataclass(frozen=True)
class Held:
    """A programme put on hold; a running session, if any, was paused."""

    outcome: SafetyOutcome
    paused_session: int | None


async def _hold(session: AsyncSession, user: User, outcome: SafetyOutcome, reason: str,
                now: datetime) -> None:
    standing = await holds.open_hold(session, user.id) if user.safety_stop else None
    escalates = needs_deliberate_clearance(outcome) and (
        standing is not None and standing.outcome != outcome.value)
    if standing is None or escalates:
        await holds.add_hold(session, user.id, outcome.value, reason, now)
        await clinic_notes.note_red_flag(session, user.id, outcome.value, reason, now)
    if user.safety_stop != SafetyOutcome.EMERGENCY.value:
        user.safety_stop = outcome.value


async def answer_screen(db: Database, user_id: int, emergency: bool, said_yes: bool,
                        now: datetime, flag: RedFlag | None = None) -> SafetyOutcome | None:
    """Store the answer to one group of red flags; a yes puts the programme on hold.

    ``flag`` names which red flag of the group the yes was about; it is stored and held
    under its own name (so a cancer yes counts as a known history of cancer).
    """
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None or user.onboarded_at is None:
            raise NotOnboarded
        group = "emergency" if emergency else "other"
        await repo.record_safety_answer(session, user, f"rescreen:{group}", said_yes, now)
        if not said_yes:
            return None
        reason = f"rescreen:{group}"
        if flag is not None:
            reason = f"rescreen:{flag.value}"
            await repo.record_safety_answer(session, user, reason, True, now)
        outcome = SafetyOutcome.EMERGENCY if emergency else SafetyOutcome.SEE_DOCTOR
        await _hold(session, user, outcome, reason, now)
        return outcome


async def confirm_symptom(db: Database, user_id: int, flag: RedFlag, new_and_now: bool,
                          now: datetime) -> Held | None:
    """The answer to "is this new, and happening now?" after a message named a red flag.

    Stored either way; only a yes holds the programme (and pauses a running session).
    """
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None or user.onboarded_at is None:
            return None
        await repo.record_safety_answer(session, user, f"message:{flag.value}", new_and_now, now)
        if not new_and_now:
            return None
        await _hold(session, user, flag.outcome, f"message:{flag.value}", now)
        held = SafetyOutcome(user.safety_stop or flag.outcome.value)
        running = await session_store.open_session(session, user_id, for_update=True)
        if running is None or running.status != sessions.LIVE:
            return Held(held, None)
        sessions.store_clock(running, sessions.clock_of(running).pause(now))
        return Held(held, running.id)


async def hold(db: Database, user_id: int) -> SafetyOutcome | None:
    """The red flag that holds the user's programme, if one stands."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        if user is None or user.safety_stop is None:
            return None
        return SafetyOutcome(user.safety_stop)


async def cancer_history_known(db: Database, user_id: int) -> bool:
    """True once the user has answered the history-of-cancer question, or named cancer at a
    flare's screen."""
    asked = {f"red_flag:{RedFlag.CANCER.value}", f"rescreen:{RedFlag.CANCER.value}"}
    async with db.transaction() as session:
        answers = await repo.safety_answers(session, user_id)
        return any(a.question in asked for a in answers)


class Lift(Enum):
    """What a one-tap "a clinician has cleared me" did."""

    LIFTED = "lifted"
    NOTHING_HELD = "nothing_held"
    DELIBERATE = "deliberate"  # an emergency hold: the user names who cleared them and when


async def _lift(session: AsyncSession, user: User, now: datetime) -> None:
    """Lift every standing hold and apply, at once, the answers kept while it stood; a user
    stopped mid-onboarding carries on with it."""
    if user.onboarded_at is None:
        await onboarding.clear_stop(session, user, now)
    user.safety_stop = None
    user.cleared_at = now
    for standing in await holds.open_holds(session, user.id):
        standing.cleared_at = now
    if await programmes.load(session, user.id) is not None:
        await coaching.step(session, user, now, None)


async def lift(session: AsyncSession, user: User, now: datetime) -> None:
    """Lift the user's holds in the caller's transaction (a linked clinician cleared them)."""
    await _lift(session, user, now)


async def clear_hold(db: Database, user_id: int, now: datetime) -> Lift:
    """The one-tap clearance, stored; refused for an emergency, which needs /cleared.

    Mid-onboarding the stop's own question takes the one tap, not this.
    """
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None or user.safety_stop is None or user.onboarded_at is None:
            return Lift.NOTHING_HELD
        if needs_deliberate_clearance(SafetyOutcome(user.safety_stop)):
            return Lift.DELIBERATE
        await repo.record_safety_answer(session, user, "rescreen:cleared", True, now)
        await _lift(session, user, now)
        return Lift.LIFTED


async def _emergency_hold(session: AsyncSession, user_id: int,
                          now: datetime) -> tuple[User, Hold] | None:
    user = await repo.get_user(session, user_id, for_update=True)
    if user is None or user.safety_stop != SafetyOutcome.EMERGENCY.value:
        return None
    found = await holds.open_hold(session, user_id)
    if found is None:  # a stop during onboarding, or a hold from before holds were stored
        reason, held_at = "unrecorded", now
        if user.onboarded_at is None:  # held since the red-flag "yes" that stopped set-up
            said_yes = [a for a in await repo.safety_answers(session, user_id) if a.answer]
            reason, held_at = "onboarding", said_yes[-1].answered_at if said_yes else now
        found = await holds.add_hold(session, user_id, user.safety_stop, reason, held_at)
    return user, found


async def begin_clearance(db: Database, user_id: int, now: datetime) -> SafetyOutcome | None:
    """/cleared: the hold that stands; for an emergency, start asking who cleared the user."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        if user is None or user.safety_stop is None:
            return None
        outcome = SafetyOutcome(user.safety_stop)
        found = await _emergency_hold(session, user_id, now)
        if found is not None:
            found[1].clearance_asked_at, found[1].cleared_by = now, None
        return outcome


async def waiting_for_clinician(db: Database, user_id: int) -> bool:
    """True while /cleared waits for the name of who cleared the user."""
    async with db.transaction() as session:
        found = await holds.open_hold(session, user_id)
        return (found is not None and found.clearance_asked_at is not None
                and found.cleared_by is None)


def _today(user: User, now: datetime) -> date:
    return local_date(now, ZoneInfo(user.timezone or "UTC"))


async def name_clinician(db: Database, user_id: int, text: str,
                         now: datetime) -> tuple[date, ...] | None:
    """Store who cleared the user; the days the clearance may be dated, or None to ask again."""
    name = clinician(text)
    async with db.transaction() as session:
        found = await _emergency_hold(session, user_id, now)
        if name is None or found is None:
            return None
        user, hold_row = found
        hold_row.cleared_by = name
        zone = ZoneInfo(user.timezone or "UTC")
        return clearance_days(local_date(hold_row.held_at, zone), _today(user, now))


async def cleared_on(db: Database, user_id: int, day: date, now: datetime) -> str | None:
    """The day a named clinician cleared the user: store it and lift the hold.

    Returns who cleared them, or None when no named clearance waits or the day is not allowed.
    """
    async with db.transaction() as session:
        found = await _emergency_hold(session, user_id, now)
        if found is None or found[1].cleared_by is None:
            return None
        user, hold_row = found
        zone = ZoneInfo(user.timezone or "UTC")
        if day not in clearance_days(local_date(hold_row.held_at, zone), _today(user, now)):
            return None
        hold_row.cleared_on = day
        await repo.record_safety_answer(session, user, "rescreen:cleared", True, now)
        await _lift(session, user, now)
        return hold_row.cleared_by
