"""Reminders, check-ins, /schedule, /pause and /resume."""

from __future__ import annotations

from datetime import date, datetime, time
from html import escape

from bot.domain.ladder import level as ladder_level
from bot.domain.pausing import PauseProblem
from bot.domain.reminders import MoveRefusal, Status
from bot.domain.rules import FLARE_WALK_MAX_MINUTES, FLARE_WALK_MIN_MINUTES
from bot.domain.week import Weekday
from bot.services.reminder_actions import Stale
from bot.services.schedule_change import Problem as ScheduleProblem
from bot.telegram.texts.formats import clock, day_and_date, duration
from bot.telegram.texts.general import SETTINGS_DAYS, SETTINGS_TIME, SETTINGS_ZONE, UNKNOWN_BUTTON
from bot.telegram.texts.onboarding import CONSECUTIVE_DAYS

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
MOVE_REFUSALS: dict[MoveRefusal, str] = {
    MoveRefusal.TOMORROW_IS_TRAINING: (
        "Tomorrow is already a training day, so this one can't move there. "
        "You could skip today instead."
    ),
    MoveRefusal.NO_REST_DAY: (
        "Moving it would put two sessions back to back with no rest day between, "
        "and your back adapts on rest days. You could skip today instead."
    ),
}
REMINDER_STALE: dict[Stale, str] = {
    Stale.UNKNOWN: UNKNOWN_BUTTON,
    Stale.HANDLED: UNKNOWN_BUTTON,  # worded by REMINDER_HANDLED; this is its fallback
    Stale.NEWER_MESSAGE: "There's a newer reminder for this session — please use that one.",
    Stale.PAST_DAY: "That reminder was for an earlier day. See /today for what's on now.",
    Stale.PAUSED: "Your reminders are paused. Send /resume to start them again.",
}
REMINDER_HANDLED: dict[Status, str] = {
    Status.PENDING: UNKNOWN_BUTTON,
    Status.SENT: UNKNOWN_BUTTON,
    Status.DONE: "You've already started this session.",
    Status.SKIPPED: "You skipped this session.",
    Status.MOVED: "You moved this session to the next day.",
    Status.MISSED: "That reminder's time has passed. See /today for what's on now.",
    Status.CANCELLED: "That reminder was cancelled: your schedule changed or you paused.",
    Status.FAILED: UNKNOWN_BUTTON,
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
SCHEDULE_PROBLEMS: dict[ScheduleProblem, str] = {
    ScheduleProblem.NOT_UNDERSTOOD: f"I couldn't read that. {SCHEDULE_USAGE}",
    ScheduleProblem.NEED_THREE_DAYS: "Please name exactly <b>three</b> training days, like "
    "<i>/schedule days mon wed fri</i>.",
    ScheduleProblem.NEED_MAINTENANCE_DAYS: "Your maintenance plan takes <b>two or three</b> "
    "training days, like <i>/schedule days tue fri</i>.",
    ScheduleProblem.NOT_TIME: "I couldn't read that time. Try <i>/schedule time 7:30</i> or "
    "<i>/schedule time 6pm</i>.",
    ScheduleProblem.ZONE_UNKNOWN: (
        "I don't know that place. Try a bigger city nearby or a zone name, like "
        "<i>/schedule zone Europe/Paris</i>."
    ),
    # A bare /schedule days|time|zone: the chat asks for it with these.
    ScheduleProblem.WHICH_DAYS: SETTINGS_DAYS,
    ScheduleProblem.WHICH_TIME: SETTINGS_TIME,
    ScheduleProblem.WHICH_ZONE: SETTINGS_ZONE,
}


PAUSE_PROBLEMS: dict[PauseProblem, str] = {
    PauseProblem.NOT_UNDERSTOOD: (
        "I couldn't read that. Try <i>/pause</i>, <i>/pause for 2 weeks</i> or "
        "<i>/pause until 2027-02-01</i>."
    ),
    PauseProblem.NOT_IN_FUTURE: (
        "That day is not after today. Pick a later day, or send /pause and tap "
        "<b>No end date</b>."
    ),
    PauseProblem.TOO_LONG: (
        "That's more than a year away. Send /pause and tap <b>No end date</b> to pause "
        "until you say /resume."
    ),
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
                  next_at: datetime | None, paused: bool, paused_until: date | None,
                  over: str | None = None) -> str:
    """The user's schedule, as /schedule shows it; ``over`` says today's session is done or
    skipped, in place of the next session."""
    lines = [
        "🗓 <b>Your schedule</b>",
        f"• Training days: {', '.join(d.title for d in days)}",
        f"• Reminder: {at.strftime('%H:%M')} ({escape(zone)})",
        f"• Morning check-in after a session: {morning_at.strftime('%H:%M')}",
    ]
    if paused:
        lines.append(f"• ⏸ {paused_line(paused_until)}")
    elif over is not None:
        lines.append(f"• {over}")
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
    return f"That could be a few places. Tap one, or send one of these:\n{options}"


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


def resumed(reason: str | None, next_at: datetime | None, automatic: bool,
            over: str | None = None) -> str:
    """After /resume, or when a pause with an end date is over; ``over`` says today's session
    is done or skipped, in place of the next session."""
    head = ("▶️ <b>Your pause is over</b> — reminders are on again." if automatic
            else "▶️ <b>Welcome back!</b> Reminders are on again.")
    why = f"\n\n{escape(reason)}" if reason else ""
    after = f"\n\nNext session: <b>{_when(next_at)}</b>." if next_at else ""
    if over is not None:
        after = f"\n\n{over}"
    return f"{head}{why}{after}"
