"""Use cases of the safety screen after onboarding: a red flag put on hold, and clearance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.safety import RedFlag, SafetyOutcome
from bot.services import sessions
from bot.storage import repo
from bot.storage import sessions as session_store
from bot.storage.db import Database


class NotOnboarded(Exception):
    """Only a user with a programme can put it on hold."""


async def answer_screen(db: Database, user_id: int, emergency: bool, said_yes: bool,
                        now: datetime) -> SafetyOutcome | None:
    """Store the answer to one group of red flags; a yes puts the programme on hold."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None or user.onboarded_at is None:
            raise NotOnboarded
        group = "emergency" if emergency else "other"
        await repo.record_safety_answer(session, user, f"rescreen:{group}", said_yes, now)
        if not said_yes:
            return None
        outcome = SafetyOutcome.EMERGENCY if emergency else SafetyOutcome.SEE_DOCTOR
        user.safety_stop = outcome.value
        return outcome


@dataclass(frozen=True)
class Held:
    """A programme put on hold by a symptom; a running session, if any, was paused."""

    paused_session: int | None


async def report_symptom(db: Database, user_id: int, flag: RedFlag,
                         now: datetime) -> Held | None:
    """A message described a red-flag symptom: hold the programme and pause a live session."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None or user.onboarded_at is None:
            return None
        await repo.record_safety_answer(session, user, f"message:{flag.value}", True, now)
        user.safety_stop = flag.outcome.value
        running = await session_store.open_session(session, user_id, for_update=True)
        if running is None or running.status != sessions.LIVE:
            return Held(None)
        clock = sessions.clock_of(running).pause(now)
        sessions.store_clock(running, clock)
        return Held(running.id)


async def hold(db: Database, user_id: int) -> SafetyOutcome | None:
    """The red flag that holds the user's programme, if one stands."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        if user is None or user.safety_stop is None:
            return None
        return SafetyOutcome(user.safety_stop)


async def clear_hold(db: Database, user_id: int, now: datetime) -> bool:
    """A clinician has cleared the user: store that and lift the hold; False if none stood."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None or user.safety_stop is None:
            return False
        await repo.record_safety_answer(session, user, "rescreen:cleared", True, now)
        user.safety_stop = None
        user.cleared_at = now
        return True
