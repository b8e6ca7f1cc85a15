"""The opt-in levels beyond the top (coaching rules, 'Session shape')."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from bot.domain import engine, progression
from bot.domain.decisions import Rule
from bot.domain.ladder import LAST_LEVEL, TOP_LEVEL
from bot.domain.opt_in import answer_beyond_top, beyond_top_offer_due, first_offer, offer_due_on
from bot.domain.programme import BeyondTopAnswered, Programme, SessionReport
from bot.storage import programme_codec

START = date(2027, 1, 4)


def at_top(sessions: int, *, days: int = 1) -> Programme:
    """A programme at level 8 with ``sessions`` comfortable sessions there, two days apart."""
    programme, _ = progression.start_programme(3, START)
    programme = replace(programme, level=TOP_LEVEL, level_set_at=0)
    for n in range(sessions):
        report = SessionReport(START + timedelta(days=days + 2 * n), peak=2, morning=2)
        programme, _ = progression.after_session(programme, report)
    return programme


def test_levels_beyond_the_top_are_offered_after_six_sessions_at_level_8() -> None:
    assert not beyond_top_offer_due(at_top(5), START + timedelta(days=12))
    assert beyond_top_offer_due(at_top(6), START + timedelta(days=13))


def test_levels_beyond_the_top_are_offered_after_twelve_weeks() -> None:
    programme = at_top(0)
    assert not beyond_top_offer_due(programme, START + timedelta(weeks=12, days=-1))
    assert beyond_top_offer_due(programme, START + timedelta(weeks=12))
    assert offer_due_on(84, 0) and not offer_due_on(83, 5)


def test_levels_beyond_the_top_are_not_offered_below_level_8_or_in_a_flare() -> None:
    programme = replace(at_top(6), level=7)
    assert not beyond_top_offer_due(programme, START + timedelta(weeks=13))
    flared, _ = progression.start_flare(at_top(6), START + timedelta(days=14))
    assert not beyond_top_offer_due(flared, START + timedelta(days=14))


def test_levels_beyond_the_top_are_offered_once() -> None:
    today = START + timedelta(days=13)
    offered = first_offer(at_top(6), today)
    assert offered is not None and offered.beyond_top_offered == today
    assert first_offer(offered, today + timedelta(days=1)) is None


def test_advance_at_level_8_stays_at_8_without_opt_in() -> None:
    programme = at_top(6)
    assert programme.level == TOP_LEVEL
    _, decision = progression.after_session(
        programme, SessionReport(START + timedelta(days=14), peak=2, morning=2)
    )
    assert (decision.rule, decision.level) == (Rule.HOLD_TOP_LEVEL, TOP_LEVEL)


def test_declining_the_levels_beyond_the_top_keeps_level_8_the_top() -> None:
    today = START + timedelta(days=13)
    programme, decision = answer_beyond_top(at_top(6), False, today)
    assert decision is not None and decision.rule is Rule.BEYOND_TOP_DECLINED
    assert decision.inputs == {"day": today.isoformat(), "opted_in": False, "level": 8,
                               "days_in_programme": 13, "sessions_at_top": 6}
    assert not beyond_top_offer_due(programme, today)
    _, after = progression.after_session(
        programme, SessionReport(today + timedelta(days=1), peak=2, morning=2)
    )
    assert (after.rule, after.level) == (Rule.HOLD_TOP_LEVEL, TOP_LEVEL)


def test_opting_in_lets_the_same_rules_advance_past_level_8() -> None:
    today = START + timedelta(days=13)
    applied = engine.apply(at_top(6), BeyondTopAnswered(True, today))
    assert applied.decision is not None and applied.decision.rule is Rule.BEYOND_TOP_OPT_IN
    assert applied.decision.level == TOP_LEVEL  # opting in moves nothing by itself
    programme, after = progression.after_session(
        applied.programme, SessionReport(today + timedelta(days=1), peak=2, morning=2)
    )
    assert (after.rule, after.level) == (Rule.ADVANCE, TOP_LEVEL + 1)
    programme, red = progression.after_session(
        programme, SessionReport(today + timedelta(days=3), peak=8)
    )
    assert (red.rule, red.level) == (Rule.DROP_RED, TOP_LEVEL)


def test_the_levels_beyond_the_top_end_at_twenty_minutes_of_running() -> None:
    programme = replace(at_top(0), level=LAST_LEVEL, beyond_top=True)
    _, decision = progression.after_session(
        programme, SessionReport(START + timedelta(days=1), peak=2, morning=2)
    )
    assert decision.level == LAST_LEVEL
    _, harder = progression.override(programme, "harder", START + timedelta(days=2))
    assert harder.rule is Rule.OVERRIDE_REFUSED and harder.inputs["reason"] == "at_top"


def test_an_answer_when_no_offer_is_due_decides_nothing() -> None:
    programme = at_top(2)
    assert answer_beyond_top(programme, True, START + timedelta(days=6)) == (programme, None)
    answered, _ = answer_beyond_top(at_top(6), True, START + timedelta(days=13))
    assert answer_beyond_top(answered, False, START + timedelta(days=14))[1] is None


def test_the_answer_to_the_offer_survives_storage_and_a_hold() -> None:
    today = START + timedelta(days=13)
    held = engine.apply(at_top(6), BeyondTopAnswered(True, today), held=True)
    assert held.decision is not None and held.decision.rule is Rule.ON_HOLD
    stored = programme_codec.load(programme_codec.dump(held.programme))
    assert stored == held.programme and stored.beyond_top is None
    settled = engine.settle(stored)
    assert [d.rule for d in settled.settled] == [Rule.BEYOND_TOP_OPT_IN]
    assert settled.programme.beyond_top is True
