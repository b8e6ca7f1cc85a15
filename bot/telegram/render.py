"""Turn an onboarding prompt into the message that asks it: one row per step.

Every step's question is rendered here and nowhere else; a step whose previous screening
answer can still be corrected gets a Back button under its keyboard.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.domain import screening
from bot.domain.onboarding import Problem, Step
from bot.domain.parsing import PainBetween
from bot.domain.safety import SafetyOutcome, needs_deliberate_clearance
from bot.domain.screening import Item
from bot.domain.timeline import timeline
from bot.services.onboarding import Prompt, Reply
from bot.telegram import keyboards, texts

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | None
Question = tuple[str, Markup]

LISTS: dict[Step, tuple[Item, ...]] = {
    Step.RED_FLAG: screening.RED_FLAGS,
    Step.READINESS: screening.READINESS,
}
"""The steps asked as one screening list, with the items each shows."""


def question(prompt: Prompt, first_name: str = "") -> Question:
    """The text and keyboard that ask the question a user is at."""
    text, markup = _QUESTIONS[prompt.step](prompt, first_name)
    if prompt.can_go_back and isinstance(markup, InlineKeyboardMarkup):
        markup = keyboards.with_back(markup, prompt.position)
    return text, markup


def problem(reply: Reply) -> Question:
    """Why an answer was not taken, with a keyboard when the reply offers its own choices.

    Without a keyboard the question is asked again after it.
    """
    assert reply.problem is not None
    at = reply.prompt.position
    if reply.unclear_pain is not None:
        text = texts.unclear_pain(reply.unclear_pain)
        if isinstance(reply.unclear_pain, PainBetween):
            return text, keyboards.pain_choices(at, reply.unclear_pain.choices)
        return text, None
    if reply.unclear_hour is not None:
        hour = reply.unclear_hour
        return texts.ambiguous_hour(hour.hour), keyboards.hour_choices(at, hour.choices)
    stop = reply.prompt.safety_stop
    if reply.problem is Problem.NEEDS_CLEARANCE and stop is not None \
            and needs_deliberate_clearance(stop):
        return texts.CLEAR_WITH_COMMAND, None
    items = LISTS.get(reply.prompt.step)
    if items is not None:
        return texts.list_problem(reply.problem, len(items)), None
    text = texts.PROBLEMS[reply.problem]
    if reply.problem is Problem.ZONE_CHOICES:
        return text, keyboards.zone_choices(at, reply.zone_choices)
    return text, None


def _consent(prompt: Prompt, first_name: str) -> Question:
    return texts.welcome(first_name), keyboards.consent(prompt.position)


def _red_flag(prompt: Prompt, first_name: str) -> Question:
    markup = keyboards.screening_list(prompt.position, screening.RED_FLAGS, prompt.picked)
    return texts.red_flags_question(), markup


def _safety_stop(prompt: Prompt, first_name: str) -> Question:
    outcome = prompt.safety_stop or SafetyOutcome.SEE_DOCTOR
    if needs_deliberate_clearance(outcome):  # no one-tap: /cleared names who and when
        return texts.SAFETY_STOP[outcome], InlineKeyboardMarkup([]) if prompt.can_go_back else None
    return texts.SAFETY_STOP[outcome], keyboards.cleared(prompt.position)


def _readiness(prompt: Prompt, first_name: str) -> Question:
    markup = keyboards.screening_list(prompt.position, screening.READINESS, prompt.picked)
    return texts.readiness_question(), markup


def _clearance(prompt: Prompt, first_name: str) -> Question:
    return texts.CLEARANCE_QUESTION, keyboards.clearance(prompt.position)


def _duration(prompt: Prompt, first_name: str) -> Question:
    return texts.DURATION_QUESTION, keyboards.durations(prompt.position)


def _usual_pain(prompt: Prompt, first_name: str) -> Question:
    return texts.USUAL_PAIN_QUESTION, keyboards.pain(prompt.position)


def _current_pain(prompt: Prompt, first_name: str) -> Question:
    return texts.CURRENT_PAIN_QUESTION, keyboards.pain(prompt.position)


def _running(prompt: Prompt, first_name: str) -> Question:
    return texts.RUNNING_QUESTION, keyboards.running(prompt.position)


def _days(prompt: Prompt, first_name: str) -> Question:
    return texts.days_question(prompt.days), keyboards.days(prompt.position, prompt.days)


def _time(prompt: Prompt, first_name: str) -> Question:
    return texts.TIME_QUESTION, keyboards.times(prompt.position)


def _timezone(prompt: Prompt, first_name: str) -> Question:
    return texts.TIMEZONE_QUESTION, keyboards.share_location()


def _confirm(prompt: Prompt, first_name: str) -> Question:
    plan = prompt.summary
    if plan is None:
        return _done(prompt, first_name)
    text = texts.summary(plan.level, timeline(plan.level), plan.first_session, plan.zone,
                         plan.days)
    return f"{text}\n\n{texts.CONFIRM_QUESTION}", keyboards.confirm(prompt.position)


def _done(prompt: Prompt, first_name: str) -> Question:
    return texts.ALL_SET, keyboards.all_set()


_QUESTIONS: dict[Step, Callable[[Prompt, str], Question]] = {
    Step.CONSENT: _consent,
    Step.RED_FLAG: _red_flag,
    Step.SAFETY_STOP: _safety_stop,
    Step.READINESS: _readiness,
    Step.CLEARANCE: _clearance,
    Step.DURATION: _duration,
    Step.USUAL_PAIN: _usual_pain,
    Step.CURRENT_PAIN: _current_pain,
    Step.RUNNING: _running,
    Step.DAYS: _days,
    Step.TIME: _time,
    Step.TIMEZONE: _timezone,
    Step.CONFIRM: _confirm,
    Step.DONE: _done,
}
