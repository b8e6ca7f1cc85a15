"""Use case: what is today's session (or, on a rest day, when is the next one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.programme import counted_on
from bot.domain.progression import next_level
from bot.domain.safety import SafetyOutcome
from bot.domain.schedule import is_training_day, local_date, local_instant, next_session
from bot.domain.timeline import Phase, timeline
from bot.domain.week import Weekday
from bot.services import coaching
from bot.services.schedule import Paused
from bot.storage import repo
from bot.storage.db import Database
from bot.storage.reminders import moved_sessions


class NotOnboarded(Exception):
    """The user has not finished onboarding, so there is no programme yet."""


class OnHold(Exception):
    """A red flag stands: no programme runs until a clinician clears the user."""

    def __init__(self, outcome: SafetyOutcome) -> None:
        super().__init__(outcome.value)
        self.outcome = outcome


@dataclass(frozen=True)
class TodayView:
    """Today in the user's own zone: a session and its breakdown, or a rest day."""

    today: date
    zone: str
    level: int
    phases: tuple[Phase, ...]
    session_at: datetime | None  # today's session, local time; None on a rest day
    next_at: datetime  # the next session still to come, local time
    first: bool  # the programme has not started yet: next_at is its first session
    flare: bool = False  # flare mode stands: the flare session (a walk, or rest) is offered
    done: bool = False  # a session that counts is already done today
    skipped: bool = False  # today's session was skipped from its reminder


async def today(db: Database, user_id: int, now: datetime) -> TodayView:
    """Today's session for a user, answered in their time zone."""
    async with db.transaction() as session:
        found = await repo.user_at_a_glance(session, user_id)  # held: the programme stays read
        user = None if found is None else found.user
        if (found is None or user is None or user.onboarded_at is None
                or user.reminder_time is None or not user.timezone or not user.training_days):
            raise NotOnboarded
        if user.safety_stop is not None:
            raise OnHold(SafetyOutcome(user.safety_stop))
        if found.pause is not None:
            raise Paused(found.pause.until)
        try:
            programme = await coaching.returned(session, user, now)
        except coaching.NoProgramme:
            raise NotOnboarded from None
        level = next_level(programme)
        zone = ZoneInfo(user.timezone)
        days = tuple(Weekday[name.upper()] for name in user.training_days.split(","))
        at = user.reminder_time
        day = local_date(now, zone)
        start = user.programme_start or day
        session_at = None
        moved = await moved_sessions(session, user_id, day, now)  # "Move to tomorrow"
        training = is_training_day(day, days) if moved.today is None else moved.today
        if day >= start and training:
            todays = local_instant(day, at, zone)
            session_at = todays.astimezone(zone)
            upcoming = next_session(days, at, zone, max(now, todays))
        else:
            first = local_instant(start, at, zone)
            upcoming = next_session(days, at, zone, max(now, first),
                                    include_now=moved.today is None)
        if moved.next_due is not None and moved.next_due > (session_at or now):
            upcoming = min(upcoming, moved.next_due)
        return TodayView(day, user.timezone, level, timeline(level), session_at,
                         upcoming.astimezone(zone), first=day < start,
                         flare=programme.flare is not None,
                         done=counted_on(programme, day), skipped=moved.skipped)
