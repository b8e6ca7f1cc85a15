"""Button callback data: every family round-trips, and nothing else decodes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.safety import RedFlag
from bot.domain.week import Weekday
from bot.domain.zones import Sign
from bot.telegram import buttons
from bot.telegram.buttons import (
    BIGGEST_ID,
    Button,
    ClearedOn,
    DaysGrid,
    DeleteAnswer,
    FlareFlagAnswer,
    FlareMessagePain,
    FlarePain,
    FlareQuestion,
    FlareScreenAnswer,
    LiftHold,
    LiveAction,
    LiveControl,
    MenuButton,
    MenuChoice,
    MissedMorningPain,
    MorningPain,
    OnboardingAnswer,
    PainBeforeStart,
    PauseChoice,
    PausePick,
    PeakPain,
    PutOff,
    ReminderAction,
    ReminderAnswer,
    ResetAnswer,
    SettingsOpen,
    SettingsPart,
    SignsDone,
    SignToggle,
    StartNow,
    StopReason,
    StopWhy,
    SymptomAnswer,
    TimePick,
    WeeklyPain,
    YesNo,
    ZonePick,
    decode,
)
from bot.telegram.texts import LATER_BUTTONS

PREFIXES = ["ob", "menu", "reset", "del", "flare", "hold", "sym", "begin", "live", "chk", "go",
            "rm", "am", "wk", "fm"]

# The wire format as old keyboards in users' chats carry it: one example per family.
WIRE = {
    "ob|red_flag:fever|no": OnboardingAnswer("red_flag:fever", "no"),
    "ob|timezone|America/Argentina/Buenos_Aires":
        OnboardingAnswer("timezone", "America/Argentina/Buenos_Aires"),
    "ob|time|06:30": OnboardingAnswer("time", "06:30"),
    "menu|today": MenuButton(MenuChoice.TODAY),
    "reset|yes|0a1b2c3d4e5f": ResetAnswer(YesNo.YES, "0a1b2c3d4e5f"),
    "del|no|0a1b2c3d4e5f": DeleteAnswer(YesNo.NO, "0a1b2c3d4e5f"),
    "flare|emergency|yes|0": FlareScreenAnswer(FlareQuestion.EMERGENCY, YesNo.YES, "0"),
    "flare|other|no|12": FlareScreenAnswer(FlareQuestion.OTHER, YesNo.NO, "12"),
    "flare|flag|cancer|12": FlareFlagAnswer(RedFlag.CANCER, "12"),
    "flare|pain|4|3": FlarePain(4, "3"),
    "hold|cleared": LiftHold(),
    "hold|on|20270104": ClearedOn(date(2027, 1, 4)),
    "sym|saddle|yes": SymptomAnswer(RedFlag.SADDLE_NUMBNESS, YesNo.YES),
    "sym|fall|no": SymptomAnswer(RedFlag.FALL, YesNo.NO),
    "begin|now|skip": PainBeforeStart(None),
    "begin|now|10": PainBeforeStart(10),
    "begin|morning|7|0": MissedMorningPain(7, 0),
    "begin|morning|7|skip": MissedMorningPain(7, None),
    "live|pause|9": LiveControl(LiveAction.PAUSE, 9),
    "live|discard|9": LiveControl(LiveAction.DISCARD, 9),
    "live|why|9|back": StopReason(9, StopWhy.KEEP_GOING),
    "chk|peak|9|3": PeakPain(9, 3),
    "chk|sign|9|leg": SignToggle(9, Sign.LEG),
    "chk|none|9": SignsDone(9, no_signs=True),
    "chk|done|9": SignsDone(9, no_signs=False),
    "go|5": StartNow(5),
    "rm|5|later|120": PutOff(5, 120),
    "rm|5|skip": ReminderAnswer(5, ReminderAction.SKIP_TODAY),
    "rm|5|move": ReminderAnswer(5, ReminderAction.MOVE),
    "am|7|2": MorningPain(7, 2),
    "wk|5|6": WeeklyPain(5, 6),
    "fm|5|3": FlareMessagePain(5, 3),
    "menu|settings": MenuButton(MenuChoice.SETTINGS),
    "menu|go": MenuButton(MenuChoice.START),
    "set|open|days": SettingsOpen(SettingsPart.DAYS),
    "set|days|mon.wed.fri|tue": DaysGrid(frozenset({Weekday.MON, Weekday.WED, Weekday.FRI}),
                                         Weekday.TUE),
    "set|days|-|save": DaysGrid(frozenset(), None),
    "set|at|morning|0630": TimePick(SettingsPart.MORNING, "0630"),
    "set|at|time|type": TimePick(SettingsPart.TIME, None),
    "set|zone|America/New_York": ZonePick("America/New_York"),
    "set|pause|2w|s": PausePick(PauseChoice.TWO_WEEKS, True),
    "set|pause|until|p": PausePick(PauseChoice.UNTIL, False),
}


@pytest.mark.parametrize(("data", "button"), WIRE.items())
def test_the_wire_format_is_unchanged(data: str, button: Button) -> None:
    assert button.encode() == data
    assert decode(data) == button


@pytest.mark.parametrize("data", [
    "chk|peak|9|11", "chk|peak|9|-1", "chk|peak|0|3", "chk|peak|9", "chk|peak|9|3|4",
    "go|²", "go|+1", "go| 1", "go|1 ", "go|01", "go|0", "go|1_0", "go|", "go",
    f"go|{BIGGEST_ID + 1}", "go|١", "am|7|٣", "wk|5|10.0", "begin|now|Skip", "begin|now|",
    "fm|5|11", "fm|0|3", "fm|5",
    "rm|5|later|45", "rm|5|later|030", "rm|5|later", "rm|5|nap", "live|jump|9", "live|why|9|bored",
    "chk|sign|9|itchy", "chk|maybe|9", "menu|preferences", "hold|", "hold|cleared|1",
    "reset|yes|short", "reset|maybe|0a1b2c3d4e5f", "del|yes|0A1B2C3D4E5F",
    "flare|pain|11|3", "flare|pain|4|03", "flare|weird|yes|0", "flare|other|perhaps|0",
    "ob|nowhere|yes", "ob|red_flag:fever", "ob|consent|a b", "ob|consent|" + "a" * 60,
    "", "|", "chk", "xyz|1", "CHK|peak|9|3",
    "set|open|colour", "set|days|mon.xyz|tue", "set|days|mon|sun.", "set|at|days|0700",
    "set|at|time|2460", "set|at|time|7:00", "set|zone|Europe Paris", "set|pause|3w|s",
    "set|pause|1w|x", "set|pause|1w", "set",
])
def test_forged_or_foreign_data_decodes_to_nothing(data: str) -> None:
    assert decode(data) is None


def test_the_largest_id_still_fits() -> None:
    widest = MissedMorningPain(BIGGEST_ID, None).encode()
    assert decode(widest) == MissedMorningPain(BIGGEST_ID, None)
    assert len(widest.encode()) <= buttons.LIMIT


@pytest.mark.parametrize("build", [
    lambda: PeakPain(9, 11), lambda: PeakPain(0, 3), lambda: StartNow(BIGGEST_ID + 1),
    lambda: PutOff(5, 45), lambda: ResetAnswer(YesNo.YES, "x"), lambda: FlarePain(3, "-1"),
    lambda: FlareFlagAnswer(RedFlag.FALL, "x"),
    lambda: OnboardingAnswer("consent", "a|b"), lambda: OnboardingAnswer("time", "t" * 60),
    lambda: MorningPain(True, 3),
])
def test_a_button_out_of_range_cannot_be_built(build: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        build()


ids = st.integers(1, BIGGEST_ID)
pains = st.integers(0, 10)
yes_no = st.sampled_from(YesNo)
account_stamps = st.text("0123456789abcdef", min_size=12, max_size=12)
coaching_stamps = st.integers(0, 10**6).map(str)
positions = st.sampled_from(["consent", "red_flag:fever", "readiness:heart", "days", "time"])
answers = st.from_regex(r"[A-Za-z0-9_:/+.-]{1,30}", fullmatch=True)

every_button: st.SearchStrategy[Button] = st.one_of(
    st.builds(OnboardingAnswer, positions, answers),
    st.builds(MenuButton, st.sampled_from(MenuChoice)),
    st.builds(ResetAnswer, yes_no, account_stamps),
    st.builds(DeleteAnswer, yes_no, account_stamps),
    st.builds(FlareScreenAnswer, st.sampled_from(FlareQuestion), yes_no, coaching_stamps),
    st.builds(FlarePain, pains, coaching_stamps),
    st.just(LiftHold()),
    st.builds(ClearedOn, st.dates(date(2000, 1, 1), date(2099, 12, 31))),
    st.builds(SymptomAnswer, st.sampled_from(RedFlag), yes_no),
    st.builds(PainBeforeStart, st.none() | pains),
    st.builds(MissedMorningPain, ids, st.none() | pains),
    st.builds(LiveControl, st.sampled_from(LiveAction), ids),
    st.builds(StopReason, ids, st.sampled_from(StopWhy)),
    st.builds(PeakPain, ids, pains),
    st.builds(SignToggle, ids, st.sampled_from(Sign)),
    st.builds(SignsDone, ids, st.booleans()),
    st.builds(StartNow, ids),
    st.builds(PutOff, ids, st.sampled_from(sorted(LATER_BUTTONS))),
    st.builds(ReminderAnswer, ids, st.sampled_from(ReminderAction)),
    st.builds(MorningPain, ids, pains),
    st.builds(WeeklyPain, ids, pains),
    st.builds(SettingsOpen, st.sampled_from(SettingsPart)),
    st.builds(DaysGrid, st.frozensets(st.sampled_from(Weekday)),
              st.none() | st.sampled_from(Weekday)),
    st.builds(TimePick, st.sampled_from([SettingsPart.TIME, SettingsPart.MORNING]),
              st.none() | st.sampled_from(["0000", "0630", "1959", "2359"])),
    st.builds(ZonePick, st.sampled_from(["UTC", "Europe/London", "Etc/GMT+5",
                                         "America/Argentina/Buenos_Aires"])),
    st.builds(PausePick, st.sampled_from(PauseChoice), st.booleans()),
)


@given(every_button)
def test_every_button_round_trips_within_telegrams_limit(button: Button) -> None:
    data = button.encode()
    assert len(data.encode()) <= buttons.LIMIT
    assert decode(data) == button


def _decodes_only_to_itself(data: str) -> None:
    button = decode(data)
    assert button is None or button.encode() == data


@given(st.text())
def test_arbitrary_text_never_raises(data: str) -> None:
    _decodes_only_to_itself(data)


# Field values near the valid ones: digits in other scripts, signs, padding, big numbers.
near_fields = st.one_of(
    st.sampled_from(["peak", "sign", "none", "done", "why", "later", "skip", "move", "now",
                     "morning", "pain", "yes", "no", "cleared", "today", "help", "emergency",
                     "other", "back", "pause", "stop", "leg", "²", "١", "+1", "-1", " 1", "01",
                     "0", "10", "11", "", "red_flag:fever", str(BIGGEST_ID),
                     str(BIGGEST_ID + 1), "0a1b2c3d4e5f"]),
    st.integers(-5, 2**70).map(str),
    st.text(max_size=8),
)
joined = st.builds(lambda kind, fields: "|".join([kind, *fields]),
                   st.sampled_from(PREFIXES), st.lists(near_fields, max_size=4))


@given(joined)
def test_forged_fields_after_a_valid_prefix_never_raise(data: str) -> None:
    _decodes_only_to_itself(data)


@given(st.from_regex(r"(chk|go|rm|am|wk|fm|begin|live)\|[0-9²+ -]{0,21}(\|[a-z0-9]{0,6}){0,2}",
                     fullmatch=True))
def test_number_like_fields_never_raise(data: str) -> None:
    _decodes_only_to_itself(data)
