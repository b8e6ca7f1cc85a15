"""Time away said in plain words ("I'm on holiday until the 20th"): a pause until that day."""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain.intents import holiday_until
from bot.domain.pausing import PauseProblem, PauseRequest
from bot.services import coaching, schedule
from bot.services.schedule import NotSetUp
from bot.storage import repo
from bot.storage.db import Database

_FOR = re.compile(r"\bfor\s+(?P<span>(?:\d{1,3}|an?|[a-z]+)\s+(?:days?|weeks?|months?))\b",
                  re.IGNORECASE)


async def pause_for_time_away(db: Database, user_id: int, text: str, now: datetime
                              ) -> PauseRequest | PauseProblem:
    """Pause reminders until the day ``text`` names, read in the user's own time zone
    ("until the 20th", "till 25/12", "until next monday", "for 2 weeks"); ``NotSetUp`` before
    set-up, ``PauseProblem.NOT_UNDERSTOOD`` when no day is named."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        if user is None or user.onboarded_at is None:
            raise NotSetUp
        today = coaching.today_for(user, now)
    until = holiday_until(text, today)
    if until is not None:
        return await schedule.pause(db, user_id, f"until {until.isoformat()}", now)
    span = _FOR.search(text)
    if span is not None:
        return await schedule.pause(db, user_id, f"for {span['span']}", now)
    return PauseProblem.NOT_UNDERSTOOD
