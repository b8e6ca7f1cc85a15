"""The onboarding questionnaire: its steps, their order, and the starting plan it yields."""

from __future__ import annotations

from enum import Enum

from bot.domain.safety import Readiness, RedFlag

REQUIRED_TRAINING_DAYS = 3


class PainDuration(Enum):
    UNDER_3_MONTHS = "under_3_months"
    UP_TO_A_YEAR = "3_to_12_months"
    OVER_A_YEAR = "over_a_year"

    @property
    def persistent(self) -> bool:
        """The programme was designed for pain lasting more than three months."""
        return self is not PainDuration.UNDER_3_MONTHS


class RunningHistory(Enum):
    NEVER = "never"
    NOT_IN_YEARS = "not_in_years"
    OCCASIONALLY = "occasionally"


class Step(Enum):
    """Where a user stands in onboarding; a user's step is stored, so a restart resumes it."""

    CONSENT = "consent"
    RED_FLAG = "red_flag"
    SAFETY_STOP = "safety_stop"
    READINESS = "readiness"
    CLEARANCE = "clearance"
    DURATION = "duration"
    USUAL_PAIN = "usual_pain"
    CURRENT_PAIN = "current_pain"
    RUNNING = "running"
    DAYS = "days"
    TIME = "time"
    TIMEZONE = "timezone"
    CONFIRM = "confirm"
    DONE = "done"


AFTER_SCREENING: tuple[Step, ...] = (
    Step.DURATION,
    Step.USUAL_PAIN,
    Step.CURRENT_PAIN,
    Step.RUNNING,
    Step.DAYS,
    Step.TIME,
    Step.TIMEZONE,
    Step.CONFIRM,
    Step.DONE,
)


def step_after(step: Step) -> Step:
    """The question that follows ``step`` in the questionnaire's plain order."""
    if step in AFTER_SCREENING[:-1]:
        return AFTER_SCREENING[AFTER_SCREENING.index(step) + 1]
    if step is Step.CONSENT:
        return Step.RED_FLAG
    if step in (Step.CLEARANCE, Step.READINESS):
        return Step.DURATION
    raise ValueError(f"no plain successor for {step}")


def position(step: Step, item: str | None) -> str:
    """A stable name for one question, e.g. ``red_flag:fever``: what a button is bound to."""
    return f"{step.value}:{item}" if item else step.value


def first_red_flag() -> RedFlag:
    """The first red-flag question asked."""
    return next(iter(RedFlag))


def red_flag_after(flag: RedFlag) -> RedFlag | None:
    """The next red-flag question, or None after the last."""
    order = list(RedFlag)
    index = order.index(flag) + 1
    return order[index] if index < len(order) else None


def first_readiness() -> Readiness:
    """The first readiness question asked."""
    return next(iter(Readiness))


def readiness_after(question: Readiness) -> Readiness | None:
    """The next readiness question, or None after the last."""
    order = list(Readiness)
    index = order.index(question) + 1
    return order[index] if index < len(order) else None
