"""Reminder rules: due instants across time zones and DST, check-ins, moves and misfires."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.reminders import (
    MoveRefusal,
    flare_occurrence,
    misfired,
    morning_occurrence,
    move_refusal,
    resume_occurrence,
    session_occurrence,
    snooze_until,
    week_number,
    weekly_occurrence,
)
from bot.domain.week import Weekday

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")
HONOLULU = ZoneInfo("Pacific/Honolulu")
MON_WED_FRI = (Weekday.MON, Weekday.WED, Weekday.FRI)
SUNDAYS = (Weekday.SUN, Weekday.TUE, Weekday.THU)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_a_london_0730_reminder_stays_0730_local_across_both_changes() -> None:
    at = time(7, 30)
    # Friday 26 March 2027 is GMT, Monday 29 March is BST (clocks went forward on the 28th).
    before = session_occurrence(MON_WED_FRI, at, LONDON, after=utc(2027, 3, 25, 12))
    after = session_occurrence(MON_WED_FRI, at, LONDON, after=utc(2027, 3, 27, 12))
    assert (before.day, before.due_at) == (date(2027, 3, 26), utc(2027, 3, 26, 7, 30))
    assert (after.day, after.due_at) == (date(2027, 3, 29), utc(2027, 3, 29, 6, 30))
    # Clocks go back on Sunday 31 October 2027.
    autumn = session_occurrence(MON_WED_FRI, at, LONDON, after=utc(2027, 10, 30, 12))
    assert (autumn.day, autumn.due_at) == (date(2027, 11, 1), utc(2027, 11, 1, 7, 30))


def test_a_reminder_inside_the_missing_hour_comes_at_the_first_valid_minute() -> None:
    # New York springs forward at 02:00 on Sunday 14 March 2027: 02:30 does not exist.
    spring = session_occurrence(SUNDAYS, time(2, 30), NEW_YORK, after=utc(2027, 3, 13, 12))
    assert spring.day == date(2027, 3, 14)
    assert spring.due_at == utc(2027, 3, 14, 7, 0)  # 03:00 EDT
    assert spring.due_at.astimezone(NEW_YORK).strftime("%H:%M") == "03:00"
    # London springs forward at 01:00 on 28 March 2027: 01:15 becomes 02:00 BST.
    london = session_occurrence(SUNDAYS, time(1, 15), LONDON, after=utc(2027, 3, 27, 12))
    assert london.due_at == utc(2027, 3, 28, 1, 0)


def test_an_ambiguous_fall_back_time_is_due_once_at_its_first_occurrence() -> None:
    # New York falls back at 02:00 on Sunday 7 November 2027: 01:30 happens twice.
    first = session_occurrence(SUNDAYS, time(1, 30), NEW_YORK, after=utc(2027, 11, 6, 12))
    assert first.due_at == utc(2027, 11, 7, 5, 30)  # 01:30 EDT
    # Asked again between the two 01:30s, the next one is the following Sunday's session day.
    again = session_occurrence(SUNDAYS, time(1, 30), NEW_YORK, after=first.due_at)
    assert again.day == date(2027, 11, 9)


def test_auckland_and_honolulu_reminders_belong_to_their_own_dates() -> None:
    # 00:15 on Monday in Auckland is still Sunday in UTC.
    auckland = session_occurrence(MON_WED_FRI, time(0, 15), AUCKLAND, after=utc(2027, 1, 2))
    assert auckland.day == date(2027, 1, 4)
    assert auckland.due_at == utc(2027, 1, 3, 11, 15)
    # 23:45 on Monday in Honolulu is already Tuesday in UTC.
    honolulu = session_occurrence(MON_WED_FRI, time(23, 45), HONOLULU, after=utc(2027, 1, 3))
    assert honolulu.day == date(2027, 1, 4)
    assert honolulu.due_at == utc(2027, 1, 5, 9, 45)


def test_taken_days_and_the_first_session_date_are_skipped() -> None:
    after = utc(2027, 1, 3, 12)  # Sunday
    plain = session_occurrence(MON_WED_FRI, time(7, 30), LONDON, after=after)
    assert plain.day == date(2027, 1, 4)
    taken = session_occurrence(MON_WED_FRI, time(7, 30), LONDON, after=after,
                               taken={date(2027, 1, 4)})
    assert taken.day == date(2027, 1, 6)
    later_start = session_occurrence(MON_WED_FRI, time(7, 30), LONDON, after=after,
                                     first_day=date(2027, 1, 8))
    assert later_start.day == date(2027, 1, 8)
    with pytest.raises(ValueError):
        session_occurrence((), time(7, 30), LONDON, after=after)


def test_the_morning_check_in_comes_the_morning_after_the_session() -> None:
    done = utc(2027, 1, 4, 8, 5)
    check = morning_occurrence(date(2027, 1, 4), time(8, 0), LONDON, done)
    assert (check.day, check.due_at) == (date(2027, 1, 5), utc(2027, 1, 5, 8, 0))
    # A late-night session finished after midnight: still that same next morning.
    night = morning_occurrence(date(2027, 1, 4), time(8, 0), LONDON, utc(2027, 1, 5, 0, 10))
    assert night.day == date(2027, 1, 5)
    # Finished after the check-in time of the next day: the morning after that.
    late = morning_occurrence(date(2027, 1, 4), time(8, 0), LONDON, utc(2027, 1, 5, 9, 0))
    assert late.day == date(2027, 1, 6)


def test_the_weekly_check_in_follows_each_programme_week_in_local_dates() -> None:
    start = date(2027, 1, 4)
    first = weekly_occurrence(start, time(8, 0), AUCKLAND, after=utc(2027, 1, 3, 12))
    assert first.day == date(2027, 1, 11)
    assert first.due_at == utc(2027, 1, 10, 19, 0)  # 08:00 NZDT, still Sunday in UTC
    assert week_number(start, first.day) - 1 == 1
    second = weekly_occurrence(start, time(8, 0), AUCKLAND, after=first.due_at)
    assert second.day == date(2027, 1, 18)
    skipped = weekly_occurrence(start, time(8, 0), AUCKLAND, after=utc(2027, 1, 3, 12),
                                taken={date(2027, 1, 11)})
    assert skipped.day == date(2027, 1, 18)


def test_a_pause_ends_at_local_midnight() -> None:
    back = resume_occurrence(date(2027, 2, 1), HONOLULU)
    assert back.due_at == utc(2027, 2, 1, 10, 0)


@pytest.mark.parametrize(
    ("day", "refusal"),
    [
        (date(2027, 1, 4), MoveRefusal.NO_REST_DAY),  # Monday -> Tuesday, Wednesday trains
        (date(2027, 1, 8), None),  # Friday -> Saturday, Sunday is free
    ],
)
def test_moving_a_session_keeps_a_rest_day(day: date, refusal: MoveRefusal | None) -> None:
    assert move_refusal(day, MON_WED_FRI) is refusal


def test_moving_onto_a_training_day_is_refused() -> None:
    days = (Weekday.MON, Weekday.TUE, Weekday.THU)
    assert move_refusal(date(2027, 1, 4), days) is MoveRefusal.TOMORROW_IS_TRAINING


def test_misfire_grace_and_snooze() -> None:
    due = utc(2027, 1, 4, 7, 30)
    grace = timedelta(minutes=120)
    assert not misfired(due, due + grace, grace)
    assert misfired(due, due + grace + timedelta(seconds=1), grace)
    assert snooze_until(due, 30) == utc(2027, 1, 4, 8, 0)
    with pytest.raises(ValueError):
        snooze_until(due, 45)


def test_the_flare_message_starts_the_morning_after_the_flare_and_comes_daily() -> None:
    at = time(8, 0)
    # A flare told at 06:00 on Wednesday 6 January: not again at 08:00 that day.
    first = flare_occurrence(date(2027, 1, 6), at, LONDON, after=utc(2027, 1, 6, 6))
    assert (first.day, first.due_at) == (date(2027, 1, 7), utc(2027, 1, 7, 8))
    following = flare_occurrence(date(2027, 1, 6), at, LONDON, after=first.due_at)
    assert (following.day, following.due_at) == (date(2027, 1, 8), utc(2027, 1, 8, 8))
    late = flare_occurrence(date(2027, 1, 6), at, LONDON, after=utc(2027, 1, 9, 7, 59))
    assert late.day == date(2027, 1, 9)
    free = flare_occurrence(date(2027, 1, 6), at, LONDON, after=utc(2027, 1, 9, 7),
                            taken={date(2027, 1, 9)})
    assert free.day == date(2027, 1, 10)
    # Local time, through the spring change: 08:00 BST on Monday 29 March 2027.
    spring = flare_occurrence(date(2027, 3, 28), at, LONDON, after=utc(2027, 3, 28, 12))
    assert spring.due_at == utc(2027, 3, 29, 7)
