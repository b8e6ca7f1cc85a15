"""Every keyboard runback shows; the data its buttons carry comes from :mod:`buttons`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, time

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.domain import onboarding, screening
from bot.domain.background import PainDuration, RunningHistory
from bot.domain.cue_modes import CueMode
from bot.domain.outcomes import CloseChoice
from bot.domain.outcomes import Item as SnapshotItem
from bot.domain.safety import RedFlag
from bot.domain.screening import Item
from bot.domain.week import Weekday
from bot.places import ZoneChoice
from bot.telegram import buttons, texts
from bot.telegram.buttons import (
    Button,
    FlareQuestion,
    LiveAction,
    MenuChoice,
    PauseChoice,
    ReminderAction,
    SettingsPart,
    StopWhy,
    YesNo,
)

COMMON_TIMES = ("06:30", "07:00", "07:30", "08:00", "12:00", "17:30", "18:00", "19:00")


def _button(label: str, button: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=button.encode())


def _answer(at: str, label: str, value: str) -> InlineKeyboardButton:
    return _button(label, buttons.OnboardingAnswer(at, value))


def _rows(keys: list[InlineKeyboardButton], width: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([keys[i : i + width] for i in range(0, len(keys), width)])


def _scale(button: Callable[[int], Button]) -> list[list[InlineKeyboardButton]]:
    """0–10 in two rows, each number's button made by ``button``."""
    keys = [_button(str(n), button(n)) for n in buttons.PAIN_SCALE]
    return [keys[:6], keys[6:]]


def with_back(markup: InlineKeyboardMarkup, at: str) -> InlineKeyboardMarkup:
    """The same keyboard with a Back button under it, to correct the answer just given."""
    back = _answer(at, texts.BACK_BUTTON, onboarding.BACK)
    return InlineKeyboardMarkup([*markup.inline_keyboard, [back]])


def pain_choices(at: str, choices: Iterable[int]) -> InlineKeyboardMarkup:
    """The whole numbers a range or a half lies between, to pick one."""
    return _rows([_answer(at, str(n), str(n)) for n in choices], 6)


def hour_choices(at: str, choices: Iterable[time]) -> InlineKeyboardMarkup:
    """The morning and the evening reading of a bare hour, to pick one."""
    return _rows([_answer(at, texts.clock(t), texts.clock(t)) for t in choices], 2)


def pain_choices_of(button: Callable[[int], Button],
                    choices: Iterable[int]) -> InlineKeyboardMarkup:
    """A typed range or half on a check-in question: its whole numbers, to pick one."""
    return _rows([_button(str(n), button(n)) for n in choices], 6)


def consent(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, texts.AGREE_BUTTON, onboarding.AGREE),
                  _answer(at, texts.NOT_NOW_BUTTON, onboarding.DECLINE)], 1)


def screening_list(at: str, items: Iterable[Item], picked: frozenset[Item]) -> InlineKeyboardMarkup:
    """A screening list: None of these first, a tick button per item (two a row), then Done."""
    none = _answer(at, texts.NONE_OF_THESE_BUTTON, screening.NONE_OF_THESE)
    ticks = [_answer(at, texts.tick_button(number, texts.item_label(item), item in picked),
                     screening.tick(item))
             for number, item in enumerate(items, 1)]
    done = _answer(at, texts.list_done_button(len(picked)), screening.DONE)
    return InlineKeyboardMarkup([[none], *_rows(ticks, 2).inline_keyboard, [done]])


def cleared(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, texts.CLEARED_BUTTON, onboarding.CLEARED)], 1)


def clearance(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, texts.CLEARED_BUTTON, onboarding.CLEARED),
                  _answer(at, texts.CHECK_FIRST_BUTTON, onboarding.NOT_YET)], 1)


def durations(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, texts.DURATION_LABELS[d], d.value) for d in PainDuration], 1)


def pain(at: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(_scale(lambda n: buttons.OnboardingAnswer(at, str(n))))


def running(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, texts.RUNNING_LABELS[r], r.value) for r in RunningHistory], 1)


def days(at: str, picked: Iterable[Weekday]) -> InlineKeyboardMarkup:
    chosen = set(picked)
    keys = [
        _answer(at, texts.day_button(d, d in chosen), d.short)
        for d in Weekday
    ]
    rows = [keys[:4], keys[4:]]
    rows.append([_answer(at, texts.days_done_button(len(chosen)), onboarding.DONE)])
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
        input_field_placeholder=texts.LOCATION_PLACEHOLDER,
    )


def confirm(at: str) -> InlineKeyboardMarkup:
    return _rows([_answer(at, texts.LOOKS_GOOD_BUTTON, onboarding.CONFIRM),
                  _answer(at, texts.CHANGE_ANSWERS_BUTTON, onboarding.START_AGAIN)], 1)


def main_menu() -> InlineKeyboardMarkup:
    return _rows([
        _button(texts.TODAY_BUTTON, buttons.MenuButton(MenuChoice.TODAY)),
        _button(texts.START_MENU_BUTTON, buttons.MenuButton(MenuChoice.START)),
        _button(texts.PLAN_BUTTON, buttons.MenuButton(MenuChoice.PLAN)),
        _button(texts.PROGRESS_BUTTON, buttons.MenuButton(MenuChoice.PROGRESS)),
        _button(texts.SETTINGS_BUTTON, buttons.MenuButton(MenuChoice.SETTINGS)),
        _button(texts.HELP_BUTTON, buttons.MenuButton(MenuChoice.HELP)),
    ], 2)


def all_set() -> InlineKeyboardMarkup:
    """The main menu, after the offer of the week-0 snapshot (skipped by tapping anything else)."""
    offer = [_button(texts.BASELINE_BUTTON, buttons.SnapshotBegin())]
    return InlineKeyboardMarkup([offer, *main_menu().inline_keyboard])


def snapshot_item(snapshot_id: int, item: SnapshotItem) -> InlineKeyboardMarkup:
    """0–10 for one question of a snapshot, and "Not now"."""
    scale = _scale(lambda n: buttons.SnapshotAnswer(snapshot_id, item, n))
    skip = [_button(texts.SNAPSHOT_SKIP_BUTTON, buttons.SnapshotSkip(snapshot_id))]
    return InlineKeyboardMarkup([*scale, skip])


def close_choices(beyond: bool, maintenance: Iterable[tuple[Weekday, ...]]
                  ) -> InlineKeyboardMarkup:
    """Keep going, the levels beyond level 8 (when open), or a maintenance week of 2–3 days."""
    keys = [_button(texts.CLOSE_LABELS[CloseChoice.KEEP_GOING],
                    buttons.CloseAnswer(CloseChoice.KEEP_GOING))]
    if beyond:
        keys.append(_button(texts.CLOSE_LABELS[CloseChoice.BEYOND],
                            buttons.CloseAnswer(CloseChoice.BEYOND)))
    keys += [_button(texts.maintenance_label(days),
                     buttons.CloseAnswer(CloseChoice.MAINTENANCE, days)) for days in maintenance]
    return _rows(keys, 1)


def sore_back() -> InlineKeyboardMarkup:
    """The choices offered when the back is sore: easier, flare mode, or rest."""
    return _rows([
        _button(texts.SORE_EASIER_BUTTON, buttons.MenuButton(MenuChoice.EASIER)),
        _button(texts.SORE_FLARE_BUTTON, buttons.MenuButton(MenuChoice.FLARE)),
        _button(texts.SORE_REST_BUTTON, buttons.MenuButton(MenuChoice.REST)),
    ], 1)


def reset_confirm(stamp: str, *, has_plan: bool = True) -> InlineKeyboardMarkup:
    """Yes or no to /reset; mid-set-up there is no plan to keep, only the set-up to carry on."""
    keep = texts.RESET_NO_BUTTON if has_plan else texts.RESET_CARRY_ON_BUTTON
    return _rows([
        _button(texts.RESET_YES_BUTTON, buttons.ResetAnswer(YesNo.YES, stamp)),
        _button(keep, buttons.ResetAnswer(YesNo.NO, stamp)),
    ], 1)


def delete_confirm(stamp: str) -> InlineKeyboardMarkup:
    return _rows([
        _button(texts.DELETE_YES_BUTTON, buttons.DeleteAnswer(YesNo.YES, stamp)),
        _button(texts.DELETE_NO_BUTTON, buttons.DeleteAnswer(YesNo.NO, stamp)),
    ], 1)


# --- Coaching: flare questions, flare check-ins, lifting a hold -------------------------------


def flare_screen(question: FlareQuestion, stamp: str) -> InlineKeyboardMarkup:
    return _rows([
        _button(texts.FLARE_YES_BUTTON, buttons.FlareScreenAnswer(question, YesNo.YES, stamp)),
        _button(texts.NONE_OF_THESE_BUTTON, buttons.FlareScreenAnswer(question, YesNo.NO, stamp)),
    ], 1)


def flare_screen_other(stamp: str) -> InlineKeyboardMarkup:
    """The second flare screen: one button per red flag, so a yes says which it was."""
    keys = [_button(texts.FLARE_FLAG_LABELS[flag], buttons.FlareFlagAnswer(flag, stamp))
            for flag in texts.FLARE_FLAG_LABELS]
    keys.append(_button(texts.NONE_OF_THESE_BUTTON,
                        buttons.FlareScreenAnswer(FlareQuestion.OTHER, YesNo.NO, stamp)))
    return _rows(keys, 1)


def flare_pain(stamp: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(_scale(lambda n: buttons.FlarePain(n, stamp)))


def lift_hold() -> InlineKeyboardMarkup:
    return _rows([_button(texts.CLEARED_BUTTON, buttons.LiftHold())], 1)


def symptom_check(flag: RedFlag) -> InlineKeyboardMarkup:
    """Is the red flag a message mentioned new, and happening now?"""
    return _rows([_button(texts.SYMPTOM_YES, buttons.SymptomAnswer(flag, YesNo.YES)),
                  _button(texts.SYMPTOM_NO, buttons.SymptomAnswer(flag, YesNo.NO))], 1)


def clearance_days(days: Iterable[date]) -> InlineKeyboardMarkup:
    """The days a clearance may be dated, newest (today) first."""
    keys = [_button(texts.clearance_day_button(n, day), buttons.ClearedOn(day))
            for n, day in enumerate(days)]
    return _rows(keys, 2)


# --- The live session and its check-in ---------------------------------------------------------


def _audio(session_id: int | None = None) -> InlineKeyboardButton:
    return _button(texts.AUDIO_BUTTON, buttons.AudioTrack(session_id))


def audio_of(session_id: int) -> InlineKeyboardMarkup:
    """Get the audio of one session, alone (when sending it at Start failed)."""
    return _rows([_audio(session_id)], 1)


def audio_only() -> InlineKeyboardMarkup:
    """Get the audio of the next session, alone (under the flare walk)."""
    return _rows([_audio()], 1)


def start_today() -> InlineKeyboardMarkup:
    """Start, under /today's session."""
    return InlineKeyboardMarkup([[_button(texts.START_BUTTON, buttons.StartFromToday())],
                                 [_audio()]])


def pain_now() -> InlineKeyboardMarkup:
    """The optional "back pain right now" before a session, with Skip."""
    rows = _scale(buttons.PainBeforeStart)
    rows.append([_button(texts.SKIP_QUESTION_BUTTON, buttons.PainBeforeStart(None))])
    return InlineKeyboardMarkup(rows)


def missed_morning_pain(session_id: int) -> InlineKeyboardMarkup:
    """The morning-after pain for an earlier session, asked before the next one, with Skip."""
    rows = _scale(lambda n: buttons.MissedMorningPain(session_id, n))
    rows.append([_button(texts.SKIP_QUESTION_BUTTON, buttons.MissedMorningPain(session_id, None))])
    return InlineKeyboardMarkup(rows)


def peak_pain(session_id: int) -> InlineKeyboardMarkup:
    """The worst pain during a session, asked right after it."""
    return InlineKeyboardMarkup(_scale(lambda n: buttons.PeakPain(session_id, n)))


def live_controls(session_id: int, paused: bool,
                  mode: CueMode = CueMode.CHAT) -> InlineKeyboardMarkup:
    """Pause or Resume, and Stop; then Get the audio of a chat-cued session, or Finished for
    one cued by its track (which Start already sent)."""
    first = (_button(texts.RESUME_BUTTON, buttons.LiveControl(LiveAction.RESUME, session_id))
             if paused
             else _button(texts.PAUSE_BUTTON, buttons.LiveControl(LiveAction.PAUSE, session_id)))
    stop = _button(texts.STOP_BUTTON, buttons.LiveControl(LiveAction.STOP, session_id))
    if mode is CueMode.CHAT:
        last = _audio(session_id)
    elif mode is CueMode.AUDIO:
        last = _button(texts.FINISHED_BUTTON, buttons.LiveControl(LiveAction.DONE, session_id))
    else:
        return _rows([first, stop], 2)
    return InlineKeyboardMarkup([[first, stop], [last]])


def stop_reasons(session_id: int) -> InlineKeyboardMarkup:
    return _rows([
        _button(texts.STOP_PAIN_BUTTON, buttons.StopReason(session_id, StopWhy.PAIN)),
        _button(texts.STOP_OTHER_BUTTON, buttons.StopReason(session_id, StopWhy.OTHER)),
        _button(texts.STOP_KEEP_GOING_BUTTON, buttons.StopReason(session_id, StopWhy.KEEP_GOING)),
    ], 1)


def long_pause(session_id: int) -> InlineKeyboardMarkup:
    return _rows([
        _button(texts.FINISH_HERE_BUTTON, buttons.LiveControl(LiveAction.FINISH, session_id)),
        _button(texts.DISCARD_BUTTON, buttons.LiveControl(LiveAction.DISCARD, session_id)),
    ], 1)


def signs(session_id: int, picked: Iterable[str]) -> InlineKeyboardMarkup:
    chosen = set(picked)
    rows = [[_button(texts.sign_button(sign, sign.value in chosen),
                     buttons.SignToggle(session_id, sign))]
            for sign in texts.SIGN_LABELS]
    rows.append([
        _button(texts.NONE_OF_THESE_BUTTON, buttons.SignsDone(session_id, no_signs=True)),
        _button(texts.SIGNS_DONE_BUTTON, buttons.SignsDone(session_id, no_signs=False)),
    ])
    return InlineKeyboardMarkup(rows)


# --- Reminders and check-ins -------------------------------------------------------------------


def session_reminder(reminder_id: int) -> InlineKeyboardMarkup:
    """Start now, Get the audio, Later (30 min / 1 h / 2 h), Skip today, Move to tomorrow."""
    later = [_button(label, buttons.PutOff(reminder_id, minutes))
             for minutes, label in texts.LATER_BUTTONS.items()]
    return InlineKeyboardMarkup([
        [_button(texts.START_NOW_BUTTON, buttons.StartNow(reminder_id))],
        [_audio()],
        later,
        [_button(texts.SKIP_BUTTON, buttons.ReminderAnswer(reminder_id, ReminderAction.SKIP_TODAY)),
         _button(texts.MOVE_BUTTON, buttons.ReminderAnswer(reminder_id, ReminderAction.MOVE))],
    ])


def morning_pain(session_id: int) -> InlineKeyboardMarkup:
    """0–10 for the next-morning check-in about one session."""
    return InlineKeyboardMarkup(_scale(lambda n: buttons.MorningPain(session_id, n)))


def weekly_pain(reminder_id: int) -> InlineKeyboardMarkup:
    """0–10 for the weekly average-pain check-in."""
    return InlineKeyboardMarkup(_scale(lambda n: buttons.WeeklyPain(reminder_id, n)))


def flare_message_pain(reminder_id: int) -> InlineKeyboardMarkup:
    """0–10 for the day's pain question on flare mode's daily message."""
    return InlineKeyboardMarkup(_scale(lambda n: buttons.FlareMessagePain(reminder_id, n)))


# The offer of the levels beyond the top.
def beyond_top_offer() -> InlineKeyboardMarkup:
    """"Yes, keep building" / "No, stay at level 8"."""
    return _rows([_button(texts.BEYOND_TOP_YES, buttons.BeyondTopAnswer(YesNo.YES)),
                  _button(texts.BEYOND_TOP_NO, buttons.BeyondTopAnswer(YesNo.NO))], 1)


# /settings: the overview, and each part opened in place.
def _open(label: str, part: SettingsPart) -> InlineKeyboardButton:
    return _button(label, buttons.SettingsOpen(part))


def _back() -> list[InlineKeyboardButton]:
    return [_open(texts.SETTINGS_BACK_BUTTON, SettingsPart.MAIN)]


def settings_cues(chosen: CueMode) -> InlineKeyboardMarkup:
    """The three ways cues can arrive, the user's ticked, and Back."""
    keys = [[_button(texts.cue_choice(mode, mode is chosen), buttons.CuePick(mode))]
            for mode in CueMode]
    return InlineKeyboardMarkup([*keys, _back()])


def settings(paused: bool, cues: CueMode = CueMode.CHAT) -> InlineKeyboardMarkup:
    """The overview: one button per setting."""
    pause = (_button(texts.SETTINGS_RESUME_BUTTON, buttons.PausePick(PauseChoice.RESUME, True))
             if paused else _open(texts.SETTINGS_PAUSE_BUTTON, SettingsPart.PAUSE))
    return _rows([
        _open(texts.SETTINGS_DAYS_BUTTON, SettingsPart.DAYS),
        _open(texts.SETTINGS_TIME_BUTTON, SettingsPart.TIME),
        _open(texts.SETTINGS_MORNING_BUTTON, SettingsPart.MORNING),
        _open(texts.SETTINGS_ZONE_BUTTON, SettingsPart.ZONE),
        _open(texts.cues_button(cues), SettingsPart.CUES),
        pause,
    ], 2)


def settings_days(picked: Iterable[Weekday]) -> InlineKeyboardMarkup:
    """The days as a toggle grid, with Save."""
    chosen = frozenset(picked)
    keys = [
        _button(texts.day_button(d, d in chosen),
                buttons.DaysGrid(chosen, d))
        for d in Weekday
    ]
    save = _button(f"{texts.SETTINGS_SAVE_BUTTON} ({len(chosen)}/3)",
                   buttons.DaysGrid(chosen, None))
    return InlineKeyboardMarkup([keys[:4], keys[4:], [save], _back()])


def settings_times(part: SettingsPart) -> InlineKeyboardMarkup:
    """Common times, "type another" and Back, for the reminder or the morning check-in."""
    keys = [_button(t, buttons.TimePick(part, t.replace(":", ""))) for t in COMMON_TIMES]
    rows = [keys[i : i + 4] for i in range(0, len(keys), 4)]
    rows.append([_button(texts.SETTINGS_TYPE_BUTTON, buttons.TimePick(part, None))])
    return InlineKeyboardMarkup([*rows, _back()])


def settings_zones(choices: Iterable[ZoneChoice]) -> InlineKeyboardMarkup:
    """The zones a typed place could mean, as onboarding offers them."""
    keys = [[_button(c.label, buttons.ZonePick(c.zone))] for c in choices]
    return InlineKeyboardMarkup([*keys, _back()])


def settings_back() -> InlineKeyboardMarkup:
    """Only Back, while a typed answer is awaited."""
    return InlineKeyboardMarkup([_back()])


def pause_choices(*, in_settings: bool) -> InlineKeyboardMarkup:
    """1 week, 2 weeks, until a date, no end (with Back inside /settings)."""
    def pick(label: str, choice: PauseChoice) -> InlineKeyboardButton:
        return _button(label, buttons.PausePick(choice, in_settings))
    rows = [
        [pick(texts.PAUSE_ONE_WEEK_BUTTON, PauseChoice.ONE_WEEK),
         pick(texts.PAUSE_TWO_WEEKS_BUTTON, PauseChoice.TWO_WEEKS)],
        [pick(texts.PAUSE_UNTIL_BUTTON, PauseChoice.UNTIL),
         pick(texts.PAUSE_NO_END_BUTTON, PauseChoice.NO_END)],
    ]
    return InlineKeyboardMarkup([*rows, _back()] if in_settings else rows)
