"""The phrase corpus: everyday messages and what the safety reader makes of each."""

from __future__ import annotations

import pytest

from bot.domain.safety import RedFlag
from bot.domain.symptoms import (
    EXCEPTIONS,
    NEGATIONS,
    PHRASES,
    red_flag_in,
    red_flags_in,
    severe_pain_in,
)

BLADDER, SADDLE, LEGS = RedFlag.BLADDER_BOWEL, RedFlag.SADDLE_NUMBNESS, RedFlag.LEG_WEAKNESS
FEVER, WEIGHT, CANCER = RedFlag.FEVER, RedFlag.WEIGHT_LOSS, RedFlag.CANCER
FALL, NIGHT = RedFlag.FALL, RedFlag.NIGHT_PAIN

ALARMING: list[tuple[str, RedFlag]] = [
    ("numb between my legs", SADDLE),
    ("tingling in my groin", SADDLE),
    ("I can't feel my bum", SADDLE),
    ("i cant feel my bottom today", SADDLE),
    ("numbness in my groin", SADDLE),
    ("my groin has gone numb since the run", SADDLE),
    ("pins and needles in my bum", SADDLE),
    ("tingeling in my groin", SADDLE),  # typo
    ("numbnes between my legs", SADDLE),  # typo
    ("inner thighs feel numb, numb inner thigh", SADDLE),
    ("I don't know why but my groin is numb", SADDLE),
    ("can't feel when I pee", BLADDER),
    ("I wet myself on the run", BLADDER),
    ("I can't pee properly since yesterday", BLADDER),
    ("having trouble peeing", BLADDER),
    ("lost control of my bowels", BLADDER),
    ("some bladder problems this week", BLADDER),
    ("bit of incontinance after the jog", BLADDER),  # typo
    ("my leg is getting weaker", LEGS),
    ("weakness in my leg is getting worse", LEGS),
    ("my legs feel weak after that jog, just tired", LEGS),
    ("numb legs since this morning", LEGS),
    ("my legs feel weak", LEGS),
    ("my left leg keeps giving way", LEGS),
    ("I can't lift my foot properly", LEGS),
    ("my foot feels numb", LEGS),
    ("I've got a fever", FEVER),
    ("running a temperature and my back aches", FEVER),
    ("feeling unwell with the back pain", FEVER),
    ("I feel really ill today", FEVER),
    ("I've lost weight without trying", WEIGHT),
    ("losing weight for no reason", WEIGHT),
    ("unexplained weight loss lately", WEIGHT),
    ("lost a lot of weight recently", WEIGHT),
    ("I had cancer a few years ago", CANCER),
    ("my oncologist says hi", CANCER),
    ("I fell down the stairs yesterday", FALL),
    ("had a fall on the ice", FALL),
    ("I slipped on the stairs", FALL),
    ("I was in a car accident last week", FALL),
    ("the pain is worse at night", NIGHT),
    ("it wakes me up at night", NIGHT),
    ("constant pain, even lying down", NIGHT),
    ("hurts when I lie down", NIGHT),
    ("no bladder problems but my leg is getting weaker", LEGS),
]

NEGATED = [
    "no bladder problems or anything, feeling good",
    "no numbness",
    "no numbness or tingling in my groin",
    "I don't have any numbness",
    "I haven't had any tingling in my groin",
    "never had bladder problems",
    "no fever",
    "I have not lost weight",
    "no night pain, just stiff in the morning",
    "my legs are not weak",
    "no weakness in my legs",
    "I didn't fall, I just stopped",
    "without any numbness",
    "no problems with my bladder",
]

ORDINARY = [
    "what's today's session?",
    "my back is a bit stiff",
    "legs tired",
    "hello",
    "I fell asleep before the run",
    "I want to lose weight by running",
    "running for weight loss",
    "I'm sick of the rain",
    "the session felt good",
    "my calves are sore",
    "can I run tomorrow instead?",
    "I walked the whole thing",
    "ran 10 minutes",
    "feeling great, thanks",
    "I'm a bit out of breath",
    "my knees were weak at the idea of jogging but it went fine",
    "next session?",
    "fine",
    "I feel good",
    "my bottom line is I want to run 5k",
]


@pytest.mark.parametrize(("text", "flag"), ALARMING)
def test_alarming_wordings_name_their_red_flag(text: str, flag: RedFlag) -> None:
    assert red_flag_in(text) is flag


@pytest.mark.parametrize("text", NEGATED)
def test_negated_mentions_raise_no_alarm(text: str) -> None:
    assert red_flags_in(text) == ()


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_messages_raise_no_alarm(text: str) -> None:
    assert red_flags_in(text) == ()


def test_the_corpus_is_large_and_covers_every_red_flag() -> None:
    assert len(ALARMING) + len(NEGATED) + len(ORDINARY) >= 60
    assert {flag for _, flag in ALARMING} == set(RedFlag)


def test_every_red_flag_has_phrases_and_exceptions_belong_to_flags() -> None:
    assert set(PHRASES) == set(RedFlag)
    assert all(PHRASES[flag] for flag in RedFlag)
    assert set(EXCEPTIONS) <= set(RedFlag)
    assert {"no", "not", "dont", "without"} <= NEGATIONS


@pytest.mark.parametrize(
    ("text", "severe"),
    [
        ("pain 10", True), ("my pain is 9 today", True), ("9/10", True), ("10 / 10", True),
        ("pain is 9/10", True), ("10 out of 10 today", True), ("nine out of ten", True),
        ("my back is a 9", True), ("pain of ten this morning", True),
        ("what's on today? my pain is 9/10", True), ("it hurts, about 9", True),
        ("8/10", False), ("about 3/10", False), ("19/10", False), ("pain 8", False),
        ("ran 10 minutes, pain 3", False), ("pain started at 9am", False),
        ("my pain is 2 today", False), ("session at 10:30 tomorrow", False),
        ("9 of 10 sessions done", False), ("ran 10k", False), ("pain at 9 o'clock", False),
        ("not 9/10", False), ("my pain is not 9", False), ("it's not 9/10 any more", False),
        ("pain isn't a 9 now", False), ("no longer 10/10 pain", False), ("never 9/10", False),
        ("pain is 9/10, not 5", True), ("not great, pain 9", True), ("no idea why, 10/10", True),
    ],
)
def test_severe_pain_in_any_wording(text: str, severe: bool) -> None:
    assert severe_pain_in(text) is severe
