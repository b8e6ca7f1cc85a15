"""A state machine over the coaching engine: random events in any order, invariants after each.

It drives the pure domain (``bot.domain.engine.apply``) rather than the use cases: the services
are thin around it (load the programme, ``apply`` the event with the user's hold, save, store
each decision that is ``stored``), so the pure engine is where every path meets, and it runs in
microseconds. Time is the machine's own day counter; nothing reads the wall clock. The
invariants are checked by ``tests.domain.dose_oracle`` from its own record of what happened,
never from the engine's bookkeeping.

The strategies lean towards each rule's edge: most starts are high-baseline (level 0 for a
first week), most sessions are GREEN with their morning answer, "harder" is asked often and
right after a GREEN, holds and flares come and go.

Shown to catch, within its budget, each of these breakages made by hand in ``bot/domain`` (and
undone): "harder" allowed in a level-0 first week; an advance allowed in it; the first week
counted from sign-up; "harder" after an AMBER or RED session; "harder" with a lowering since
the last GREEN; a flare that is not a lowering; an advance without two GREENs; a session stopped
at 85% counted as one of those GREENs; an override, or an answer, applied during a hold; two
advances within 7 days; "harder" within 7 days of an advance; a stored decision that loses the
morning answer; a stored peak off by one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from bot.domain import engine, ladder
from bot.domain.decisions import Refusal, Rule
from bot.domain.programme import (
    Ending,
    Event,
    FlareCheckIn,
    FlareReported,
    MorningAnswer,
    OverrideAsked,
    Paused,
    Programme,
    Resumed,
    Returned,
    SessionDone,
    SessionReport,
    WeeklyAverage,
    next_level,
    start_programme,
)
from bot.domain.zones import Sign, Zone
from tests.domain.dose_oracle import DoseOracle, reproduce

START = date(2027, 1, 4)
pain = st.integers(0, 10)
peaks = st.sampled_from([1, 2, 2, 3, 3, 3, 6, 9])
mornings = st.sampled_from([None, 2, 3, 3, 4, 4, 7])
endings = st.sampled_from([Ending.COMPLETED] * 5 + list(Ending))
signs_of = st.sampled_from([frozenset(), frozenset(), frozenset(), frozenset({Sign.LIMP})])
greens_end = st.sampled_from([Ending.COMPLETED] * 3 + [Ending.STOPPED_PAIN, Ending.STOPPED_OTHER])
waits = st.sampled_from([0, 1, 1, 2, 2, 2, 3, 9])


def ready_to_train(machine: Coaching) -> bool:
    """A session needs the programme running and no red-flag hold (the chat refuses /go then)."""
    return machine.programme.paused_since is None and not machine.oracle.held


class Coaching(RuleBasedStateMachine):
    """One user's programme under random sessions, answers, flares, holds and pauses."""

    def __init__(self) -> None:
        super().__init__()
        self.programme: Programme = start_programme(4, START)[0]
        self.oracle = DoseOracle(4)
        self.day = START
        self.minutes = 0
        self.ref = 0

    @initialize(baseline=st.sampled_from([7, 7, 8, 4, 2]), wait=st.sampled_from([0, 0, 3, 10]))
    def sign_up(self, baseline: int, wait: int) -> None:
        """Most users start with high usual pain (level 0 until a week after the first session),
        some a while before their first session."""
        self.programme = start_programme(baseline, self.day)[0]
        self.oracle = DoseOracle(baseline)
        self.day += timedelta(days=wait)

    @rule(days=st.sampled_from([0, 1, 2, 2, 2, 3, 8, 15, 30]))
    def time_passes(self, days: int) -> None:
        self.day += timedelta(days=days)
        self.minutes += 1

    @precondition(ready_to_train)
    @rule(wait=waits, peak=peaks, morning=mornings, signs=signs_of, ending=endings,
          done=st.sampled_from([0.3, 0.85, 1.0]))
    def session(self, wait: int, peak: int, morning: int | None, signs: frozenset[Sign],
                ending: Ending, done: float) -> None:
        fraction = 1.0 if ending is Ending.COMPLETED else done
        self.report(wait, SessionReport(self.day, ending, peak, morning, signs, fraction))

    @precondition(ready_to_train)
    @rule(wait=waits, peak=st.integers(0, 2), morning=st.sampled_from([None, 0, 1, 2, 2]),
          ending=greens_end)
    def green_session(self, wait: int, peak: int, morning: int | None, ending: Ending) -> None:
        """A comfortable session, usually done to the end with its morning answer (sometimes
        stopped at 85%: completed, but never one of the GREENs an advance needs)."""
        fraction = 1.0 if ending is Ending.COMPLETED else 0.85
        self.report(wait, SessionReport(self.day, ending, peak, morning, done_fraction=fraction))

    @precondition(ready_to_train)
    @rule(gaps=st.lists(st.sampled_from([1, 1, 2]), min_size=3, max_size=3),
          then_harder=st.booleans())
    def three_green_days(self, gaps: list[int], then_harder: bool) -> None:
        """Three comfortable sessions a day or two apart: enough for an advance, if allowed;
        then, often, "harder" on top of it."""
        for wait in gaps:
            self.report(wait, SessionReport(self.day, peak=2, morning=1))
        if then_harder:
            self.override("harder")

    def report(self, wait: int, report: SessionReport) -> None:
        self.day += timedelta(days=wait)
        self.apply(Returned(self.day))
        self.ref += 1
        report = replace(report, day=self.day)
        if report.ending not in (Ending.SKIPPED, Ending.MISSED):
            self.oracle.session_done(self.day)
        applied = self.apply(SessionDone(report, self.ref))
        own = applied.decision
        assert own is not None
        if own.stored and "peak" in own.inputs:  # the inputs stored are the ones reported
            assert own.inputs["peak"] == report.peak and own.inputs["day"] == self.day.isoformat()
            assert own.inputs["signs"] == sorted(sign.value for sign in report.signs)
            assert own.inputs["morning"] == report.morning

    @rule(pick=st.integers(0, 50), answer=st.sampled_from([0, 1, 2, 3, 4, 7, 9]))
    def late_morning_answer(self, pick: int, answer: int) -> None:
        waiting = [r for r in self.programme.history if r.ref is not None and r.morning is None
                   and r.day < self.day]
        if waiting:
            record = waiting[pick % len(waiting)]
            applied = self.apply(MorningAnswer(record.day, answer, self.day, record.ref))
            own = applied.decision
            if own is not None and own.stored and "morning" in own.inputs:
                assert own.inputs["morning"] == answer, own

    @rule(average=st.sampled_from([2, 3, 4, 4, 5, 9]))
    def weekly(self, average: int) -> None:
        self.apply(WeeklyAverage(average, self.day))

    @rule()
    def easier(self) -> None:
        self.override("easier")

    @rule()
    def harder(self) -> None:
        self.override("harder")

    @precondition(lambda self: any(r.zone is Zone.GREEN for r in self.programme.history[-1:]))
    @rule()
    def harder_after_a_green(self) -> None:
        self.override("harder")

    @precondition(lambda self: any(r.zone not in (None, Zone.GREEN)
                                   for r in self.programme.history[-1:]))
    @rule()
    def harder_after_an_amber_or_red(self) -> None:
        self.override("harder")

    def override(self, choice: str) -> None:
        """A request is granted (a stored decision that moves the dose one level) or refused
        with its reason (no decision, the dose as it was)."""
        before = self.programme
        applied = self.apply(OverrideAsked(choice, self.day))
        own = applied.decision
        assert own is not None
        if own.rule is Rule.OVERRIDE_REFUSED:
            assert not own.stored and Refusal(own.inputs["reason"]) is not None
            assert self.programme.level == before.level and own.level == next_level(before)
            if self.oracle.held:
                assert own.inputs["reason"] == Refusal.ON_HOLD.value
            return
        assert not self.oracle.held and own.stored, own
        step = 1 if choice == "harder" else -1
        assert self.programme.level == before.level + step, (before.level, own)

    @precondition(lambda self: self.programme.flare is None)
    @rule(chance=st.integers(0, 3))
    def flare(self, chance: int) -> None:
        if chance == 0:  # rarer than sessions, as in life
            self.apply(FlareReported(self.day))

    @precondition(lambda self: self.programme.flare is not None)
    @rule(answer=st.sampled_from([0, 1, 2, 3, 3, 4, 8]))
    def flare_checkin(self, answer: int) -> None:
        at = datetime.combine(self.day, time(8), UTC) + timedelta(minutes=self.minutes)
        self.apply(FlareCheckIn(answer, at))

    @rule(chance=st.integers(0, 3))
    def pause_or_resume(self, chance: int) -> None:
        paused = self.programme.paused_since is not None
        if paused or chance == 0:
            self.apply(Resumed(self.day) if paused else Paused(self.day))

    @precondition(lambda self: not self.oracle.held)
    @rule(chance=st.integers(0, 2))
    def red_flag(self, chance: int) -> None:
        self.oracle.held = chance == 0

    @precondition(lambda self: self.oracle.held)
    @rule()
    def clearance(self) -> None:
        self.oracle.held = False
        self.apply(Returned(self.day))  # the first event after clearance

    def apply(self, event: Event) -> engine.Applied:
        before = self.programme
        applied = engine.apply(before, event, held=self.oracle.held)
        self.programme = applied.programme
        decisions = [d for d in applied.decisions if d.stored]
        self.oracle.observe(before, self.programme, [d.rule.value for d in decisions], self.day)
        for decision in decisions:
            assert 0 <= decision.level <= ladder.TOP_LEVEL
            zone = None if decision.zone is None else decision.zone.value
            reproduce(decision.rule.value, zone, decision.inputs)
        own = applied.decision
        if own is not None and own.stored and not self.oracle.held:
            assert own.level == next_level(self.programme), (own, self.programme.level)
        return applied

    @invariant()
    def never_above_the_floor_in_a_high_baseline_first_week(self) -> None:
        if self.oracle.in_first_week(self.day):
            assert self.programme.level == ladder.FLOOR_LEVEL


Coaching.TestCase.settings = settings(max_examples=150, stateful_step_count=50, deadline=None,
                                      derandomize=True)
test_the_engine_holds_its_invariants = Coaching.TestCase


def test_a_hold_keeps_answers_and_applies_them_in_order_after_clearance() -> None:
    programme = start_programme(4, START)[0]
    report = SessionReport(START, peak=3)
    programme = engine.apply(programme, SessionDone(report, 1)).programme
    held = engine.apply(programme, MorningAnswer(START, 8, START + timedelta(days=1), 1),
                        held=True)
    assert held.programme.level == 1 and held.decision is not None
    assert held.decision.rule is Rule.ON_HOLD and not held.decision.stored
    cleared = engine.apply(held.programme, Returned(START + timedelta(days=2)))
    assert [d.rule for d in cleared.settled] == [Rule.DROP_RED]
    assert cleared.programme.level == 0 and cleared.programme.deferred == ()


def test_a_session_kept_during_a_hold_still_counts_after_a_later_pause() -> None:
    programme = start_programme(4, START)[0]
    kept = engine.apply(programme, SessionDone(SessionReport(START, peak=7)), held=True)
    paused = engine.apply(kept.programme, Paused(START), held=True).programme
    cleared = engine.settle(paused)
    assert [d.rule for d in cleared.settled] == [Rule.DROP_RED]
    assert cleared.programme.paused_since == START


def test_a_deferred_programme_survives_the_codec() -> None:
    from bot.storage import programme_codec

    programme = start_programme(4, START)[0]
    for event in (SessionDone(SessionReport(START, peak=3), 7), FlareReported(START),
                  FlareCheckIn(3, datetime(2027, 1, 5, 8, tzinfo=UTC)),
                  MorningAnswer(START, 2, START, 7), WeeklyAverage(3, START),
                  OverrideAsked("easier", START), Paused(START), Resumed(START),
                  Returned(START)):
        programme = replace(programme, deferred=(*programme.deferred, event))
    assert programme_codec.load(programme_codec.dump(programme)) == programme
