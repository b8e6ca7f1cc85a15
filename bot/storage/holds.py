"""Queries and writes over red-flag holds; callers own the transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Hold


async def add_hold(session: AsyncSession, user_id: int, outcome: str, reason: str,
                   now: datetime) -> Hold:
    """Store a new open hold."""
    hold = Hold(user_id=user_id, outcome=outcome, reason=reason, held_at=now)
    session.add(hold)
    await session.flush()
    return hold


async def open_hold(session: AsyncSession, user_id: int) -> Hold | None:
    """The user's latest hold not yet cleared, if any."""
    found: Hold | None = await session.scalar(
        select(Hold).where(Hold.user_id == user_id, Hold.cleared_at.is_(None))
        .order_by(Hold.id.desc()).limit(1)
    )
    return found


async def open_holds(session: AsyncSession, user_id: int) -> list[Hold]:
    """Every hold of the user not yet cleared, oldest first."""
    rows = await session.scalars(
        select(Hold).where(Hold.user_id == user_id, Hold.cleared_at.is_(None)).order_by(Hold.id)
    )
    return list(rows)
