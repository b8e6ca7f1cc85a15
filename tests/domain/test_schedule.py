from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.schedule import (
    is_training_day,
    local_date,
    local_instant,
    next_session,
    next_training_date,
)
from bot.domain.week import Weekday

MON, TUE, WED, THU, FRI, SAT, SUN = Weekday
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")
HONOLULU = ZoneInfo("Pacific/Honolulu")


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- local date and instant -----------------------------------------------------------------


def test_local_date_crosses_midnight_ahead_of_utc() -> None:
    # Sunday evening in UTC is already Monday morning in Auckland (NZST, +12).
    now = utc(2024, 6, 2, 20, 0)
    assert now.weekday() == SUN
    assert local_date(now, AUCKLAND) == date(2024, 6, 3)
    assert local_date(now, AUCKLAND).weekday() == MON


def test_local_date_lags_behind_utc() -> None:
    # Monday early morning in UTC is still Sunday evening in Honolulu (HST, -10).
    now = utc(2024, 6, 3, 5, 0)
    assert local_date(now, HONOLULU) == date(2024, 6, 2)


def test_local_date_needs_aware_now() -> None:
    with pytest.raises(ValueError):
        local_date(datetime(2024, 6, 3, 5, 0), LONDON)


def test_local_instant_plain_days() -> None:
    assert local_instant(date(2024, 1, 15), time(7, 30), LONDON) == utc(2024, 1, 15, 7, 30)
    assert local_instant(date(2024, 7, 15), time(7, 30), LONDON) == utc(2024, 7, 15, 6, 30)
    assert local_instant(date(2024, 1, 15), time(7, 30), NEW_YORK) == utc(2024, 1, 15, 12, 30)
    assert local_instant(date(2024, 7, 15), time(7, 30), NEW_YORK) == utc(2024, 7, 15, 11, 30)


@pytest.mark.parametrize(
    ("day", "at", "tz", "expected", "wall"),
    [
        # London springs forward 01:00 GMT -> 02:00 BST on 31 March 2024.
        (date(2024, 3, 31), time(1, 30), LONDON, utc(2024, 3, 31, 1, 0), time(2, 0)),
        (date(2024, 3, 31), time(1, 0), LONDON, utc(2024, 3, 31, 1, 0), time(2, 0)),
        (date(2024, 3, 31), time(2, 0), LONDON, utc(2024, 3, 31, 1, 0), time(2, 0)),
        (date(2024, 3, 31), time(0, 59), LONDON, utc(2024, 3, 31, 0, 59), time(0, 59)),
        # New York springs forward 02:00 EST -> 03:00 EDT on 10 March 2024.
        (date(2024, 3, 10), time(2, 30), NEW_YORK, utc(2024, 3, 10, 7, 0), time(3, 0)),
        (date(2024, 3, 10), time(2, 59, 59), NEW_YORK, utc(2024, 3, 10, 7, 0), time(3, 0)),
        (date(2024, 3, 10), time(3, 0), NEW_YORK, utc(2024, 3, 10, 7, 0), time(3, 0)),
        (date(2024, 3, 10), time(1, 59), NEW_YORK, utc(2024, 3, 10, 6, 59), time(1, 59)),
    ],
)
def test_local_instant_in_spring_forward_gap_moves_to_end_of_gap(
    day: date, at: time, tz: ZoneInfo, expected: datetime, wall: time
) -> None:
    instant = local_instant(day, at, tz)
    assert instant == expected
    assert instant.tzinfo is UTC
    assert instant.astimezone(tz).time() == wall


@pytest.mark.parametrize(
    ("day", "at", "tz", "expected"),
    [
        # London falls back 02:00 BST -> 01:00 GMT on 27 October 2024: 01:30 happens twice.
        (date(2024, 10, 27), time(1, 30), LONDON, utc(2024, 10, 27, 0, 30)),
        (date(2024, 10, 27), time(1, 0), LONDON, utc(2024, 10, 27, 0, 0)),
        (date(2024, 10, 27), time(2, 0), LONDON, utc(2024, 10, 27, 2, 0)),
        # New York falls back 02:00 EDT -> 01:00 EST on 3 November 2024.
        (date(2024, 11, 3), time(1, 30), NEW_YORK, utc(2024, 11, 3, 5, 30)),
        (date(2024, 11, 3), time(2, 0), NEW_YORK, utc(2024, 11, 3, 7, 0)),
    ],
)
def test_local_instant_in_fall_back_overlap_takes_first_occurrence(
    day: date, at: time, tz: ZoneInfo, expected: datetime
) -> None:
    assert local_instant(day, at, tz) == expected


def test_local_instant_other_gaps() -> None:
    # Lord Howe Island shifts by half an hour; Samoa skipped 30 December 2011 entirely.
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    assert local_instant(date(2024, 10, 6), time(2, 15), lord_howe).astimezone(
        lord_howe
    ) == datetime(2024, 10, 6, 2, 30, tzinfo=lord_howe)
    apia = ZoneInfo("Pacific/Apia")
    assert local_instant(date(2011, 12, 30), time(7, 0), apia) == utc(2011, 12, 30, 10, 0)


def test_local_instant_ignores_tzinfo_on_time() -> None:
    at = time(7, 30, tzinfo=UTC)
    assert local_instant(date(2024, 1, 15), at, NEW_YORK) == utc(2024, 1, 15, 12, 30)


# --- training days --------------------------------------------------------------------------


def test_is_training_day() -> None:
    assert is_training_day(date(2024, 6, 3), [MON, WED, FRI])  # Monday
    assert not is_training_day(date(2024, 6, 4), [MON, WED, FRI])
    assert is_training_day(date(2024, 6, 9), (SUN,))
    assert not is_training_day(date(2024, 6, 9), ())


def test_next_training_date() -> None:
    days = (MON, WED, FRI)
    assert next_training_date(date(2024, 6, 3), days) == date(2024, 6, 3)
    assert next_training_date(date(2024, 6, 3), days, inclusive=False) == date(2024, 6, 5)
    assert next_training_date(date(2024, 6, 8), days) == date(2024, 6, 10)  # Sat -> Mon
    assert next_training_date(date(2024, 6, 9), (SUN,), inclusive=False) == date(2024, 6, 16)
    assert next_training_date(date(2024, 12, 30), (WED,)) == date(2025, 1, 1)


def test_next_training_date_needs_days() -> None:
    with pytest.raises(ValueError):
        next_training_date(date(2024, 6, 3), ())


# --- next session ---------------------------------------------------------------------------


def test_next_session_later_today() -> None:
    now = utc(2024, 6, 3, 5, 0)  # Monday 06:00 BST
    assert next_session([MON, WED, FRI], time(7, 0), LONDON, now) == utc(2024, 6, 3, 6, 0)


def test_next_session_skips_to_next_training_day_once_passed() -> None:
    now = utc(2024, 6, 3, 6, 0, 1)  # just after Monday 07:00 BST
    assert next_session([MON, WED, FRI], time(7, 0), LONDON, now) == utc(2024, 6, 5, 6, 0)


def test_next_session_exactly_now() -> None:
    now = utc(2024, 6, 3, 6, 0)
    days = [MON, WED, FRI]
    assert next_session(days, time(7, 0), LONDON, now) == utc(2024, 6, 5, 6, 0)
    assert next_session(days, time(7, 0), LONDON, now, include_now=True) == now


def test_next_session_wraps_over_the_week() -> None:
    now = utc(2024, 6, 7, 18, 0)  # Friday evening in London
    assert next_session([MON, WED, FRI], time(7, 0), LONDON, now) == utc(2024, 6, 10, 6, 0)
    only_monday = next_session([MON], time(7, 0), LONDON, utc(2024, 6, 3, 7, 0))
    assert only_monday == utc(2024, 6, 10, 6, 0)


def test_next_session_monday_in_auckland_while_sunday_in_utc() -> None:
    now = utc(2024, 6, 2, 20, 0)  # Sunday 20:00 UTC = Monday 08:00 NZST
    # Monday 09:00 in Auckland is still Sunday in UTC.
    assert next_session([MON], time(9, 0), AUCKLAND, now) == utc(2024, 6, 2, 21, 0)
    # Monday 07:00 has passed in Auckland, so the next is a week later.
    assert next_session([MON], time(7, 0), AUCKLAND, now) == utc(2024, 6, 9, 19, 0)
    # A Sunday session is six days away, though it is Sunday in UTC right now.
    assert next_session([SUN], time(21, 0), AUCKLAND, now) == utc(2024, 6, 9, 9, 0)


def test_next_session_auckland_midnight() -> None:
    now = utc(2024, 6, 2, 11, 59)  # Sunday 23:59 NZST
    assert next_session([MON], time(0, 0), AUCKLAND, now) == utc(2024, 6, 2, 12, 0)


def test_next_session_sunday_in_honolulu_while_monday_in_utc() -> None:
    now = utc(2024, 6, 3, 5, 0)  # Monday 05:00 UTC = Sunday 19:00 HST
    assert next_session([SUN], time(20, 0), HONOLULU, now) == utc(2024, 6, 3, 6, 0)
    assert next_session([MON], time(6, 0), HONOLULU, now) == utc(2024, 6, 3, 16, 0)
    # Late evening Sunday in Honolulu, yet the Monday 23:30 session is still a day away.
    assert next_session([MON], time(23, 30), HONOLULU, now) == utc(2024, 6, 4, 9, 30)


def test_next_session_keeps_wall_time_across_spring_forward() -> None:
    now = utc(2024, 3, 8, 12, 0)  # Friday before New York springs forward
    first = next_session([SAT, MON], time(7, 0), NEW_YORK, now)
    second = next_session([SAT, MON], time(7, 0), NEW_YORK, first)
    assert first == utc(2024, 3, 9, 12, 0)  # Saturday 07:00 EST
    assert second == utc(2024, 3, 11, 11, 0)  # Monday 07:00 EDT


def test_next_session_keeps_wall_time_across_fall_back() -> None:
    now = utc(2024, 10, 26, 12, 0)  # Saturday in London, BST
    assert next_session([SUN], time(7, 0), LONDON, now) == utc(2024, 10, 27, 7, 0)  # GMT


def test_next_session_inside_the_missing_hour() -> None:
    now = utc(2024, 3, 10, 5, 0)  # Sunday 00:00 EST, New York springs forward at 02:00
    assert next_session([SUN], time(2, 30), NEW_YORK, now) == utc(2024, 3, 10, 7, 0)
    after = next_session([SUN], time(2, 30), NEW_YORK, utc(2024, 3, 10, 7, 0))
    assert after == utc(2024, 3, 17, 6, 30)


def test_next_session_ambiguous_time_fires_once() -> None:
    days = [SUN]
    at = time(1, 30)
    before = utc(2024, 11, 3, 4, 0)  # Sunday 00:00 EDT
    first = next_session(days, at, NEW_YORK, before)
    assert first == utc(2024, 11, 3, 5, 30)  # 01:30 EDT
    # Between the two 01:30s (01:00 EST): the repeat does not count as another session.
    between = utc(2024, 11, 3, 6, 0)
    assert next_session(days, at, NEW_YORK, between) == utc(2024, 11, 10, 6, 30)
    assert next_session(days, at, NEW_YORK, first) == utc(2024, 11, 10, 6, 30)


def test_next_session_ambiguous_time_in_london() -> None:
    between = utc(2024, 10, 27, 1, 15)  # 01:15 GMT, after the first 01:30 BST
    assert next_session([SUN], time(1, 30), LONDON, between) == utc(2024, 11, 3, 1, 30)


def test_next_session_auckland_dst() -> None:
    # Auckland springs forward 02:00 -> 03:00 on 29 September 2024 (Sunday).
    now = utc(2024, 9, 28, 12, 0)  # Sunday 00:00 NZST
    assert next_session([SUN], time(2, 30), AUCKLAND, now) == utc(2024, 9, 28, 14, 0)
    # Auckland falls back 03:00 -> 02:00 on 7 April 2024: 02:30 NZDT comes first.
    now = utc(2024, 4, 6, 11, 0)  # Sunday 00:00 NZDT
    assert next_session([SUN], time(2, 30), AUCKLAND, now) == utc(2024, 4, 6, 13, 30)


def test_next_session_needs_days_and_aware_now() -> None:
    with pytest.raises(ValueError):
        next_session([], time(7, 0), LONDON, utc(2024, 6, 3, 5, 0))
    with pytest.raises(ValueError):
        next_session([MON], time(7, 0), LONDON, datetime(2024, 6, 3, 5, 0))


def test_next_session_accepts_any_aware_now() -> None:
    now = datetime(2024, 6, 3, 1, 0, tzinfo=NEW_YORK)  # Monday 05:00 UTC
    assert next_session([MON], time(7, 0), LONDON, now) == utc(2024, 6, 3, 6, 0)


# --- properties -----------------------------------------------------------------------------

ZONES = [
    "Europe/London",
    "America/New_York",
    "Pacific/Auckland",
    "Pacific/Honolulu",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "America/Sao_Paulo",
    "Europe/Berlin",
    "UTC",
]

nows = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
)
training_days = st.frozensets(st.sampled_from(list(Weekday)), min_size=1)
zones = st.sampled_from(ZONES).map(ZoneInfo)


def _wall_exists(day: date, at: time, tz: ZoneInfo) -> bool:
    wall = datetime.combine(day, at)
    return wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall


@settings(max_examples=300)
@given(training_days, st.times(), zones, nows)
def test_next_session_properties(
    days: frozenset[Weekday], at: time, tz: ZoneInfo, now: datetime
) -> None:
    session = next_session(days, at, tz, now)
    local = session.astimezone(tz)
    assert session.tzinfo is UTC
    assert session > now
    assert session - now <= timedelta(days=8)
    assert Weekday(local.weekday()) in days
    if _wall_exists(local.date(), at, tz):
        assert local.time() == at
    else:
        assert local.time() > at
    # Nothing is skipped: the session on the day before it, if a training day, had passed.
    assert next_session(days, at, tz, now, include_now=True) <= session


@settings(max_examples=200)
@given(training_days, st.times(), zones, nows)
def test_next_session_never_repeats_a_local_day(
    days: frozenset[Weekday], at: time, tz: ZoneInfo, now: datetime
) -> None:
    first = next_session(days, at, tz, now)
    second = next_session(days, at, tz, first)
    assert second > first
    assert second.astimezone(tz).date() > first.astimezone(tz).date()
    assert next_session(days, at, tz, first, include_now=True) == first


@given(training_days, st.times(), zones, nows)
def test_next_session_is_the_first_training_day_session(
    days: frozenset[Weekday], at: time, tz: ZoneInfo, now: datetime
) -> None:
    session = next_session(days, at, tz, now)
    day = next_training_date(local_date(now, tz), days)
    expected_day = day if local_instant(day, at, tz) > now else None
    if expected_day is None:
        expected_day = next_training_date(day, days, inclusive=False)
    assert session == local_instant(expected_day, at, tz)
