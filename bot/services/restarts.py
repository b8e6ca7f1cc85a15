"""What a start-up picks up again: the check-ins a killed process left unanswered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.storage import sessions as store
from bot.storage.db import Database

ASK_AGAIN_WITHIN = timedelta(days=1)
"""Only check-ins of sessions that ended this recently are asked again: an older one the user
simply left, and its question is still in the chat."""


@dataclass(frozen=True)
class WaitingCheckIn:
    """A session's check-in still waiting for an answer: its peak pain, or its warning signs
    (``signs`` already ticked)."""

    session_id: int
    user_id: int
    peak: bool
    signs: tuple[str, ...] = ()


async def checkins_to_ask_again(db: Database, now: datetime) -> list[WaitingCheckIn]:
    """The recent check-ins still waiting for an answer, each returned once ever (a second
    restart does not ask again)."""
    async with db.transaction() as session:
        rows = await store.checkins_to_ask_again(session, now - ASK_AGAIN_WITHIN)
        return [WaitingCheckIn(row.id, row.user_id, row.status == store.CHECKIN_PEAK,
                               tuple(row.signs or ())) for row in rows]
