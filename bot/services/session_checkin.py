"""Use cases of the check-in after a session: peak pain, warning signs and the engine's
decision (a provisional one until the next morning's answer, which ``checkins`` applies)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from bot.domain.programme import Ending, SessionReport
from bot.domain.zones import Sign
from bot.services import coaching, planning
from bot.services.coaching import Outcome
from bot.services.sessions import STOP_OTHER, STOP_PAIN
from bot.storage import repo
from bot.storage import sessions as store
from bot.storage import updates as handled_updates
from bot.storage.db import Database, DbSession
from bot.storage.models import TrainingSession
from bot.storage.sessions import CHECKIN_PEAK, CHECKIN_SIGNS, DONE

PEAK = "peak"


class NotAsked(Exception):
    """This session is not waiting for that answer (answered already, or not there yet)."""


@dataclass(frozen=True)
class Answered:
    """An answer taken, or the first answer kept when one came twice."""

    pain: int
    first: bool


async def _session_row(session: DbSession, user_id: int, session_id: int) -> TrainingSession:
    row = await store.get_session(session, session_id, for_update=True)
    if row is None or row.user_id != user_id:
        raise NotAsked
    return row


async def record_peak(db: Database, user_id: int, session_id: int, pain: int,
                      now: datetime, *, update_id: int | None = None) -> Answered:
    """Store the peak pain of a session; a second answer keeps the first.

    ``update_id``: the Telegram update carrying the answer, marked handled with it, so a
    second delivery after a crash is dropped before it reaches a handler.
    """
    async with db.transaction() as session:
        row = await _session_row(session, user_id, session_id)
        stored = await repo.first_check_in(session, session_id, PEAK)
        if stored is not None:
            return Answered(stored.pain, first=False)
        if row.status != CHECKIN_PEAK:
            raise NotAsked
        await repo.record_check_in(session, user_id, PEAK, pain, now, session_id=session_id)
        row.status = CHECKIN_SIGNS
        if update_id is not None:
            await handled_updates.mark_handled(session, update_id, now)
        return Answered(pain, first=True)


async def toggle_sign(db: Database, user_id: int, session_id: int, sign: Sign) -> list[Sign]:
    """Tick or untick one warning sign while the signs question is open."""
    async with db.transaction() as session:
        row = await _session_row(session, user_id, session_id)
        if row.status != CHECKIN_SIGNS:
            raise NotAsked
        picked = set(row.signs) ^ {sign.value}
        row.signs = sorted(picked)
        return [Sign(value) for value in row.signs]


async def finish(db: Database, user_id: int, session_id: int, now: datetime, morning_at: time,
                 *, no_signs: bool = False) -> Outcome:
    """Close the check-in: the engine judges the session and sets the next dose; the
    next-morning check-in is planned for ``morning_at`` local time."""
    async with db.transaction() as session:
        row = await _session_row(session, user_id, session_id)
        if row.status != CHECKIN_SIGNS:
            raise NotAsked
        if no_signs:
            row.signs = []
        peak = await repo.first_check_in(session, session_id, PEAK)
        assert peak is not None
        peak.signs = list(row.signs)
        report = SessionReport(
            day=row.local_date, ending=_ending(row.stop_reason), peak=peak.pain,
            signs=frozenset(Sign(value) for value in row.signs),
            done_fraction=row.done_fraction if row.done_fraction is not None else 1.0,
        )
        outcome = await coaching.apply(session, user_id, now, report, row.id)
        row.zone = None if outcome.decision.zone is None else outcome.decision.zone.value
        row.status = DONE
        user = await repo.get_user(session, user_id)
        if user is not None:
            await planning.plan_morning_checkin(session, user, row, now, at=morning_at)
        return outcome


def _ending(stop_reason: str | None) -> Ending:
    if stop_reason == STOP_PAIN:
        return Ending.STOPPED_PAIN
    if stop_reason == STOP_OTHER:
        return Ending.STOPPED_OTHER
    return Ending.COMPLETED
