"""The audio tracks Telegram already holds, by track key: their file_id for re-sending."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import AudioTrack


async def file_id(session: AsyncSession, key: str) -> str | None:
    """The file_id Telegram gave the track ``key``, if it has one."""
    row = await session.get(AudioTrack, key)
    return None if row is None else row.file_id


async def remember(session: AsyncSession, key: str, file_id: str, now: datetime) -> None:
    """Keep the file_id Telegram gave the track ``key`` (the newest one wins)."""
    row = await session.get(AudioTrack, key, with_for_update=True)
    if row is None:
        session.add(AudioTrack(key=key, file_id=file_id, stored_at=now))
    else:
        row.file_id, row.stored_at = file_id, now


async def forget(session: AsyncSession, key: str) -> None:
    """Telegram no longer knows the track's file_id: upload it again next time."""
    row = await session.get(AudioTrack, key)
    if row is not None:
        await session.delete(row)
