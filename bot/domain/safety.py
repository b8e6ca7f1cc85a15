"""The safety screen: red flags, exercise readiness (PAR-Q+) and what each answer means."""

from __future__ import annotations

import re
from enum import Enum

SAFETY_PAIN_THRESHOLD = 9
"""Pain at or above this (0–10) gets the safety message before anything else."""


class SafetyOutcome(Enum):
    EMERGENCY = "emergency"
    SEE_DOCTOR = "see_doctor"
    CHECK_READINESS = "check_readiness"


class RedFlag(Enum):
    """Red flags, in the order they are asked; the first three suggest cauda equina syndrome."""

    BLADDER_BOWEL = "bladder_bowel"
    SADDLE_NUMBNESS = "saddle"
    LEG_WEAKNESS = "leg_weakness"
    FEVER = "fever"
    WEIGHT_LOSS = "weight_loss"
    CANCER = "cancer"
    FALL = "fall"
    NIGHT_PAIN = "night_pain"

    @property
    def outcome(self) -> SafetyOutcome:
        """Emergency care today for possible cauda equina, otherwise a doctor first."""
        return SafetyOutcome.EMERGENCY if self in EMERGENCY_FLAGS else SafetyOutcome.SEE_DOCTOR


EMERGENCY_FLAGS = frozenset({RedFlag.BLADDER_BOWEL, RedFlag.SADDLE_NUMBNESS, RedFlag.LEG_WEAKNESS})


class Readiness(Enum):
    """The seven PAR-Q+ (2023) readiness questions, in the order they are asked."""

    HEART = "heart"
    CHEST_PAIN = "chest_pain"
    DIZZINESS = "dizziness"
    CHRONIC_CONDITION = "chronic"
    MEDICATION = "medication"
    BONE_JOINT = "bone_joint"
    SUPERVISION = "supervision"


_SYMPTOM_PATTERNS: tuple[tuple[RedFlag, re.Pattern[str]], ...] = tuple(
    (flag, re.compile(pattern, re.IGNORECASE))
    for flag, pattern in (
        (
            RedFlag.BLADDER_BOWEL,
            r"wet (myself|me)|wet my(self)?|incontinen|can'?t (pee|wee|urinate)|"
            r"(lost|losing|no) control of my (bladder|bowels?)|soiled|pooed myself|"
            r"(bladder|bowel) (control|problem)|difficulty (peeing|passing urine)",
        ),
        (
            RedFlag.SADDLE_NUMBNESS,
            r"can'?t feel my (bum|butt|bottom|backside|groin|genitals)|"
            r"numb(ness)? (in |around )?(my )?"
            r"(bum|butt|bottom|groin|genitals|saddle|inner thighs?)|"
            r"saddle (numbness|area)",
        ),
        (
            RedFlag.LEG_WEAKNESS,
            r"numb (legs?|feet|foot)|legs? (are |is |feel |feels )?(numb|weak|giving way)|"
            r"can'?t (feel|move|lift) my (legs?|feet|foot)|foot drop",
        ),
    )
)


def mentions_red_flag(text: str) -> RedFlag | None:
    """The emergency red flag a free-text message describes, if it clearly describes one."""
    for flag, pattern in _SYMPTOM_PATTERNS:
        if pattern.search(text):
            return flag
    return None


_SEVERE_PAIN = re.compile(r"\b(9|10|nine|ten)\s*(/|out of)\s*(10|ten)\b", re.IGNORECASE)


def mentions_severe_pain(text: str) -> bool:
    """True when a free-text message reports pain at or above the safety threshold."""
    match = _SEVERE_PAIN.search(text)
    if match is None:
        return False
    score = {"nine": 9, "ten": 10}.get(match.group(1).lower())
    return (score if score is not None else int(match.group(1))) >= SAFETY_PAIN_THRESHOLD
