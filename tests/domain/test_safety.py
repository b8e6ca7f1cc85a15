import pytest

from bot.domain.safety import (
    EMERGENCY_FLAGS,
    SAFETY_PAIN_THRESHOLD,
    Readiness,
    RedFlag,
    SafetyOutcome,
    mentions_red_flag,
    mentions_severe_pain,
)


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
    assert mentions_red_flag(text) is flag


@pytest.mark.parametrize(
    "text", ["what's today's session?", "my back is a bit stiff", "legs tired", "hello"]
)
def test_ordinary_messages_are_not_red_flags(text: str) -> None:
    assert mentions_red_flag(text) is None


@pytest.mark.parametrize(
    ("text", "severe"),
    [("pain is 9/10", True), ("10 out of 10 today", True), ("nine out of ten", True),
     ("8/10", False), ("about 3/10", False), ("19/10", False)],
)
def test_severe_pain_in_plain_words(text: str, severe: bool) -> None:
    assert mentions_severe_pain(text) is severe
    assert SAFETY_PAIN_THRESHOLD == 9
