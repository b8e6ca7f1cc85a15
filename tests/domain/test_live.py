import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.ladder import LEVELS, SESSION_SECONDS
from bot.domain.live import (
    MIDWAY_SECONDS,
    WARNING_SECONDS,
    CueKind,
    LiveClock,
    advance,
    change_in,
    cues,
    done_fraction,
    due,
)
from bot.domain.timeline import timeline

START = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize("level", [rung.number for rung in LEVELS])
def test_every_phase_has_a_cue_then_the_finish(level: int) -> None:
    all_cues = cues(level)
    phases = timeline(level)
    phase_cues = [c for c in all_cues if c.kind is CueKind.PHASE]
    assert [c.phase for c in phase_cues] == list(phases)
    assert [c.at for c in phase_cues] == [p.start for p in phases]
    assert all_cues[-1].kind is CueKind.FINISH and all_cues[-1].at == SESSION_SECONDS
    assert [c.index for c in all_cues] == list(range(len(all_cues)))
    assert [c.at for c in all_cues] == sorted(c.at for c in all_cues)


@pytest.mark.parametrize("level", [rung.number for rung in LEVELS])
def test_exactly_one_midway_encouragement(level: int) -> None:
    encouraging = [c for c in cues(level) if c.encourage]
    assert len(encouraging) == 1
    assert encouraging[0].at == MIDWAY_SECONDS


def test_each_cue_names_the_phase_that_follows() -> None:
    phase_cues = [c for c in cues(3) if c.kind is CueKind.PHASE]
    for current, following in itertools.pairwise(phase_cues):
        assert current.next_phase == following.phase
    assert phase_cues[-1].next_phase is None


def test_scaled_time_runs_faster_and_stops_while_paused() -> None:
    clock = LiveClock(START, scale=60)
    assert clock.elapsed(START + timedelta(seconds=10)) == 600
    paused = clock.pause(START + timedelta(seconds=10))
    assert paused.paused and paused.elapsed(START + timedelta(seconds=50)) == 600
    assert paused.moment_of(900, START + timedelta(seconds=50)) is None
    resumed = paused.resume(START + timedelta(seconds=50))
    assert resumed.elapsed(START + timedelta(seconds=55)) == 900
    assert resumed.moment_of(1200, START + timedelta(seconds=55)) == START + timedelta(seconds=60)


def test_pause_and_resume_twice_change_nothing() -> None:
    clock = LiveClock(START).pause(START).pause(START + timedelta(minutes=1))
    assert len(clock.pauses) == 1
    running = clock.resume(START + timedelta(minutes=2)).resume(START + timedelta(minutes=3))
    assert running.pauses[-1].end == START + timedelta(minutes=2)


def test_a_long_pause_deadline_is_thirty_minutes_scaled() -> None:
    clock = LiveClock(START, scale=2).pause(START + timedelta(minutes=1))
    assert clock.pause_deadline() == START + timedelta(minutes=16)
    assert LiveClock(START).pause_deadline() is None


def test_due_returns_only_unsent_cues_whose_time_came() -> None:
    all_cues = cues(1)
    assert [c.at for c in due(all_cues, -1, 310)] == [0, 290, 300, 305]
    assert [c.at for c in due(all_cues, 3, 310)] == []
    assert [c.at for c in due(all_cues, 3, 315)] == [315]


@pytest.mark.parametrize("level", [rung.number for rung in LEVELS])
def test_every_change_and_the_finish_is_warned_ten_seconds_ahead(level: int) -> None:
    warnings = [c for c in cues(level) if c.kind is CueKind.WARN]
    changes = [p.end for p in timeline(level)]  # each phase's end: the next start, or the finish
    assert [c.at + WARNING_SECONDS for c in warnings] == changes
    assert all(c.phase is not None and c.at == c.phase.end - WARNING_SECONDS for c in warnings)
    assert warnings[-1].next_phase is None  # the last one announces the finish


def test_a_warning_the_change_overtook_is_not_sent() -> None:
    clock = LiveClock(START)
    on_time = advance(1, 0, clock, START + timedelta(seconds=290))
    assert [c.kind for c in on_time.ready] == [CueKind.WARN]
    late = advance(1, 0, clock, START + timedelta(seconds=301))  # woke after the jog began
    assert [(c.kind, c.at) for c in late.ready] == [(CueKind.PHASE, 300)]
    assert not late.caught_up
    later = advance(1, 0, clock, START + timedelta(seconds=306))  # and after its warning
    assert [(c.kind, c.at) for c in later.ready] == [(CueKind.PHASE, 300), (CueKind.WARN, 305)]


def test_change_in_counts_down_the_last_ten_seconds_of_a_phase() -> None:
    assert change_in(1, 289) is None
    assert change_in(1, 290) == 10
    assert change_in(1, 295.5) == 5
    assert change_in(1, 300) is None and change_in(1, 305) == 10  # the 15-second jog
    assert change_in(1, 299.9) == 1
    assert change_in(1, 1795) == 5 and change_in(1, 1800) is None


def test_done_fraction_is_bounded() -> None:
    assert done_fraction(0) == 0 and done_fraction(900) == 0.5
    assert done_fraction(5000) == 1.0


@given(
    pauses=st.lists(st.tuples(st.integers(0, 3600), st.integers(0, 3600)), max_size=5),
    scale=st.sampled_from([1.0, 2.0, 60.0]),
)
def test_elapsed_never_runs_backwards(pauses: list[tuple[int, int]], scale: float) -> None:
    clock = LiveClock(START, scale=scale)
    moment = START
    last = 0.0
    for wait, length in pauses:
        moment += timedelta(seconds=wait)
        assert clock.elapsed(moment) >= last
        last = clock.elapsed(moment)
        clock = clock.pause(moment)
        moment += timedelta(seconds=length)
        assert clock.elapsed(moment) == last
        clock = clock.resume(moment)


def test_a_flare_walk_may_end_from_ten_minutes_and_ends_at_thirty() -> None:
    walk = cues(0, flare=True)
    assert [(c.kind, c.at) for c in walk] == [
        (CueKind.PHASE, 0), (CueKind.ENOUGH, 600), (CueKind.WARN, 1790), (CueKind.FINISH, 1800)]
    assert done_fraction(300, flare=True) == 0.5 and done_fraction(600, flare=True) == 1.0
    assert change_in(0, 1795, flare=True) == 5 and change_in(0, 595, flare=True) is None
    step = advance(0, 0, LiveClock(START), START + timedelta(minutes=10), flare=True)
    assert [c.kind for c in step.ready] == [CueKind.ENOUGH]
