from datetime import date

import pytest

from bot.domain.safety import (
    CLEARANCE_DAYS,
    EMERGENCY_FLAGS,
    SAFETY_PAIN_THRESHOLD,
    Readiness,
    RedFlag,
    SafetyOutcome,
    clearance_days,
    clinician,
)
from bot.domain.symptoms import red_flag_in, severe_pain_in


def test_eight_red_flags_and_the_first_three_are_emergencies() -> None:
    assert len(RedFlag) == 8
    assert list(RedFlag)[:3] == [RedFlag.BLADDER_BOWEL, RedFlag.SADDLE_NUMBNESS,
                                 RedFlag.LEG_WEAKNESS]
    assert frozenset(list(RedFlag)[:3]) == EMERGENCY_FLAGS
    for flag in list(RedFlag)[:3]:
        assert flag.outcome is SafetyOutcome.EMERGENCY
    for flag in list(RedFlag)[3:]:
        assert flag.outcome is SafetyOutcome.SEE_DOCTOR


def test_seven_readiness_questions() -> None:
    assert len(Readiness) == 7


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I can't feel my bum", RedFlag.SADDLE_NUMBNESS),
        ("i cant feel my bottom today", RedFlag.SADDLE_NUMBNESS),
        ("I wet myself on the run", RedFlag.BLADDER_BOWEL),
        ("numb legs since this morning", RedFlag.LEG_WEAKNESS),
        ("my legs feel weak", RedFlag.LEG_WEAKNESS),
        ("numbness in my groin", RedFlag.SADDLE_NUMBNESS),
    ],
)
def test_red_flag_symptoms_in_plain_words(text: str, flag: RedFlag) -> None:
    assert red_flag_in(text) is flag


@pytest.mark.parametrize(
    "text", ["what's today's session?", "my back is a bit stiff", "legs tired", "hello"]
)
def test_ordinary_messages_are_not_red_flags(text: str) -> None:
    assert red_flag_in(text) is None


@pytest.mark.parametrize(
    ("text", "severe"),
    [("pain is 9/10", True), ("10 out of 10 today", True), ("nine out of ten", True),
     ("8/10", False), ("about 3/10", False), ("19/10", False)],
)
def test_severe_pain_in_plain_words(text: str, severe: bool) -> None:
    assert severe_pain_in(text) is severe
    assert SAFETY_PAIN_THRESHOLD == 9


def test_a_clearance_is_dated_between_the_hold_and_today_within_a_week() -> None:
    today = date(2027, 1, 20)
    assert clearance_days(date(2027, 1, 18), today) == (
        date(2027, 1, 20), date(2027, 1, 19), date(2027, 1, 18))
    assert clearance_days(today, today) == (today,)
    assert len(clearance_days(date(2026, 12, 1), today)) == CLEARANCE_DAYS


@pytest.mark.parametrize(
    ("text", "kept"),
    [("  Dr   Patel, A&E ", "Dr Patel, A&E"), ("my GP", "my GP"), ("", None), ("42", None),
     ("x" * 300, "x" * 200)],
)
def test_who_cleared_the_user_must_name_someone(text: str, kept: str | None) -> None:
    assert clinician(text) == kept
