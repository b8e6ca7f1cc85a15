"""The ids of Telegram updates already handled; callers own the transaction."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Executable, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import HandledUpdate


async def was_handled(session: AsyncSession, update_id: int) -> bool:
    """Whether the update with ``update_id`` was handled already."""
    found = await session.scalar(
        select(HandledUpdate.update_id).where(HandledUpdate.update_id == update_id))
    return found is not None


async def mark_handled(session: AsyncSession, update_id: int, now: datetime) -> None:
    """Remember that the update with ``update_id`` was handled (again is harmless)."""
    await session.execute(_mark_statement(session.get_bind().dialect.name),
                          {"update_id": update_id, "handled_at": now})


@cache
def _mark_statement(dialect: str) -> Executable:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(HandledUpdate).on_conflict_do_nothing(index_elements=[HandledUpdate.update_id])


async def forget_before(session: AsyncSession, before: datetime) -> int:
    """Forget updates handled before ``before``; how many were forgotten."""
    result = await session.execute(delete(HandledUpdate).where(HandledUpdate.handled_at < before))
    return int(getattr(result, "rowcount", 0) or 0)
