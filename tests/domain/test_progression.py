"""One test per rule of the contract's 'Progression' section (coaching rules)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.domain.ladder import level
from bot.domain.progression import (
    Decision,
    Ending,
    NotInFlare,
    OutOfOrder,
    Programme,
    ProgrammePaused,
    Refusal,
    Rule,
    SessionReport,
    after_session,
    flare_checkin,
    next_level,
    on_return,
    override,
    pause,
    plan,
    resume,
    start_flare,
    start_programme,
    weekly_average,
)
from bot.domain.zones import Sign, Zone

MONDAY = date(2027, 1, 4)
B = 4  # usual pain in most tests
GOOD: Mapping[str, Any] = {"peak": 2, "morning": 3}  # GREEN at B = 4
SO_SO: Mapping[str, Any] = {"peak": 5, "morning": 4}  # AMBER at B = 4
SORE: Mapping[str, Any] = {"peak": 7, "morning": 4}  # RED at B = 4


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def at_level(number: int, baseline: int = B) -> Programme:
    programme, _ = start_programme(baseline, MONDAY)
    return replace(programme, level=number)


def run(programme: Programme, n: int, **report: Any) -> tuple[Programme, Decision]:
    """One session on day ``n``, after the gap check a coach does before every session."""
    programme, _ = on_return(programme, day(n))
    return after_session(programme, SessionReport(day(n), **report))


def runs(programme: Programme, *sessions: tuple[int, Mapping[str, Any]]) -> list[Decision]:
    decisions = []
    for n, report in sessions:
        programme, decision = run(programme, n, **report)
        decisions.append(decision)
    return decisions


def test_new_users_start_at_level_1_and_high_baseline_at_level_0_for_the_first_week() -> None:
    programme, decision = start_programme(4, MONDAY)
    assert (programme.level, decision.rule) == (1, Rule.START)
    walker, _ = start_programme(7, MONDAY)
    assert walker.level == 0
    # Three green walks inside the first week do not step up; the first one after it does.
    p = walker
    for n in (0, 1, 2):
        p, d = run(p, n, peak=7, morning=7)
    assert d.rule is Rule.HOLD_FIRST_WEEK and d.level == 0
    p, d = run(p, 7, peak=7, morning=7)
    assert (d.rule, d.level) == (Rule.ADVANCE, 1)


def test_advance_needs_three_sessions_and_last_two_green() -> None:
    p = at_level(2)
    p, d1 = run(p, 0, **GOOD)
    p, d2 = run(p, 2, **GOOD)
    assert [d1.rule, d2.rule] == [Rule.HOLD_NOT_ENOUGH_SESSIONS] * 2
    p, d3 = run(p, 4, **GOOD)
    assert (d3.rule, d3.level, d3.zone) == (Rule.ADVANCE, 3, Zone.GREEN)
    assert d3.inputs["completed_at_level"] == 3
    # Three sessions but the one before the last was AMBER: one more GREEN is needed.
    q = at_level(2)
    decisions = runs(q, (0, GOOD), (2, SO_SO), (4, GOOD), (7, GOOD))
    assert [d.rule for d in decisions] == [
        Rule.HOLD_NOT_ENOUGH_SESSIONS,
        Rule.HOLD_AMBER,
        Rule.HOLD_NEEDS_TWO_GREEN,
        Rule.ADVANCE,
    ]


def test_never_more_than_one_level_up_per_7_days() -> None:
    p = at_level(2)
    for n in (0, 1, 2):
        p, d = run(p, n, **GOOD)
    assert (d.rule, p.last_level_up) == (Rule.ADVANCE, day(2))
    p, _ = run(p, 3, **GOOD)
    p, _ = run(p, 4, **GOOD)
    for n in (5, 6, 8):  # ready to step up again, but only 3 to 6 days after the last step
        p, d = run(p, n, **GOOD)
        assert (d.rule, d.level) == (Rule.HOLD_ADVANCE_LIMIT, 3)
    p, d = run(p, 9, **GOOD)
    assert (d.rule, d.level) == (Rule.ADVANCE, 4)


def test_amber_repeats_the_level() -> None:
    p, d = run(at_level(5), 0, **SO_SO)
    assert (d.rule, d.level, d.zone, p.level) == (Rule.HOLD_AMBER, 5, Zone.AMBER, 5)


def test_red_drops_one_level_to_strictly_less_jogging_with_floor_0() -> None:
    _, d = run(at_level(5), 0, **SORE)
    assert (d.rule, d.level, d.zone, d.advise_clinician) == (Rule.DROP_RED, 4, Zone.RED, False)
    assert level(d.level).total_jog_seconds < level(5).total_jog_seconds
    _, floor = run(at_level(0), 0, **SORE)
    assert (floor.rule, floor.level) == (Rule.DROP_RED, 0)


def test_two_reds_in_a_row_drop_two_and_advise_clinician() -> None:
    p = at_level(6)
    # A skipped session in between does not break the row.
    first, _, second = runs(
        p, (0, SORE), (2, {"ending": Ending.SKIPPED}), (4, {"peak": 3, "signs": {Sign.LEG}})
    )
    assert (first.rule, first.level) == (Rule.DROP_RED, 5)
    assert (second.rule, second.level) == (Rule.DOUBLE_DROP_RED, 3)
    assert second.advise_clinician and second.inputs["trigger"] == "in_a_row"


def test_three_reds_in_14_days_drop_two_and_advise_clinician() -> None:
    decisions = runs(at_level(7), (0, SORE), (2, GOOD), (7, SORE), (9, GOOD), (13, SORE))
    assert [d.rule for d in decisions[::2]] == [Rule.DROP_RED, Rule.DROP_RED, Rule.DOUBLE_DROP_RED]
    last = decisions[-1]
    assert (last.level, last.advise_clinician, last.inputs["trigger"]) == (3, True, "in_window")
    # The same three REDs spread over more than 14 days drop one level each time.
    spread = runs(at_level(7), (0, SORE), (2, GOOD), (7, SORE), (9, GOOD), (14, SORE))
    assert spread[-1].rule is Rule.DROP_RED


def test_gap_over_7_days_drops_one_level() -> None:
    p, _ = run(at_level(4), 0, **SO_SO)
    p, none = on_return(p, day(7))
    assert none is None
    p, d = on_return(p, day(8))
    assert d is not None and (d.rule, d.level, d.inputs["gap_days"]) == (Rule.GAP_7, 3, 8)
    assert on_return(p, day(8)) == (p, None)  # applied once, not on every look


def test_gap_over_14_days_drops_two_levels() -> None:
    p, _ = run(at_level(4), 0, **SO_SO)
    _, d = on_return(p, day(15))
    assert d is not None and (d.rule, d.level) == (Rule.GAP_14, 2)
    # Seen at 8 days then at 15: two levels in all, not three.
    p, _ = on_return(p, day(8))
    _, d = on_return(p, day(15))
    assert d is not None and (d.rule, d.level) == (Rule.GAP_14, 2)


def test_gap_over_28_days_restarts_at_level_1_at_most() -> None:
    p, _ = run(at_level(6), 0, **SO_SO)
    _, d = on_return(p, day(29))
    assert d is not None and (d.rule, d.level) == (Rule.GAP_28, 1)
    walker, _ = run(at_level(0), 0, **SO_SO)
    _, d = on_return(walker, day(29))
    assert d is not None and (d.rule, d.level) == (Rule.GAP_28, 0)


def test_paused_time_counts_as_a_gap() -> None:
    p, _ = run(at_level(5), 0, **SO_SO)
    p, paused = pause(p, day(1))
    assert paused.rule is Rule.PAUSE
    assert on_return(p, day(20)) == (p, None)
    with pytest.raises(ProgrammePaused):
        after_session(p, SessionReport(day(20), peak=2))
    p, d = resume(p, day(20))
    assert d is not None and (d.rule, d.level) == (Rule.GAP_14, 3)
    assert p.paused_since is None


def test_stopped_because_of_pain_is_judged() -> None:
    p, d = run(at_level(5), 0, ending=Ending.STOPPED_PAIN, peak=7, done_fraction=0.3)
    assert (d.rule, d.zone, d.level) == (Rule.DROP_RED, Zone.RED, 4)
    assert not p.history[-1].completed


def test_stopped_for_another_reason_is_not_counted_and_level_unchanged() -> None:
    p, d = run(at_level(3), 0, ending=Ending.STOPPED_OTHER, done_fraction=0.5)
    assert (d.rule, d.level, d.zone) == (Rule.STOPPED_OTHER_NOT_COUNTED, 3, None)
    assert not p.history[-1].completed and p.gap_from is None


def test_a_session_at_least_80_percent_done_counts_as_completed() -> None:
    p = at_level(2)
    stopped = {"ending": Ending.STOPPED_OTHER, "done_fraction": 0.8, **GOOD}
    decisions = runs(p, (0, GOOD), (2, GOOD), (4, stopped), (7, GOOD), (9, GOOD))
    # It counts as the third completed session, but a session stopped early is never one of
    # the two GREENs an advance needs: the two full GREEN sessions after it are.
    assert (decisions[2].rule, decisions[2].level) == (Rule.HOLD_NEEDS_TWO_GREEN, 2)
    assert decisions[2].inputs["completed_at_level"] == 3
    assert (decisions[-1].rule, decisions[-1].level) == (Rule.ADVANCE, 3)


@pytest.mark.parametrize("ending", [Ending.STOPPED_PAIN, Ending.STOPPED_OTHER])
def test_a_session_stopped_early_is_never_one_of_the_two_greens_and_never_advances(
    ending: Ending,
) -> None:
    stopped = {"ending": ending, "done_fraction": 0.9, **GOOD}
    decisions = runs(at_level(2), (0, GOOD), (2, GOOD), (4, GOOD), (7, stopped), (9, GOOD))
    assert decisions[2].rule is Rule.ADVANCE
    p = at_level(2)
    decisions = runs(p, (0, GOOD), (2, GOOD), (4, stopped))
    assert [d.level for d in decisions] == [2, 2, 2]
    assert decisions[-1].rule is Rule.HOLD_NEEDS_TWO_GREEN


def test_skipped_or_missed_leaves_the_level_unchanged_but_gap_rules_still_apply() -> None:
    p, _ = run(at_level(4), 0, **GOOD)
    p, skipped = run(p, 2, ending=Ending.SKIPPED)
    p, missed = run(p, 4, ending=Ending.MISSED)
    assert [(d.rule, d.level) for d in (skipped, missed)] == [(Rule.SKIPPED, 4)] * 2
    p, d = on_return(p, day(9))
    assert d is not None and (d.rule, d.level) == (Rule.GAP_7, 3)


def test_make_it_easier_drops_one_level_any_time() -> None:
    p, d = override(at_level(4), "easier", day(0))
    assert (d.rule, d.level, p.level) == (Rule.OVERRIDE_EASIER, 3, 3)
    p, d = override(p, "easier", day(0))
    assert d.level == 2
    _, at_floor = override(at_level(0), "easier", day(0))
    assert (at_floor.rule, at_floor.inputs["reason"]) == (Rule.OVERRIDE_REFUSED, "at_floor")


def test_make_it_harder_raises_one_only_after_green_once_per_7_days() -> None:
    _, refused = override(at_level(3), "harder", day(0))
    assert refused.inputs["reason"] == Refusal.LAST_SESSION_NOT_GREEN.value
    p, _ = run(at_level(3), 0, **GOOD)
    p, raised = override(p, "harder", day(0))
    assert (raised.rule, raised.level, p.last_harder) == (Rule.OVERRIDE_HARDER, 4, day(0))
    p, _ = run(p, 2, **GOOD)
    _, again = override(p, "harder", day(6))
    assert (again.rule, again.level) == (Rule.OVERRIDE_REFUSED, 4)
    assert again.inputs["reason"] == Refusal.HARDER_USED_THIS_WEEK.value
    p, _ = run(p, 7, **SO_SO)
    _, after_amber = override(p, "harder", day(7))
    assert after_amber.inputs["reason"] == Refusal.LAST_SESSION_NOT_GREEN.value
    p, _ = run(p, 9, **GOOD)
    p, ok = override(p, "harder", day(9))
    assert (ok.rule, ok.level) == (Rule.OVERRIDE_HARDER, 5)


def test_harder_is_refused_within_7_days_of_an_advance() -> None:
    p = at_level(2)
    for n in (0, 2, 4):
        p, d = run(p, n, **GOOD)
    assert d.rule is Rule.ADVANCE
    _, refused = override(p, "harder", day(5))
    assert refused.inputs["reason"] == Refusal.LEVEL_UP_THIS_WEEK.value


def test_flare_mode_sessions_are_level_0_walks_or_rest() -> None:
    p, d = start_flare(at_level(5), day(0))
    assert (d.rule, d.level, next_level(p), plan(p).total_jog_seconds) == (
        Rule.FLARE_START,
        0,
        0,
        0,
    )
    p, walk = run(p, 1, peak=6, morning=5)
    assert (walk.rule, walk.level, p.history[-1].level) == (Rule.FLARE_CONTINUES, 0, 0)
    p, rest = run(p, 2, ending=Ending.SKIPPED)
    assert (rest.rule, p.level) == (Rule.FLARE_CONTINUES, 5)
    _, refused = override(p, "harder", day(2))
    assert refused.inputs["reason"] == Refusal.IN_FLARE.value


def test_flare_ends_after_two_checkins_48_hours_apart_with_pain_at_most_baseline_plus_1() -> None:
    p, _ = start_flare(at_level(5), day(0))

    def at(n: int, hour: int = 8) -> datetime:
        return datetime(2027, 1, 4 + n, hour, tzinfo=UTC)

    p, d = flare_checkin(p, 5, at(1))  # settled: B + 1 = 5
    p, d = flare_checkin(p, 5, at(2))  # only 24 h later
    assert d.rule is Rule.FLARE_CONTINUES
    p, d = flare_checkin(p, 6, at(3))  # worse again: settling starts over
    p, d = flare_checkin(p, 3, at(4))
    p, d = flare_checkin(p, 4, at(6, 7))  # 47 h later
    assert d.rule is Rule.FLARE_CONTINUES and p.flare is not None
    p, d = flare_checkin(p, 4, at(6, 8))
    assert (d.rule, p.flare) == (Rule.FLARE_EXIT, None)


def test_flare_resumes_two_levels_below_the_level_before_it_floor_1() -> None:
    def settle(programme: Programme) -> Decision:
        for n in (1, 3):
            programme, decision = flare_checkin(
                programme, 2, datetime(2027, 1, 4 + n, 8, tzinfo=UTC)
            )
        return decision

    for before, after in [(6, 4), (3, 1), (2, 1), (1, 1), (0, 0)]:
        p, _ = start_flare(at_level(before), day(0))
        assert settle(p).level == after


def test_a_flare_counts_as_a_red_for_three_in_14_days() -> None:
    p = at_level(7)
    p, _ = run(p, 0, **SORE)
    p, _ = run(p, 2, **GOOD)
    p, flare = start_flare(p, day(3))
    assert not flare.advise_clinician
    for n in (4, 6):
        p, _ = flare_checkin(p, 2, datetime(2027, 1, 4 + n, 8, tzinfo=UTC))
    assert p.level == 4
    p, _ = run(p, 7, **GOOD)
    p, d = run(p, 9, **SORE)
    assert (d.rule, d.level, d.inputs["reds_in_window"]) == (Rule.DOUBLE_DROP_RED, 2, 3)
    # A flare that is itself the third RED in 14 days brings the clinician advice.
    q = at_level(7)
    q, _ = run(q, 0, **SORE)
    q, _ = run(q, 2, **GOOD)
    q, _ = run(q, 4, **SORE)
    _, third = start_flare(q, day(5))
    assert third.advise_clinician


def test_weekly_average_updates_the_baseline() -> None:
    p, d = weekly_average(at_level(3), 6, day(6))
    assert (d.rule, p.baseline, d.level) == (Rule.BASELINE_UPDATE, 6, 3)
    # The same session is AMBER against B = 4 and GREEN against B = 6.
    _, judged = run(p, 7, peak=5, morning=5)
    assert judged.zone is Zone.GREEN


def test_top_level_holds_until_levels_beyond_are_opted_into() -> None:
    p = at_level(8)
    decisions = runs(p, (0, GOOD), (2, GOOD), (4, GOOD))
    assert (decisions[-1].rule, decisions[-1].level) == (Rule.HOLD_TOP_LEVEL, 8)
    _, refused = override(p, "harder", day(4))
    assert refused.inputs["reason"] == Refusal.AT_TOP.value


def test_every_decision_is_stored_with_its_rule_and_json_inputs() -> None:
    p = at_level(4)
    p, _ = run(p, 0, **GOOD)
    _, d = run(p, 2, peak=3, signs={Sign.LIMP, Sign.SHARP})
    record = json.loads(json.dumps({"rule": d.rule.value, **d.inputs}))
    assert record["rule"] == "drop_red"
    assert record["signs"] == ["limp", "sharp"] and record["day"] == "2027-01-06"


def test_unknown_morning_never_advances() -> None:
    decisions = runs(at_level(2), (0, {"peak": 1}), (2, {"peak": 1}), (4, {"peak": 1}))
    assert {d.rule for d in decisions} == {Rule.HOLD_AMBER}


def test_engine_guards_its_inputs() -> None:
    p, _ = run(at_level(2), 4, **GOOD)
    with pytest.raises(OutOfOrder):
        after_session(p, SessionReport(day(3), peak=2))
    with pytest.raises(ValueError, match="peak"):
        after_session(p, SessionReport(day(5)))
    with pytest.raises(ValueError):
        after_session(p, SessionReport(day(5), peak=11))
    with pytest.raises(NotInFlare):
        flare_checkin(p, 2, datetime(2027, 1, 9, tzinfo=UTC))
    flaring, _ = start_flare(p, day(5))
    with pytest.raises(ValueError, match="aware"):
        flare_checkin(flaring, 2, datetime(2027, 1, 9))
