"""What every inline button carries, and the one way to read it back from callback data.

Callback data is the button's kind, then its fields, joined by ``|``: ``chk|peak|42|3``.
Buttons already sitting in users' chats keep this shape, so old keyboards keep working.
Every value is checked when a button is built and when its data is read back, so a stale,
forged or foreign button decodes to None instead of reaching a handler.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from enum import Enum
from typing import NoReturn

from bot.domain.cue_modes import CueMode
from bot.domain.onboarding import Step
from bot.domain.outcomes import CloseChoice, Item
from bot.domain.safety import RedFlag
from bot.domain.week import Weekday
from bot.domain.zones import Sign
from bot.telegram import texts

SEPARATOR = "|"
LIMIT = 64  # Telegram refuses callback data longer than this many bytes
BIGGEST_ID = 2**63 - 1  # ids are stored as BIGINT
PAIN_SCALE = range(11)
SKIP = "skip"

ONBOARDING = "ob"
MENU = "menu"
RESET = "reset"
DELETE = "del"
FLARE = "flare"
HOLD = "hold"
SYMPTOM = "sym"
BEGIN = "begin"
LIVE = "live"
CHECK = "chk"
START_NOW = "go"
REMINDER = "rm"
MORNING_PAIN = "am"
WEEKLY_PAIN = "wk"
FLARE_MESSAGE = "fm"
BEYOND_TOP = "top"
SETTINGS = "set"
SNAPSHOT = "snap"
CLOSE = "close"
AUDIO = "aud"
NEXT = "next"

# Plain ASCII digits only: int() would also take "²", "+1", " 1" or "0_1".
_ID = re.compile(r"[1-9][0-9]{0,18}")
_COUNT = re.compile(r"0|[1-9][0-9]{0,18}")
_PAIN = re.compile(r"[0-9]|10")
_ACCOUNT_STAMP = re.compile(r"[0-9a-f]{12}")
_POSITION = re.compile(r"([a-z_]+)(?::[a-z0-9_]+)?")
_ANSWER = re.compile(r"[A-Za-z0-9_:/+.-]{1,48}")
_DAY = re.compile(r"20[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])")
_STEPS = frozenset(step.value for step in Step)


class YesNo(Enum):
    YES = "yes"
    NO = "no"


class MenuChoice(Enum):
    TODAY = "today"
    HELP = "help"
    # Offered when the back is sore: an easier session, flare mode, or a rest day.
    EASIER = "easier"
    FLARE = "flare"
    REST = "rest"
    START = "go"
    PLAN = "plan"
    PROGRESS = "progress"
    SETTINGS = "settings"


class FlareQuestion(Enum):
    """The two red-flag screens asked before flare mode starts."""

    EMERGENCY = "emergency"
    OTHER = "other"


class LiveAction(Enum):
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    FINISH = "finish"  # after a long pause: count what was done
    DONE = "done"  # the audio track is over: on to the check-in
    DISCARD = "discard"  # after a long pause: throw the session away


class StopWhy(Enum):
    PAIN = "pain"
    OTHER = "other"
    KEEP_GOING = "back"  # pressed Stop by mistake


class ReminderAction(Enum):
    SKIP_TODAY = "skip"
    MOVE = "move"


def _join(*parts: str) -> str:
    return SEPARATOR.join(parts)


def _require(ok: bool, what: str) -> None:
    if not ok:
        raise ValueError(what)


def _check_id(value: int) -> None:
    _require(type(value) is int and 1 <= value <= BIGGEST_ID, f"not an id: {value!r}")


def _check_pain(value: int | None, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    _require(type(value) is int and value in PAIN_SCALE, f"not a pain score: {value!r}")


def _pain_text(value: int | None) -> str:
    return SKIP if value is None else str(value)


@dataclass(frozen=True)
class _Checked:
    """Checks every id (a field named ``*_id``) and pain score (``pain``) as a button is built."""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name.endswith("_id"):
                _check_id(value)
            elif item.name == "pain":
                _check_pain(value, optional="None" in str(item.type))


@dataclass(frozen=True)
class OnboardingAnswer(_Checked):
    """An answer to the onboarding question at ``at`` (a position such as ``red_flag:fever``)."""

    at: str
    value: str

    def __post_init__(self) -> None:
        position = _POSITION.fullmatch(self.at)
        _require(position is not None and position[1] in _STEPS, f"not a question: {self.at!r}")
        _require(_ANSWER.fullmatch(self.value) is not None, f"not an answer: {self.value!r}")
        _require(len(self.encode()) <= LIMIT, "callback data too long")

    def encode(self) -> str:
        return _join(ONBOARDING, self.at, self.value)


@dataclass(frozen=True)
class MenuButton(_Checked):
    """A main-menu button."""

    choice: MenuChoice

    def encode(self) -> str:
        return _join(MENU, self.choice.value)


@dataclass(frozen=True)
class _AccountAnswer(_Checked):
    """Yes or no to a question about the whole account, bound to it as it was when asked."""

    choice: YesNo
    stamp: str

    def __post_init__(self) -> None:
        _require(_ACCOUNT_STAMP.fullmatch(self.stamp) is not None, "not an account stamp")


@dataclass(frozen=True)
class ResetAnswer(_AccountAnswer):
    """Yes or no to starting the set-up again."""

    def encode(self) -> str:
        return _join(RESET, self.choice.value, self.stamp)


@dataclass(frozen=True)
class DeleteAnswer(_AccountAnswer):
    """Yes or no to erasing everything."""

    def encode(self) -> str:
        return _join(DELETE, self.choice.value, self.stamp)


@dataclass(frozen=True)
class FlareScreenAnswer(_Checked):
    """Yes or no to one of the flare red-flag screens; the stamp counts decisions so far."""

    question: FlareQuestion
    choice: YesNo
    stamp: str

    def __post_init__(self) -> None:
        _require(_COUNT.fullmatch(self.stamp) is not None, "not a coaching stamp")

    def encode(self) -> str:
        return _join(FLARE, self.question.value, self.choice.value, self.stamp)


@dataclass(frozen=True)
class FlareFlagAnswer(_Checked):
    """Which red flag of the second flare screen the user has; the stamp counts decisions."""

    flag: RedFlag
    stamp: str

    def __post_init__(self) -> None:
        _require(_COUNT.fullmatch(self.stamp) is not None, "not a coaching stamp")

    def encode(self) -> str:
        return _join(FLARE, "flag", self.flag.value, self.stamp)


@dataclass(frozen=True)
class FlarePain(_Checked):
    """Today's pain during a flare; the stamp counts decisions so far."""

    pain: int
    stamp: str

    def __post_init__(self) -> None:
        super().__post_init__()
        _require(_COUNT.fullmatch(self.stamp) is not None, "not a coaching stamp")

    def encode(self) -> str:
        return _join(FLARE, "pain", str(self.pain), self.stamp)


@dataclass(frozen=True)
class LiftHold(_Checked):
    """A clinician has cleared the user."""

    def encode(self) -> str:
        return _join(HOLD, "cleared")


@dataclass(frozen=True)
class ClearedOn(_Checked):
    """The day a named clinician cleared the user after an emergency flag."""

    day: date

    def __post_init__(self) -> None:
        _require(type(self.day) is date, f"not a day: {self.day!r}")

    def encode(self) -> str:
        return _join(HOLD, "on", self.day.strftime("%Y%m%d"))


@dataclass(frozen=True)
class SymptomAnswer(_Checked):
    """Is the red flag a message mentioned new, and happening now?"""

    flag: RedFlag
    choice: YesNo

    def encode(self) -> str:
        return _join(SYMPTOM, self.flag.value, self.choice.value)


@dataclass(frozen=True)
class StartFromToday(_Checked):
    """Start, under /today's session: the same questions as /go."""

    def encode(self) -> str:
        return _join(BEGIN, "start")


@dataclass(frozen=True)
class PainBeforeStart(_Checked):
    """Back pain right now, just before a session (None: skipped)."""

    pain: int | None

    def encode(self) -> str:
        return _join(BEGIN, "now", _pain_text(self.pain))


@dataclass(frozen=True)
class MissedMorningPain(_Checked):
    """The morning-after pain for an earlier session, asked before the next one (None: skipped)."""

    session_id: int
    pain: int | None

    def encode(self) -> str:
        return _join(BEGIN, "morning", str(self.session_id), _pain_text(self.pain))


@dataclass(frozen=True)
class LiveControl(_Checked):
    """Pause, Resume or Stop on a running session, or Finish or Discard after a long pause."""

    action: LiveAction
    session_id: int

    def encode(self) -> str:
        return _join(LIVE, self.action.value, str(self.session_id))


@dataclass(frozen=True)
class StopReason(_Checked):
    """Why a session was stopped, or that Stop was pressed by mistake."""

    session_id: int
    why: StopWhy

    def encode(self) -> str:
        return _join(LIVE, "why", str(self.session_id), self.why.value)


@dataclass(frozen=True)
class AudioTrack(_Checked):
    """Get the audio: of one running session, or (None) of the user's next session as the
    programme stands when it is pressed."""

    session_id: int | None

    def __post_init__(self) -> None:
        if self.session_id is not None:
            _check_id(self.session_id)

    def encode(self) -> str:
        return _join(AUDIO, NEXT if self.session_id is None else str(self.session_id))


def _audio(fields: list[str]) -> Button:
    match fields:
        case ["next"]:
            return AudioTrack(None)
        case [session_id]:
            return AudioTrack(_id(session_id))
    _no_match(fields)


@dataclass(frozen=True)
class PeakPain(_Checked):
    """The worst back pain during a session, asked right after it."""

    session_id: int
    pain: int

    def encode(self) -> str:
        return _join(CHECK, "peak", str(self.session_id), str(self.pain))


@dataclass(frozen=True)
class SignToggle(_Checked):
    """Tick or untick one warning sign after a session."""

    session_id: int
    sign: Sign

    def encode(self) -> str:
        return _join(CHECK, "sign", str(self.session_id), self.sign.value)


@dataclass(frozen=True)
class SignsDone(_Checked):
    """The warning signs are all ticked: Done, or None of these."""

    session_id: int
    no_signs: bool

    def encode(self) -> str:
        return _join(CHECK, "none" if self.no_signs else "done", str(self.session_id))


@dataclass(frozen=True)
class StartNow(_Checked):
    """Start now, on a session reminder."""

    reminder_id: int

    def encode(self) -> str:
        return _join(START_NOW, str(self.reminder_id))


@dataclass(frozen=True)
class PutOff(_Checked):
    """Later, on a session reminder: ask again in this many minutes."""

    reminder_id: int
    minutes: int

    def __post_init__(self) -> None:
        super().__post_init__()
        _require(type(self.minutes) is int and self.minutes in texts.LATER_BUTTONS,
                 f"not a put-off: {self.minutes!r}")

    def encode(self) -> str:
        return _join(REMINDER, str(self.reminder_id), "later", str(self.minutes))


@dataclass(frozen=True)
class ReminderAnswer(_Checked):
    """Skip today or Move to tomorrow, on a session reminder."""

    reminder_id: int
    action: ReminderAction

    def encode(self) -> str:
        return _join(REMINDER, str(self.reminder_id), self.action.value)


@dataclass(frozen=True)
class MorningPain(_Checked):
    """The next-morning check-in about one session."""

    session_id: int
    pain: int

    def encode(self) -> str:
        return _join(MORNING_PAIN, str(self.session_id), str(self.pain))


@dataclass(frozen=True)
class WeeklyPain(_Checked):
    """The weekly average-pain check-in, bound to its reminder."""

    reminder_id: int
    pain: int

    def encode(self) -> str:
        return _join(WEEKLY_PAIN, str(self.reminder_id), str(self.pain))


@dataclass(frozen=True)
class FlareMessagePain(_Checked):
    """The day's pain question on flare mode's daily message, bound to its reminder."""

    reminder_id: int
    pain: int

    def encode(self) -> str:
        return _join(FLARE_MESSAGE, str(self.reminder_id), str(self.pain))


# The offer of the levels beyond the top: "Yes, keep building" / "No, stay at level 8".
@dataclass(frozen=True)
class BeyondTopAnswer(_Checked):
    """The answer to the offer of the opt-in levels above level 8."""

    choice: YesNo

    def encode(self) -> str:
        return _join(BEYOND_TOP, self.choice.value)


# Outcome snapshots and the end of the programme.
@dataclass(frozen=True)
class SnapshotBegin(_Checked):
    """"5 quick questions before you start": the week-0 snapshot."""

    def encode(self) -> str:
        return _join(SNAPSHOT, "begin")


@dataclass(frozen=True)
class SnapshotAnswer(_Checked):
    """0–10 to one question of a snapshot (``item`` None: the one it waits on)."""

    snapshot_id: int
    item: Item | None
    value: int

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_pain(self.value)

    def encode(self) -> str:
        item = "next" if self.item is None else self.item.value
        return _join(SNAPSHOT, str(self.snapshot_id), item, str(self.value))


@dataclass(frozen=True)
class SnapshotSkip(_Checked):
    """"Not now": the rest of a snapshot put aside."""

    snapshot_id: int

    def encode(self) -> str:
        return _join(SNAPSHOT, str(self.snapshot_id), SKIP)


@dataclass(frozen=True)
class CloseAnswer(_Checked):
    """A choice at the end of the programme; a maintenance plan carries its days."""

    choice: CloseChoice
    days: tuple[Weekday, ...] = ()

    def __post_init__(self) -> None:
        maintenance = self.choice is CloseChoice.MAINTENANCE
        _require(bool(self.days) == maintenance, "days go with a maintenance plan only")

    def encode(self) -> str:
        if not self.days:
            return _join(CLOSE, self.choice.value)
        return _join(CLOSE, self.choice.value, "-".join(day.short for day in self.days))


# /settings: which part is open, and the choices on it.
class SettingsPart(Enum):
    MAIN = "main"
    DAYS = "days"
    TIME = "time"
    MORNING = "morning"
    ZONE = "zone"
    CUES = "cues"
    PAUSE = "pause"


class PauseChoice(Enum):
    ONE_WEEK = "1w"
    TWO_WEEKS = "2w"
    UNTIL = "until"  # a date, typed
    NO_END = "none"
    RESUME = "resume"


TYPE_ANOTHER = "type"
_CLOCK_FIELD = re.compile(r"([01][0-9]|2[0-3])[0-5][0-9]")
_ZONE_FIELD = re.compile(r"[A-Za-z0-9_+/-]{1,48}")


def _days_field(days: frozenset[Weekday]) -> str:
    return ".".join(d.short for d in sorted(days)) or "-"


_WEEKDAYS = {d.short: d for d in Weekday}


def _weekday(text: str) -> Weekday:
    _require(text in _WEEKDAYS, f"not a day: {text!r}")
    return _WEEKDAYS[text]


def _read_days(text: str) -> frozenset[Weekday]:
    if text == "-":
        return frozenset()
    return frozenset(_weekday(name) for name in text.split("."))


@dataclass(frozen=True)
class SettingsOpen(_Checked):
    """Open one part of the settings message (MAIN: back to the overview)."""

    part: SettingsPart

    def encode(self) -> str:
        return _join(SETTINGS, "open", self.part.value)


@dataclass(frozen=True)
class DaysGrid(_Checked):
    """The days ticked on the grid; ``toggle`` ticks or unticks one, None saves them."""

    picked: frozenset[Weekday]
    toggle: Weekday | None

    def encode(self) -> str:
        last = "save" if self.toggle is None else self.toggle.short
        return _join(SETTINGS, "days", _days_field(self.picked), last)


@dataclass(frozen=True)
class TimePick(_Checked):
    """A time for the session reminder or the morning check-in; None: "type another"."""

    part: SettingsPart
    at: str | None  # "HHMM"

    def __post_init__(self) -> None:
        _require(self.part in (SettingsPart.TIME, SettingsPart.MORNING), "not a time setting")
        _require(self.at is None or _CLOCK_FIELD.fullmatch(self.at) is not None, "not a time")

    def encode(self) -> str:
        return _join(SETTINGS, "at", self.part.value, self.at or TYPE_ANOTHER)


@dataclass(frozen=True)
class ZonePick(_Checked):
    """One of the time zones a typed place could mean."""

    zone: str

    def __post_init__(self) -> None:
        _require(_ZONE_FIELD.fullmatch(self.zone) is not None, "not a zone")
        _require(len(self.encode()) <= LIMIT, "callback data too long")

    def encode(self) -> str:
        return _join(SETTINGS, "zone", self.zone)


@dataclass(frozen=True)
class PausePick(_Checked):
    """How long to pause for, or resume; ``in_settings``: pressed on the /settings message."""

    choice: PauseChoice
    in_settings: bool

    def encode(self) -> str:
        return _join(SETTINGS, "pause", self.choice.value, "s" if self.in_settings else "p")


@dataclass(frozen=True)
class CuePick(_Checked):
    """How cues arrive: in the chat, as an audio track, or both."""

    mode: CueMode

    def encode(self) -> str:
        return _join(SETTINGS, "cues", self.mode.value)


def _settings(fields: list[str]) -> Button:
    match fields:
        case ["open", part]:
            return SettingsOpen(SettingsPart(part))
        case ["days", picked, last]:
            toggle = None if last == "save" else _weekday(last)
            return DaysGrid(_read_days(picked), toggle)
        case ["at", part, at]:
            return TimePick(SettingsPart(part), None if at == TYPE_ANOTHER else at)
        case ["zone", zone]:
            return ZonePick(zone)
        case ["cues", mode]:
            return CuePick(CueMode(mode))
        case ["pause", choice, "s" | "p" as where]:
            return PausePick(PauseChoice(choice), where == "s")
    _no_match(fields)


SettingsButton = SettingsOpen | DaysGrid | TimePick | ZonePick | PausePick | CuePick


Button = (OnboardingAnswer | MenuButton | ResetAnswer | DeleteAnswer | FlareScreenAnswer
          | FlareFlagAnswer
          | FlarePain | LiftHold | ClearedOn | SymptomAnswer | PainBeforeStart
          | MissedMorningPain | LiveControl
          | StopReason | PeakPain | SignToggle | SignsDone | StartNow | StartFromToday | PutOff
          | ReminderAnswer
          | MorningPain | WeeklyPain | FlareMessagePain | BeyondTopAnswer | SettingsButton
          | SnapshotBegin | SnapshotAnswer | SnapshotSkip | CloseAnswer
          | AudioTrack)


def decode(data: str) -> Button | None:
    """The button that callback data stands for, or None when it is stale, forged or foreign."""
    if len(data) > LIMIT:
        return None
    kind, _, rest = data.partition(SEPARATOR)
    read = _READERS.get(kind)
    if read is None:
        return None
    try:
        return read(rest.split(SEPARATOR))
    except ValueError:
        return None


def _id(text: str) -> int:
    _require(_ID.fullmatch(text) is not None, f"not an id: {text!r}")
    return int(text)  # the constructor checks the upper bound


def _pain(text: str) -> int:
    _require(_PAIN.fullmatch(text) is not None, f"not a pain score: {text!r}")
    return int(text)


def _pain_or_skip(text: str) -> int | None:
    return None if text == SKIP else _pain(text)


def _minutes(text: str) -> int:
    _require(_COUNT.fullmatch(text) is not None, f"not minutes: {text!r}")
    return int(text)


def _no_match(fields: list[str]) -> NoReturn:
    raise ValueError(f"unknown button fields: {fields!r}")


def _onboarding(fields: list[str]) -> Button:
    match fields:
        case [at, value]:
            return OnboardingAnswer(at, value)
    _no_match(fields)


def _menu(fields: list[str]) -> Button:
    match fields:
        case [choice]:
            return MenuButton(MenuChoice(choice))
    _no_match(fields)


def _reset(fields: list[str]) -> Button:
    match fields:
        case [choice, stamp]:
            return ResetAnswer(YesNo(choice), stamp)
    _no_match(fields)


def _delete(fields: list[str]) -> Button:
    match fields:
        case [choice, stamp]:
            return DeleteAnswer(YesNo(choice), stamp)
    _no_match(fields)


def _flare(fields: list[str]) -> Button:
    match fields:
        case ["pain", pain, stamp]:
            return FlarePain(_pain(pain), stamp)
        case ["flag", flag, stamp]:
            return FlareFlagAnswer(RedFlag(flag), stamp)
        case [question, choice, stamp]:
            return FlareScreenAnswer(FlareQuestion(question), YesNo(choice), stamp)
    _no_match(fields)


def _hold(fields: list[str]) -> Button:
    match fields:
        case ["cleared"]:
            return LiftHold()
        case ["on", day] if _DAY.fullmatch(day):
            return ClearedOn(date(int(day[:4]), int(day[4:6]), int(day[6:])))
    _no_match(fields)


def _symptom(fields: list[str]) -> Button:
    match fields:
        case [flag, choice]:
            return SymptomAnswer(RedFlag(flag), YesNo(choice))
    _no_match(fields)


def _begin(fields: list[str]) -> Button:
    match fields:
        case ["start"]:
            return StartFromToday()
        case ["now", pain]:
            return PainBeforeStart(_pain_or_skip(pain))
        case ["morning", session_id, pain]:
            return MissedMorningPain(_id(session_id), _pain_or_skip(pain))
    _no_match(fields)


def _live(fields: list[str]) -> Button:
    match fields:
        case ["why", session_id, why]:
            return StopReason(_id(session_id), StopWhy(why))
        case [action, session_id]:
            return LiveControl(LiveAction(action), _id(session_id))
    _no_match(fields)


def _check(fields: list[str]) -> Button:
    match fields:
        case ["peak", session_id, pain]:
            return PeakPain(_id(session_id), _pain(pain))
        case ["sign", session_id, sign]:
            return SignToggle(_id(session_id), Sign(sign))
        case ["none" | "done" as end, session_id]:
            return SignsDone(_id(session_id), no_signs=end == "none")
    _no_match(fields)


def _start_now(fields: list[str]) -> Button:
    match fields:
        case [reminder_id]:
            return StartNow(_id(reminder_id))
    _no_match(fields)


def _reminder(fields: list[str]) -> Button:
    match fields:
        case [reminder_id, "later", minutes]:
            return PutOff(_id(reminder_id), _minutes(minutes))
        case [reminder_id, action]:
            return ReminderAnswer(_id(reminder_id), ReminderAction(action))
    _no_match(fields)


def _morning_pain(fields: list[str]) -> Button:
    match fields:
        case [session_id, pain]:
            return MorningPain(_id(session_id), _pain(pain))
    _no_match(fields)


def _weekly_pain(fields: list[str]) -> Button:
    match fields:
        case [reminder_id, pain]:
            return WeeklyPain(_id(reminder_id), _pain(pain))
    _no_match(fields)


def _flare_message(fields: list[str]) -> Button:
    match fields:
        case [reminder_id, pain]:
            return FlareMessagePain(_id(reminder_id), _pain(pain))
    _no_match(fields)


def _beyond_top(fields: list[str]) -> Button:
    match fields:
        case [choice]:
            return BeyondTopAnswer(YesNo(choice))
    _no_match(fields)


def _snapshot(fields: list[str]) -> Button:
    match fields:
        case ["begin"]:
            return SnapshotBegin()
        case [snapshot_id, "skip"]:
            return SnapshotSkip(_id(snapshot_id))
        case [snapshot_id, item, value]:
            which = None if item == "next" else Item(item)
            return SnapshotAnswer(_id(snapshot_id), which, _pain(value))
    _no_match(fields)


def _close(fields: list[str]) -> Button:
    match fields:
        case [choice]:
            return CloseAnswer(CloseChoice(choice))
        case [choice, days]:
            picked = tuple(_weekday(name) for name in days.split("-"))
            _require(list(picked) == sorted(set(picked)), "days out of order")
            return CloseAnswer(CloseChoice(choice), picked)
    _no_match(fields)


_READERS: dict[str, Callable[[list[str]], Button]] = {
    ONBOARDING: _onboarding,
    MENU: _menu,
    RESET: _reset,
    DELETE: _delete,
    FLARE: _flare,
    HOLD: _hold,
    SYMPTOM: _symptom,
    BEGIN: _begin,
    LIVE: _live,
    CHECK: _check,
    START_NOW: _start_now,
    REMINDER: _reminder,
    MORNING_PAIN: _morning_pain,
    WEEKLY_PAIN: _weekly_pain,
    FLARE_MESSAGE: _flare_message,
    BEYOND_TOP: _beyond_top,
    SETTINGS: _settings,
    SNAPSHOT: _snapshot,
    CLOSE: _close,
    AUDIO: _audio,
}
