"""The set-up questions, their answers' labels, notes and problems."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape

from bot.domain.background import PainDuration, RunningHistory
from bot.domain.onboarding import Note, Problem
from bot.domain.parsing import PainBetween, PainOffScale
from bot.domain.safety import Readiness, RedFlag, SafetyOutcome
from bot.domain.timeline import Phase
from bot.domain.week import Weekday
from bot.telegram.texts.formats import clock, day_and_date
from bot.telegram.texts.today import session_breakdown

WELCOME = (
    "👋 <b>Hi{name}! I'm runback</b>, a coach that helps people with long-lasting low back "
    "pain get back to running — slowly and safely.\n\n"
    "The plan: three 30-minute walk/jog sessions a week for 12 weeks. We start with mostly "
    "walking and 15-second jogs, add time only when your back is fine with it, and ease off "
    "when it isn't. It is based on a 2024 trial in which people with persistent back pain "
    "did exactly this and their pain went down.\n\n"
    "<b>Please know:</b> I'm a coach, not a clinician. I can't diagnose anything or replace "
    "your doctor or physiotherapist.\n\n"
    "<b>What I store:</b> your answers to the set-up questions, your pain ratings, your "
    "training days, reminder time and time zone, and your sessions. Nothing else. "
    "/delete erases all of it at any time.\n\n"
    "Shall we go on?"
)
DECLINED = "No problem. Whenever you'd like to start, just tap <b>I agree, let's go</b>."

SCREEN_INTRO = (
    "First, a short safety check. Some back problems need a doctor before any exercise, so "
    "please read each line carefully."
)
RED_FLAG_ITEMS: dict[RedFlag, str] = {
    RedFlag.BLADDER_BOWEL: "Loss of control of your bladder or bowels, or <b>new</b> "
    "difficulty passing urine",
    RedFlag.SADDLE_NUMBNESS: "Numbness around your genitals, buttocks or inner thighs (the "
    "'saddle' area)",
    RedFlag.LEG_WEAKNESS: "Weakness or numbness in your legs that is getting worse",
    RedFlag.FEVER: "A fever, or feeling generally unwell, along with the back pain",
    RedFlag.WEIGHT_LOSS: "Recent weight loss without trying",
    RedFlag.CANCER: "Cancer, now or at any time in the past",
    RedFlag.FALL: "A significant fall or accident recently",
    RedFlag.NIGHT_PAIN: "Back pain that is constant, and worse at night or when lying down",
}
RED_FLAG_LABELS: dict[RedFlag, str] = {
    RedFlag.BLADDER_BOWEL: "Bladder/bowel",
    RedFlag.SADDLE_NUMBNESS: "Saddle numbness",
    RedFlag.LEG_WEAKNESS: "Weak/numb legs",
    RedFlag.FEVER: "Fever/unwell",
    RedFlag.WEIGHT_LOSS: "Weight loss",
    RedFlag.CANCER: "Cancer",
    RedFlag.FALL: "Fall/accident",
    RedFlag.NIGHT_PAIN: "Night pain",
}
"""Short labels for the red-flag list's tick buttons; the message lists each item in full."""
READINESS_INTRO = "Now a few questions about exercise in general (the PAR-Q+ check)."
READINESS_ITEMS: dict[Readiness, str] = {
    Readiness.HEART: "A doctor has said you have a heart condition or high blood pressure",
    Readiness.CHEST_PAIN: "Pain in your chest at rest, during daily activities, or when you "
    "do physical activity",
    Readiness.DIZZINESS: "Losing balance because of dizziness, or losing consciousness, in "
    "the last 12 months",
    Readiness.CHRONIC_CONDITION: "Another chronic medical condition you have been diagnosed "
    "with (other than heart disease or high blood pressure)",
    Readiness.MEDICATION: "Prescribed medicine you take now for a chronic medical condition",
    Readiness.BONE_JOINT: "A bone, joint or soft-tissue problem (muscle, ligament or tendon), "
    "<b>other than the back pain this programme is for</b>, that could get worse if you "
    "became more active",
    Readiness.SUPERVISION: "A doctor has said you should only do medically supervised "
    "physical activity",
}
READINESS_LABELS: dict[Readiness, str] = {
    Readiness.HEART: "Heart or BP",
    Readiness.CHEST_PAIN: "Chest pain",
    Readiness.DIZZINESS: "Dizzy/fainted",
    Readiness.CHRONIC_CONDITION: "Other condition",
    Readiness.MEDICATION: "Medication",
    Readiness.BONE_JOINT: "Joint/muscle",
    Readiness.SUPERVISION: "Supervision only",
}
"""Short labels for the readiness list's tick buttons."""
RED_FLAG_HEADING = "<b>Safety check</b>: do any of these apply to you?"
READINESS_HEADING = "<b>Exercise check</b>: do any of these apply to you?"
LIST_HOW_TO = (
    "Tick each one that applies, then tap <b>Done</b>. If none do, tap <b>None of these</b>. "
    "You can also type their numbers, like <i>1 3</i>, or <i>none</i>."
)
SAFETY_STOP: dict[SafetyOutcome, str] = {
    SafetyOutcome.EMERGENCY: (
        "🚨 <b>Please get medical help today.</b>\n\n"
        "What you describe can be a sign of cauda equina syndrome, a rare but serious "
        "problem with the nerves at the bottom of the spine. It needs to be checked "
        "<b>urgently</b>: go to an emergency department now, or call your emergency number "
        "(999 in the UK, 911 in the US, 112 in the EU).\n\n"
        "I won't start a running plan while this stands. If a clinician examines you and "
        "clears you to exercise, send /cleared: I'll ask who cleared you and when, and we'll "
        "carry on."
    ),
    SafetyOutcome.SEE_DOCTOR: (
        "⚠️ <b>Please see a doctor before starting.</b>\n\n"
        "What you describe isn't necessarily serious, but it should be checked by a doctor "
        "before you start a new exercise programme.\n\n"
        "I won't start a running plan while this stands. Once a clinician has checked you "
        "and cleared you to exercise, tap the button below and we'll carry on."
    ),
}
CLEARANCE_QUESTION = (
    "Thanks. Because you answered <b>yes</b> to at least one of those, please check with "
    "your doctor or physiotherapist that a gradual walk/jog programme is right for you.\n\n"
    "Has a clinician already cleared you to exercise?"
)
CHECK_FIRST = (
    "That's sensible. Have a word with your doctor or physio, and when they've cleared you, "
    "come back and tap <b>A clinician has cleared me</b>."
)
NEEDS_CLEARANCE = (
    "I can only go on once a clinician has cleared you. Tap the button when they have."
)
CLEARANCE_STORED = "Noted: a clinician has cleared you. I've stored that with today's date."

DURATION_QUESTION = "How long have you had this back pain?"
DURATION_LABELS: dict[PainDuration, str] = {
    PainDuration.UNDER_3_MONTHS: "Less than 3 months",
    PainDuration.UP_TO_A_YEAR: "3–12 months",
    PainDuration.OVER_A_YEAR: "More than a year",
}
SHORT_DURATION = (
    "Good to know. This programme was designed for back pain lasting more than three months. "
    "Recent back pain often settles by itself; gentle walking helps. You're welcome to go on."
)
USUAL_PAIN_QUESTION = (
    "Over the <b>past week</b>, how bad has your back pain usually been?\n"
    "0 = no pain, 10 = worst imaginable."
)
CURRENT_PAIN_QUESTION = "And how bad is your back pain <b>right now</b>? (0–10)"
HIGH_PAIN = (
    "⚠️ That's a lot of pain. If it came on suddenly, is getting worse, or comes with numbness, "
    "weakness or bladder or bowel changes, please get medical advice today. Otherwise we'll "
    "start very gently."
)
RUNNING_QUESTION = "Have you run before?"
RUNNING_LABELS: dict[RunningHistory, str] = {
    RunningHistory.NEVER: "Never",
    RunningHistory.NOT_IN_YEARS: "Not in years",
    RunningHistory.OCCASIONALLY: "Occasionally",
    RunningHistory.USED_TO_RUN: "I used to run regularly",
}
DAYS_QUESTION = (
    "Pick your <b>three training days</b>. A rest day between sessions is best.\n"
    "Tap the days, then <b>Done</b> — or type them, like <i>mon wed fri</i>."
)
CONSECUTIVE_DAYS = (
    "Heads-up: two of your days are back to back. That's allowed, but a rest day between "
    "sessions gives your back time to adapt. You can change days later."
)
TIME_QUESTION = (
    "What time should I remind you on training days? Tap one, or type a time like "
    "<i>7:30</i> or <i>18:15</i>."
)
TIMEZONE_QUESTION = (
    "Which time zone are you in? Tap <b>📍 Share my location</b> below, or type your city or "
    "zone (for example <i>London</i>, <i>New York</i> or <i>Europe/Berlin</i>)."
)
ZONE_CHOICES = "That could be a few places. Which one is yours?"
LOCATION_BUTTON = "📍 Share my location"
CONFIRM_QUESTION = "Does this look right?"
TAP_LOOKS_GOOD = "Tap <b>Looks good ✅</b> to start, or <b>Change my answers</b> to go back."
ALL_SET = (
    "🎉 You're all set! Ask me <i>what's today's session?</i> any time, or tap below."
)

PROBLEMS: dict[Problem, str] = {
    Problem.NOT_YES_NO: "Please answer <b>yes</b> or <b>no</b> (or tap a button).",
    Problem.NOT_A_CHOICE: "Please pick one of the buttons.",
    Problem.NOT_A_DURATION: "I couldn't tell which of these that is. Tap the closest one, or write "
    "it like <i>6 months</i> or <i>about 2 years</i>.",
    Problem.NOT_PAIN: "Please send a whole number from <b>0</b> (no pain) to <b>10</b> (worst "
    "imaginable), for example <i>3</i>.",
    Problem.NOT_DAYS: "I couldn't read those days. Try something like <i>mon wed fri</i>.",
    Problem.NEED_THREE_DAYS: "Please pick exactly <b>three</b> days.",
    Problem.THREE_ALREADY: "You've already picked three days — untick one first.",
    Problem.NOT_TIME: "I couldn't read that time. Try something like <i>7:30</i>, <i>7.30am</i> or "
    "<i>19:00</i>.",
    Problem.ZONE_UNKNOWN: "I don't know that place. Try a bigger city nearby, a zone name like "
    "<i>Europe/Paris</i>, or share your location.",
    Problem.ZONE_CHOICES: ZONE_CHOICES,
    Problem.LOCATION_UNKNOWN: "I couldn't find a time zone for that location (the open sea?). "
    "Please type your city instead.",
    Problem.NEEDS_CLEARANCE: NEEDS_CLEARANCE,
    Problem.PAIN_OFF_SCALE: (
        "That's off the scale. Please send a whole number from <b>0</b> (no pain) "
        "to <b>10</b> (worst imaginable)."
    ),
    Problem.PAIN_BETWEEN: "Please pick one whole number.",
    Problem.AMBIGUOUS_HOUR: "Is that in the morning or the evening? Type it like <i>7am</i> or "
    "<i>7pm</i>.",
    Problem.WHICH_ONES: "Which ones? Tick each one that applies above and tap <b>Done</b>, or "
    "type their numbers, like <i>1 3</i>.",
    Problem.NOTHING_TICKED: "Nothing is ticked yet. Tick the ones that apply, or tap None of "
    "these if none do.",
    Problem.NOT_ON_LIST: "That list only goes from 1 to {count}. Type the numbers of the ones "
    "that apply, like <i>1 3</i>, or <i>none</i> if none do.",
    Problem.NOT_PICKS: "I couldn't tell which of these you mean. Type the numbers of the ones "
    "that apply (1 to {count}), like <i>1 3</i>, or <i>none</i> if none do. Or tick them "
    "above and tap <b>Done</b>.",
    Problem.NOT_RUNNING: "I couldn't tell how much you've run. Tap the closest, or write it like "
    "<i>never</i>, <i>occasionally</i> or <i>used to run regularly</i>.",
}
BACK_BUTTON = "⬅️ Back"
STALE_BUTTON = "That question has already been answered."
FINISH_SETUP_FIRST = "Let's finish setting you up first — it only takes a minute."


def unclear_pain(reading: PainBetween | PainOffScale) -> str:
    """Why a typed pain score was not taken, and what to send instead."""
    if isinstance(reading, PainOffScale):
        return (f"{escape(reading.said)} is outside the scale: please send a whole number from "
                "<b>0</b> (no pain) to <b>10</b> (worst imaginable).")
    choices = [str(n) for n in reading.choices]
    listed = f"{', '.join(choices[:-1])} or {choices[-1]}"
    return (f"That's between {reading.low} and {reading.high}. I need one whole number: "
            f"is it {listed}? Tap it or type it.")


def welcome(first_name: str) -> str:
    """The first message of onboarding."""
    name = f", {escape(first_name)}" if first_name else ""
    return WELCOME.format(name=name)


def _numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, 1))


def red_flags_question() -> str:
    """The red-flag list: every flag in full, numbered, with how to answer."""
    return (f"{SCREEN_INTRO}\n\n{RED_FLAG_HEADING}\n\n"
            f"{_numbered(RED_FLAG_ITEMS[flag] for flag in RedFlag)}\n\n{LIST_HOW_TO}")


def readiness_question() -> str:
    """The PAR-Q+ list: every question in full, numbered, with how to answer."""
    return (f"{READINESS_INTRO}\n\n{READINESS_HEADING}\n\n"
            f"{_numbered(READINESS_ITEMS[question] for question in Readiness)}\n\n"
            f"{LIST_HOW_TO}")


def list_problem(problem: Problem, count: int) -> str:
    """Why an answer to a screening list of ``count`` items was not taken."""
    return PROBLEMS[problem].format(count=count)


def item_label(item: RedFlag | Readiness) -> str:
    """The short label of one screening item."""
    return RED_FLAG_LABELS[item] if isinstance(item, RedFlag) else READINESS_LABELS[item]


def tick_button(number: int, label: str, ticked: bool) -> str:
    """One item of a screening list as a button, with its number and a tick once ticked."""
    return f"{'✅' if ticked else '☐'} {number} {label}"


def list_done_button(ticked: int) -> str:
    """A screening list's Done, with how many are ticked."""
    return f"Done ({ticked} ticked)" if ticked else "Done"


def days_question(days: tuple[Weekday, ...]) -> str:
    """The days question, with what is picked so far."""
    picked = ", ".join(d.title for d in days) if days else "none yet"
    return f"{DAYS_QUESTION}\n\nPicked: {picked} ({len(days)}/3)"


def summary(level: int, phases: tuple[Phase, ...], first: datetime, zone: str,
            days: tuple[Weekday, ...]) -> str:
    """The plan at the end of onboarding."""
    day_names = ", ".join(d.title for d in days)
    return (
        "<b>Your plan</b>\n"
        f"• Training days: {day_names}, at {clock(first)} ({escape(zone)})\n"
        f"• Starting level: <b>{level}</b>\n"
        f"• First session: <b>{day_and_date(first)} at {clock(first)}</b>\n\n"
        f"What it looks like:\n{session_breakdown(level, phases)}\n\n"
        "Jog time grows only when your back is fine with it; if it complains, we ease off."
    )


# Onboarding's button labels.
AGREE_BUTTON = "I agree, let's go"
NOT_NOW_BUTTON = "Not now"
CLEARED_BUTTON = "A clinician has cleared me"
CHECK_FIRST_BUTTON = "I'll check first"
LOOKS_GOOD_BUTTON = "Looks good ✅"
CHANGE_ANSWERS_BUTTON = "Change my answers"
LOCATION_PLACEHOLDER = "Your city or time zone"
NOTE_TEXTS: dict[Note, str] = {
    Note.SHORT_DURATION: SHORT_DURATION,
    Note.CONSECUTIVE_DAYS: CONSECUTIVE_DAYS,
    Note.HIGH_PAIN: HIGH_PAIN,
    Note.DECLINED: DECLINED,
    Note.CHECK_FIRST: CHECK_FIRST,
    Note.CLEARANCE_STORED: CLEARANCE_STORED,
}


def day_button(day: Weekday, picked: bool) -> str:
    """A weekday on the days keyboard, ticked once picked."""
    short = day.title[:3]
    return f"✅ {short}" if picked else short


def days_done_button(picked: int) -> str:
    """The days keyboard's Done, with how many are picked."""
    return f"Done ({picked}/3)"


def zone_set(zone: str) -> str:
    """The time zone taken from an answer."""
    return f"🕒 Time zone: <b>{zone}</b> ✅"


def consecutive_days(pairs: Iterable[tuple[Weekday, Weekday]]) -> str:
    """The heads-up for back-to-back days, naming each pair ("Monday–Tuesday")."""
    named = [f"{first.title}–{second.title}" for first, second in pairs]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    are = "is" if len(named) == 1 else "are"
    return (f"Heads-up: {listed} {are} back to back. That's allowed, but a rest day between "
            "sessions gives your back time to adapt. You can change days later.")


def ambiguous_hour(hour: int) -> str:
    """A bare hour that could be either half of the day, asked about."""
    return f"{hour} in the morning or the evening? Tap one, or type it like <i>{hour}pm</i>."


RESET_MID_SETUP = (
    "Start the set-up again from the first question? Your answers so far are cleared."
)
