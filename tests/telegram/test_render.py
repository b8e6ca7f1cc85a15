"""Every onboarding step and problem renders from one place, with Back where it applies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telegram import InlineKeyboardMarkup

from bot.domain.onboarding import Problem, Step
from bot.domain.parsing import PainBetween, PainOffScale
from bot.domain.safety import Readiness, RedFlag, SafetyOutcome
from bot.domain.screening import Item
from bot.domain.week import Weekday
from bot.services.onboarding import Prompt, Reply, Summary
from bot.telegram import buttons, render, texts
from bot.telegram.buttons import OnboardingAnswer

SUMMARY = Summary(1, datetime(2027, 1, 6, 7, 30, tzinfo=UTC), "Europe/London",
                  (Weekday.MON, Weekday.WED, Weekday.FRI))
ITEMS = {Step.SAFETY_STOP: RedFlag.FEVER.value}


def prompt_at(step: Step, *, can_go_back: bool = False,
              picked: frozenset[Item] = frozenset()) -> Prompt:
    item = ITEMS.get(step)
    position = f"{step.value}:{item}" if item else step.value
    return Prompt(position, step, item, safety_stop=SafetyOutcome.SEE_DOCTOR, summary=SUMMARY,
                  can_go_back=can_go_back, picked=picked)


def labels(markup: object) -> list[str]:
    assert isinstance(markup, InlineKeyboardMarkup)
    return [key.text for row in markup.inline_keyboard for key in row]


def test_every_step_has_a_question() -> None:
    assert set(render._QUESTIONS) == set(Step)


@pytest.mark.parametrize("step", list(Step))
def test_every_step_renders_and_binds_its_buttons_to_its_position(step: Step) -> None:
    text, markup = render.question(prompt_at(step))
    assert text
    if isinstance(markup, InlineKeyboardMarkup) and step is not Step.DONE:
        for row in markup.inline_keyboard:
            for key in row:
                button = buttons.decode(str(key.callback_data))
                assert isinstance(button, OnboardingAnswer)
                assert button.at == prompt_at(step).position
        assert texts.BACK_BUTTON not in labels(markup)


@pytest.mark.parametrize("step", [Step.RED_FLAG, Step.SAFETY_STOP, Step.READINESS,
                                  Step.CLEARANCE, Step.DURATION])
def test_a_step_that_can_go_back_has_a_back_button_last(step: Step) -> None:
    _, markup = render.question(prompt_at(step, can_go_back=True))
    assert labels(markup)[-1] == texts.BACK_BUTTON
    assert isinstance(markup, InlineKeyboardMarkup)
    back = buttons.decode(str(markup.inline_keyboard[-1][0].callback_data))
    assert back == OnboardingAnswer(prompt_at(step).position, "back")


def test_every_problem_has_a_text() -> None:
    assert set(Problem) <= set(texts.PROBLEMS)


def test_a_pain_range_offers_the_whole_numbers_in_it() -> None:
    reply = Reply(prompt_at(Step.USUAL_PAIN), problem=Problem.PAIN_BETWEEN,
                  unclear_pain=PainBetween(4, 6))
    text, markup = render.problem(reply)
    assert "between 4 and 6" in text and "4, 5 or 6" in text
    assert labels(markup) == ["4", "5", "6"]


def test_a_pain_off_the_scale_says_so_and_asks_again() -> None:
    reply = Reply(prompt_at(Step.USUAL_PAIN), problem=Problem.PAIN_OFF_SCALE,
                  unclear_pain=PainOffScale("11"))
    text, markup = render.problem(reply)
    assert "11 is outside the scale" in text and markup is None


def test_the_red_flag_list_shows_every_flag_in_full_and_ticks_the_picked() -> None:
    picked = frozenset({RedFlag.FEVER, RedFlag.CANCER})
    text, markup = render.question(prompt_at(Step.RED_FLAG, can_go_back=True, picked=picked))
    for number, flag in enumerate(RedFlag, 1):
        assert f"{number}. {texts.RED_FLAG_ITEMS[flag]}" in text
    shown = labels(markup)
    assert shown[0] == texts.NONE_OF_THESE_BUTTON
    assert shown[1:9] == [f"{'✅' if flag in picked else '☐'} {number} "
                          f"{texts.RED_FLAG_LABELS[flag]}"
                          for number, flag in enumerate(RedFlag, 1)]
    assert shown[9:] == ["Done (2 ticked)", texts.BACK_BUTTON]
    assert max(len(label) for label in shown[1:9]) <= 20  # two a row fit a phone


def test_the_readiness_list_words_the_joint_question_as_the_rules_do() -> None:
    text, markup = render.question(prompt_at(Step.READINESS))
    assert "<b>other than the back pain this programme is for</b>" in text
    assert all(texts.READINESS_ITEMS[question] in text for question in Readiness)
    assert labels(markup)[-1] == "Done"
    assert max(len(label) for label in labels(markup)[1:-1]) <= 20


@pytest.mark.parametrize(("step", "count"), [(Step.RED_FLAG, 8), (Step.READINESS, 7)])
def test_an_unclear_answer_to_a_list_names_its_numbers(step: Step, count: int) -> None:
    text, markup = render.problem(Reply(prompt_at(step), problem=Problem.NOT_PICKS))
    assert f"1 to {count}" in text and "<i>1 3</i>" in text and markup is None
    text, _ = render.problem(Reply(prompt_at(step), problem=Problem.NOT_ON_LIST))
    assert f"only goes from 1 to {count}" in text
