"""A linked clinician's change to a client's programme, made in the caller's transaction:
a level, a hold, or clearance after a red flag; each stored as a CLINICIAN decision."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.clinic import Action, clinician_inputs
from bot.domain.decisions import Decision, Rule
from bot.domain.programme import ClinicianSet, next_level
from bot.domain.schedule import local_date
from bot.services import coaching, safety
from bot.services.schedule import pause_user
from bot.storage import holds, programmes, repo
from bot.storage.db import DbSession
from bot.storage.models import User


async def apply_change(session: DbSession, user: User, action: Action, level: int | None,
                       who: str, reason: str, now: datetime) -> Decision:
    """Make the change and store it; the decision it stored."""
    today = local_date(now, ZoneInfo(user.timezone or "UTC"))
    if action is Action.LEVEL:
        assert level is not None
        outcome = await coaching.step(session, user, now, ClinicianSet(level, who, reason, today))
        assert outcome is not None
        return outcome.decision
    programme = await programmes.load(session, user.id)
    assert programme is not None
    if action is Action.HOLD:
        await pause_user(session, user, None, now)
    else:
        for standing in await holds.open_holds(session, user.id):
            standing.cleared_by, standing.cleared_on = who, today
        await repo.record_safety_answer(session, user, "clinician:cleared", True, now)
        await safety.lift(session, user, now)
        programme = await programmes.load(session, user.id) or programme
    decision = Decision(next_level(programme), Rule.CLINICIAN,
                        clinician_inputs(action, who, reason, programme.level))
    await programmes.record_decision(session, user.id, decision.level, decision, now)
    return decision
