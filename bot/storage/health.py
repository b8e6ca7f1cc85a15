"""The cheapest question the database can answer: is it there?"""

from __future__ import annotations

from sqlalchemy import literal, select
from sqlalchemy.ext.asyncio import AsyncSession


async def ping(session: AsyncSession) -> None:
    """Ask the database for a constant; raises when it cannot answer."""
    await session.execute(select(literal(1)))
