"""Turn an onboarding prompt into the message that asks it."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.domain.onboarding import Step
from bot.domain.safety import Readiness, RedFlag, SafetyOutcome
from bot.domain.timeline import timeline
from bot.services.onboarding import Prompt
from bot.telegram import keyboards, texts

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | None


def question(prompt: Prompt, first_name: str = "") -> tuple[str, Markup]:
    """The text and keyboard that ask the question a user is at."""
    at = prompt.position
    step = prompt.step
    if step is Step.CONSENT:
        return texts.welcome(first_name), keyboards.consent(at)
    if step is Step.RED_FLAG:
        return texts.red_flag_question(RedFlag(prompt.item)), keyboards.yes_no(at)
    if step is Step.SAFETY_STOP:
        outcome = prompt.safety_stop or SafetyOutcome.SEE_DOCTOR
        return texts.SAFETY_STOP[outcome], keyboards.cleared(at)
    if step is Step.READINESS:
        return texts.readiness_question(Readiness(prompt.item)), keyboards.yes_no(at)
    if step is Step.CLEARANCE:
        return texts.CLEARANCE_QUESTION, keyboards.clearance(at)
    if step is Step.DURATION:
        return texts.DURATION_QUESTION, keyboards.durations(at)
    if step is Step.USUAL_PAIN:
        return texts.USUAL_PAIN_QUESTION, keyboards.pain(at)
    if step is Step.CURRENT_PAIN:
        return texts.CURRENT_PAIN_QUESTION, keyboards.pain(at)
    if step is Step.RUNNING:
        return texts.RUNNING_QUESTION, keyboards.running(at)
    if step is Step.DAYS:
        return texts.days_question(prompt.days), keyboards.days(at, prompt.days)
    if step is Step.TIME:
        return texts.TIME_QUESTION, keyboards.times(at)
    if step is Step.TIMEZONE:
        return texts.TIMEZONE_QUESTION, keyboards.share_location()
    if step is Step.CONFIRM and prompt.summary is not None:
        plan = prompt.summary
        text = texts.summary(plan.level, timeline(plan.level), plan.first_session, plan.zone,
                             plan.days)
        return f"{text}\n\n{texts.CONFIRM_QUESTION}", keyboards.confirm(at)
    return texts.ALL_SET, keyboards.main_menu()
