"""Typed answers to the 0–10 questions ("4", "4/10", "four", "about 4"), wherever asked, and
"skip" at the optional ones before a session; the other questions go to ``short_answers``.

The question that waits is the one asked last (``services.questions``). A number off the scale
is asked again, never clamped; a range or a half asks which whole number; a 9 or 10 gets the
safety message before anything else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape

from telegram import Chat

from bot.domain import parsing
from bot.domain.intents import means
from bot.domain.parsing import PainBetween, PainScore
from bot.domain.phrases import Reply
from bot.domain.programme import NotInFlare
from bot.domain.safety import SAFETY_PAIN_THRESHOLD
from bot.reports.reasons import explain, explain_if_any
from bot.services import sessions
from bot.services.checkins import UnknownCheckIn
from bot.services.flare_messages import UnknownMessage
from bot.services.questions import CLINIC, REPLIED, Question, Waiting
from bot.telegram import buttons, keyboards, texts
from bot.telegram.buttons import Button
from bot.telegram.context import Context
from bot.telegram.handlers.outcomes import after_weekly, answer_typed_snapshot
from bot.telegram.handlers.reminders import flare_answered
from bot.telegram.handlers.session import (
    ask_checkin,
    ask_pain_now,
    morning_after,
    start_session,
    take_peak,
)
from bot.telegram.handlers.short_answers import answer_short

Answer = Callable[[Chat, int, int, int, Context], Awaitable[None]]


async def answer_typed(chat: Chat, user_id: int, text: str, context: Context, *,
                       warned: bool) -> bool:
    """Take ``text`` as the answer to what waits for one (a running session's controls, then
    the question asked last), if the text reads as a score or as one of the short answers the
    question takes; False otherwise, so it is read as anything else.

    ``warned``: the safety message for severe pain was already sent for this text.
    """
    for waiting in await context.services.questions.waiting(user_id):
        if waiting.question in CLINIC:  # a clinician's words, answered apart
            continue
        if await _answer(chat, user_id, waiting, text, context, warned=warned):
            return True
    return False


async def _answer(chat: Chat, user_id: int, waiting: Waiting, text: str, context: Context, *,
                  warned: bool) -> bool:
    if waiting.question in REPLIED:
        return await answer_short(chat, user_id, waiting, text, context)
    reading = parsing.read_pain(text)
    if reading is None and waiting.question in _SKIPPABLE and means(text, Reply.SKIP):
        await _SKIPPABLE[waiting.question](chat, user_id, context)
        return True
    if reading is None:
        if waiting.question is not Question.PEAK:
            return False
        await chat.send_message(texts.pain_again())  # the peak question waits for its answer
        await ask_checkin(chat, _ref(waiting), sessions.CHECKIN_PEAK)
        return True
    if not isinstance(reading, PainScore):
        markup = None
        if isinstance(reading, PainBetween):
            markup = keyboards.pain_choices_of(_button_of(waiting), reading.choices)
        await chat.send_message(texts.unclear_pain(reading), reply_markup=markup)
        return True
    # A snapshot warns after its pain questions only: a 9 for confidence is no alarm.
    if reading.score >= SAFETY_PAIN_THRESHOLD and not warned \
            and waiting.question is not Question.SNAPSHOT:
        await chat.send_message(texts.SEVERE_PAIN)
    await _ANSWERS[waiting.question](chat, user_id, _ref(waiting), reading.score, context)
    return True


async def _skip_pain_now(chat: Chat, user_id: int, context: Context) -> None:
    await start_session(chat, user_id, context.services, context.runner)  # as its Skip button


async def _skip_morning_after(chat: Chat, user_id: int, context: Context) -> None:
    await ask_pain_now(chat, user_id, context.services)  # as its Skip button


_SKIPPABLE: dict[Question, Callable[[Chat, int, Context], Awaitable[None]]] = {
    Question.PAIN_NOW: _skip_pain_now,
    Question.MORNING_AFTER: _skip_morning_after,
}
"""The optional questions before a session, and what their Skip button does."""


def _ref(waiting: Waiting) -> int:
    return -1 if waiting.ref is None else waiting.ref


def _button_of(waiting: Waiting) -> Callable[[int], Button]:
    """The buttons the question's own keyboard carries, for one whole number."""
    ref, question = _ref(waiting), waiting.question

    def button(n: int) -> Button:
        if question is Question.PEAK:
            return buttons.PeakPain(ref, n)
        if question is Question.PAIN_NOW:
            return buttons.PainBeforeStart(n)
        if question is Question.MORNING_AFTER:
            return buttons.MissedMorningPain(ref, n)
        if question is Question.MORNING:
            return buttons.MorningPain(ref, n)
        if question is Question.WEEKLY:
            return buttons.WeeklyPain(ref, n)
        if question is Question.FLARE_MESSAGE:
            return buttons.FlareMessagePain(ref, n)
        if question is Question.SNAPSHOT:
            return buttons.SnapshotAnswer(ref, None, n)
        return buttons.FlarePain(n, str(ref))
    return button


async def _peak(chat: Chat, user_id: int, ref: int, pain: int, context: Context) -> None:
    await take_peak(chat, user_id, ref, pain, context.services, warned=True)


async def _pain_now(chat: Chat, user_id: int, ref: int, pain: int, context: Context) -> None:
    if pain >= SAFETY_PAIN_THRESHOLD:  # no session today; the safety message was sent
        await context.services.questions.closed(user_id)
        return
    await start_session(chat, user_id, context.services, context.runner, pain)


async def _morning_after(chat: Chat, user_id: int, ref: int, pain: int,
                         context: Context) -> None:
    await morning_after(chat, user_id, ref, pain, context.services, warned=True)
    await ask_pain_now(chat, user_id, context.services)


async def _morning(chat: Chat, user_id: int, ref: int, pain: int, context: Context) -> None:
    try:
        recorded = await context.services.checkins.record_morning_pain(user_id, ref, pain)
    except UnknownCheckIn:
        return
    if recorded.already:
        await chat.send_message(texts.CHECKIN_KEPT.format(pain=recorded.pain))
        return
    await chat.send_message(texts.morning_noted(pain))
    if recorded.revised is not None:
        await chat.send_message(texts.morning_revised(explain(recorded.revised.decision)))


async def _weekly(chat: Chat, user_id: int, ref: int, pain: int, context: Context) -> None:
    try:
        recorded = await context.services.checkins.record_weekly_pain(user_id, ref, pain)
    except UnknownCheckIn:
        return
    if recorded.already:
        await chat.send_message(texts.WEEKLY_KEPT)
        return
    await chat.send_message(texts.weekly_noted(pain, explain_if_any(recorded.decision)))
    await after_weekly(chat, recorded.snapshot)


async def _snapshot(chat: Chat, user_id: int, ref: int, value: int, context: Context) -> None:
    await answer_typed_snapshot(chat, user_id, ref, value, context)


async def _flare_message(chat: Chat, user_id: int, ref: int, pain: int,
                         context: Context) -> None:
    try:
        answer = await context.services.checkins.answer_flare_message(user_id, ref, pain)
    except UnknownMessage:
        return
    await chat.send_message(texts.FLARE_MESSAGE_KEPT if answer.already
                            else flare_answered(answer))


async def _flare_checkin(chat: Chat, user_id: int, ref: int, pain: int,
                         context: Context) -> None:
    try:
        outcome = await context.services.coaching.flare_checkin(user_id, pain)
    except NotInFlare:
        await chat.send_message(texts.FLARE_ALREADY_OVER)
        return
    await chat.send_message(escape(explain(outcome.decision)))


_ANSWERS: dict[Question, Answer] = {
    Question.PEAK: _peak,
    Question.PAIN_NOW: _pain_now,
    Question.MORNING_AFTER: _morning_after,
    Question.MORNING: _morning,
    Question.WEEKLY: _weekly,
    Question.FLARE_MESSAGE: _flare_message,
    Question.FLARE_CHECKIN: _flare_checkin,
    Question.SNAPSHOT: _snapshot,
}
