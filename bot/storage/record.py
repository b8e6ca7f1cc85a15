"""Reading a user's whole record for progress, the report and the export; callers own the
transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import CheckIn, Decision, Hold, TrainingSession
from bot.storage.sessions import DISCARDED, DONE

PEAK = "peak"


async def sessions_done(session: AsyncSession, user_id: int) -> list[TrainingSession]:
    """Every session that ended (checked in, or set aside as not counted), oldest first."""
    rows = await session.scalars(
        select(TrainingSession)
        .where(TrainingSession.user_id == user_id,
               TrainingSession.status.in_((DONE, DISCARDED)))
        .order_by(TrainingSession.local_date, TrainingSession.id)
    )
    return list(rows)


async def peak_pains(session: AsyncSession, user_id: int) -> dict[int, int]:
    """The first peak-pain answer of each of the user's sessions, by session id."""
    rows = await session.execute(
        select(CheckIn.session_id, CheckIn.pain)
        .where(CheckIn.user_id == user_id, CheckIn.kind == PEAK,
               CheckIn.session_id.is_not(None))
        .order_by(CheckIn.id.desc())
    )
    return {session_id: pain for session_id, pain in rows.all() if session_id is not None}


async def decisions(session: AsyncSession, user_id: int) -> list[Decision]:
    """Every stored decision of the user, oldest first."""
    rows = await session.scalars(
        select(Decision).where(Decision.user_id == user_id)
        .order_by(Decision.decided_at, Decision.id)
    )
    return list(rows)


async def holds(session: AsyncSession, user_id: int) -> list[Hold]:
    """Every red-flag hold of the user, oldest first."""
    rows = await session.scalars(select(Hold).where(Hold.user_id == user_id).order_by(Hold.id))
    return list(rows)
