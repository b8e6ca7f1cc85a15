"""A state machine over the bound use cases: the dose stays safe on every path.

Hypothesis drives ``Services`` on a real SQLite file with a fake clock — sessions done, stopped
for pain or for another reason, morning and weekly answers late and in any order, flares and
their check-ins, easier/harder, pause/resume, gaps and same-day sessions — and after every step
checks the coaching rules' invariants on what was stored (coaching rules, 'Progression').
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Awaitable, Coroutine
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from bot.config import Settings
from bot.domain.decisions import Rule
from bot.domain.onboarding import Step
from bot.domain.programme import Programme, WeeklyAverage, in_floor_first_week
from bot.domain.zones import Sign, Zone, judge
from bot.services import coaching, onboarding
from bot.services.container import Services
from bot.storage import programmes, repo
from bot.storage.db import Database
from bot.storage.models import Decision as DecisionRow
from bot.storage.models import User
from tests.conftest import FakeClock

USER = 7001
START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
T = TypeVar("T")
RISES = {Rule.ADVANCE.value, Rule.OVERRIDE_HARDER.value}


class DosingMachine(RuleBasedStateMachine):
    """One user, one database, one clock; every rule is a use case the chat would call."""

    schema: Path

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = tempfile.mkdtemp()
        path = Path(self.folder) / "runback.db"
        shutil.copyfile(self.schema, path)
        self.db = Database(f"sqlite+aiosqlite:///{path}")
        self.clock = FakeClock(START)
        self.services = Services(self.db, self.clock, Settings())
        self.held_level: int | None = None
        self.sessions: list[int] = []
        self.run(self._onboard())

    def run(self, awaitable: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(awaitable)

    async def _onboard(self) -> None:
        usual = "8" if self.high_baseline else "4"
        answers = {
            Step.CONSENT: "agree", Step.RED_FLAG: "no", Step.READINESS: "no",
            Step.DURATION: "over_a_year", Step.USUAL_PAIN: usual, Step.CURRENT_PAIN: "3",
            Step.RUNNING: "never", Step.DAYS: "mon wed fri", Step.TIME: "07:30",
            Step.TIMEZONE: "Europe/London", Step.CONFIRM: "ok",
        }
        prompt = await onboarding.start(self.db, USER, self.clock.now())
        while prompt.step is not Step.DONE:
            reply = await onboarding.answer(self.db, USER, prompt.position,
                                            answers[prompt.step], self.clock.now(),
                                            consent_shown=True)
            assert reply.problem is None, (prompt, reply)
            prompt = reply.prompt

    high_baseline = True

    def teardown(self) -> None:
        self.run(self.db.close())
        self.loop.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    async def _programme(self) -> Programme:
        async with self.db.transaction() as session:
            programme = await programmes.load(session, USER)
        assert programme is not None
        return programme

    async def _try(self, awaitable: Awaitable[object]) -> None:
        try:
            await awaitable
        except Exception as error:  # a refusal the chat turns into a kind reply
            if type(error).__module__.startswith("bot."):
                return
            raise

    @rule(days=st.sampled_from([0, 1, 1, 1, 2, 2, 3, 9, 16, 30]), hours=st.integers(0, 12))
    def time_passes(self, days: int, hours: int) -> None:
        self.clock.advance(days=days, hours=hours)

    @rule(peak=st.sampled_from([1, 2, 2, 3, 5, 7, 9]), ending=st.sampled_from(
        ["completed", "completed", "completed", "pain", "other"]),
        signs=st.sampled_from([False, False, False, True]),
        morning=st.sampled_from([None, 1, 2, 2, 8]))
    def session(self, peak: int, ending: str, signs: bool, morning: int | None) -> None:
        """A session, and (biased so advances happen) its next-morning answer a day later."""
        self.run(self._try(self._session(peak, ending, signs)))
        if morning is not None and self.sessions:
            self.clock.advance(hours=22)
            self.run(self._try(self.services.checkins.record_morning_pain(
                USER, self.sessions[-1], morning)))

    async def _session(self, peak: int, ending: str, signs: bool) -> None:
        view = await self.services.sessions.start(USER)
        self.sessions.append(view.session_id)
        self.clock.advance(minutes=10 if ending != "completed" else 31)
        if ending == "completed":
            await self.services.sessions.finish_live(view.session_id)
        else:
            stopped = await self.services.sessions.stop(USER, view.session_id, ending)
            if not stopped.to_checkin:
                return
        await self.services.checkins.record_peak(USER, view.session_id, peak)
        if signs:
            await self.services.checkins.toggle_sign(USER, view.session_id, Sign.LIMP)
        await self.services.checkins.finish(USER, view.session_id, no_signs=not signs)

    @rule(pain=st.sampled_from([0, 2, 4, 6, 8]), back=st.integers(0, 3))
    def morning_answer(self, pain: int, back: int) -> None:
        if len(self.sessions) > back:
            session_id = self.sessions[-1 - back]
            self.run(self._try(self.services.checkins.record_morning_pain(USER, session_id, pain)))

    @rule(pain=st.sampled_from([2, 4, 6]))
    def weekly_answer(self, pain: int) -> None:
        self.run(self._try(self._weekly(pain)))

    async def _weekly(self, pain: int) -> None:
        today = coaching.today_for(await self._user(), self.clock.now())
        await coaching.change(self.db, USER, self.clock.now(),
                              lambda _, __: WeeklyAverage(pain, today))

    @rule(choice=st.sampled_from(["easier", "harder", "harder"]))
    def override(self, choice: str) -> None:
        bound = self.services.coaching
        self.run(self._try(bound.make_easier(USER) if choice == "easier"
                           else bound.make_harder(USER)))

    @rule()
    def flare(self) -> None:
        self.run(self._try(self.services.coaching.start_flare(USER)))

    @rule(pain=st.sampled_from([2, 3, 7]))
    def flare_checkin(self, pain: int) -> None:
        self.run(self._try(self.services.coaching.flare_checkin(USER, pain)))

    @rule()
    def pause(self) -> None:
        self.run(self._try(self.services.schedule.pause(USER, "")))

    @rule()
    def resume(self) -> None:
        self.run(self._try(self.services.schedule.resume(USER)))

    @rule()
    def red_flag(self) -> None:
        self.run(self._try(self._red_flag()))

    async def _red_flag(self) -> None:
        await self.services.safety.answer_screen(USER, False, True)
        if self.held_level is None and (await self._user()).safety_stop is not None:
            self.held_level = (await self._programme()).level

    @rule()
    def clearance(self) -> None:
        self.run(self._try(self.services.safety.clear_hold(USER)))
        if self.run(self._user()).safety_stop is None:
            self.held_level = None

    async def _user(self) -> User:
        async with self.db.transaction() as session:
            user = await repo.get_user(session, USER)
        assert user is not None
        return user

    async def _decisions(self) -> list[DecisionRow]:
        async with self.db.transaction() as session:
            return list((await session.scalars(
                select(DecisionRow).where(DecisionRow.user_id == USER)
                .order_by(DecisionRow.id))).all())

    @invariant()
    def dose_is_safe(self) -> None:
        programme: Programme = self.run(self._programme())
        rows: list[DecisionRow] = self.run(self._decisions())
        today = coaching.today_for(self.run(self._user()), self.clock.now())
        if in_floor_first_week(programme, today):
            assert programme.level == 0, "above level 0 in a high-baseline first week"
        if self.held_level is not None:
            assert programme.level == self.held_level, "the dose changed during a hold"
        rises = [row for row in rows if row.rule in RISES]
        days = [datetime.fromisoformat(str(row.inputs["day"])).date() for row in rises]
        assert all((b - a).days >= 7 for a, b in pairwise(days)), \
            "two level-ups within 7 days"
        for row in rows:
            inputs = row.inputs
            if "peak" in inputs and "baseline" in inputs and row.zone is not None:
                signs = frozenset(Sign(value) for value in inputs["signs"])
                zone = judge(inputs["baseline"], inputs["peak"], inputs["morning"], signs)
                assert zone is Zone(row.zone), f"{row.rule} does not reproduce its zone"
            if row.rule == Rule.ADVANCE.value:
                assert inputs["completed_at_level"] >= 3, "advance without 3 sessions"
                assert inputs["morning"] is not None, "advance on an unknown morning"


@pytest.mark.parametrize("high_baseline", [True, False])
def test_the_dose_stays_safe_on_every_path_through_the_use_cases(
    migrated_sqlite: Path, high_baseline: bool
) -> None:
    machine = type("Machine", (DosingMachine,), {"schema": migrated_sqlite,
                                                   "high_baseline": high_baseline})
    run_state_machine_as_test(machine, settings=settings(
        max_examples=12, stateful_step_count=25, deadline=None,
        suppress_health_check=list(HealthCheck)))
