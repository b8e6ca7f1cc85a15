from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.background import PainDuration, RunningHistory
from bot.domain.parsing import (
    AmbiguousHour,
    PainBetween,
    PainOffScale,
    PainScore,
    consecutive_pairs,
    correction,
    is_back,
    parse_days,
    parse_duration,
    parse_pain,
    parse_running,
    parse_time,
    parse_yes_no,
    read_pain,
    read_time,
)
from bot.domain.week import Weekday

MON, TUE, WED, THU, FRI, SAT, SUN = Weekday

# --- days -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon wed fri", (MON, WED, FRI)),
        ("Monday, Wednesday, Friday", (MON, WED, FRI)),
        ("mon,wed,fri", (MON, WED, FRI)),
        ("Mo We Fr", (MON, WED, FRI)),
        ("tue thu sat", (TUE, THU, SAT)),
        ("monday wednesday and friday", (MON, WED, FRI)),
        ("MONDAY wEdNeSdAy FrIdAy", (MON, WED, FRI)),
        ("tues thurs sat", (TUE, THU, SAT)),
        ("weds", (WED,)),
        ("fri mon wed", (MON, WED, FRI)),
        ("mon mon wed", (MON, WED)),
        ("Mon/Wed/Fri", (MON, WED, FRI)),
        ("mon; wed & fri.", (MON, WED, FRI)),
        ("sun mon", (MON, SUN)),
    ],
)
def test_parse_days(text: str, days: tuple[Weekday, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize(
    "text", ["", "   ", "and", "mon wed funday", "every day", "1 3 5", "mon-fri"]
)
def test_parse_days_rejects(text: str) -> None:
    assert parse_days(text) is None


@given(st.sets(st.sampled_from(list(Weekday)), min_size=1))
def test_parse_days_reads_back_any_listing(days: set[Weekday]) -> None:
    text = ", ".join(day.title for day in days)
    assert parse_days(text) == tuple(sorted(days))
    assert parse_days(" ".join(day.short.upper() for day in days)) == tuple(sorted(days))


def test_consecutive_pairs() -> None:
    assert consecutive_pairs([MON, WED, FRI]) == []
    assert consecutive_pairs([MON, TUE, THU]) == [(MON, TUE)]
    assert consecutive_pairs([FRI, SAT, SUN]) == [(FRI, SAT), (SAT, SUN)]
    assert consecutive_pairs([MON, WED, SUN]) == [(SUN, MON)]
    assert consecutive_pairs([MON, TUE, SUN]) == [(MON, TUE), (SUN, MON)]
    assert consecutive_pairs([WED]) == []
    assert consecutive_pairs([]) == []


# --- time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7:30", time(7, 30)),
        ("07:30", time(7, 30)),
        ("7.30am", time(7, 30)),
        ("7:30 am", time(7, 30)),
        ("7:30 AM", time(7, 30)),
        ("7:30 a.m.", time(7, 30)),
        ("7am", time(7, 0)),
        ("7 am", time(7, 0)),
        ("19:00", time(19, 0)),
        ("7pm", time(19, 0)),
        ("7:15pm", time(19, 15)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:30am", time(0, 30)),
        ("noon", time(12, 0)),
        ("Noon", time(12, 0)),
        ("midnight", time(0, 0)),
        ("1930", time(19, 30)),
        ("730", time(7, 30)),
        ("0730", time(7, 30)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        (" 6:45 ", time(6, 45)),
        ("7h30", time(7, 30)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "25:00", "24:00", "7:75", "13pm", "0am", "19:00pm", "abc", "", "7", "19",
        "7:5", "12345", "2400", "760", "-7:30", "7:30:00", "seven",
    ],
)  # fmt: skip
def test_parse_time_rejects(text: str) -> None:
    assert parse_time(text) is None


@given(st.integers(0, 23), st.integers(0, 59))
def test_parse_time_reads_back_24_hour_clock(hour: int, minute: int) -> None:
    assert parse_time(f"{hour}:{minute:02d}") == time(hour, minute)
    assert parse_time(f"{hour:02d}{minute:02d}") == time(hour, minute)


@given(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm"]))
def test_parse_time_reads_back_12_hour_clock(hour: int, minute: int, half: str) -> None:
    expected = time(hour % 12 + (12 if half == "pm" else 0), minute)
    assert parse_time(f"{hour}:{minute:02d}{half}") == expected


# --- pain -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4", 4), (" 4 ", 4), ("4/10", 4), ("4 / 10", 4), ("4 out of 10", 4),
        ("four", 4), ("Four", 4), ("zero", 0), ("ten", 10), ("0", 0), ("10", 10),
        ("10/10", 10), ("seven out of 10", 7),
    ],
)  # fmt: skip
def test_parse_pain(text: str, expected: int) -> None:
    assert parse_pain(text) == expected


@pytest.mark.parametrize(
    "text", ["11", "-1", "4.5", "abc", "", "eleven", "4/5", "100", "4 5", "four hundred"]
)
def test_parse_pain_rejects(text: str) -> None:
    assert parse_pain(text) is None


@given(st.integers(-100, 100))
def test_parse_pain_only_zero_to_ten(score: int) -> None:
    assert parse_pain(str(score)) == (score if 0 <= score <= 10 else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 4", 4), ("around 4/10", 4), ("roughly four", 4), ("4ish", 4), ("7 or so", 7),
        ("i think 4", 4), ("it's 4 out of 10", 4), ("4.0", 4), ("4-4", 4), ("none", 0),
    ],
)  # fmt: skip
def test_read_pain_takes_hedged_whole_numbers(text: str, expected: int) -> None:
    assert read_pain(text) == PainScore(expected)
    assert parse_pain(text) == expected


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("4-5", 4, 5), ("4 – 5", 4, 5), ("5-4", 4, 5), ("4 to 6", 4, 6), ("4 or 5", 4, 5),
        ("3.5", 3, 4), ("3,5", 3, 4), ("4 and a half", 4, 5), ("about 9.5", 9, 10),
        ("seven or eight", 7, 8), ("3.25", 3, 4),
    ],
)  # fmt: skip
def test_read_pain_asks_which_whole_number_a_range_or_half_means(
    text: str, low: int, high: int
) -> None:
    reading = read_pain(text)
    assert reading == PainBetween(low, high)
    assert isinstance(reading, PainBetween) and reading.choices == tuple(range(low, high + 1))
    assert parse_pain(text) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [("11", "11"), ("-1", "-1"), ("11/10", "11"), ("100", "100"), ("eleven", "eleven"),
     ("10.5", "10.5"), ("4-12", "12")],
)
def test_read_pain_never_clamps_a_number_off_the_scale(text: str, said: str) -> None:
    assert read_pain(text) == PainOffScale(said)
    assert parse_pain(text) is None


@pytest.mark.parametrize("text", ["", "lots", "4/5", "4 5", "four hundred", "1000", "-1-3"])
def test_read_pain_rejects_what_is_not_a_score(text: str) -> None:
    assert read_pain(text) is None


@given(st.integers(0, 10), st.sampled_from(["{}", "{}/10", "about {}", "{} out of 10"]))
def test_read_pain_reads_back_every_score(score: int, shape: str) -> None:
    assert read_pain(shape.format(score)) == PainScore(score)


@given(st.integers(0, 9))
def test_read_pain_a_half_lies_between_its_neighbours(score: int) -> None:
    assert read_pain(f"{score}.5") == PainBetween(score, score + 1)


@given(st.text(max_size=20))
def test_read_pain_is_total_and_stays_on_the_scale(text: str) -> None:
    reading = read_pain(text)
    if isinstance(reading, PainScore):
        assert 0 <= reading.score <= 10
    elif isinstance(reading, PainBetween):
        assert 0 <= reading.low < reading.high <= 10


# --- pain duration and running history ------------------------------------------------------

UNDER, UP_TO, OVER = PainDuration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 2 years", OVER), ("2 years", OVER), ("for about 5 years", OVER),
        ("1.5 years", OVER), ("18 months", OVER), ("more than a year", OVER),
        ("over a year", OVER), ("years", OVER), ("three years", OVER), ("5 yrs", OVER),
        ("6 months", UP_TO), ("3 months", UP_TO), ("12 months", UP_TO), ("about a year", UP_TO),
        ("3-12 months", UP_TO), ("3–12 months", UP_TO), ("around 8 months.", UP_TO),
        ("2 months", UNDER), ("10 days", UNDER), ("6 weeks", UNDER), ("a few weeks", UNDER),
        ("less than 3 months", UNDER), ("recently", UNDER), ("two months", UNDER),
        ("over_a_year", OVER), ("3_to_12_months", UP_TO), ("under_3_months", UNDER),
    ],
)  # fmt: skip
def test_parse_duration(text: str, expected: PainDuration) -> None:
    assert parse_duration(text) is expected


@pytest.mark.parametrize(
    "text", ["a while", "", "under a year", "more than 6 months", "2-4 months", "1-2 years",
             "ages", "since school"],
)
def test_parse_duration_does_not_guess_across_answers(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("never", RunningHistory.NEVER), ("No", RunningHistory.NEVER),
     ("years ago", RunningHistory.NOT_IN_YEARS), ("not_in_years", RunningHistory.NOT_IN_YEARS),
     ("Sometimes!", RunningHistory.OCCASIONALLY), ("occasionally", RunningHistory.OCCASIONALLY)],
)
def test_parse_running(text: str, expected: RunningHistory) -> None:
    assert parse_running(text) is expected


@pytest.mark.parametrize("text", ["marathons", "yes", "", "every day"])
def test_parse_running_rejects(text: str) -> None:
    assert parse_running(text) is None


@pytest.mark.parametrize("text", ["back", "Back", "go back", "undo", "oops!", "⬅️ Back"])
def test_is_back(text: str) -> None:
    assert is_back(text)


@pytest.mark.parametrize("text", ["no", "yes", "my back hurts", "backwards", ""])
def test_is_back_rejects(text: str) -> None:
    assert not is_back(text)


# --- yes / no -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["yes", "Yes", "YES!", "y", "yeah", "yep", "yup", "sure", "ok"])
def test_parse_yes(text: str) -> None:
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["no", "No.", "n", "nope", "nah", "not really", "no thanks"])
def test_parse_no(text: str) -> None:
    assert parse_yes_no(text) is False


@pytest.mark.parametrize("text", ["", "maybe", "yes no", "perhaps", "4"])
def test_parse_yes_no_rejects(text: str) -> None:
    assert parse_yes_no(text) is None


MWF = (Weekday.MON, Weekday.WED, Weekday.FRI)


@pytest.mark.parametrize(
    ("text", "days"),
    [("mwf", MWF), ("MWF", MWF), ("mon wendsday fri", MWF), ("Munday, wednsday and fridy", MWF),
     ("tuth sa", (Weekday.TUE, Weekday.THU, Weekday.SAT)), ("m w f", MWF),
     ("tuesdya thrusday satruday", (Weekday.TUE, Weekday.THU, Weekday.SAT))],
)
def test_parse_days_reads_typos_and_day_letters(text: str, days: tuple[Weekday, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["mtw", "tts", "monkey", "wednesdays are bad", "xyz"])
def test_parse_days_does_not_guess_a_lone_t_or_s_or_a_word_that_is_no_day(text: str) -> None:
    assert parse_days(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18", time(18)), ("07", time(7)), ("0", time(0)), ("23", time(23)), ("12", time(12)),
     ("at 18", time(18)), ("7:30", time(7, 30)), ("7pm", time(19)), ("7", AmbiguousHour(7)),
     ("at 7", AmbiguousHour(7)), ("7 o'clock", AmbiguousHour(7)), ("11", AmbiguousHour(11)),
     ("24", None), ("seven-ish", None)],
)
def test_read_time_takes_a_bare_hour_and_asks_about_an_ambiguous_one(
    text: str, expected: time | AmbiguousHour | None
) -> None:
    assert read_time(text) == expected


def test_an_ambiguous_hour_offers_morning_then_evening() -> None:
    assert AmbiguousHour(7).choices == (time(7), time(19))


@pytest.mark.parametrize(
    ("text", "history"),
    [("used to jog", RunningHistory.USED_TO_RUN), ("I used to run regularly",
                                                   RunningHistory.USED_TO_RUN),
     ("used to run", RunningHistory.USED_TO_RUN), ("I ran regularly", RunningHistory.USED_TO_RUN),
     ("used_to_run", RunningHistory.USED_TO_RUN), ("not in years", RunningHistory.NOT_IN_YEARS)],
)
def test_parse_running_knows_a_past_runner(text: str, history: RunningHistory) -> None:
    assert parse_running(text) is history


@pytest.mark.parametrize(
    ("text", "meant"),
    [("oops I meant no", "no"), ("Oops, no!", "no"), ("sorry, I meant yes", "yes"),
     ("my bad, no", "no"), ("I meant mon wed fri", "mon wed fri"), ("make that 18:00", "18:00"),
     ("whoops i should have said 5", "5")],
)
def test_correction_reads_the_answer_meant(text: str, meant: str) -> None:
    assert correction(text) == meant


@pytest.mark.parametrize("text", ["no", "oops", "actually yes", "I mean yes", "mean", "5"])
def test_correction_is_none_for_an_answer_to_the_question_asked(text: str) -> None:
    assert correction(text) is None
