"""Queries and writes over the 0–10 questions waiting for an answer; callers own the
transaction."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.reminders import Slot, Status
from bot.storage.models import AskedQuestion, Reminder, TrainingSession

CHECK_IN_SLOTS = (Slot.MORNING_CHECKIN.value, Slot.WEEKLY_CHECKIN.value,
                  Slot.FLARE_CHECKIN.value)
"""Reminders that carry a 0–10 question."""


async def ask(session: AsyncSession, user_id: int, question: str, ref: int | None,
              now: datetime) -> None:
    """Store the question just asked in the chat, in place of any earlier one."""
    row = await session.get(AskedQuestion, user_id)
    if row is None:
        session.add(AskedQuestion(user_id=user_id, question=question, ref=ref, asked_at=now))
    else:
        row.question, row.ref, row.asked_at = question, ref, now
    await session.flush()


async def asked(session: AsyncSession, user_id: int) -> AskedQuestion | None:
    """The question last asked in the chat, if one is stored."""
    return await session.get(AskedQuestion, user_id)


async def forget(session: AsyncSession, user_id: int) -> None:
    """No question asked in the chat waits any more."""
    await session.execute(delete(AskedQuestion).where(AskedQuestion.user_id == user_id))


async def open_check_ins(session: AsyncSession, user_id: int, since: date) -> list[Reminder]:
    """Check-in reminders sent from ``since`` on (local date) and not yet answered, in the
    order they were sent (two sent in one moment: in the order they were claimed)."""
    rows = await session.scalars(select(Reminder).where(
        Reminder.user_id == user_id, Reminder.slot.in_(CHECK_IN_SLOTS),
        Reminder.status == Status.SENT.value, Reminder.local_date >= since,
        Reminder.sent_at.is_not(None),
    ).order_by(Reminder.sent_at, Reminder.id))
    return list(rows)


async def started_since(session: AsyncSession, user_id: int, since: datetime) -> bool:
    """Whether the user started a session at or after ``since``."""
    count = await session.scalar(select(func.count()).select_from(TrainingSession).where(
        TrainingSession.user_id == user_id, TrainingSession.started_at >= since))
    return bool(count)
