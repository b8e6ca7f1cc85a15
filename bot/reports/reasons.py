"""Plain-words reasons for each dose decision, for the user and for a clinician reading along.

The domain and the services hand over a ``Decision`` (the rule that fired and its inputs);
the chat, the simulator and the one-page PDF report put it into words here, the same way.

The numbers in these texts come from the rules and the ladder, never typed in twice.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.domain import ladder
from bot.domain.decisions import Decision, InputValue, RedTrigger, Refusal, Rule
from bot.domain.rules import (
    ADVANCE_GREEN_STREAK,
    ADVANCE_MIN_SESSIONS,
    COMPLETED_FRACTION,
    EASIER_DROP_LEVELS,
    FLARE_CHECKIN_HOURS_APART,
    FLARE_RESUME_DROP_LEVELS,
    FLARE_SETTLED_CHECKINS,
    FLARE_WALK_MAX_MINUTES,
    FLARE_WALK_MIN_MINUTES,
    GAP_DROP_ONE_AFTER_DAYS,
    GAP_DROP_ONE_LEVELS,
    GAP_DROP_TWO_AFTER_DAYS,
    GAP_DROP_TWO_LEVELS,
    GAP_RESTART_AFTER_DAYS,
    HARDER_EVERY_DAYS,
    LEVEL_UP_EVERY_DAYS,
    PAIN_MAX,
    RED_DROP_LEVELS,
    RED_WINDOW_DAYS,
    REDS_IN_A_ROW,
    REDS_IN_WINDOW,
    REPEATED_RED_DROP_LEVELS,
)

CLINICIAN_ADVICE = (
    "It would be wise to book a check-in with a physiotherapist or GP about your back. "
    "The plan carries on at the lower dose unless you choose to pause it."
)
NOT_A_FAILURE = "Backs hate sudden spikes in load — this is an adjustment, not a failure."


def dose(number: int) -> str:
    """A level in words: "level 3 (4:00 of jogging)" or the floor's brisk walk."""
    rung = ladder.level(number)
    if rung.total_jog_seconds == 0:
        return f"level {number} (a {ladder.clock(rung.block_seconds)} brisk walk)"
    return f"level {number} ({ladder.clock(rung.total_jog_seconds)} of jogging)"


def _words(count: int) -> str:
    return {1: "one", 2: "two", 3: "three"}.get(count, str(count))


def _levels(count: int) -> str:
    return f"{_words(count)} level{'s' if count != 1 else ''}"


def _get(decision: Decision, key: str) -> InputValue:
    return decision.inputs.get(key)


def _lower(decision: Decision, from_key: str, how: str) -> str:
    """ "one level easier: level 2 (...)", or staying put when already at the floor."""
    if decision.inputs.get(from_key) == decision.level == ladder.FLOOR_LEVEL:
        return f"you stay at the gentlest level, {dose(decision.level)}"
    return f"{how}: {dose(decision.level)}"


def _start(d: Decision) -> str:
    if d.level == ladder.FLOOR_LEVEL:
        return (
            f"Your usual pain is high, so your first week is {dose(d.level)} with walking "
            "warm-up and cool-down. Jogging comes once your back is used to regular sessions."
        )
    minutes = ladder.SESSION_SECONDS // 60
    return (
        f"You start at {dose(d.level)}, in a {minutes}-minute run-walk. "
        "Easy pace: you can talk in full sentences."
    )


def _advance(d: Decision) -> str:
    return (
        f"Your back handled {_get(d, 'completed_at_level')} sessions at this level and the last "
        f"{_words(ADVANCE_GREEN_STREAK)} went well. Next time: {dose(d.level)} — a small step up."
    )


def _hold_green(d: Decision) -> str:
    reasons = {
        Rule.HOLD_NOT_ENOUGH_SESSIONS: (
            f"We step up after {ADVANCE_MIN_SESSIONS} sessions at a level — that is how the "
            "body adapts."
        ),
        Rule.HOLD_NEEDS_TWO_GREEN: "One more comfortable session and we step up.",
        Rule.HOLD_ADVANCE_LIMIT: (
            f"You are ready for more, but we step up at most once every {LEVEL_UP_EVERY_DAYS} "
            "days so tissues keep pace with fitness."
        ),
        Rule.HOLD_FIRST_WEEK: "The first week stays a brisk walk, however well it goes.",
        Rule.HOLD_TOP_LEVEL: (
            "You are at the top of the programme. Longer runs are possible later, on request."
        ),
    }
    return f"Good session. Next time: {dose(d.level)} again. {reasons[d.rule]}"


def _amber(d: Decision) -> str:
    if "morning" in d.inputs and _get(d, "morning") is None:
        return (
            f"For now, we repeat {dose(d.level)}. Tell me tomorrow morning how your back feels: "
            "that answer settles how this session went."
        )
    return (
        f"Your back noticed that one, which is fine. We repeat {dose(d.level)} until it feels "
        "comfortable."
    )


def _second_today(d: Decision) -> str:
    return (
        "Recorded. One session a day counts, so this one does not count towards moving up; "
        f"next time is {dose(d.level)}."
    )


def _on_hold(d: Decision) -> str:
    return (
        "Recorded. Your programme is on hold, so nothing changes your dose until a clinician "
        "has cleared you; then this counts."
    )


def _red(d: Decision) -> str:
    signs = _get(d, "signs")
    why = "you noticed a warning sign" if signs else "the pain went higher than we want"
    if d.rule is Rule.DOUBLE_DROP_RED:
        pattern = (
            f"That is {_words(REDS_IN_A_ROW)} sore sessions in a row"
            if _get(d, "trigger") == RedTrigger.IN_A_ROW.value
            else f"That is {REDS_IN_WINDOW} sore reports in {RED_WINDOW_DAYS} days"
        )
        drop = _lower(d, "session_level", f"we drop {_levels(REPEATED_RED_DROP_LEVELS)}")
        return f"{pattern}, so {drop}. {NOT_A_FAILURE}"
    return (
        f"Your back was sore after that one ({why}), so "
        f"{_lower(d, 'session_level', f'next time is {_levels(RED_DROP_LEVELS)} easier')}. "
        f"{NOT_A_FAILURE}"
    )


def _gap(d: Decision) -> str:
    step = {
        Rule.GAP_7: (
            f"after more than {GAP_DROP_ONE_AFTER_DAYS} days off we ease back "
            f"{_levels(GAP_DROP_ONE_LEVELS)}"
        ),
        Rule.GAP_14: (
            f"after more than {GAP_DROP_TWO_AFTER_DAYS} days off we ease back "
            f"{_levels(GAP_DROP_TWO_LEVELS)}"
        ),
        Rule.GAP_28: (
            f"after more than {GAP_RESTART_AFTER_DAYS} days off we restart gently, at level "
            f"{ladder.FIRST_LEVEL} at most"
        ),
    }[d.rule]
    return (
        f"Welcome back — it has been {_get(d, 'gap_days')} days since your last session, and "
        f"{_lower(d, 'from_level', step)}. Fitness returns quickly."
    )


def _not_counted(d: Decision) -> str:
    if d.rule is Rule.SKIPPED:
        return f"No problem — life happens. You stay at {dose(d.level)}."
    return (
        f"Stopping for other reasons is fine. Under {COMPLETED_FRACTION:.0%} done, a session "
        f"does not count, so you stay at {dose(d.level)}."
    )


_REFUSALS = {
    Refusal.AT_FLOOR.value: "You are already at the gentlest level.",
    Refusal.AT_TOP.value: "You are already at the top of the programme.",
    Refusal.IN_FLARE.value: "Not during a flare — let your back settle first.",
    Refusal.LAST_SESSION_NOT_GREEN.value: (
        "Only after a session that felt comfortable, the next morning too."
    ),
    Refusal.HARDER_USED_THIS_WEEK.value: (
        f"A harder session can be asked for once every {HARDER_EVERY_DAYS} days."
    ),
    Refusal.LEVEL_UP_THIS_WEEK.value: (
        f"You already stepped up in the last {LEVEL_UP_EVERY_DAYS} days; backs like time to adapt."
    ),
    Refusal.LOWERED_SINCE.value: (
        "Your dose was lowered since your last comfortable session; one comfortable session "
        "at this level first."
    ),
    Refusal.FIRST_WEEK.value: "The first week stays a brisk walk, however well it goes.",
    Refusal.ON_HOLD.value: (
        "Your programme is on hold until a clinician has cleared you, so the dose stays."
    ),
}


def _override(d: Decision) -> str:
    if d.rule is Rule.OVERRIDE_EASIER:
        easier = _levels(EASIER_DROP_LEVELS)
        return f"Done: next time is {easier} easier, {dose(d.level)}. Ask any time."
    if d.rule is Rule.OVERRIDE_HARDER:
        return f"Done: next time is {dose(d.level)}. Keep the pace easy."
    return f"Let's keep {dose(d.level)} for now. {_REFUSALS[str(_get(d, 'reason'))]}"


def _flare(d: Decision) -> str:
    if d.rule is Rule.FLARE_START:
        return (
            "Flares are common and they settle. Hurt does not mean harm, and gentle movement "
            f"helps: until it settles, walk briskly for {FLARE_WALK_MIN_MINUTES}–"
            f"{FLARE_WALK_MAX_MINUTES} minutes, as long as is comfortable, or rest."
        )
    if d.rule is Rule.FLARE_CONTINUES:
        return (
            "Still in flare mode: gentle walks or rest. Running returns after "
            f"{_words(FLARE_SETTLED_CHECKINS)} check-ins {FLARE_CHECKIN_HOURS_APART} hours "
            f"apart with pain at {_get(d, 'settled_at_most')}/{PAIN_MAX} or less."
            if "settled_at_most" in d.inputs
            else "Still in flare mode: a gentle walk or rest is all your back needs today."
        )
    return (
        f"Your back has settled. We pick up again at {dose(d.level)}, up to "
        f"{_levels(FLARE_RESUME_DROP_LEVELS)} below where you were, and build back up."
    )


def _baseline(d: Decision) -> str:
    if d.rule is Rule.BASELINE_KEPT_IN_FLARE:
        return (
            "Thanks, noted for the week. During a flare it does not change your usual pain, "
            f"which stays {_get(d, 'to_baseline')}/{PAIN_MAX}."
        )
    return (
        f"Thanks. Your usual pain is now {_get(d, 'to_baseline')}/{PAIN_MAX}; sessions are judged "
        "against it from now on."
    )


def _pause(d: Decision) -> str:
    return (
        "Programme paused. Time away counts like any break, so we will ease back in when you "
        "return."
    )


def _beyond_top(d: Decision) -> str:
    if d.rule is Rule.BEYOND_TOP_OPT_IN:
        return (
            "Great — we keep building. The same rules move you up from here: after "
            f"{ADVANCE_MIN_SESSIONS} sessions at a level and two comfortable ones in a row, "
            f"next is {dose(d.level + 1)}."
        )
    return f"Noted — you stay at {dose(d.level)}, the top of the programme. Well done."


def _close(d: Decision) -> str:
    if d.rule is Rule.MAINTENANCE:
        days = d.inputs.get("days")
        picked = ""
        if isinstance(days, list):
            picked = f": {len(days)} sessions a week, on {', '.join(str(d).title() for d in days)}"
        return (
            f"You chose a maintenance plan{picked}, at {dose(d.level)}. The same rules keep "
            "your back safe."
        )
    return f"You chose to keep going at {dose(d.level)}, with the same rules as before."


def _clinician(d: Decision) -> str:
    who = _get(d, "clinician") or "Your clinician"
    why = _get(d, "reason")
    because = f": \u201c{why}\u201d" if why else ""
    action = _get(d, "action")
    if action == "hold":
        return f"{who} put your programme on hold{because}."
    if action == "clear":
        return f"{who} cleared you to carry on after the hold{because}."
    return (f"{who} set your sessions to {dose(d.level)}{because}. The usual rules move you "
            "on from here.")


_TEXTS: dict[Rule, Callable[[Decision], str]] = {
    Rule.START: _start,
    Rule.ADVANCE: _advance,
    Rule.HOLD_NOT_ENOUGH_SESSIONS: _hold_green,
    Rule.HOLD_NEEDS_TWO_GREEN: _hold_green,
    Rule.HOLD_ADVANCE_LIMIT: _hold_green,
    Rule.HOLD_FIRST_WEEK: _hold_green,
    Rule.HOLD_TOP_LEVEL: _hold_green,
    Rule.HOLD_AMBER: _amber,
    Rule.DROP_RED: _red,
    Rule.DOUBLE_DROP_RED: _red,
    Rule.GAP_7: _gap,
    Rule.GAP_14: _gap,
    Rule.GAP_28: _gap,
    Rule.STOPPED_OTHER_NOT_COUNTED: _not_counted,
    Rule.SKIPPED: _not_counted,
    Rule.OVERRIDE_EASIER: _override,
    Rule.OVERRIDE_HARDER: _override,
    Rule.OVERRIDE_REFUSED: _override,
    Rule.FLARE_START: _flare,
    Rule.FLARE_CONTINUES: _flare,
    Rule.FLARE_EXIT: _flare,
    Rule.BASELINE_UPDATE: _baseline,
    Rule.BASELINE_KEPT_IN_FLARE: _baseline,
    Rule.PAUSE: _pause,
    Rule.SECOND_SESSION_TODAY: _second_today,
    Rule.ON_HOLD: _on_hold,
    Rule.BEYOND_TOP_OPT_IN: _beyond_top,
    Rule.BEYOND_TOP_DECLINED: _beyond_top,
    Rule.KEEP_GOING: _close,
    Rule.MAINTENANCE: _close,
    Rule.CLINICIAN: _clinician,
}


def explain(decision: Decision) -> str:
    """Why the dose is what it is, in plain words, for the user or a clinician."""
    text = _TEXTS[decision.rule](decision)
    return f"{text} {CLINICIAN_ADVICE}" if decision.advise_clinician else text


def explain_if_any(decision: Decision | None) -> str | None:
    """The reason for ``decision`` in plain words, or None when nothing was decided."""
    return None if decision is None else explain(decision)
