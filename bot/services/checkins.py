"""Use cases of the scheduled check-ins: next-morning pain and weekly average pain.

The first answer wins; a second one is told it was already recorded. Each answer is an event
applied to the programme as it stands (``coaching.step``), so two answers arriving together
are both applied, in either order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.decisions import Decision, Rule
from bot.domain.outcomes import summary_week
from bot.domain.programme import MorningAnswer, WeeklyAverage, check_pain
from bot.domain.reminders import Slot, Status
from bot.services import coaching, outcomes
from bot.services.coaching import Outcome
from bot.services.outcomes import SnapshotStep
from bot.storage import outcomes as outcome_store
from bot.storage import programmes, repo
from bot.storage import reminders as store
from bot.storage import sessions as session_store
from bot.storage.db import Database

MORNING = "morning"
WEEKLY = "weekly"


class UnknownCheckIn(Exception):
    """The check-in does not belong to this user (or no longer exists)."""


@dataclass(frozen=True)
class Recorded:
    """A stored check-in answer, or the one already stored (``already``)."""

    pain: int | None
    already: bool = False
    decision: Decision | None = None  # weekly: the new usual-pain baseline
    revised: Outcome | None = None  # morning: the session judged again, when that changed it
    snapshot: SnapshotStep | None = None  # weekly: the snapshot of weeks 6 and 12 it begins


async def record_morning_pain(db: Database, user_id: int, session_id: int, pain: int,
                              now: datetime) -> Recorded:
    """Store the next-morning pain rating of a session; the first answer wins."""
    check_pain("morning", pain)
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        training = await session_store.get_session(session, session_id)
        if user is None or training is None or training.user_id != user_id:
            raise UnknownCheckIn
        earlier = await repo.first_check_in(session, session_id, MORNING)
        if earlier is not None:
            return Recorded(earlier.pain, already=True)
        await repo.record_check_in(session, user.id, MORNING, pain, now, session_id=session_id)
        await store.morning_checkin_done(session, user_id, session_id, now)
        answer = MorningAnswer(training.local_date, pain, coaching.today_for(user, now),
                               training.id)
        revised = await coaching.step(session, user, now, answer)
        if revised is None or revised.decision.rule is Rule.ON_HOLD:
            return Recorded(pain)  # the verdict stands, or it waits for the end of the hold
        if revised.decision.zone is not None:
            training.zone = revised.decision.zone.value
        return Recorded(pain, revised=revised)


async def record_weekly_pain(db: Database, user_id: int, reminder_id: int, pain: int,
                             now: datetime) -> Recorded:
    """Store the week's average pain (once per programme week); it becomes the usual-pain
    baseline of the programme, and in weeks 6 and 12 it begins that week's snapshot."""
    check_pain("weekly average", pain)
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        row = await store.get(session, reminder_id, for_update=True)
        if user is None or row is None or row.user_id != user_id \
                or row.slot != Slot.WEEKLY_CHECKIN.value:
            raise UnknownCheckIn
        if row.status == Status.DONE.value:
            return Recorded(None, already=True)
        row.status = Status.DONE.value
        row.handled_at = now
        week = summary_week(user.programme_start or row.local_date, row.local_date)
        if not await outcome_store.record_weekly_pain(session, user.id, week, pain, now):
            return Recorded(None, already=True)  # that week's answer came by another reminder
        await repo.record_check_in(session, user.id, WEEKLY, pain, now)
        if await programmes.load(session, user_id) is None:
            return Recorded(pain)
        outcome = await coaching.step(session, user, now,
                                      WeeklyAverage(pain, coaching.today_for(user, now)))
        snapshot = await outcomes.after_weekly(session, user, week, pain, now)
        return Recorded(pain, decision=None if outcome is None else outcome.decision,
                        snapshot=snapshot)
