"""Every message runback sends, in one place (HTML parse mode)."""

from __future__ import annotations

from datetime import date, datetime, time
from html import escape

from bot.domain.background import PainDuration, RunningHistory
from bot.domain.ladder import SESSION_SECONDS, TOP_LEVEL
from bot.domain.ladder import level as ladder_level
from bot.domain.parsing import PainBetween, PainOffScale
from bot.domain.rules import FLARE_WALK_MAX_MINUTES, FLARE_WALK_MIN_MINUTES
from bot.domain.safety import Readiness, RedFlag, SafetyOutcome
from bot.domain.timeline import Phase, PhaseKind
from bot.domain.week import Weekday
from bot.telegram.reasons import dose

COMMANDS: tuple[tuple[str, str], ...] = (
    ("today", "Today's session, or when the next one is"),
    ("go", "Start a session now"),
    ("plan", "Your level, what moves it up, and recent decisions"),
    ("easier", "Make the next sessions easier"),
    ("harder", "Make the next sessions harder (after a comfortable one)"),
    ("flare", "Tell me your back has flared up"),
    ("start", "Set up runback, or show the main menu"),
    ("help", "What runback does and the commands"),
    ("reset", "Start the set-up again"),
    ("delete", "Erase everything runback stores about you"),
    ("schedule", "See or change your training days, time and time zone"),
    ("pause", "Pause reminders, e.g. /pause for 2 weeks"),
    ("resume", "Start reminders again after a pause"),
    ("cleared", "A clinician has cleared you after a red-flag hold"),
)

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
    "please answer each question honestly."
)
RED_FLAG_QUESTIONS: dict[RedFlag, str] = {
    RedFlag.BLADDER_BOWEL: "Have you lost control of your bladder or bowels, or do you have "
    "<b>new</b> difficulty passing urine?",
    RedFlag.SADDLE_NUMBNESS: "Do you have numbness around your genitals, buttocks or inner "
    "thighs (the 'saddle' area)?",
    RedFlag.LEG_WEAKNESS: "Do you have weakness or numbness in your legs that is getting "
    "worse?",
    RedFlag.FEVER: "Do you have a fever, or feel generally unwell, along with the back pain?",
    RedFlag.WEIGHT_LOSS: "Have you lost weight recently without trying?",
    RedFlag.CANCER: "Have you ever had cancer?",
    RedFlag.FALL: "Have you had a significant fall or accident recently?",
    RedFlag.NIGHT_PAIN: "Is your back pain constant, and worse at night or when lying down?",
}
READINESS_INTRO = "Now seven questions about exercise in general (the PAR-Q+ check)."
READINESS_QUESTIONS: dict[Readiness, str] = {
    Readiness.HEART: "Has a doctor ever said you have a heart condition or high blood "
    "pressure?",
    Readiness.CHEST_PAIN: "Do you feel pain in your chest at rest, during daily activities, "
    "or when you do physical activity?",
    Readiness.DIZZINESS: "Have you lost balance because of dizziness, or lost consciousness, "
    "in the last 12 months?",
    Readiness.CHRONIC_CONDITION: "Have you ever been diagnosed with another chronic medical "
    "condition (other than heart disease or high blood pressure)?",
    Readiness.MEDICATION: "Are you currently taking prescribed medicine for a chronic medical "
    "condition?",
    Readiness.BONE_JOINT: "<b>Other than the back pain this programme is for</b>, do you have a "
    "bone, joint or soft-tissue problem (muscle, ligament or tendon) that could get worse if "
    "you became more active?",
    Readiness.SUPERVISION: "Has a doctor ever said you should only do medically supervised "
    "physical activity?",
}
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
ALL_SET = (
    "🎉 You're all set! Ask me <i>what's today's session?</i> any time, or tap below."
)

PROBLEMS = {
    "not_yes_no": "Please answer <b>yes</b> or <b>no</b> (or tap a button).",
    "not_a_choice": "Please pick one of the buttons.",
    "not_a_duration": "I couldn't tell which of these that is. Tap the closest one, or write "
    "it like <i>6 months</i> or <i>about 2 years</i>.",
    "not_pain": "Please send a whole number from <b>0</b> (no pain) to <b>10</b> (worst "
    "imaginable), for example <i>3</i>.",
    "not_days": "I couldn't read those days. Try something like <i>mon wed fri</i>.",
    "need_three_days": "Please pick exactly <b>three</b> days.",
    "three_already": "You've already picked three days — untick one first.",
    "not_time": "I couldn't read that time. Try something like <i>7:30</i>, <i>7.30am</i> or "
    "<i>19:00</i>.",
    "zone_unknown": "I don't know that place. Try a bigger city nearby, a zone name like "
    "<i>Europe/Paris</i>, or share your location.",
    "zone_choices": ZONE_CHOICES,
    "location_unknown": "I couldn't find a time zone for that location (the open sea?). "
    "Please type your city instead.",
    "needs_clearance": NEEDS_CLEARANCE,
    "pain_off_scale": "That's off the scale. Please send a whole number from <b>0</b> (no pain) "
    "to <b>10</b> (worst imaginable).",
    "pain_between": "Please pick one whole number.",
}
BACK_BUTTON = "⬅️ Back"
STALE_BUTTON = "That question has already been answered."
FINISH_SETUP_FIRST = "Let's finish setting you up first — it only takes a minute."

MAIN_MENU = "What would you like to do?"
RESET_CONFIRM = (
    "Start the set-up again? Your programme restarts from your new answers; your past "
    "sessions and pain ratings are kept."
)
RESET_CANCELLED = "OK, nothing changed."
DELETE_CONFIRM = (
    "Erase <b>everything</b> runback stores about you — answers, pain ratings, sessions, "
    "schedule? This can't be undone."
)
DELETED = "Done: everything is erased. If you'd like to start again one day, send /start."
DELETE_NOTHING = "There was nothing stored about you."
DELETE_CANCELLED = "OK, nothing was erased."
NOT_STARTED = "We haven't met yet — send /start to set up your programme."
# Plain words outside any question.
THANKS = "You're welcome! 🙌 Send /today whenever you want your session."
SORE_BACK = (
    "I'm sorry your back is sore today. Soreness on its own is common and usually settles; "
    "moving gently tends to help more than resting completely. You choose:\n\n"
    "• <b>An easier session</b> — one level down, any time.\n"
    "• <b>Flare mode</b> — if this feels like a flare-up: short, comfortable walks until it "
    "settles.\n"
    "• <b>Rest today</b> — that's fine too; your level stays where it is."
)
REST_TODAY = ("Rest it is. 🛋 Your level stays where it is; a short easy walk is still welcome "
              "if it feels good. Tap <b>Skip today</b> on today's reminder when it comes.")
REMINDER_TIME_WHICH = ("Which time should your reminders come at? For example "
                       "<i>change my reminder to 7:30</i>, or <i>/schedule time 18:00</i>.")
TIME_AWAY_WHEN = ("Until when? For example <i>I'm away until the 20th</i>, <i>until 25/12</i>, "
                  "<i>until next monday</i> or <i>for 2 weeks</i>.")
SKIP_NONE_TODAY = "There's no session today, so there's nothing to skip. Enjoy the rest day!"

UNKNOWN = "Sorry, I didn't understand that. Try /today for today's session, or /help."
UNKNOWN_BUTTON = "That button no longer does anything."
STORAGE_DOWN = (
    "Sorry — I couldn't reach my notebook just now, so I didn't save that. "
    "Please send it again in a minute."
)
SOMETHING_WENT_WRONG = "Sorry — something went wrong on my side. Please try again."
INLINE_BUTTON = "That button works in your private chat with me — open it there and try again."


def edited(new_text: str) -> str:
    """The answer to an edited message: edits change nothing, so say what to do instead."""
    shown = new_text if len(new_text) <= 40 else new_text[:39] + "…"
    return (f"I've kept your first message — I don't act on edits. If you meant "
            f"“{escape(shown)}”, please send it again as a new message.")
SAFETY_SYMPTOM = (
    "🚨 <b>Please get medical help today.</b> Numbness around the bottom or genitals, loss of "
    "bladder or bowel control, or legs that are getting numb or weak can be signs of cauda "
    "equina syndrome, which needs urgent care: go to an emergency department or call your "
    "emergency number. Don't run until a clinician has checked you."
)
SEVERE_PAIN = (
    "⚠️ Pain of 9 or 10 out of 10 is a lot. Please don't run today. If it came on suddenly, "
    "keeps getting worse, or comes with numbness, weakness, fever, or bladder or bowel "
    "changes, get medical advice today."
)

HELP = (
    "<b>runback</b> coaches you back to running with low back pain: three 30-minute walk/jog "
    "sessions a week, with jog time that grows only as your back allows.\n\n"
    "/today — today's session, or when your next one is (you can also just ask "
    "<i>what's today's session?</i>)\n"
    "/go — start a session now: I'll cue every walk and jog\n"
    "/plan — your level, what it takes to move up, and why the dose changed\n"
    "/easier — one level easier, any time\n"
    "/harder — one level harder, after a comfortable session (once a week)\n"
    "/flare — your back has flared up: we switch to gentle walks until it settles\n"
    "/schedule — see or change your training days, reminder time and time zone\n"
    "/pause — stop reminders for a while (<i>/pause for 2 weeks</i>, "
    "<i>/pause until 2027-02-01</i>); /resume — start them again\n"
    "/cleared — a clinician has cleared you after a red-flag hold\n"
    "/start — set up, or show the menu\n"
    "/reset — answer the set-up questions again\n"
    "/delete — erase everything I store about you\n"
    "/help — this message\n\n"
    "I'm a coach, not a clinician: I can't diagnose or treat anything. If your pain changes "
    "suddenly, or you notice numbness, weakness, or bladder or bowel changes, see a doctor."
)


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


def red_flag_question(flag: RedFlag) -> str:
    """One red-flag question, numbered; the first carries the screen's introduction."""
    number = list(RedFlag).index(flag) + 1
    intro = f"{SCREEN_INTRO}\n\n" if number == 1 else ""
    return f"{intro}<b>Safety check {number}/{len(RedFlag)}</b>\n{RED_FLAG_QUESTIONS[flag]}"


def readiness_question(question: Readiness) -> str:
    """One PAR-Q+ question, numbered; the first carries its introduction."""
    number = list(Readiness).index(question) + 1
    intro = f"{READINESS_INTRO}\n\n" if number == 1 else ""
    heading = f"<b>Exercise check {number}/{len(Readiness)}</b>"
    return f"{intro}{heading}\n{READINESS_QUESTIONS[question]}"


def days_question(days: tuple[Weekday, ...]) -> str:
    """The days question, with what is picked so far."""
    picked = ", ".join(d.title for d in days) if days else "none yet"
    return f"{DAYS_QUESTION}\n\nPicked: {picked} ({len(days)}/3)"


def clock(moment: datetime) -> str:
    """A local time as 07:30."""
    return moment.strftime("%H:%M")


def day_and_date(moment: datetime) -> str:
    """A local date as 'Monday 4 January'."""
    return f"{moment.strftime('%A')} {moment.day} {moment.strftime('%B')}"


def duration(seconds: int) -> str:
    """Seconds as m:ss, e.g. 4:45."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def session_breakdown(level: int, phases: tuple[Phase, ...]) -> str:
    """The walk/jog breakdown of a level: warm-up, intervals, cool-down, total jog time."""
    shape = ladder_level(level)
    lines = []
    block = [p for p in phases if p.kind in (PhaseKind.JOG, PhaseKind.WALK)]
    for phase in phases:
        if phase.kind is PhaseKind.WARMUP:
            lines.append(f"🚶 {duration(phase.duration)} warm-up walk")
        elif phase.kind is PhaseKind.COOLDOWN:
            lines.append(f"🚶 {duration(phase.duration)} cool-down walk")
    if shape.jog_seconds == 0:
        lines.insert(1, f"🚶 {duration(sum(p.duration for p in block))} brisk walk")
    elif shape.walk_seconds == 0:
        lines.insert(1, f"🏃 {duration(shape.jog_seconds)} of continuous easy running")
    else:
        lines.insert(
            1,
            f"🔁 {shape.repeats} × ({duration(shape.jog_seconds)} easy jog 🏃 + "
            f"{duration(shape.walk_seconds)} walk 🚶)",
        )
    total = sum(p.duration for p in phases)
    jog = shape.total_jog_seconds
    lines.append(f"⏱ {duration(total)} in all, {duration(jog)} of it jogging" if jog
                 else f"⏱ {duration(total)} in all, all of it walking")
    return f"<b>Level {level}</b>\n" + "\n".join(lines)


def today_session(level: int, phases: tuple[Phase, ...], at: datetime, zone: str) -> str:
    """Today is a training day."""
    return (
        f"📅 <b>Today's session</b> — {day_and_date(at)}, {clock(at)} ({escape(zone)})\n\n"
        f"{session_breakdown(level, phases)}\n\n"
        + ("Keep the jogs easy" if ladder_level(level).jog_seconds else "Walk briskly")
        + ": you should be able to talk in full sentences."
    )


START_BUTTON = "▶️ Start"
SECOND_SESSION_NOTE = (
    "Another one today is fine, but only one session a day counts towards moving up."
)


def today_over(done: bool, next_at: datetime, zone: str) -> str:
    """/today once today's session is done or skipped: the next one, and a second is allowed."""
    head = "Done today ✅" if done else "Skipped today ⏭"
    return (f"{head} — next session {next_at.strftime('%A')} {clock(next_at)} "
            f"({escape(zone)}).\n\n{SECOND_SESSION_NOTE}")


def first_session(level: int, phases: tuple[Phase, ...], at: datetime, zone: str) -> str:
    """Before the programme starts: when the first session is and what it looks like."""
    return (
        f"🗓 Your first session is <b>{day_and_date(at)} at {clock(at)}</b> ({escape(zone)}). "
        "Until then, rest or go for easy walks.\n\n"
        f"It looks like this:\n{session_breakdown(level, phases)}"
    )


def rest_day(next_at: datetime, zone: str, level: int) -> str:
    """Today is a rest day."""
    return (
        "😌 <b>Rest day</b> today. Rest is part of the plan: it's when your back adapts.\n\n"
        f"Next session: <b>{next_at.strftime('%A')}</b> at <b>{clock(next_at)}</b> "
        f"({escape(zone)}) — {dose(level)}."
    )


def next_after_today(next_at: datetime) -> str:
    """The line after today's session: when the one after is."""
    return f"After that: {day_and_date(next_at)} at {clock(next_at)}."


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


# --- The live session and its check-in ---------------------------------------------------------

BEFORE_PAIN = "Before we start: how is your back <b>right now</b>? (0–10, or skip)"
MORNING_AFTER_MISSING = (
    "One thing first: how was your back <b>the morning after your last session</b>? (0–10)"
)
ALREADY_RUNNING = (
    "You have a session going already — its status message above has Pause and Stop."
)
RESTARTED = "I'm back — sorry for the gap. "
ALREADY_IN_CHECKIN = "Your last session is waiting for its check-in first."
PAUSED = "⏸ Paused. The clock has stopped; tap <b>Resume</b> when you're ready."
RESUMED = "▶️ Resumed — picking up where you left off."
STOP_WHY = "Stopping here — what's the reason?"
KEEP_GOING = "Great — carry on, the clock never stopped."
NOT_COUNTED = (
    "No problem. This one doesn't count toward your level and your dose stays the same. "
    "See you next session."
)
LONG_PAUSE = (
    "Your session has been paused for a while. Shall we finish it here (and log how it went), "
    "or discard it?"
)
DISCARDED = "Discarded — it won't count either way. Your dose stays the same."
DISCARD_COUNTS = (
    "You'd done most of it (80% or more), so it counts as a completed session. Let's log how "
    "it went — it only takes a moment."
)
PEAK_QUESTION = (
    "How bad was your back pain <b>at its worst</b> during the session? "
    "(0 = no pain, 10 = worst imaginable)"
)
SIGNS_QUESTION = (
    "Did you notice any of these? Tick all that apply, then <b>Done</b>.\n"
    "• sharp or stabbing pain\n• new pain down a leg\n• limping or running differently\n"
    "• new pain in a knee, shin, ankle or foot"
)
MORNING_THANKS = "Thanks — noted {pain}/10 this morning."
ENCOURAGEMENTS = (
    "Halfway. Gradual is the whole point: your back adapts to what you give it, a little at "
    "a time.",
    "Halfway. Keep it comfortable — you should be able to talk in full sentences.",
    "Halfway. Boring works: easy, steady sessions are what build a resilient back.",
)
SIGN_LABELS = {
    "sharp": "Sharp or stabbing",
    "leg": "New pain down a leg",
    "limp": "Limping / running differently",
    "joint": "New knee, shin, ankle or foot pain",
}


def phase_line(kind: PhaseKind, seconds: int, brisk: bool) -> str:
    """What to do in one phase, e.g. 'Jog easy — 1:00'."""
    if kind is PhaseKind.JOG:
        return f"🏃 <b>Jog easy — {duration(seconds)}</b>"
    if kind is PhaseKind.WARMUP:
        return f"🚶 <b>Warm-up walk — {duration(seconds)}</b>"
    if kind is PhaseKind.COOLDOWN:
        return f"🚶 <b>Cool-down walk — {duration(seconds)}</b>"
    return f"🚶 <b>{'Brisk walk' if brisk else 'Walk'} — {duration(seconds)}</b>"


def cue(phase: Phase, following: Phase | None, encourage: str | None, remaining: int | None,
        late: bool | None) -> str:
    """The message for one phase change; ``late`` (not None) says where the user is now instead,
    after a restart (True) or when phases went by unseen (False)."""
    brisk = phase.kind is PhaseKind.WALK and phase.intervals == 1
    head = phase_line(phase.kind, remaining if remaining is not None else phase.duration, brisk)
    lines = [f"{RESTARTED if late else ''}You're here now:\n{head}" if late is not None else head]
    if phase.interval is not None and phase.intervals and phase.intervals > 1:
        lines.append(f"Interval {phase.interval} of {phase.intervals}")
    if phase.kind is PhaseKind.JOG:
        lines.append("You should be able to talk.")
    elif phase.kind is PhaseKind.COOLDOWN:
        lines.append("Nearly done — let your breathing settle.")
    elif phase.kind is PhaseKind.WARMUP:
        lines.append("Start easy and loosen up.")
    if following is not None:
        nxt = phase_line(following.kind, following.duration,
                         following.kind is PhaseKind.WALK and following.intervals == 1)
        lines.append(f"Next: {plain_tags(nxt)}")
    if encourage:
        lines.append(f"💬 {encourage}")
    return "\n".join(lines)


def plain_tags(text: str) -> str:
    """Drop <b> tags from a phase line used inside a sentence."""
    return text.replace("<b>", "").replace("</b>", "")


def finished(late: bool) -> str:
    """The last cue."""
    if late:
        return "✅ <b>Your session is over</b> — it finished while I was away. Well done!"
    return "✅ <b>Session done!</b> 30 minutes, well done."


def _phase_name(phase: Phase) -> str:
    """A phase in a few plain words, e.g. 'Jog easy — 0:15 · interval 1 of 4'."""
    name = plain_tags(phase_line(phase.kind, phase.duration,
                                 phase.kind is PhaseKind.WALK and phase.intervals == 1))
    if phase.interval is not None and phase.intervals and phase.intervals > 1:
        name += f" · interval {phase.interval} of {phase.intervals}"
    return name


def status(level: int, phase: Phase | None, following: Phase | None, elapsed: int,
           paused: bool) -> str:
    """The pinned status message: where the user is, what comes next, time done and to go."""
    head = f"⏱ <b>Session · level {level}</b>"
    if phase is None:
        return f"{head}\nNow: Getting ready"
    lines = [head, f"⏸ Paused at {duration(elapsed)}" if paused else f"Now: {_phase_name(phase)}"]
    if paused:
        lines.append(f"In: {_phase_name(phase)}")
    if following is not None:
        lines.append(f"Next: {_phase_name(following)}")
    left = max(0, SESSION_SECONDS - elapsed)
    lines.append(f"{duration(elapsed)} done · {duration(left)} to go")
    return "\n".join(lines)


def pain_again() -> str:
    """A typed check-in answer that is not a pain score."""
    return PROBLEMS["not_pain"]


def morning_revised(reason: str) -> str:
    """A morning answer changed the verdict on the last session."""
    return f"That changes things a little:\n\n{escape(reason)}"


# --- Reminders, check-ins, /schedule, /pause and /resume ---------------------------------------

START_NOW_BUTTON = "▶️ Start now"
LATER_BUTTONS = {30: "Later 30 min", 60: "Later 1 h", 120: "Later 2 h"}
SKIP_BUTTON = "⏭ Skip today"
MOVE_BUTTON = "➡️ Move to tomorrow"
MORNING_CHECKIN_QUESTION = (
    "🌅 Good morning! How is your back <b>this morning</b>, after your last session?\n"
    "0 = no pain, 10 = worst imaginable."
)
LETS_GO = "Let's go!"
MOVE_REFUSALS = {
    "tomorrow_is_training": "Tomorrow is already a training day, so this one can't move there. "
    "You could skip today instead.",
    "no_rest_day": "Moving it would put two sessions back to back with no rest day between, "
    "and your back adapts on rest days. You could skip today instead.",
}
REMINDER_STALE = {
    "unknown": "That button no longer does anything.",
    "newer_message": "There's a newer reminder for this session — please use that one.",
    "past_day": "That reminder was for an earlier day. See /today for what's on now.",
    "paused": "Your reminders are paused. Send /resume to start them again.",
}
REMINDER_HANDLED = {
    "done": "You've already started this session.",
    "skipped": "You skipped this session.",
    "moved": "You moved this session to the next day.",
    "missed": "That reminder's time has passed. See /today for what's on now.",
    "cancelled": "That reminder was cancelled: your schedule changed or you paused.",
}
CHECKIN_KEPT = "You already answered that ({pain}/10) — I've kept your first answer."
WEEKLY_KEPT = "You already answered this week's check-in — I've kept your first answer."
NOT_PAUSED = "You're not paused: your reminders are on. (/pause stops them for a while.)"
SCHEDULE_USAGE = (
    "To change it, send for example:\n"
    "<i>/schedule days tue thu sat</i>\n"
    "<i>/schedule time 18:00</i>\n"
    "<i>/schedule zone Berlin</i>"
)
SCHEDULE_PROBLEMS = {
    "not_understood": f"I couldn't read that. {SCHEDULE_USAGE}",
    "need_three_days": "Please name exactly <b>three</b> training days, like "
    "<i>/schedule days mon wed fri</i>.",
    "not_time": "I couldn't read that time. Try <i>/schedule time 7:30</i> or "
    "<i>/schedule time 6pm</i>.",
    "zone_unknown": "I don't know that place. Try a bigger city nearby or a zone name, like "
    "<i>/schedule zone Europe/Paris</i>.",
}
PAUSE_PROBLEMS = {
    "not_understood": "I couldn't read that. Try <i>/pause</i>, <i>/pause for 2 weeks</i> or "
    "<i>/pause until 2027-02-01</i>.",
    "not_in_future": "That day is not after today. Pick a later day, or send /pause on its own.",
    "too_long": "That's more than a year away. Send /pause on its own to pause until you "
    "say /resume.",
}


def _when(moment: datetime) -> str:
    return f"{day_and_date(moment)} at {clock(moment)}"


def _long_date(day: date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B')}"


def session_line(level: int) -> str:
    """A session in one line: its level and interval block."""
    shape = ladder_level(level)
    if shape.jog_seconds == 0:
        block = "a brisk walk between the warm-up and cool-down"
    elif shape.walk_seconds == 0:
        block = f"{duration(shape.jog_seconds)} of continuous easy running"
    else:
        block = (f"{shape.repeats} × ({duration(shape.jog_seconds)} easy jog + "
                 f"{duration(shape.walk_seconds)} walk)")
    return f"level {level}, {block}, 30 minutes in all"


def session_reminder(level: int | None, again: bool) -> str:
    """The reminder on a training day."""
    head = "⏰ <b>Here's your session again</b>" if again else "🏃 <b>Session time!</b>"
    what = "today's walk/jog session" if level is None else session_line(level)
    return f"{head} Today: {what}."


FLARE_SESSION = (
    f"a brisk walk, {FLARE_WALK_MIN_MINUTES}–{FLARE_WALK_MAX_MINUTES} minutes, as is "
    "comfortable, or rest if your back asks for it"
)


def flare_session_reminder(again: bool) -> str:
    """The reminder on a training day while flare mode stands: the flare session, not the
    programme's."""
    head = "⏰ <b>Here's your walk again</b>" if again else "🚶 <b>Walk time</b> (flare mode)."
    return (f"{head} Today: {FLARE_SESSION}. Running comes back once your back has settled; "
            "/flare to check in.")


FLARE_MESSAGE = (
    "🌤 <b>Flare check-in.</b> Hurt does not mean harm: a sore back is sensitive, not damaged. "
    "Flares settle, and gentle movement such as an easy walk helps them settle.\n\n"
    "How is your back <b>today</b>? 0 = no pain, 10 = worst imaginable."
)
FLARE_MESSAGE_KEPT = "You already answered today's flare check-in — I've kept your answer."
FLARE_ALREADY_OVER = (
    "Thanks! Your flare mode has already ended, so there's nothing to check in on: /today "
    "shows your next session."
)


def flare_today(at: datetime | None, next_at: datetime, zone: str) -> str:
    """/today while flare mode stands: the flare session on a training day, or rest."""
    when = (f"📅 <b>Today</b> — {day_and_date(at)}, {clock(at)} ({escape(zone)})"
            if at is not None else "😌 <b>Rest day</b> today.")
    return (
        f"{when}\n\n🔥 You're in flare mode: {FLARE_SESSION}. Keep it easy: you should be able "
        "to talk in full sentences.\n\n"
        f"Next training day: {day_and_date(next_at)} at {clock(next_at)}. "
        "Send /flare to tell me how your back is."
    )


def weekly_checkin_question(week: int | None) -> str:
    """The weekly average-pain check-in."""
    done = f"<b>Week {week} done!</b> " if week else ""
    return (
        f"📊 {done}Over the <b>past 7 days</b>, how bad has your back pain been on average?\n"
        "0 = no pain, 10 = worst imaginable."
    )


def put_off(again_at: datetime) -> str:
    """After "Later"."""
    return f"⏰ OK — I'll remind you again at <b>{clock(again_at)}</b>."


def skipped(next_at: datetime | None) -> str:
    """After "Skip today"."""
    after = f" Next session: <b>{_when(next_at)}</b>." if next_at else ""
    return f"⏭ Skipped — no problem, your level stays as it is.{after}"


def moved(next_at: datetime) -> str:
    """After "Move to tomorrow"."""
    return f"➡️ Moved: I'll remind you <b>{_when(next_at)}</b>."


def still_put_off(again_at: datetime) -> str:
    """A press on a reminder that is put off."""
    return f"You put this off — I'll remind you again at {clock(again_at)}."


def morning_noted(pain: int) -> str:
    """After the next-morning check-in."""
    return f"Thanks — noted {pain}/10 this morning."


def weekly_noted(pain: int, reason: str | None) -> str:
    """After the weekly check-in."""
    why = f"\n\n{escape(reason)}" if reason else ""
    return f"Thanks — noted {pain}/10 on average this week.{why}"


def schedule_view(days: tuple[Weekday, ...], at: time, zone: str, morning_at: time,
                  next_at: datetime | None, paused: bool, paused_until: date | None) -> str:
    """The user's schedule, as /schedule shows it."""
    lines = [
        "🗓 <b>Your schedule</b>",
        f"• Training days: {', '.join(d.title for d in days)}",
        f"• Reminder: {at.strftime('%H:%M')} ({escape(zone)})",
        f"• Morning check-in after a session: {morning_at.strftime('%H:%M')}",
    ]
    if paused:
        lines.append(f"• ⏸ {paused_line(paused_until)}")
    elif next_at is not None:
        lines.append(f"• Next session: {_when(next_at)}")
    return "\n".join(lines)


def schedule_changed(view_text: str, back_to_back: bool) -> str:
    """After a change through /schedule."""
    note = f"\n\n{CONSECUTIVE_DAYS}" if back_to_back else ""
    return f"✅ Done — your reminders follow the new schedule.\n\n{view_text}{note}"


def zone_choices_text(zones: list[str]) -> str:
    """A place that matches several zones."""
    options = "\n".join(f"<i>/schedule zone {escape(zone)}</i>" for zone in zones)
    return f"That could be a few places. Send one of these:\n{options}"


def paused_line(until: date | None) -> str:
    """Paused, and until when."""
    if until is None:
        return "Paused until you send /resume."
    return f"Paused until {_long_date(until)}."


def paused(until: date | None) -> str:
    """After /pause."""
    if until is None:
        head = "⏸ <b>Paused.</b> No reminders until you send /resume."
    else:
        head = (f"⏸ <b>Paused until {_long_date(until)}.</b> Reminders start again that day; "
                "send /resume to come back sooner.")
    return (f"{head}\n\nTime away counts as a break: if it's more than a week, we'll ease "
            "back in gently.")


def go_paused(until: date | None) -> str:
    """/go while paused: no session starts, and nothing is left waiting."""
    when = f"paused until {_long_date(until)}" if until else "paused"
    return (f"⏸ Your programme is <b>{when}</b>, so I won't start a session. Send /resume "
            "when you're ready, then /go.")


def today_paused(until: date | None) -> str:
    """/today while paused."""
    when = f"paused until {_long_date(until)}" if until else "paused"
    return f"⏸ Your programme is <b>{when}</b>. Send /resume to start again."


def resumed(reason: str | None, next_at: datetime | None, automatic: bool) -> str:
    """After /resume, or when a pause with an end date is over."""
    head = ("▶️ <b>Your pause is over</b> — reminders are on again." if automatic
            else "▶️ <b>Welcome back!</b> Reminders are on again.")
    why = f"\n\n{escape(reason)}" if reason else ""
    after = f"\n\nNext session: <b>{_when(next_at)}</b>." if next_at else ""
    return f"{head}{why}{after}"


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


def private_only(bot_username: str) -> str:
    """Said once in a group or channel, and on any button pressed there."""
    return (f"👋 I only work in a private chat, so your health details stay between us. "
            f"Message me at @{bot_username} and send /start.")
