"""Use cases over a whole account: start over, and erase everything."""

from __future__ import annotations

import hashlib
from datetime import datetime

from bot.services import onboarding
from bot.services.onboarding import Prompt
from bot.storage import reminders as reminder_store
from bot.storage import repo
from bot.storage.db import Database
from bot.storage.models import User


def _stamp(user: User) -> str:
    # Changes with every restart and re-creation, so a confirmation works only once.
    seed = f"{user.created_at.isoformat()}|{user.revision}|{user.onboarding_step}"
    return hashlib.sha256(seed.encode()).hexdigest()[:12]


async def version(db: Database, user_id: int) -> str | None:
    """A short stamp of the account's current state, or None for an unknown user."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        return None if user is None else _stamp(user)


async def reset(db: Database, user_id: int, stamp: str, now: datetime) -> Prompt | None:
    """Start onboarding over if the account is still as confirmed; None when it changed."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None or _stamp(user) != stamp:
            return None
        return onboarding.restart(user, now)


async def delete(db: Database, user_id: int, stamp: str) -> bool:
    """Erase the account if it is still the one confirmed; False when it changed or is gone."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None or _stamp(user) != stamp:
            return False
        return await repo.delete_user(session, user_id)


async def blocked(db: Database, user_id: int, now: datetime) -> None:
    """The user blocked the bot: inactive, nothing more is sent until they send /start."""
    async with db.transaction() as session:
        await reminder_store.deactivate(session, [user_id], now)
