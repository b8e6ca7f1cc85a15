"""Reading an answer to a screening list, and storing its ticks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import screening
from bot.domain.safety import EMERGENCY_FLAGS, Readiness, RedFlag
from bot.domain.screening import Answered, Ticked, Unclear, numbers_in, read, tick


@pytest.mark.parametrize(("text", "numbers"), [
    ("1 3", (1, 3)), ("1,3", (1, 3)), ("1, 3 and 5", (1, 3, 5)), ("#2", (2,)),
    ("yes 4", (4,)), ("numbers 2/6", (2, 6)), ("13", (13,)),
])
def test_numbers_in_a_message(text: str, numbers: tuple[int, ...]) -> None:
    assert numbers_in(text) == numbers


@pytest.mark.parametrize("text", ["", "yes", "one and three", "1 or so", "²", "1 fever"])
def test_words_that_are_not_numbers_are_no_list_of_numbers(text: str) -> None:
    assert numbers_in(text) is None


def test_ticking_twice_unticks() -> None:
    once = read(screening.READINESS, frozenset(), tick(Readiness.HEART))
    assert once == Ticked(frozenset({Readiness.HEART}))
    assert isinstance(once, Ticked)
    assert read(screening.READINESS, once.picked, tick(Readiness.HEART)) == Ticked(frozenset())


def test_done_answers_the_ticks_and_none_of_these_clears_them() -> None:
    picked = frozenset({RedFlag.FALL})
    assert read(screening.RED_FLAGS, picked, "done") == Answered(picked)
    assert read(screening.RED_FLAGS, picked, "Done") == Answered(picked)
    assert read(screening.RED_FLAGS, picked, screening.NONE_OF_THESE) == Answered(frozenset())
    assert read(screening.RED_FLAGS, frozenset(), "done") is Unclear.NOTHING_TICKED


def test_a_red_flag_in_plain_words_is_not_read_at_the_readiness_list() -> None:
    assert read(screening.RED_FLAGS, frozenset(), "I have a fever") == Answered(
        frozenset({RedFlag.FEVER}))
    assert read(screening.READINESS, frozenset(), "I have a fever") is Unclear.NOT_PICKS


def test_a_stop_is_named_after_the_first_emergency_flag_picked() -> None:
    assert screening.stop_at({RedFlag.NIGHT_PAIN, RedFlag.FEVER}) is RedFlag.FEVER
    assert screening.stop_at({RedFlag.NIGHT_PAIN, RedFlag.SADDLE_NUMBNESS}) in EMERGENCY_FLAGS


@given(st.one_of(st.frozensets(st.sampled_from(RedFlag)),
                 st.frozensets(st.sampled_from(Readiness))))
def test_ticks_of_one_list_are_stored_and_read_back_alike(
    picked: frozenset[RedFlag | Readiness],
) -> None:
    text = screening.stored(picked)
    assert screening.picks(text) == picked
    assert text is None or len(text) <= 128  # users.screening_picks is a String(128)


@given(st.text(max_size=40))
def test_reading_is_total(text: str) -> None:
    for items in (screening.RED_FLAGS, screening.READINESS):
        said = read(items, frozenset(), text)
        assert isinstance(said, Answered | Ticked | Unclear)
        if isinstance(said, Answered):
            assert said.yes <= frozenset(items)
