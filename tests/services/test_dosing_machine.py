"""A state machine over the bound use cases: the dose stays safe on every path.

Hypothesis drives ``Services`` on a real SQLite file with a fake clock — sessions done, stopped
for pain or for another reason, morning and weekly answers late and in any order, flares and
their check-ins, easier/harder, pause/resume, gaps and same-day sessions, red flags from the
flare screen and from a symptom confirmed in a message, and their clearance (one tap, or
naming who cleared the user after an emergency) — and after every step hands the stored
programme and the decisions stored by that step to ``tests.domain.dose_oracle``, which checks
the coaching rules' invariants from its own record (coaching rules, 'Progression', 'Safety').
A refusal must be a refusal: an answer with its reason, no stored decision, the dose as it was;
only the errors a use case is expected to raise are allowed, each where it is expected.

The strategies lean towards each rule's edge: most users start with high usual pain, GREEN
sessions with their morning answer are likely, "harder" comes often, and holds come and go.

Shown to catch, within its budget, each of these breakages made by hand in ``bot/domain`` (and
undone): "harder" allowed in a level-0 first week; an advance allowed in it; an advance without
two GREENs; an override, or an answer, applied during a hold; a stored decision that loses the
morning answer; a stored peak off by one. It found that /resume applied the gap rules during a
hold. Not yet caught at this budget (the engine's machine catches them): the first week counted
from sign-up, "harder" after a non-GREEN session or a lowering, a flare that is not a lowering,
a stopped session counted as a GREEN, two level-ups within 7 days.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Coroutine
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from bot.config import Settings
from bot.domain.decisions import Refusal, Rule
from bot.domain.onboarding import Step
from bot.domain.programme import FlareReported, NotInFlare, Programme, WeeklyAverage
from bot.domain.safety import RedFlag
from bot.domain.zones import Sign
from bot.services import coaching, onboarding
from bot.services.container import Services
from bot.services.safety import Lift
from bot.services.schedule import NotPaused, Paused
from bot.services.today import OnHold
from bot.storage import programmes, repo
from bot.storage.db import Database
from bot.storage.models import Decision as DecisionRow
from bot.storage.models import User
from tests.conftest import FakeClock
from tests.domain.dose_oracle import DoseOracle, reproduce

USER = 7001
START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
T = TypeVar("T")
FLAGS = [RedFlag.FEVER, RedFlag.NIGHT_PAIN, RedFlag.BLADDER_BOWEL, RedFlag.LEG_WEAKNESS]


async def onboard(db: Database, clock: FakeClock, usual: str) -> None:
    """Onboard the machine's user with ``usual`` pain, no red flags, training Mon/Wed/Fri."""
    answers = {
        Step.CONSENT: "agree", Step.RED_FLAG: "no", Step.READINESS: "no",
        Step.DURATION: "over_a_year", Step.USUAL_PAIN: usual, Step.CURRENT_PAIN: "3",
        Step.RUNNING: "never", Step.DAYS: "mon wed fri", Step.TIME: "07:30",
        Step.TIMEZONE: "Europe/London", Step.CONFIRM: "ok",
    }
    prompt = await onboarding.start(db, USER, clock.now())
    while prompt.step is not Step.DONE:
        reply = await onboarding.answer(db, USER, prompt.position, answers[prompt.step],
                                        clock.now(), consent_shown=True)
        assert reply.problem is None, (prompt, reply)
        prompt = reply.prompt


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
        self.oracle = DoseOracle(4)
        self.programme: Programme | None = None
        self.sessions: list[int] = []
        self.peaks: dict[int, int] = {}
        self.seen = 0  # id of the last decision row checked

    def run(self, awaitable: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(awaitable)

    def teardown(self) -> None:
        self.run(self.db.close())
        self.loop.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @initialize(usual=st.sampled_from([8, 8, 7, 4]), wait=st.sampled_from([0, 0, 9]))
    def sign_up(self, usual: int, wait: int) -> None:
        """Most users start with high usual pain; some wait days before their first session."""
        self.run(onboard(self.db, self.clock, str(usual)))
        self.oracle = DoseOracle(usual)
        self.programme = self.run(self._programme())
        self.seen = max((row.id for row in self.run(self._rows())), default=0)
        self.clock.advance(days=wait)

    async def _programme(self) -> Programme:
        async with self.db.transaction() as session:
            programme = await programmes.load(session, USER)
        assert programme is not None
        return programme

    async def _user(self) -> User:
        async with self.db.transaction() as session:
            user = await repo.get_user(session, USER)
        assert user is not None
        return user

    async def _rows(self, after: int = 0) -> list[DecisionRow]:
        async with self.db.transaction() as session:
            return list((await session.scalars(
                select(DecisionRow).where(DecisionRow.user_id == USER, DecisionRow.id > after)
                .order_by(DecisionRow.id))).all())

    def today(self) -> date:
        return coaching.today_for(self.run(self._user()), self.clock.now())

    def checked(self, step: Coroutine[Any, Any, T]) -> T:
        """Run one use case and check what it did to the dose and what it stored."""
        assert self.programme is not None
        before = self.programme
        result = self.run(step)
        self.programme = after = self.run(self._programme())
        rows = self.run(self._rows(self.seen))
        self.seen = rows[-1].id if rows else self.seen
        self.oracle.observe(before, after, [row.rule for row in rows], self.today())
        for row in rows:
            reproduce(row.rule, row.zone, row.inputs)
            if row.session_id is not None and "peak" in row.inputs:
                assert row.inputs["peak"] == self.peaks[row.session_id], "a wrong peak stored"
        held = self.run(self._user()).safety_stop is not None
        assert held is self.oracle.held, "the hold is not the one the user was told of"
        return result

    @rule(days=st.sampled_from([0, 1, 1, 1, 2, 2, 3, 9, 16, 30]), hours=st.integers(0, 12))
    def time_passes(self, days: int, hours: int) -> None:
        self.clock.advance(days=days, hours=hours)

    @rule(peak=st.sampled_from([1, 2, 2, 3, 5, 7, 9]), ending=st.sampled_from(
        ["completed", "completed", "completed", "pain", "other"]),
        signs=st.sampled_from([False, False, False, True]),
        morning=st.sampled_from([None, 1, 2, 2, 8]))
    def session(self, peak: int, ending: str, signs: bool, morning: int | None) -> None:
        """A session, and often its next-morning answer a day later."""
        self.train(peak, ending, signs, morning)

    @rule(peak=st.integers(0, 2), morning=st.sampled_from([None, 0, 1, 2, 2]))
    def green_session(self, peak: int, morning: int | None) -> None:
        """A comfortable session done to the end, usually with its morning answer."""
        self.train(peak, "completed", False, morning)

    @rule(then_harder=st.booleans())
    def three_green_days(self, then_harder: bool) -> None:
        """Three comfortable sessions on three days: enough for an advance, if allowed."""
        for _ in range(3):
            self.train(1, "completed", False, 1)
        if then_harder:
            self.override("harder")

    def train(self, peak: int, ending: str, signs: bool, morning: int | None) -> None:
        assert self.programme is not None
        paused = self.programme.paused_since is not None
        try:
            self.checked(self._session(peak, ending, signs))
        except OnHold:
            assert self.oracle.held, "a session refused with no hold"
            return
        except Paused:
            assert paused, "a session refused as paused"
            return
        if morning is not None:
            self.clock.advance(hours=22)
            self.checked(self.services.checkins.record_morning_pain(
                USER, self.sessions[-1], morning))
        self.clock.advance(hours=2)

    async def _session(self, peak: int, ending: str, signs: bool) -> None:
        view = await self.services.sessions.start(USER)
        self.oracle.session_done(coaching.today_for(await self._user(), self.clock.now()))
        self.sessions.append(view.session_id)
        self.peaks[view.session_id] = peak
        self.clock.advance(minutes=10 if ending != "completed" else 31)
        if ending == "completed":
            assert await self.services.sessions.finish_live(view.session_id)
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
            self.checked(self.services.checkins.record_morning_pain(USER, session_id, pain))

    @rule(pain=st.sampled_from([2, 4, 6]))
    def weekly_answer(self, pain: int) -> None:
        today = self.today()
        self.checked(coaching.change(self.db, USER, self.clock.now(),
                                     lambda _, __: WeeklyAverage(pain, today)))

    @rule()
    def easier(self) -> None:
        self.override("easier")

    @rule()
    def harder(self) -> None:
        self.override("harder")

    def override(self, choice: str) -> None:
        """Granted: one stored decision, one level; refused: its reason, nothing stored."""
        assert self.programme is not None
        before, seen = self.programme, self.seen
        bound = self.services.coaching
        outcome = self.checked(bound.make_easier(USER) if choice == "easier"
                               else bound.make_harder(USER))
        assert self.programme is not None
        stored = self.run(self._rows(seen))
        if outcome.decision.rule is Rule.OVERRIDE_REFUSED:
            reason = Refusal(outcome.decision.inputs["reason"])
            assert not stored and self.programme.level == before.level, "a refusal decided"
            assert (reason is Refusal.ON_HOLD) is self.oracle.held, reason
            return
        assert not self.oracle.held, "an override granted during a hold"
        assert [row.rule for row in stored][-1] == f"override_{choice}", stored
        assert self.programme.level == before.level + (1 if choice == "harder" else -1)

    @precondition(lambda self: self.programme is not None and self.programme.flare is None)
    @rule()
    def flare(self) -> None:
        self.checked(self.services.coaching.start_flare(USER))

    @rule(pain=st.sampled_from([2, 3, 3, 7]))
    def flare_checkin(self, pain: int) -> None:
        assert self.programme is not None
        kept = any(isinstance(event, FlareReported) for event in self.programme.deferred)
        in_flare = self.oracle.held or self.programme.flare is not None or kept
        try:
            self.checked(self.services.coaching.flare_checkin(USER, pain))
        except NotInFlare:
            assert not in_flare, "a flare check-in refused during a flare"

    @rule()
    def pause(self) -> None:
        self.checked(self.services.schedule.pause(USER, ""))

    @rule()
    def resume(self) -> None:
        try:
            self.checked(self.services.schedule.resume(USER))
        except NotPaused:
            assert self.programme is not None and self.programme.paused_since is None

    @precondition(lambda self: not self.oracle.held)
    @rule(emergency=st.booleans())
    def red_flag_in_the_flare_screen(self, emergency: bool) -> None:
        self.oracle.held = True
        outcome = self.checked(self.services.safety.answer_screen(USER, emergency, True))
        assert outcome is not None

    @precondition(lambda self: not self.oracle.held)
    @rule(flag=st.sampled_from(FLAGS), new_and_now=st.sampled_from([True, True, False]))
    def red_flag_in_a_message(self, flag: RedFlag, new_and_now: bool) -> None:
        """A message named a red flag; the user says whether it is new and happening now."""
        self.oracle.held = new_and_now
        held = self.checked(self.services.safety.confirm_symptom(USER, flag, new_and_now))
        assert (held is not None) is new_and_now

    @precondition(lambda self: self.oracle.held)
    @rule()
    def clearance(self) -> None:
        lift = self.run(self.services.safety.clear_hold(USER))
        if lift is Lift.DELIBERATE:  # after an emergency: who cleared the user, and when
            self.run(self.services.safety.begin_clearance(USER))
            days = self.run(self.services.safety.name_clinician(USER, "Dr Rao, my GP"))
            assert days
            assert self.run(self.services.safety.cleared_on(USER, days[0])) == "Dr Rao, my GP"
        else:
            assert lift is Lift.LIFTED
        self.oracle.held = False
        # The answers kept during the hold were applied at clearance: check what they did.
        self.checked(_nothing())


async def _nothing() -> None:
    """No use case: lets ``checked`` look at what the previous calls did."""


def test_the_dose_stays_safe_on_every_path_through_the_use_cases(migrated_sqlite: Path) -> None:
    machine = type("Machine", (DosingMachine,), {"schema": migrated_sqlite})
    run_state_machine_as_test(machine, settings=settings(
        max_examples=16, stateful_step_count=30, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck)))
