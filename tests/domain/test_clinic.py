"""The pure rules of remote support: invites, who may see whom, alerts, digests, trends, and a
clinician's level change (a decision like every other, after which the rules apply)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import engine
from bot.domain.clinic import (
    AlertKind,
    InviteProblem,
    LevelProblem,
    LevelRefused,
    PainTrend,
    alert_for,
    code_hash,
    invite_expires,
    invite_problem,
    level_problem,
    levels_allowed,
    may_see,
    next_digest,
    pain_trend,
    set_by_clinician,
)
from bot.domain.decisions import Decision, Rule
from bot.domain.flare import start_flare
from bot.domain.programme import ClinicianSet, SessionDone, SessionReport, start_programme
from bot.domain.rules import DIGEST_HOUR, DIGEST_WEEKDAY, INVITE_VALID_DAYS
from bot.domain.zones import Zone
from tests.domain.test_progression import GOOD, SORE, at_level, runs

NOW = datetime(2027, 1, 6, 9, 30, tzinfo=UTC)  # a Wednesday
MONDAY = date(2027, 1, 4)


def test_an_invite_works_until_it_expires_and_only_once() -> None:
    expires = invite_expires(NOW)
    assert expires == NOW + timedelta(days=INVITE_VALID_DAYS)
    assert invite_problem(expires, None, None, NOW) is None
    assert invite_problem(expires, None, None, expires - timedelta(seconds=1)) is None
    assert invite_problem(expires, None, None, expires) is InviteProblem.EXPIRED
    assert invite_problem(expires, NOW, None, NOW) is InviteProblem.USED
    assert invite_problem(expires, None, NOW, NOW) is InviteProblem.REVOKED
    # What the clinician did wins over the clock.
    assert invite_problem(expires, None, NOW, expires + timedelta(days=1)) is InviteProblem.REVOKED


def test_only_a_hash_of_the_code_is_kept_and_it_differs_per_code() -> None:
    assert code_hash("abc") != code_hash("abd")
    assert "abc" not in code_hash("abc") and len(code_hash("abc")) == 64


def test_only_a_clinician_linked_now_may_see_a_client() -> None:
    assert may_see(7001, 5001, [7001, 7002])
    assert not may_see(7003, 5001, [7001, 7002])
    assert not may_see(7001, 5001, [])
    assert not may_see(5001, 5001, [5001])  # never through a link to oneself


def test_alerts_come_from_reds_a_row_of_reds_and_flares_only() -> None:
    decisions = runs(at_level(6), (0, SORE), (2, GOOD), (4, SORE), (6, SORE))
    assert [alert_for(d) for d in decisions] == [
        AlertKind.RED_SESSION, None, AlertKind.RED_SESSION, AlertKind.TWO_REDS]
    assert alert_for(Decision(2, Rule.FLARE_START)) is AlertKind.FLARE
    assert alert_for(Decision(2, Rule.OVERRIDE_EASIER)) is None
    assert alert_for(Decision(2, Rule.HOLD_AMBER, zone=Zone.AMBER)) is None


@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31),
                    timezones=st.just(UTC)),
       st.sampled_from(["Europe/London", "Australia/Sydney", "America/Los_Angeles", "UTC"]))
def test_the_digest_comes_on_the_digest_weekday_at_the_local_hour_within_a_week(
    now: datetime, zone_name: str
) -> None:
    zone = ZoneInfo(zone_name)
    at = next_digest(now, zone)
    local = at.astimezone(zone)
    assert now < at <= now + timedelta(days=7, hours=1)
    assert (local.weekday(), local.hour, local.minute) == (DIGEST_WEEKDAY, DIGEST_HOUR, 0)


def test_pain_trend_compares_the_later_half_with_the_earlier() -> None:
    assert pain_trend([]) is PainTrend.UNKNOWN
    assert pain_trend([4]) is PainTrend.UNKNOWN
    assert pain_trend([5, 5, 3, 3]) is PainTrend.BETTER
    assert pain_trend([3, 3, 5, 5]) is PainTrend.WORSE
    assert pain_trend([4, 4, 4, 5]) is PainTrend.SAME


def test_a_clinician_sets_any_level_of_the_ladder_with_who_and_why_stored() -> None:
    programme = at_level(2)
    event = ClinicianSet(5, "Dr Sam (physio)", "tolerating well", MONDAY)
    updated, decision = set_by_clinician(programme, event)
    assert (updated.level, decision.level, decision.rule) == (5, 5, Rule.CLINICIAN)
    assert decision.inputs["clinician"] == "Dr Sam (physio)"
    assert decision.inputs["reason"] == "tolerating well"
    assert decision.inputs["from_level"] == 2 and decision.stored
    assert list(levels_allowed(programme)) == list(range(0, 9))
    for level in (-1, 9, 11):
        with pytest.raises(LevelRefused) as refused:
            set_by_clinician(programme, ClinicianSet(level, "Dr Sam", "x", MONDAY))
        assert refused.value.problem is LevelProblem.OFF_LADDER
        assert level_problem(programme, level, MONDAY) is LevelProblem.OFF_LADDER


def test_a_clinician_cannot_cut_a_flare_short_or_lift_a_high_baseline_first_week() -> None:
    flaring, _ = start_flare(at_level(4), MONDAY)
    assert level_problem(flaring, 2, MONDAY) is LevelProblem.IN_FLARE
    with pytest.raises(LevelRefused):
        engine.apply(flaring, ClinicianSet(2, "Dr Sam", "x", MONDAY))
    floor, _ = start_programme(8, MONDAY)  # usual pain 8: brisk walks for the first week
    assert level_problem(floor, 1, MONDAY) is LevelProblem.FIRST_WEEK
    assert level_problem(floor, 0, MONDAY) is None
    first = SessionReport(MONDAY, peak=3, morning=3)
    walked = engine.apply(floor, SessionDone(first, 1)).programme
    assert level_problem(walked, 1, MONDAY + timedelta(days=6)) is LevelProblem.FIRST_WEEK
    assert level_problem(walked, 1, MONDAY + timedelta(days=7)) is None


def test_the_coaching_rules_apply_after_a_clinicians_level() -> None:
    programme, _ = start_programme(4, MONDAY)
    applied = engine.apply(programme, ClinicianSet(6, "Dr Sam", "strong runner", MONDAY))
    assert applied.decision is not None and applied.decision.level == 6
    sore = SessionReport(MONDAY + timedelta(days=1), peak=7, morning=4)
    after = engine.apply(applied.programme, SessionDone(sore, 1))
    assert after.decision is not None
    assert (after.decision.rule, after.decision.level) == (Rule.DROP_RED, 5)


def test_while_a_red_flag_hold_stands_a_clinicians_level_changes_nothing() -> None:
    programme = at_level(3)
    applied = engine.apply(programme, ClinicianSet(6, "Dr Sam", "x", MONDAY), held=True)
    assert applied.programme == programme
    assert applied.decision is not None and not applied.decision.stored
