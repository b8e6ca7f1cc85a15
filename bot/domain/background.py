"""What a user tells onboarding about their back pain and their running."""

from __future__ import annotations

from enum import Enum


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
    USED_TO_RUN = "used_to_run"  # ran regularly once: a past runner, not a beginner
