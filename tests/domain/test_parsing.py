from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.parsing import (
    consecutive_pairs,
    parse_days,
    parse_pain,
    parse_time,
    parse_yes_no,
)
from bot.domain.week import Weekday

MON, TUE, WED, THU, FRI, SAT, SUN = Weekday

# --- days -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon wed fri", (MON, WED, FRI)),
        ("Monday, Wednesday, Friday", (MON, WED, FRI)),
        ("mon,wed,fri", (MON, WED, FRI)),
        ("Mo We Fr", (MON, WED, FRI)),
        ("tue thu sat", (TUE, THU, SAT)),
        ("monday wednesday and friday", (MON, WED, FRI)),
        ("MONDAY wEdNeSdAy FrIdAy", (MON, WED, FRI)),
        ("tues thurs sat", (TUE, THU, SAT)),
        ("weds", (WED,)),
        ("fri mon wed", (MON, WED, FRI)),
        ("mon mon wed", (MON, WED)),
        ("Mon/Wed/Fri", (MON, WED, FRI)),
        ("mon; wed & fri.", (MON, WED, FRI)),
        ("sun mon", (MON, SUN)),
    ],
)
def test_parse_days(text: str, days: tuple[Weekday, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize(
    "text", ["", "   ", "and", "mon wed funday", "every day", "1 3 5", "mon-fri"]
)
def test_parse_days_rejects(text: str) -> None:
    assert parse_days(text) is None


@given(st.sets(st.sampled_from(list(Weekday)), min_size=1))
def test_parse_days_reads_back_any_listing(days: set[Weekday]) -> None:
    text = ", ".join(day.title for day in days)
    assert parse_days(text) == tuple(sorted(days))
    assert parse_days(" ".join(day.short.upper() for day in days)) == tuple(sorted(days))


def test_consecutive_pairs() -> None:
    assert consecutive_pairs([MON, WED, FRI]) == []
    assert consecutive_pairs([MON, TUE, THU]) == [(MON, TUE)]
    assert consecutive_pairs([FRI, SAT, SUN]) == [(FRI, SAT), (SAT, SUN)]
    assert consecutive_pairs([MON, WED, SUN]) == [(SUN, MON)]
    assert consecutive_pairs([MON, TUE, SUN]) == [(MON, TUE), (SUN, MON)]
    assert consecutive_pairs([WED]) == []
    assert consecutive_pairs([]) == []


# --- time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7:30", time(7, 30)),
        ("07:30", time(7, 30)),
        ("7.30am", time(7, 30)),
        ("7:30 am", time(7, 30)),
        ("7:30 AM", time(7, 30)),
        ("7:30 a.m.", time(7, 30)),
        ("7am", time(7, 0)),
        ("7 am", time(7, 0)),
        ("19:00", time(19, 0)),
        ("7pm", time(19, 0)),
        ("7:15pm", time(19, 15)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:30am", time(0, 30)),
        ("noon", time(12, 0)),
        ("Noon", time(12, 0)),
        ("midnight", time(0, 0)),
        ("1930", time(19, 30)),
        ("730", time(7, 30)),
        ("0730", time(7, 30)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        (" 6:45 ", time(6, 45)),
        ("7h30", time(7, 30)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "25:00", "24:00", "7:75", "13pm", "0am", "19:00pm", "abc", "", "7", "19",
        "7:5", "12345", "2400", "760", "-7:30", "7:30:00", "seven",
    ],
)  # fmt: skip
def test_parse_time_rejects(text: str) -> None:
    assert parse_time(text) is None


@given(st.integers(0, 23), st.integers(0, 59))
def test_parse_time_reads_back_24_hour_clock(hour: int, minute: int) -> None:
    assert parse_time(f"{hour}:{minute:02d}") == time(hour, minute)
    assert parse_time(f"{hour:02d}{minute:02d}") == time(hour, minute)


@given(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm"]))
def test_parse_time_reads_back_12_hour_clock(hour: int, minute: int, half: str) -> None:
    expected = time(hour % 12 + (12 if half == "pm" else 0), minute)
    assert parse_time(f"{hour}:{minute:02d}{half}") == expected


# --- pain -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4", 4), (" 4 ", 4), ("4/10", 4), ("4 / 10", 4), ("4 out of 10", 4),
        ("four", 4), ("Four", 4), ("zero", 0), ("ten", 10), ("0", 0), ("10", 10),
        ("10/10", 10), ("seven out of 10", 7),
    ],
)  # fmt: skip
def test_parse_pain(text: str, expected: int) -> None:
    assert parse_pain(text) == expected


@pytest.mark.parametrize(
    "text", ["11", "-1", "4.5", "abc", "", "eleven", "4/5", "100", "4 5", "four hundred"]
)
def test_parse_pain_rejects(text: str) -> None:
    assert parse_pain(text) is None


@given(st.integers(-100, 100))
def test_parse_pain_only_zero_to_ten(score: int) -> None:
    assert parse_pain(str(score)) == (score if 0 <= score <= 10 else None)


# --- yes / no -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["yes", "Yes", "YES!", "y", "yeah", "yep", "yup", "sure", "ok"])
def test_parse_yes(text: str) -> None:
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["no", "No.", "n", "nope", "nah", "not really", "no thanks"])
def test_parse_no(text: str) -> None:
    assert parse_yes_no(text) is False


@pytest.mark.parametrize("text", ["", "maybe", "yes no", "perhaps", "4"])
def test_parse_yes_no_rejects(text: str) -> None:
    assert parse_yes_no(text) is None
