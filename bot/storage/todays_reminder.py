"""The session reminder of one day that is still waiting (sent, or not yet sent); callers
own the transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.reminders import Slot, Status
from bot.storage.models import Reminder

WAITING = (Status.PENDING.value, Status.SENT.value)


async def waiting_session_reminder(session: AsyncSession, user_id: int, day: date
                                   ) -> Reminder | None:
    """The user's session reminder for local ``day`` if it is pending or sent, locked."""
    found: Reminder | None = await session.scalar(select(Reminder).where(
        Reminder.user_id == user_id, Reminder.slot == Slot.SESSION.value,
        Reminder.local_date == day, Reminder.status.in_(WAITING),
    ).order_by(Reminder.id).limit(1).with_for_update())
    return found
