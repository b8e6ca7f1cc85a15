"""Use cases over a whole account: start over, and erase everything."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from bot.services import onboarding
from bot.services.onboarding import Prompt
from bot.storage import clinic as clinic_store
from bot.storage import reminders as reminder_store
from bot.storage import repo
from bot.storage.db import Database
from bot.storage.models import Clinician, User


@dataclass(frozen=True)
class Erased:
    """An account erased: the clinicians who lost this client, and, for a clinician, the
    clients who lost them (each to be told)."""

    clinicians: tuple[int, ...] = ()
    clients: tuple[int, ...] = ()


def _stamp(user: User | None, clinician: Clinician | None) -> str:
    # Changes with every restart and re-creation, so a confirmation works only once.
    seed = "" if user is None else (
        f"{user.created_at.isoformat()}|{user.revision}|{user.onboarding_step}")
    if clinician is not None:
        seed += f"|clinician:{clinician.registered_at.isoformat()}"
    return hashlib.sha256(seed.encode()).hexdigest()[:12]


async def version(db: Database, user_id: int) -> str | None:
    """A short stamp of the account's current state, or None for someone unknown (neither
    following the programme nor registered as a clinician)."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        clinician = await clinic_store.clinician(session, user_id)
        return None if user is None and clinician is None else _stamp(user, clinician)


async def reset(db: Database, user_id: int, stamp: str, now: datetime) -> Prompt | None:
    """Start onboarding over if the account is still as confirmed; None when it changed."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        clinician = await clinic_store.clinician(session, user_id)
        if user is None or _stamp(user, clinician) != stamp:
            return None
        return onboarding.restart(user, now)


async def delete(db: Database, user_id: int, stamp: str) -> Erased | None:
    """Erase the account if it is still the one confirmed, with every link, invite and alert
    it had as a client or a clinician; None when it changed or is gone."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        clinician = await clinic_store.clinician(session, user_id, for_update=True)
        if (user is None and clinician is None) or _stamp(user, clinician) != stamp:
            return None
        clinicians = await clinic_store.forget_client(session, user_id)
        clients = [] if clinician is None else await clinic_store.delete_clinician(
            session, user_id)
        if user is not None:
            await repo.delete_user(session, user_id)
        return Erased(tuple(clinicians), tuple(clients))


async def blocked(db: Database, user_id: int, now: datetime) -> None:
    """The user blocked the bot: inactive, nothing more is sent until they send /start."""
    async with db.transaction() as session:
        await reminder_store.deactivate(session, [user_id], now)
