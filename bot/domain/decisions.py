"""A dose decision as a stored value: the rule that fired, its inputs and the next level.

Coaching rules, 'Progression': every decision is stored with its reason (rule name, inputs) so a
user or clinician can see why the dose changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from bot.domain.zones import Zone

# What a decision's inputs may hold, so they serialise to JSON as they are (dates as ISO text).
InputValue = int | float | str | bool | None | list[int] | list[str]


class Rule(Enum):
    """The rule of the coaching contract that produced a decision."""

    START = "start"
    ADVANCE = "advance"
    HOLD_NOT_ENOUGH_SESSIONS = "hold_not_enough_sessions"
    HOLD_NEEDS_TWO_GREEN = "hold_needs_two_green"
    HOLD_ADVANCE_LIMIT = "hold_advance_limit"
    HOLD_FIRST_WEEK = "hold_first_week"
    HOLD_TOP_LEVEL = "hold_top_level"
    HOLD_AMBER = "hold_amber"
    DROP_RED = "drop_red"
    DOUBLE_DROP_RED = "double_drop_red"
    GAP_7 = "gap_7"
    GAP_14 = "gap_14"
    GAP_28 = "gap_28"
    STOPPED_OTHER_NOT_COUNTED = "stopped_other_not_counted"
    SKIPPED = "skipped"
    OVERRIDE_EASIER = "override_easier"
    OVERRIDE_HARDER = "override_harder"
    OVERRIDE_REFUSED = "override_refused"
    FLARE_START = "flare_start"
    FLARE_CONTINUES = "flare_continues"
    FLARE_EXIT = "flare_exit"
    BASELINE_UPDATE = "baseline_update"
    BASELINE_KEPT_IN_FLARE = "baseline_kept_in_flare"
    PAUSE = "pause"
    SECOND_SESSION_TODAY = "second_session_today"
    ON_HOLD = "on_hold"
    BEYOND_TOP_OPT_IN = "beyond_top_opt_in"
    BEYOND_TOP_DECLINED = "beyond_top_declined"
    KEEP_GOING = "keep_going"  # the week-12 close: carry on with the programme as it stands
    MAINTENANCE = "maintenance"  # the week-12 close: fewer sessions a week, same rules
    CLINICIAN = "clinician"  # a clinician the user linked to set the level


# Answers that are not decisions: a refused request, and an answer kept for after a hold.
NOT_STORED = frozenset({Rule.OVERRIDE_REFUSED, Rule.ON_HOLD})


class Refusal(Enum):
    """Why a "make it easier/harder" request was turned down."""

    AT_FLOOR = "at_floor"
    AT_TOP = "at_top"
    IN_FLARE = "in_flare"
    LAST_SESSION_NOT_GREEN = "last_session_not_green"
    HARDER_USED_THIS_WEEK = "harder_used_this_week"
    LEVEL_UP_THIS_WEEK = "level_up_this_week"
    LOWERED_SINCE = "lowered_since"
    FIRST_WEEK = "first_week"
    ON_HOLD = "on_hold"


class RedTrigger(Enum):
    """Which pattern of REDs made a double drop."""

    IN_A_ROW = "in_a_row"
    IN_WINDOW = "in_window"


@dataclass(frozen=True)
class Decision:
    """One dose decision: ``level`` is the level of the next session."""

    level: int
    rule: Rule
    inputs: Mapping[str, InputValue] = field(default_factory=dict)
    zone: Zone | None = None
    advise_clinician: bool = False

    @property
    def stored(self) -> bool:
        """Whether this is a decision to store: refusals and answers kept on hold are not."""
        return self.rule not in NOT_STORED
