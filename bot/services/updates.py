"""Handling each Telegram update once, even when a crash makes Telegram deliver it again.

Telegram delivers an update again until a later poll confirms it, so a process killed
between the two sees it a second time after the restart. The ids of handled updates are
kept for a while (Telegram itself keeps an update at most a day) and a second delivery of one
is dropped before any handler sees it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.storage import updates as store
from bot.storage.db import Database

KEPT_FOR = timedelta(days=2)
PRUNE_EVERY = 1000
"""Old ids are forgotten when an update id is a multiple of this, so pruning costs nothing
noticeable and needs no timer."""


async def was_handled(db: Database, update_id: int) -> bool:
    """Whether the update was handled already (delivered again after a crash)."""
    async with db.transaction() as session:
        return await store.was_handled(session, update_id)


async def mark_handled(db: Database, update_id: int, now: datetime) -> None:
    """Remember that the update was handled, now and then forgetting ones long past."""
    async with db.transaction() as session:
        await store.mark_handled(session, update_id, now)
        if update_id % PRUNE_EVERY == 0:
            await store.forget_before(session, now - KEPT_FOR)


async def forget_old(db: Database, now: datetime) -> int:
    """Forget updates handled longer ago than they can be delivered again; how many."""
    async with db.transaction() as session:
        return await store.forget_before(session, now - KEPT_FOR)
