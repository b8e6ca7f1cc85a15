"""Every keyboard runback shows, and the callback data its buttons carry."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.domain.onboarding import PainDuration, RunningHistory
from bot.domain.week import Weekday
from bot.places import ZoneChoice
from bot.services import onboarding
from bot.telegram import texts

SEPARATOR = "|"
ONBOARDING = "ob"
MENU = "menu"
RESET = "reset"
DELETE = "del"
COMMON_TIMES = ("06:30", "07:00", "07:30", "08:00", "12:00", "17:30", "18:00", "19:00")


def data(kind: str, *parts: str) -> str:
    """Callback data: the kind of button, then its parts, joined by a separator."""
    return SEPARATOR.join((kind, *parts))


def split(callback_data: str) -> list[str]:
    """The parts of callback data made by :func:`data`."""
    return callback_data.split(SEPARATOR)


def _answer(at: str, label: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data(ONBOARDING, at, value))


def _rows(buttons: list[InlineKeyboardButton], width: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([buttons[i : i + width] for i in range(0, len(buttons), width)])


def consent(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, "I agree, let's go", onboarding.AGREE),
                  _answer(at, "Not now", onboarding.DECLINE)], 1)


def yes_no(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, "Yes", "yes"), _answer(at, "No", "no")], 2)


def cleared(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, "A clinician has cleared me", onboarding.CLEARED)], 1)


def clearance(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, "A clinician has cleared me", onboarding.CLEARED),
                  _answer(at, "I'll check first", onboarding.NOT_YET)], 1)


def durations(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, texts.DURATION_LABELS[d], d.value) for d in PainDuration], 1)


def pain(at: str) -> InlineKeyboardMarkup:
    buttons = [_answer(at, str(n), str(n)) for n in range(11)]
    return InlineKeyboardMarkup([buttons[:6], buttons[6:]])


def running(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, texts.RUNNING_LABELS[r], r.value) for r in RunningHistory], 1)


def days(at: str, picked: Iterable[Weekday]) -> InlineKeyboardMarkup:
    chosen = set(picked)
    buttons = [
        _answer(at, f"✅ {d.title[:3]}" if d in chosen else d.title[:3], d.short)
        for d in Weekday
    ]
    rows = [buttons[:4], buttons[4:]]
    rows.append([_answer(at, f"Done ({len(chosen)}/3)", onboarding.DONE)])
    return InlineKeyboardMarkup(rows)


def times(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, t, t) for t in COMMON_TIMES], 4)


def zone_choices(at: str, choices: Iterable[ZoneChoice]) -> InlineKeyboardMarkup:
    return _rows([_answer(at, c.label, c.zone) for c in choices], 1)


def share_location() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.LOCATION_BUTTON, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="Your city or time zone",
    )


def confirm(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, "Looks good ✅", onboarding.CONFIRM),
                  _answer(at, "Change my answers", onboarding.START_AGAIN)], 1)


def main_menu() -> InlineKeyboardMarkup:
    return _rows([
        InlineKeyboardButton("📅 Today's session", callback_data=data(MENU, "today")),
        InlineKeyboardButton("❓ Help", callback_data=data(MENU, "help")),
    ], 2)


def reset_confirm(stamp: str) -> InlineKeyboardMarkup:
    return _rows([
        InlineKeyboardButton("Yes, start again", callback_data=data(RESET, "yes", stamp)),
        InlineKeyboardButton("No, keep my plan", callback_data=data(RESET, "no", stamp)),
    ], 1)


def delete_confirm(stamp: str) -> InlineKeyboardMarkup:
    return _rows([
        InlineKeyboardButton("Yes, erase everything", callback_data=data(DELETE, "yes", stamp)),
        InlineKeyboardButton("No, keep it", callback_data=data(DELETE, "no", stamp)),
    ], 1)


# --- Coaching: flare questions, flare check-ins, lifting a hold -------------------------------

FLARE = "flare"
HOLD = "hold"
EMERGENCY = "emergency"
OTHER = "other"
FLARE_PAIN = "pain"


def flare_screen(group: str, stamp: str) -> InlineKeyboardMarkup:
    return _rows([
        InlineKeyboardButton("Yes, one of these", callback_data=data(FLARE, group, "yes", stamp)),
        InlineKeyboardButton("None of these", callback_data=data(FLARE, group, "no", stamp)),
    ], 1)


def flare_pain(stamp: str) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(str(n), callback_data=data(FLARE, FLARE_PAIN, str(n), stamp))
               for n in range(11)]
    return InlineKeyboardMarkup([buttons[:6], buttons[6:]])


def lift_hold() -> InlineKeyboardMarkup:
    return _rows([InlineKeyboardButton("A clinician has cleared me",
                                       callback_data=data(HOLD, "cleared"))], 1)


# --- The live session and its check-in ---------------------------------------------------------

BEGIN = "begin"
LIVE = "live"
CHECK = "chk"
SKIP = "skip"


def pain_scale(kind: str, *parts: str, skip: bool = False) -> InlineKeyboardMarkup:
    """0–10 buttons whose data is ``kind|parts…|n`` (and Skip, when the question is optional)."""
    buttons = [InlineKeyboardButton(str(n), callback_data=data(kind, *parts, str(n)))
               for n in range(11)]
    rows = [buttons[:6], buttons[6:]]
    if skip:
        rows.append([InlineKeyboardButton("Skip", callback_data=data(kind, *parts, SKIP))])
    return InlineKeyboardMarkup(rows)


def live_controls(session_id: int, paused: bool) -> InlineKeyboardMarkup:
    sid = str(session_id)
    first = (InlineKeyboardButton("▶️ Resume", callback_data=data(LIVE, "resume", sid)) if paused
             else InlineKeyboardButton("⏸ Pause", callback_data=data(LIVE, "pause", sid)))
    return _rows([first, InlineKeyboardButton("⏹ Stop", callback_data=data(LIVE, "stop", sid))],
                 2)


def stop_reasons(session_id: int) -> InlineKeyboardMarkup:
    sid = str(session_id)
    return _rows([
        InlineKeyboardButton("Back pain", callback_data=data(LIVE, "why", sid, "pain")),
        InlineKeyboardButton("Something else", callback_data=data(LIVE, "why", sid, "other")),
        InlineKeyboardButton("Oops — keep going", callback_data=data(LIVE, "why", sid, "back")),
    ], 1)


def long_pause(session_id: int) -> InlineKeyboardMarkup:
    sid = str(session_id)
    return _rows([
        InlineKeyboardButton("Finish it here", callback_data=data(LIVE, "finish", sid)),
        InlineKeyboardButton("Discard it", callback_data=data(LIVE, "discard", sid)),
    ], 1)


def signs(session_id: int, picked: Iterable[str]) -> InlineKeyboardMarkup:
    chosen = set(picked)
    sid = str(session_id)
    rows = [[InlineKeyboardButton(("✅ " if key in chosen else "") + label,
                                  callback_data=data(CHECK, "sign", sid, key))]
            for key, label in texts.SIGN_LABELS.items()]
    rows.append([
        InlineKeyboardButton("None of these", callback_data=data(CHECK, "none", sid)),
        InlineKeyboardButton("Done", callback_data=data(CHECK, "done", sid)),
    ])
    return InlineKeyboardMarkup(rows)


# --- Reminders and check-ins -------------------------------------------------------------------

START_NOW = "go"
REMINDER = "rm"
MORNING_PAIN = "am"
WEEKLY_PAIN = "wk"
LATER = "later"
SKIP_TODAY = "skip"
MOVE = "move"


def session_reminder(reminder_id: int) -> InlineKeyboardMarkup:
    """Start now, Later (30 min / 1 h / 2 h), Skip today, Move to tomorrow."""
    rid = str(reminder_id)
    later = [InlineKeyboardButton(label, callback_data=data(REMINDER, rid, LATER, str(minutes)))
             for minutes, label in texts.LATER_BUTTONS.items()]
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts.START_NOW_BUTTON, callback_data=data(START_NOW, rid))],
        later,
        [InlineKeyboardButton(texts.SKIP_BUTTON, callback_data=data(REMINDER, rid, SKIP_TODAY)),
         InlineKeyboardButton(texts.MOVE_BUTTON, callback_data=data(REMINDER, rid, MOVE))],
    ])


def checkin_pain(kind: str, key: int) -> InlineKeyboardMarkup:
    """0–10 buttons for a scheduled check-in; data is ``kind|key|n``."""
    buttons = [InlineKeyboardButton(str(n), callback_data=data(kind, str(key), str(n)))
               for n in range(11)]
    return InlineKeyboardMarkup([buttons[:6], buttons[6:]])
