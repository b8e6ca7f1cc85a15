"""Properties of the engine over random histories (coaching rules, 'Progression')."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.ladder import FLOOR_LEVEL, SESSION_SECONDS, TOP_LEVEL, level
from bot.domain.progression import (
    Decision,
    Ending,
    Override,
    Programme,
    Rule,
    SessionReport,
    after_session,
    flare_checkin,
    on_return,
    override,
    start_flare,
    start_programme,
    weekly_average,
)
from bot.domain.timeline import PhaseKind, timeline
from bot.domain.zones import Sign
from bot.reports.reasons import explain

START = date(2027, 1, 4)
pain = st.integers(0, 10)


@dataclass(frozen=True)
class Session:
    wait: int
    report: SessionReport


@dataclass(frozen=True)
class Gap:
    days: int


@dataclass(frozen=True)
class Ask:
    choice: Override


@dataclass(frozen=True)
class Weekly:
    average: int


@dataclass(frozen=True)
class Flare:
    pass


@dataclass(frozen=True)
class CheckIn:
    wait_hours: int
    pain: int


Event = Session | Gap | Ask | Weekly | Flare | CheckIn

any_session = st.builds(
    Session,
    wait=st.integers(1, 3),
    report=st.builds(
        SessionReport,
        day=st.just(START),
        ending=st.sampled_from(Ending),
        peak=pain,
        morning=st.none() | pain,
        signs=st.frozensets(st.sampled_from(Sign), max_size=1),
        done_fraction=st.sampled_from([0.2, 0.5, 0.79, 0.8, 1.0]),
    ),
)
# Mostly comfortable sessions, so histories climb the ladder as well as fall down it.
easy_session = st.builds(
    Session,
    wait=st.integers(1, 4),
    report=st.builds(
        SessionReport, day=st.just(START), peak=st.integers(0, 3), morning=st.integers(0, 4)
    ),
)


def weighted(*choices: tuple[int, st.SearchStrategy[Event]]) -> st.SearchStrategy[Event]:
    """Pick among ``choices`` in proportion to their weights."""
    pool = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.integers(0, len(pool) - 1).flatmap(lambda index: pool[index])


events = st.lists(
    weighted(
        (50, easy_session),
        (15, any_session),
        (4, st.builds(Gap, st.integers(1, 35))),
        (8, st.builds(Ask, st.sampled_from(Override))),
        (3, st.builds(Weekly, pain)),
        (3, st.builds(Flare)),
        (12, st.builds(CheckIn, st.integers(12, 72), st.integers(0, 4))),
        (3, st.builds(CheckIn, st.integers(12, 72), pain)),
    ),
    max_size=60,
)


@dataclass(frozen=True)
class Step:
    """One decision and, for sessions, the level the session was done at."""

    day: date
    decision: Decision
    session_level: int | None
    in_flare: bool


def replay(baseline: int, history: list[Event]) -> tuple[Programme, list[Step]]:
    """Feed ``history`` to the engine the way the coach would, gap check before each session."""
    programme, first = start_programme(baseline, START)
    steps = [Step(START, first, None, False)]
    today = START
    moment = datetime.combine(START, time(8), UTC)
    for event in history:
        if isinstance(event, Gap):
            today += timedelta(days=event.days)
        elif isinstance(event, Session):
            today += timedelta(days=event.wait)
            programme, gap = on_return(programme, today)
            if gap is not None:
                steps.append(Step(today, gap, None, False))
            in_flare = programme.flare is not None
            report = SessionReport(
                today,
                event.report.ending,
                event.report.peak,
                event.report.morning,
                event.report.signs,
                event.report.done_fraction,
            )
            programme, decision = after_session(programme, report)
            steps.append(Step(today, decision, programme.history[-1].level, in_flare))
        elif isinstance(event, Ask):
            programme, decision = override(programme, event.choice, today)
            steps.append(Step(today, decision, None, False))
        elif isinstance(event, Weekly):
            programme, decision = weekly_average(programme, event.average, today)
            steps.append(Step(today, decision, None, False))
        elif isinstance(event, Flare):
            programme, decision = start_flare(programme, today)
            steps.append(Step(today, decision, None, False))
        elif programme.flare is not None:
            moment = max(moment, datetime.combine(today, time(8), UTC))
            moment += timedelta(hours=event.wait_hours)
            today = max(today, moment.date())
            programme, decision = flare_checkin(programme, event.pain, moment)
            steps.append(Step(today, decision, None, False))
    return programme, steps


def jog(number: int) -> int:
    return level(number).total_jog_seconds


@settings(max_examples=150, deadline=None)
@given(pain, events)
def test_a_red_always_lowers_the_next_sessions_jog_time_unless_at_level_0(
    baseline: int, history: list[Event]
) -> None:
    _, steps = replay(baseline, history)
    done = [step for step in steps if step.session_level is not None]
    for this, following in pairwise(done):
        red = this.decision.rule in (Rule.DROP_RED, Rule.DOUBLE_DROP_RED)
        if red and this.session_level != FLOOR_LEVEL:
            assert this.session_level is not None and following.session_level is not None
            assert jog(following.session_level) < jog(this.session_level)


@settings(max_examples=150, deadline=None)
@given(pain, events)
def test_no_history_raises_the_level_twice_within_7_days(
    baseline: int, history: list[Event]
) -> None:
    programme, steps = replay(baseline, history)
    raises = [
        step.day for step in steps if step.decision.rule in (Rule.ADVANCE, Rule.OVERRIDE_HARDER)
    ]
    assert all((later - earlier).days >= 7 for earlier, later in pairwise(raises))
    assert all(FLOOR_LEVEL <= step.decision.level <= TOP_LEVEL for step in steps)
    assert FLOOR_LEVEL <= programme.level <= TOP_LEVEL


@settings(max_examples=150, deadline=None)
@given(pain, events)
def test_jog_time_never_rises_by_more_than_2_30_between_consecutive_sessions(
    baseline: int, history: list[Event]
) -> None:
    # Flare-mode walks are left out: the programme resumes below where it was before them.
    _, steps = replay(baseline, history)
    levels = [s.session_level for s in steps if s.session_level is not None and not s.in_flare]
    assert all(jog(after) - jog(before) <= 150 for before, after in pairwise(levels))


@settings(max_examples=100, deadline=None)
@given(pain, events)
def test_the_engine_is_deterministic_and_every_decision_explains_itself(
    baseline: int, history: list[Event]
) -> None:
    first, steps = replay(baseline, history)
    second, again = replay(baseline, history)
    assert first == second and steps == again
    for step in steps:
        json.dumps(dict(step.decision.inputs))
        assert explain(step.decision)


@given(st.integers(FLOOR_LEVEL, TOP_LEVEL))
def test_a_timeline_always_lasts_30_minutes_and_alternates_phases(number: int) -> None:
    phases = timeline(number)
    assert sum(phase.duration for phase in phases) == SESSION_SECONDS == phases[-1].end
    kinds = [phase.kind for phase in phases]
    assert kinds[0] is PhaseKind.WARMUP and kinds[-1] is PhaseKind.COOLDOWN
    block = kinds[1:-1]
    if number == FLOOR_LEVEL:
        assert block == [PhaseKind.WALK]
    else:
        assert block == [PhaseKind.JOG, PhaseKind.WALK] * level(number).repeats
    assert all(a.end == b.start for a, b in pairwise(phases))
