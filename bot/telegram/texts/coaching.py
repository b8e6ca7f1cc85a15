"""Coaching: /plan, overrides, flares, holds, and the levels beyond the top."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from bot.domain.ladder import TOP_LEVEL
from bot.domain.safety import RedFlag, SafetyOutcome
from bot.telegram.texts.formats import clock, day_and_date
from bot.telegram.texts.general import SAFETY_SYMPTOM

# --- Coaching: plan, overrides, flares, holds --------------------------------------------------

FLARE_SCREEN_EMERGENCY = (
    "Sorry your back has flared. First, two quick safety questions.\n\n"
    "<b>Do you have any of these right now?</b>\n"
    "• loss of bladder or bowel control, or new difficulty passing urine\n"
    "• numbness around your genitals, buttocks or inner thighs\n"
    "• weakness or numbness in your legs that is getting worse"
)
def flare_screen_other(cancer_known: bool) -> str:
    """The second flare screen; a cancer history already answered is asked about as news."""
    cancer = ("a new cancer diagnosis, or cancer that has come back" if cancer_known
              else "a history of cancer")
    return (
        "<b>And any of these?</b>\n"
        "• fever, or feeling unwell with the back pain\n"
        "• weight loss you can't explain\n"
        f"• {cancer}\n"
        "• a recent significant fall or accident\n"
        "• pain that is constant and worse at night or lying down"
    )


FLARE_FLAG_LABELS: dict[RedFlag, str] = {
    RedFlag.FEVER: "Yes: fever or feeling unwell",
    RedFlag.WEIGHT_LOSS: "Yes: weight loss",
    RedFlag.CANCER: "Yes: cancer",
    RedFlag.FALL: "Yes: a fall or accident",
    RedFlag.NIGHT_PAIN: "Yes: constant or night pain",
}
"""The second flare screen's answers, one per red flag, in the order the screen lists them."""


ON_HOLD = (
    "⏸ Your programme is on hold until a clinician has checked you. When they have cleared "
    "you to exercise, tap the button below."
)
HOLD_LIFTED = "Thanks — noted that a clinician has cleared you. Your programme is back on."
HOLD_REASON: dict[SafetyOutcome, str] = {
    SafetyOutcome.EMERGENCY: (
        "🚨 <b>Please get medical help today.</b>\n\n"
        "What you describe can be a sign of cauda equina syndrome, a rare but serious "
        "problem with the nerves at the bottom of the spine. Go to an emergency department "
        "now, or call your emergency number (999 in the UK, 911 in the US, 112 in the EU)."
    ),
    SafetyOutcome.SEE_DOCTOR: (
        "⚠️ <b>Please see a doctor before you go on.</b> What you describe isn't necessarily "
        "serious, but a doctor should check it before more running."
    ),
}
ON_HOLD_EMERGENCY = (
    "⏸ Your programme is on hold until a clinician has examined you. Once they have "
    "cleared you to exercise, send /cleared: I'll ask who cleared you and when."
)
CLEAR_WITH_COMMAND = "After this symptom, send /cleared and tell me who cleared you and when."
NOTHING_ON_HOLD = "Nothing is on hold: your programme is running."
CLEARANCE_WHO = (
    "Good to hear. <b>Who cleared you?</b> Type their name and role, or where you were "
    "seen — for example <i>Dr Patel, A&amp;E at St Thomas'</i>."
)
CLEARANCE_WHO_AGAIN = "Please type who cleared you: a name, a role, or where you were seen."
CLEARANCE_WHEN = "And <b>when</b> did they clear you?"
CLEARANCE_DAY_REFUSED = "That day doesn't fit: pick one from the latest question."
SYMPTOM_FLAG_WORDS: dict[RedFlag, str] = {
    RedFlag.FEVER: "A fever, or feeling unwell with back pain,",
    RedFlag.WEIGHT_LOSS: "Weight loss you can't explain",
    RedFlag.CANCER: "Back pain with a history of cancer",
    RedFlag.FALL: "Back pain after a fall or an accident",
    RedFlag.NIGHT_PAIN: "Pain that is constant, or worse at night or lying down,",
}
SYMPTOM_QUESTION = "<b>Is this new, and happening now?</b>"
SYMPTOM_YES = "Yes — it's new and happening now"
SYMPTOM_NO = "No — not now, or not new"
SYMPTOM_NOT_NOW = (
    "Thanks — nothing changes, carry on as you were. If it starts, or gets worse, tell me "
    "straight away."
)
PAIN_REPORT = (
    "Thanks for telling me. I ask about pain before and after each session and the next "
    "morning; for today's session, send /today."
)


def symptom_info(flag: RedFlag) -> str:
    """The safety information for a red flag a message mentioned, shown at once."""
    if flag.outcome is SafetyOutcome.EMERGENCY:
        return SAFETY_SYMPTOM
    return (f"⚠️ {SYMPTOM_FLAG_WORDS[flag]} should be checked: please see a doctor before "
            "your next run.")


def symptom_check(flag: RedFlag) -> str:
    """The safety information with its one-tap question: new, and happening now?"""
    return f"{symptom_info(flag)}\n\n{SYMPTOM_QUESTION}"


def cleared_by(who: str, day: str) -> str:
    """The clearance after an emergency flag, stored."""
    return (f"Thanks — noted that <b>{escape(who)}</b> cleared you on {day}. "
            "Your programme is back on.")


def cleared_by_in_onboarding(who: str, day: str) -> str:
    """The clearance after an emergency flag during set-up, stored."""
    return (f"Thanks — noted that <b>{escape(who)}</b> cleared you on {day}. "
            "Let's carry on setting you up.")


def back_on(lifted: str, dose: str) -> str:
    """A lifted hold, with the next sessions' dose."""
    return f"{lifted}\n\nNext sessions: {dose}."


FLARE_CHECKIN_QUESTION = "How is your back today? (0 = no pain, 10 = worst imaginable)"
NO_PROGRAMME = "You don't have a programme yet — send /start to set one up."


def plan(level: int, baseline: int, breakdown: str, when: str, move_up: str,
         flare: str | None, recent: list[str], *, top: int = TOP_LEVEL,
         beyond_top: str | None = None) -> str:
    """The /plan message (``beyond_top``: the offer of the levels above the top, or its answer)."""
    parts = [f"📋 <b>Your plan</b> — level {level} of {top}, usual pain {baseline}/10"]
    if flare is not None:
        parts.append(flare)
    parts.append(f"<b>{when}</b>\n{breakdown}")
    if flare is None:
        parts.append(f"<b>To move up</b>\n{move_up}")
    if beyond_top is not None:
        parts.append(beyond_top)
    if recent:
        parts.append("<b>Recent decisions</b>\n" + "\n".join(recent))
    return "\n\n".join(parts)


def move_up_needs(sessions: int, greens: int, not_before: str | None, at_top: bool) -> str:
    """What it takes to reach the next level, in plain words."""
    if at_top:
        return "You're at the top of the programme — well done. Keep enjoying it."
    needs = []
    if sessions:
        needs.append(f"{sessions} more completed session{'s' if sessions != 1 else ''} "
                     "at this level")
    if greens:
        needs.append("your last two sessions comfortable (pain settled by the next morning)"
                     if greens == 2 else "one more comfortable session")
    if not_before:
        needs.append(f"no step up before {not_before}")
    if not needs:
        return "You're ready: the next comfortable session moves you up a level."
    return "• " + "\n• ".join(needs)


def flare_state(started: str, settled: int, needed: int, limit: int) -> str:
    """The flare part of /plan."""
    return (
        f"🔥 <b>Flare mode</b> since {started}: sessions are brisk walks for as long as is "
        "comfortable (10–30 min), or rest. It ends after "
        f"{needed} check-ins at least 48 hours apart with pain at {limit}/10 or less "
        f"({settled} of {needed} so far) — send /flare to check in."
    )


def decision_line(day: str, reason: str) -> str:
    """One past decision in /plan."""
    return f"• <i>{day}</i> — {escape(reason)}"


# The levels beyond the top (level 8): offered once, opt-in only.
BEYOND_TOP_YES = "Yes, keep building"
BEYOND_TOP_NO = "No, stay at level 8"
BEYOND_TOP_OFFER = (
    "🏔 <b>You've reached the top of the programme.</b> If you like, we can keep building "
    "toward 20 minutes of continuous easy running, step by step and by the same rules. "
    "Or stay at level 8 — that is a full programme, and a fine place to stay. "
    "Would you like to keep building?"
)
BEYOND_TOP_STAYING = "🏔 Beyond level 8: you chose to stay at level 8."
BEYOND_TOP_BUILDING = "🏔 Beyond level 8: you chose to keep building, toward 20 minutes of running."
BEYOND_TOP_STALE = "That question is settled already — /plan shows where you are."


FLARE_YES_BUTTON = "Yes, one of these"


def short_date(value: date | datetime) -> str:
    """A date as '4 January'."""
    return f"{value.day} {value.strftime('%B')}"


def clearance_day_button(days_ago: int, day: date) -> str:
    """A day a clearance may be dated: Today, Yesterday, then 'Mon 2 Mar'."""
    return ("Today", "Yesterday")[days_ago] if days_ago < 2 else f"{day:%a} {day.day} {day:%b}"


def plan_when(session_today: bool, at: datetime) -> str:
    """The heading of /plan's session: today's, or when the next one is."""
    if session_today:
        return "Today's session"
    return f"Next session: {day_and_date(at)} at {clock(at)}"


def flare_started(why: str, dose: str) -> str:
    """Flare mode has started: why, and the next sessions' dose."""
    return f"🔥 {escape(why)}\n\nNext sessions: {dose}."
