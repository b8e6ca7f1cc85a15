from datetime import date

import pytest

from bot.domain.week import Weekday


def test_numbering_matches_date_weekday() -> None:
    assert Weekday(date(2024, 6, 3).weekday()) is Weekday.MON  # a Monday
    assert Weekday(date(2024, 6, 9).weekday()) is Weekday.SUN


def test_short_and_title() -> None:
    assert Weekday.MON.short == "mon"
    assert Weekday.THU.short == "thu"
    assert Weekday.MON.title == "Monday"
    assert Weekday.SUN.title == "Sunday"


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("mon", Weekday.MON),
        ("Monday", Weekday.MON),
        ("TUES", Weekday.TUE),
        ("weds", Weekday.WED),
        ("thurs", Weekday.THU),
        ("Thu.", Weekday.THU),
        ("fr", Weekday.FRI),
        (" saturday ", Weekday.SAT),
        ("Sundays", Weekday.SUN),
    ],
)
def test_from_name(name: str, day: Weekday) -> None:
    assert Weekday.from_name(name) is day


@pytest.mark.parametrize("name", ["", "m", "t", "s", "moon", "weekend", "1"])
def test_from_name_rejects(name: str) -> None:
    assert Weekday.from_name(name) is None


def test_every_short_and_title_round_trips() -> None:
    for day in Weekday:
        assert Weekday.from_name(day.short) is day
        assert Weekday.from_name(day.title) is day
