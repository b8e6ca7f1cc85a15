"""/resume during a red-flag hold: the dose never changes while the hold stands (coaching rules,
'Progression': "While a red-flag hold stands, the dose never changes")."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config import Settings
from bot.domain.safety import RedFlag
from bot.services.container import Services
from bot.storage import programmes
from bot.storage.db import Database
from tests.conftest import FakeClock
from tests.services.test_dosing_machine import USER, onboard

START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


async def _level(db: Database) -> int:
    async with db.transaction() as session:
        programme = await programmes.load(session, USER)
    assert programme is not None
    return programme.level


async def test_a_resume_during_a_hold_applies_no_gap_rule_until_clearance(db: Database) -> None:
    clock = FakeClock(START)
    services = Services(db, clock, Settings())
    await onboard(db, clock, "4")
    view = await services.sessions.start(USER)
    clock.advance(minutes=31)
    await services.sessions.finish_live(view.session_id)
    await services.checkins.record_peak(USER, view.session_id, 2)
    await services.checkins.finish(USER, view.session_id, no_signs=True)
    await services.schedule.pause(USER, "")
    clock.advance(days=20)
    assert await services.safety.confirm_symptom(USER, RedFlag.FEVER, True) is not None
    resumed = await services.schedule.resume(USER)
    assert resumed.decision is None and await _level(db) == 1  # held: the gap waits
    await services.safety.clear_hold(USER)
    assert (await services.coaching.today(USER)) is not None
    assert await _level(db) == 0  # a 20-day gap, applied after clearance: two levels down
