"""What every chat hears: commands, the menu, /reset, /delete, failures, help."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from html import escape

from bot.domain.week import Weekday

COMMANDS: tuple[tuple[str, str], ...] = (
    ("today", "Today's session, or when the next one is"),
    ("go", "Start a session now"),
    ("plan", "Your level, what moves it up, and recent decisions"),
    ("schedule", "See or change your training days, time and time zone"),
    ("settings", "Days, times, time zone and pausing, by buttons"),
    ("help", "What runback does and the commands"),
    ("progress", "Your progress: a chart and how you compare with the trial"),
    ("report", "A one-page PDF report for your physio or GP"),
    ("export", "All your data, as JSON and CSV files"),
    ("easier", "Make the next sessions easier"),
    ("harder", "Make the next sessions harder (after a comfortable one)"),
    ("flare", "Tell me your back has flared up"),
    ("pause", "Pause reminders, e.g. /pause for 2 weeks"),
    ("resume", "Start reminders again after a pause"),
    ("cleared", "A clinician has cleared you after a red-flag hold"),
    ("sharing", "Who you share your progress with"),
    ("unlink", "Stop sharing with a clinician"),
    ("clinic", "For clinicians: register, and invite your clients"),
    ("clients", "For clinicians: the clients who share with you"),
    ("adjust", "For clinicians: change a client's level, or hold their plan"),
    ("start", "Set up runback, or show the main menu"),
    ("reset", "Start the set-up again"),
    ("delete", "Erase everything runback stores about you"),
)


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
    "/progress — a chart of your sessions and pain, week by week (or ask <i>how am I "
    "doing?</i>)\n"
    "/report — a one-page PDF for your physio or GP\n"
    "/export — everything I store about you, as JSON and CSV files\n"
    "/easier — one level easier, any time\n"
    "/harder — one level harder, after a comfortable session (once a week)\n"
    "/flare — your back has flared up: we switch to gentle walks until it settles\n"
    "/schedule — see or change your training days, reminder time and time zone\n"
    "/settings — days, reminder and check-in times, time zone and pausing, by buttons\n"
    "/pause — stop reminders for a while (<i>/pause for 2 weeks</i>, "
    "<i>/pause until 2027-02-01</i>); /resume — start them again\n"
    "/cleared — a clinician has cleared you after a red-flag hold\n"
    "/start — set up, or show the menu\n"
    "/reset — answer the set-up questions again\n"
    "/delete — erase everything I store about you\n"
    "/sharing — who you share your progress with; /unlink — stop sharing\n"
    "/clinic — for clinicians: invite clients, then /clients and /adjust to follow them\n"
    "/help — this message\n\n"
    "I'm a coach, not a clinician: I can't diagnose or treat anything. If your pain changes "
    "suddenly, or you notice numbness, weakness, or bladder or bowel changes, see a doctor."
)


def private_only(bot_username: str) -> str:
    """Said once in a group or channel, and on any button pressed there."""
    return (f"👋 I only work in a private chat, so your health details stay between us. "
            f"Message me at @{bot_username} and send /start.")


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


SORE_EASIER_BUTTON = "🐢 An easier session"
SORE_FLARE_BUTTON = "🔥 Flare mode"
SORE_REST_BUTTON = "🛋 Rest today"


REST_TODAY = ("Rest it is. 🛋 Your level stays where it is; a short easy walk is still welcome "
              "if it feels good. Tap <b>Skip today</b> on today's reminder when it comes.")


REMINDER_TIME_WHICH = ("Which time should your reminders come at? For example "
                       "<i>change my reminder to 7:30</i>, or <i>/schedule time 18:00</i>.")


TIME_AWAY_WHEN = ("Until when? For example <i>I'm away until the 20th</i>, <i>until 25/12</i>, "
                  "<i>until next monday</i> or <i>for 2 weeks</i>.")


SKIP_NONE_TODAY = "There's no session today, so there's nothing to skip. Enjoy the rest day!"
SKIP_NOTHING_LEFT = ("Today's session isn't waiting any more — it's done, skipped or moved "
                     "already, so there's nothing to skip.")


# The main menu's and the confirmations' button labels.
TODAY_BUTTON = "📅 Today's session"
HELP_BUTTON = "❓ Help"
START_MENU_BUTTON = "▶️ Start"
PLAN_BUTTON = "🗺 Plan"
PROGRESS_BUTTON = "📈 Progress"
SETTINGS_BUTTON = "⚙️ Settings"
RESET_YES_BUTTON = "Yes, start again"
RESET_NO_BUTTON = "No, keep my plan"
RESET_CARRY_ON_BUTTON = "No, carry on where I was"
DELETE_YES_BUTTON = "Yes, erase everything"
DELETE_NO_BUTTON = "No, keep it"
NONE_OF_THESE_BUTTON = "None of these"


# /settings: one message, each part opened in place by its button.
SAVED = "Saved ✅"
REMINDERS_ON_AGAIN = "Reminders are on again."


def days_saved(days: Iterable[Weekday], note: str) -> str:
    """The settings note after new training days (and the back-to-back warning, if any)."""
    return f"Training days: {', '.join(day.title for day in days)}. {note}".strip()


def zone_saved(zone: str) -> str:
    """The settings note after a new time zone."""
    return f"Time zone: {zone}."


def morning_saved(at: time) -> str:
    """The settings note after a new morning check-in time."""
    return f"Morning check-in: {at:%H:%M}."


def reminder_saved(at: time) -> str:
    """The settings note after a new session reminder time."""
    return f"Session reminder: {at:%H:%M}."


def saved_note(note: str) -> str:
    """A typed setting, confirmed."""
    return f"✅ {note}"


SETTINGS_DAYS_BUTTON = "🗓 Days"


SETTINGS_TIME_BUTTON = "⏰ Reminder time"


SETTINGS_MORNING_BUTTON = "🌅 Morning check-in"


SETTINGS_ZONE_BUTTON = "🌍 Time zone"


SETTINGS_PAUSE_BUTTON = "⏸ Pause"


SETTINGS_RESUME_BUTTON = "▶️ Resume"


SETTINGS_BACK_BUTTON = "« Back"


SETTINGS_SAVE_BUTTON = "Save"


SETTINGS_TYPE_BUTTON = "Type another…"


SETTINGS_DAYS = "🗓 <b>Training days</b> — tick three, then Save."


def settings_need_days(allowed: tuple[int, ...]) -> str:
    """The alert when Save is tapped with a number of days the plan does not take."""
    if len(allowed) == 1:
        return "Pick exactly three days, then Save."
    return "Your maintenance plan takes two or three days: pick them, then Save."


SETTINGS_TIME = "⏰ <b>Session reminder</b> — tap a time, or type another (like <i>7:45</i>)."


SETTINGS_MORNING = ("🌅 <b>Morning check-in</b> after a session — tap a time, or type another "
                    "(like <i>7:45</i>).")


SETTINGS_TYPE_TIME = "Type the time you'd like, for example <i>7:45</i> or <i>18:30</i>."


SETTINGS_ZONE = ("🌍 <b>Time zone</b> — type your city or zone (for example <i>London</i>, "
                 "<i>New York</i> or <i>Europe/Berlin</i>).")


SETTINGS_ZONE_CHOICES = "That could be a few places — tap yours."


SETTINGS_ZONE_UNKNOWN = ("I don't know that place. Try a bigger city nearby or a zone name, "
                         "like <i>Europe/Paris</i>.")


SETTINGS_PAUSE = "⏸ <b>Pause reminders</b> — for how long?"


SETTINGS_PAUSE_UNTIL = ("Until when? Type the first day back, for example <i>25/12</i> or "
                        "<i>2027-02-01</i>.")


PAUSE_ONE_WEEK_BUTTON = "1 week"


PAUSE_TWO_WEEKS_BUTTON = "2 weeks"


PAUSE_UNTIL_BUTTON = "Until a date…"


PAUSE_NO_END_BUTTON = "No end date"


def settings_view(schedule_text: str, cues: str, note: str = "") -> str:
    """The /settings message: the schedule, how cues arrive (``cues``, one line), and a line
    about the last change."""
    done = f"✅ {note}\n\n" if note else ""
    return (f"{done}⚙️ <b>Settings</b>\n\n{schedule_text}\n{cues}\n\n"
            "Tap what you'd like to change.")
