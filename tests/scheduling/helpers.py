"""Set-up for reminder tests: onboarded users in any zone, and an outbox that records sends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta

from sqlalchemy import insert

from bot.domain.programme import start_programme
from bot.domain.reminders import DEFAULT_MORNING_CHECKIN, session_occurrence
from bot.scheduling.ticker import ReminderTicker
from bot.services import coaching, planning
from bot.services.reminders import Delivery, Due, SendResult
from bot.storage import programme_codec, repo
from bot.storage import reminders as store
from bot.storage.db import Database
from bot.storage.models import ProgrammeState, User
from bot.telegram.reminder_messages import render
from bot.telegram.sender import Outgoing

GRACE = timedelta(minutes=120)


async def onboarded(db: Database, user_id: int | Sequence[int], now: datetime, *,
                    days: str = "mon,wed,fri", at: time = time(7, 30),
                    zone: str = "Europe/London", baseline: int = 4) -> None:
    """Users who finished onboarding at ``now``, with reminders planned as onboarding does."""
    ids = [user_id] if isinstance(user_id, int) else list(user_id)
    for start in range(0, len(ids), 50):  # small transactions: a session slows as it fills
        await _onboard(db, ids[start : start + 50], now, days, at, zone, baseline)


async def _onboard(db: Database, ids: Sequence[int], now: datetime, days: str, at: time,
                   zone: str, baseline: int) -> None:
    async with db.transaction() as session:
        for each in ids:
            user = await repo.add_user(session, each, "Ada", now, "done")
            user.onboarded_at = now
            user.baseline_pain = baseline
            user.training_days = days
            user.reminder_time = at
            user.timezone = zone
            schedule = store.schedule_of(user)
            assert schedule is not None
            user.programme_start = session_occurrence(schedule.days, at, schedule.zone,
                                                      after=now).day
            await coaching.begin(session, user, now)
            await planning.plan_next(session, user, now, morning_at=DEFAULT_MORNING_CHECKIN)


async def many_onboarded(db: Database, ids: Sequence[int], now: datetime) -> int:
    """Many users set up at once (bulk inserts), then planned the way start-up plans them."""
    programme, _ = start_programme(4, now.date())
    state = programme_codec.dump(programme)
    users = [{"id": i, "first_name": "", "created_at": now, "active": True,
              "onboarding_step": "done", "revision": 0, "onboarded_at": now,
              "baseline_pain": 4, "training_days": "mon,wed,fri", "reminder_time": time(7, 30),
              "timezone": "Europe/London", "programme_start": None} for i in ids]
    async with db.transaction() as session:
        await session.execute(insert(User), users)
        await session.execute(insert(ProgrammeState), [
            {"user_id": i, "state": state, "updated_at": now} for i in ids])
    return await planning.rebuild(db, now, DEFAULT_MORNING_CHECKIN)


class RecordingOutbox:
    """Renders each reminder as Telegram would and records the message; ``answer`` decides
    each outcome (sent, by default)."""

    def __init__(self, answer: Callable[[Outgoing], SendResult] | None = None) -> None:
        self.sent: list[Outgoing] = []
        self.answer = answer
        self._next_id = 1

    async def send_all(self, due: Sequence[Due]) -> list[SendResult]:
        outcomes = []
        for message in map(render, due):
            outcome = self.answer(message) if self.answer else SendResult(Delivery.SENT)
            if outcome.delivery is Delivery.SENT:
                self.sent.append(message)
                outcome = SendResult(Delivery.SENT, message_id=self._next_id)
                self._next_id += 1
            outcomes.append(outcome)
        return outcomes

    def to(self, chat_id: int) -> list[str]:
        return [m.text for m in self.sent if m.chat_id == chat_id]


def ticker(db: Database, outbox: RecordingOutbox, grace: timedelta = GRACE) -> ReminderTicker:
    return ReminderTicker(db, outbox, grace=grace, morning_at=DEFAULT_MORNING_CHECKIN)
