"""Progress figures: programme weeks, sessions scheduled and done, and weekly average pain."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.progress import (
    SessionPoint,
    pain_change,
    programme_week,
    scheduled_sessions,
    sessions_done,
    summarise,
    weekly_average_pain,
)
from bot.domain.rules import PROGRAMME_WEEKS, TRIAL_ADHERENCE, TRIAL_AVERAGE_PAIN_CHANGE
from bot.domain.week import Weekday
from bot.domain.zones import Zone

MONDAY = date(2027, 1, 4)
MWF = (Weekday.MON, Weekday.WED, Weekday.FRI)


def _point(day: date, peak: int | None = 2, fraction: float = 1.0, level: int = 1
           ) -> SessionPoint:
    return SessionPoint(day, programme_week(MONDAY, day), level, fraction, Zone.GREEN, peak)


def test_programme_weeks_count_from_the_first_session_day() -> None:
    assert programme_week(MONDAY, MONDAY - timedelta(days=1)) == 0
    assert programme_week(MONDAY, MONDAY) == 1
    assert programme_week(MONDAY, MONDAY + timedelta(days=6)) == 1
    assert programme_week(MONDAY, MONDAY + timedelta(days=7)) == 2
    assert programme_week(MONDAY, MONDAY + timedelta(weeks=12)) == 13


def test_sessions_scheduled_are_the_training_days_so_far_within_twelve_weeks() -> None:
    assert scheduled_sessions(MONDAY, MONDAY - timedelta(days=1), MWF) == 0
    assert scheduled_sessions(MONDAY, MONDAY, MWF) == 0  # later today is not missed yet
    assert scheduled_sessions(MONDAY, MONDAY, MWF, done_today=True) == 1
    assert scheduled_sessions(MONDAY, MONDAY + timedelta(days=3), MWF) == 2
    whole = 3 * PROGRAMME_WEEKS
    assert scheduled_sessions(MONDAY, MONDAY + timedelta(weeks=PROGRAMME_WEEKS), MWF) == whole
    assert scheduled_sessions(MONDAY, MONDAY + timedelta(weeks=30), MWF) == whole


def test_a_session_counts_once_a_day_from_eighty_percent_done() -> None:
    points = [_point(MONDAY), _point(MONDAY), _point(MONDAY + timedelta(days=2), fraction=0.79),
              _point(MONDAY + timedelta(days=4), fraction=0.8),
              _point(MONDAY + timedelta(weeks=PROGRAMME_WEEKS))]  # after the programme
    assert sessions_done(points) == 2


def test_the_weekly_average_is_the_mean_peak_pain_of_each_week_that_has_one() -> None:
    points = [_point(MONDAY, 2), _point(MONDAY + timedelta(days=2), 5),
              _point(MONDAY + timedelta(days=4), None),
              _point(MONDAY + timedelta(weeks=2), 1)]
    weekly = weekly_average_pain(points)
    assert weekly == {1: 3.5, 3: 1.0}
    assert pain_change(weekly) == -2.5
    assert pain_change({1: 3.5}) is None


def test_the_summary_sets_the_figures_beside_the_trials() -> None:
    points = [_point(MONDAY, 4), _point(MONDAY + timedelta(days=9), 2, level=2)]
    summary = summarise(points, start=MONDAY, today=MONDAY + timedelta(days=9), days=MWF,
                        start_level=1, level=2)
    assert (summary.week, summary.done, summary.scheduled) == (2, 2, 5)
    assert summary.adherence == 0.4
    assert summary.pain_change == -2.0
    assert (summary.trial_adherence, summary.trial_pain_change) == (
        TRIAL_ADHERENCE, TRIAL_AVERAGE_PAIN_CHANGE)
    before = summarise([], start=MONDAY, today=MONDAY - timedelta(days=1), days=MWF,
                       start_level=1, level=1)
    assert before.week == 0 and before.adherence is None


def test_jog_minutes_follow_the_level_and_how_far_the_session_went() -> None:
    assert _point(MONDAY, level=3).jog_minutes == 4.0
    assert _point(MONDAY, level=3, fraction=0.5).jog_minutes == 2.0
    assert _point(MONDAY, level=0).jog_minutes == 0.0
