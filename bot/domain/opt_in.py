"""The opt-in levels beyond the top of the programme (coaching rules, 'Session shape').

Level 8 is the top. The levels above it are offered once, after 12 weeks in the programme or
after 6 completed sessions at level 8, and reached only by a user who said yes; from then on the
same rules move the dose up and down. The answer is a stored decision with what made the offer
due, so it reads back the same way.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from bot.domain import ladder
from bot.domain.decisions import Decision, InputValue, Rule
from bot.domain.programme import Programme, next_level
from bot.domain.rules import BEYOND_TOP_AFTER_TOP_SESSIONS, BEYOND_TOP_AFTER_WEEKS


def sessions_at_top(programme: Programme) -> int:
    """Completed sessions done at the top level (flare walks aside)."""
    return sum(
        1
        for record in programme.history
        if record.completed and not record.in_flare and record.level == ladder.TOP_LEVEL
    )


def offer_due_on(days_in_programme: int, at_top: int) -> bool:
    """The offer rule itself: 12 weeks in the programme, or 6 completed sessions at the top."""
    long_enough = days_in_programme >= timedelta(weeks=BEYOND_TOP_AFTER_WEEKS).days
    return long_enough or at_top >= BEYOND_TOP_AFTER_TOP_SESSIONS


def beyond_top_offer_due(programme: Programme, today: date) -> bool:
    """Whether the user may be offered the levels beyond the top now: at level 8, out of a
    flare, not yet answered, and 12 weeks in or 6 sessions at level 8."""
    if programme.level != ladder.TOP_LEVEL or programme.flare is not None:
        return False
    if programme.beyond_top is not None:
        return False
    return offer_due_on((today - programme.started).days, sessions_at_top(programme))


def first_offer(programme: Programme, today: date) -> Programme | None:
    """The programme noting the offer made today, or None when it is not due or was made."""
    if programme.beyond_top_offered is not None or not beyond_top_offer_due(programme, today):
        return None
    return replace(programme, beyond_top_offered=today)


def answer_beyond_top(
    programme: Programme, opted_in: bool, today: date
) -> tuple[Programme, Decision | None]:
    """The user's yes ("keep building") or no ("stay at level 8") to the offer.

    A yes lets the usual rules advance past level 8; a no keeps level 8 the top. Either is a
    decision; an answer when no offer is due (a stale button, a second answer) decides nothing.
    """
    if not beyond_top_offer_due(programme, today):
        return programme, None
    inputs: dict[str, InputValue] = {
        "day": today.isoformat(),
        "opted_in": opted_in,
        "level": programme.level,
        "days_in_programme": (today - programme.started).days,
        "sessions_at_top": sessions_at_top(programme),
    }
    updated = replace(programme, beyond_top=opted_in)
    rule = Rule.BEYOND_TOP_OPT_IN if opted_in else Rule.BEYOND_TOP_DECLINED
    return updated, Decision(next_level(updated), rule, inputs)
