"""A state machine over the coaching engine: random events in any order, invariants after each.

It drives the pure domain (``bot.domain.engine.apply``) rather than the use cases: the services
are thin around it (load the programme, ``apply`` the event with the user's hold, save, store
each decision that is ``stored``), so the pure engine is where every path meets, and it runs in
microseconds. Time is the machine's own day counter; nothing reads the wall clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bot.domain import engine, ladder
from bot.domain.decisions import Decision, InputValue, Rule
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
    gap_stage,
    in_floor_first_week,
    start_programme,
)
from bot.domain.rules import ADVANCE_GREEN_STREAK, LEVEL_UP_EVERY_DAYS
from bot.domain.zones import Sign, Zone, judge

START = date(2027, 1, 4)
pain = st.integers(0, 10)
# Mostly comfortable sessions, so advances (and what must stop them) happen often.
peaks = st.sampled_from([1, 2, 2, 3, 3, 3, 6, 9])
mornings = st.sampled_from([None, 2, 3, 3, 4, 4, 7])
endings = st.sampled_from([Ending.COMPLETED] * 5 + list(Ending))
signs_of = st.sampled_from([frozenset(), frozenset(), frozenset(), frozenset({Sign.LIMP})])
RISES = (Rule.ADVANCE, Rule.OVERRIDE_HARDER)
GAPS = {Rule.GAP_7: 1, Rule.GAP_14: 2, Rule.GAP_28: 3}


class Coaching(RuleBasedStateMachine):
    """One user's programme under random sessions, answers, flares, holds and pauses."""

    def __init__(self) -> None:
        super().__init__()
        self.programme: Programme = start_programme(4, START)[0]
        self.day = START
        self.minutes = 0
        self.held = False
        self.ref = 0
        self.rises: list[date] = []
        self.stored: list[Decision] = []

    @rule(baseline=st.sampled_from([4, 7]))
    def restart_with(self, baseline: int) -> None:
        if self.programme.history or self.programme.flare or self.programme.flares:
            return
        self.programme = start_programme(baseline, self.day)[0]

    @rule(days=st.sampled_from([0, 1, 2, 2, 2, 3, 8, 15, 30]))
    def time_passes(self, days: int) -> None:
        self.day += timedelta(days=days)
        self.minutes += 1

    @precondition(lambda self: self.programme.paused_since is None)
    @rule(wait=st.sampled_from([0, 1, 2, 2, 2, 3, 9]), peak=peaks, morning=mornings,
          signs=signs_of, ending=endings, done=st.sampled_from([0.3, 0.85, 1.0]))
    def session(self, wait: int, peak: int, morning: int | None, signs: frozenset[Sign],
                ending: Ending, done: float) -> None:
        self.day += timedelta(days=wait)
        self.apply(Returned(self.day))
        self.ref += 1
        fraction = 1.0 if ending is Ending.COMPLETED else done
        report = SessionReport(self.day, ending, peak, morning, signs, fraction)
        self.apply(SessionDone(report, self.ref))

    @rule(pick=st.integers(0, 50), answer=mornings.filter(lambda m: m is not None))
    def late_morning_answer(self, pick: int, answer: int | None) -> None:
        waiting = [r for r in self.programme.history if r.ref is not None and r.morning is None
                   and r.day < self.day]
        if waiting and answer is not None:
            record = waiting[pick % len(waiting)]
            self.apply(MorningAnswer(record.day, answer, self.day, record.ref))

    @rule(average=st.sampled_from([3, 4, 4, 5, 9]))
    def weekly(self, average: int) -> None:
        self.apply(WeeklyAverage(average, self.day))

    @rule(choice=st.sampled_from(["easier", "harder", "harder"]))
    def ask(self, choice: str) -> None:
        self.apply(OverrideAsked(choice, self.day))

    @rule(chance=st.integers(0, 5))
    def flare(self, chance: int) -> None:
        if chance == 0:  # rarer than sessions, as in life
            self.apply(FlareReported(self.day))

    @precondition(lambda self: self.programme.flare is not None)
    @rule(answer=pain)
    def flare_checkin(self, answer: int) -> None:
        at = datetime.combine(self.day, time(8), UTC) + timedelta(minutes=self.minutes)
        self.apply(FlareCheckIn(answer, at))

    @rule(chance=st.integers(0, 3))
    def pause_or_resume(self, chance: int) -> None:
        paused = self.programme.paused_since is not None
        if paused or chance == 0:
            self.apply(Resumed(self.day) if paused else Paused(self.day))

    @rule(chance=st.integers(0, 3))
    def red_flag_or_clearance(self, chance: int) -> None:
        if not self.held and chance != 0:
            return
        self.held = not self.held
        if not self.held:
            self.apply(Returned(self.day))  # the first event after clearance

    def apply(self, event: Event) -> None:
        before = self.programme
        applied = engine.apply(before, event, held=self.held)
        self.programme = applied.programme
        decisions = [d for d in applied.decisions if d.stored]
        if self.held:
            assert applied.programme.level == before.level, event
            assert not decisions or all(d.rule is Rule.PAUSE for d in decisions), decisions
        self.check_rises(before, decisions)
        self.stored += decisions

    def check_rises(self, before: Programme, decisions: list[Decision]) -> None:
        after = self.programme
        if after.level <= before.level or (after.flare is not None and before.flare is None):
            return
        rise = next(d for d in decisions if d.rule in RISES or d.rule is Rule.FLARE_EXIT)
        if rise.rule is Rule.FLARE_EXIT:
            raise AssertionError(f"a flare exit raised the level: {before.level} → {after.level}")
        assert all(d.rule is not rise.rule or d is rise for d in decisions)
        self.rises.append(self.day)
        counting = [(i, r) for i, r in enumerate(after.history)
                    if r.counts and not r.in_flare and (r.judged or r.completed)]
        since = before.lowered_at if before.lowered_at is not None else 0
        if rise.rule is Rule.ADVANCE:
            judged = [r for i, r in counting if r.judged][-ADVANCE_GREEN_STREAK:]
            assert len(judged) == ADVANCE_GREEN_STREAK
            assert all(r.zone is Zone.GREEN and r.ending is Ending.COMPLETED for r in judged)
            at_level = [r for r in after.history[before.level_set_at:] if r.counts and r.completed]
            assert len(at_level) >= 3
        else:
            index, last = [(i, r) for i, r in counting if r.completed][-1]
            assert last.zone is Zone.GREEN and index >= since

    @invariant()
    def never_above_the_floor_in_a_high_baseline_first_week(self) -> None:
        if in_floor_first_week(self.programme, self.day):
            assert self.programme.level == ladder.FLOOR_LEVEL

    @invariant()
    def never_more_than_one_level_up_per_seven_days(self) -> None:
        for first, second in zip(self.rises, self.rises[1:], strict=False):
            assert (second - first).days >= LEVEL_UP_EVERY_DAYS

    @invariant()
    def every_stored_decision_reproduces_from_its_inputs(self) -> None:
        for decision in self.stored:
            inputs = decision.inputs
            assert 0 <= decision.level <= ladder.TOP_LEVEL
            if "peak" in inputs and decision.zone is not None:
                signs, morning = inputs["signs"], inputs["morning"]
                assert isinstance(signs, list) and (morning is None or isinstance(morning, int))
                zone = judge(_int(inputs["baseline"]), _int(inputs["peak"]), morning,
                             frozenset(Sign(str(sign)) for sign in signs))
                assert zone is decision.zone, decision
            if decision.rule in GAPS:
                assert gap_stage(_int(inputs["gap_days"])) == GAPS[decision.rule]
            if decision.rule is Rule.BASELINE_KEPT_IN_FLARE:
                assert inputs["to_baseline"] == inputs["from_baseline"]


def _int(value: InputValue) -> int:
    assert isinstance(value, int)
    return value


Coaching.TestCase.settings = settings(max_examples=200, stateful_step_count=60, deadline=None)
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
