"""The safety screen: red flags, exercise readiness (PAR-Q+) and what each answer means."""

from __future__ import annotations

from datetime import date, timedelta
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


CLEARANCE_DAYS = 7
"""How many local days, today included, a clearance may be dated back."""

CLINICIAN_MAX = 200
"""Longest "who cleared you" answer kept."""


def needs_deliberate_clearance(outcome: SafetyOutcome) -> bool:
    """After an emergency flag the user names who cleared them and when; one tap is not enough."""
    return outcome is SafetyOutcome.EMERGENCY


def clearance_days(held_on: date, today: date) -> tuple[date, ...]:
    """The days a clearance may be dated, newest first: never before the hold, at most a week."""
    first = max(held_on, today - timedelta(days=CLEARANCE_DAYS - 1))
    return tuple(today - timedelta(days=n) for n in range((today - first).days + 1))


def clinician(text: str) -> str | None:
    """Who cleared the user, as they wrote it (spaces tidied), or None if it names no one."""
    tidy = " ".join(text.split())[:CLINICIAN_MAX]
    letters = sum(ch.isalpha() for ch in tidy)
    return tidy if letters >= 2 else None
