"""Reading /pause arguments."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.pausing import PauseProblem, PauseRequest, parse_pause

TODAY = date(2027, 1, 4)


@pytest.mark.parametrize(
    ("text", "until"),
    [
        ("", None),
        ("until 2027-02-01", date(2027, 2, 1)),
        ("2027-02-01", date(2027, 2, 1)),
        ("till 1 feb", date(2027, 2, 1)),
        ("until February 1st", date(2027, 2, 1)),
        ("until 3 January", date(2028, 1, 3)),  # already past this year: the next one
        ("for 2 weeks", date(2027, 1, 18)),
        ("2 weeks", date(2027, 1, 18)),
        ("for two weeks", date(2027, 1, 18)),
        ("for a week", date(2027, 1, 11)),
        ("for 10 days", date(2027, 1, 14)),
        ("for a month", date(2027, 2, 4)),
        ("For 3 Months.", date(2027, 4, 4)),
    ],
)
def test_pause_lengths_users_type(text: str, until: date | None) -> None:
    assert parse_pause(text, TODAY) == PauseRequest(until)


def test_a_month_from_the_31st_ends_on_the_last_day_of_a_short_month() -> None:
    assert parse_pause("for 1 month", date(2027, 1, 31)) == PauseRequest(date(2027, 2, 28))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("whenever", PauseProblem.NOT_UNDERSTOOD),
        ("for 0 days", PauseProblem.NOT_UNDERSTOOD),
        ("for 2 fortnights", PauseProblem.NOT_UNDERSTOOD),
        ("until 2027-02-30", PauseProblem.NOT_UNDERSTOOD),
        ("until 2027-01-04", PauseProblem.NOT_IN_FUTURE),
        ("until 2026-12-25", PauseProblem.NOT_IN_FUTURE),
        ("for 2 years", PauseProblem.NOT_UNDERSTOOD),
        ("for 400 days", PauseProblem.TOO_LONG),
        ("until 2029-01-01", PauseProblem.TOO_LONG),
    ],
)
def test_pause_requests_that_are_refused(text: str, problem: PauseProblem) -> None:
    assert parse_pause(text, TODAY) is problem
