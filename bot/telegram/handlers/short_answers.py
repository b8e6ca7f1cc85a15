"""Typed short answers ("no", "none", "yes", "pause", "resume", "stop") to the questions
that are not 0–10 ones: the flare screen, the warning signs after a session, "is this new,
and happening now?", the /reset and /delete confirmations, and a live session's controls.

The question answered is the one waiting (``services.questions``); a text that means none of
the answers it takes is read as anything else.
"""

from __future__ import annotations

from html import escape

from telegram import Chat

from bot.domain.intents import means
from bot.domain.phrases import Reply
from bot.domain.safety import RedFlag
from bot.reports.reasons import explain
from bot.services.questions import Question, Waiting, ref_stamp
from bot.services.session_checkin import NotAsked
from bot.services.sessions import NoSession
from bot.telegram import texts
from bot.telegram.buttons import LiveAction, StopWhy
from bot.telegram.context import Context
from bot.telegram.handlers.beyond_top import offer_beyond_top
from bot.telegram.handlers.clinic import tell_erased
from bot.telegram.handlers.coaching import answer_flare_screen, answer_symptom
from bot.telegram.handlers.onboarding import ask
from bot.telegram.handlers.session import after_stop, stop_early, tell_stopped

CONFIRMATIONS = frozenset({Question.RESET, Question.DELETE})
"""The questions that are answered even mid-onboarding."""


def _reply_of(text: str, *replies: Reply) -> Reply | None:
    return next((reply for reply in replies if means(text, reply)), None)


async def answer_short(chat: Chat, user_id: int, waiting: Waiting, text: str,
                       context: Context) -> bool:
    """Take ``text`` as the answer to the waiting question of ``REPLIED``; False when it
    means none of the answers that question takes."""
    question, ref = waiting.question, -1 if waiting.ref is None else waiting.ref
    if question is Question.LIVE:
        return await _live(chat, user_id, ref, text, context)
    if question in (Question.STOP_WHY, Question.LONG_PAUSE):
        return await _stop_answer(chat, user_id, question, ref, text, context)
    if question in CONFIRMATIONS:
        return await _confirm(chat, user_id, question, ref, text, context)
    if question is Question.SYMPTOM:
        reply = _reply_of(text, Reply.YES, Reply.NO)
        if reply is None or not 0 <= ref < len(RedFlag):
            return False
        await context.services.questions.closed(user_id)
        await answer_symptom(chat, user_id, list(RedFlag)[ref], reply is Reply.YES, context)
        return True
    if _reply_of(text, Reply.NO, Reply.NONE) is None:
        return False
    if question is Question.SIGNS:
        await _no_signs(chat, user_id, ref, context)
    else:
        await answer_flare_screen(chat, user_id, question is Question.FLARE_EMERGENCY, False,
                                  None, context.services)
    return True


async def _no_signs(chat: Chat, user_id: int, session_id: int, context: Context) -> None:
    try:
        outcome = await context.services.checkins.finish(user_id, session_id, no_signs=True)
    except NotAsked:
        return
    await chat.send_message(escape(explain(outcome.decision)))
    if outcome.offer_beyond_top:
        await offer_beyond_top(chat)


async def _live(chat: Chat, user_id: int, session_id: int, text: str,
                context: Context) -> bool:
    services, live = context.services, context.runner
    reply = _reply_of(text, Reply.PAUSE, Reply.RESUME, Reply.STOP)
    if reply is None:
        return False
    try:
        if reply is Reply.PAUSE:
            clock = await services.sessions.pause(user_id, session_id)
            await chat.send_message(texts.PAUSED)
            await live.paused(session_id, clock.pause_deadline())
        elif reply is Reply.RESUME:
            await services.sessions.resume(user_id, session_id)
            await chat.send_message(texts.RESUMED)
            await live.resumed(session_id)
        else:
            walked = await services.sessions.finish_walk(user_id, session_id)
            await after_stop(chat, user_id, session_id, walked, live)
    except NoSession:  # paused already, or running already
        await chat.send_message(texts.ALREADY_PAUSED if reply is Reply.PAUSE
                                else texts.NOT_PAUSED_LIVE)
    return True


_STOP_ANSWERS: dict[Question, dict[Reply, tuple[StopWhy, LiveAction | None]]] = {
    Question.STOP_WHY: {Reply.PAIN: (StopWhy.PAIN, None), Reply.OTHER: (StopWhy.OTHER, None),
                        Reply.KEEP_GOING: (StopWhy.KEEP_GOING, None)},
    Question.LONG_PAUSE: {Reply.FINISH: (StopWhy.OTHER, LiveAction.FINISH),
                          Reply.DISCARD: (StopWhy.OTHER, LiveAction.DISCARD)},
}
"""What a typed answer to "what's the reason?" or to the long-pause question presses."""


async def _stop_answer(chat: Chat, user_id: int, question: Question, session_id: int,
                       text: str, context: Context) -> bool:
    answers = _STOP_ANSWERS[question]
    reply = _reply_of(text, *answers)
    if reply is None:
        return False
    why, action = answers[reply]
    try:
        stopped = await stop_early(user_id, session_id, why, action, context.runner)
    except NoSession:  # stopped a moment ago
        return False
    await tell_stopped(chat, session_id, stopped, action is LiveAction.DISCARD, context.runner)
    return True


async def _confirm(chat: Chat, user_id: int, question: Question, ref: int, text: str,
                   context: Context) -> bool:
    reply = _reply_of(text, Reply.YES, Reply.NO)
    if reply is None:
        return False
    account = context.services.account
    await context.services.questions.closed(user_id)
    reset = question is Question.RESET
    if reply is Reply.NO:
        await chat.send_message(texts.RESET_CANCELLED if reset else texts.DELETE_CANCELLED)
        return True
    stamp = ref_stamp(ref)
    if reset:
        prompt = await account.reset(user_id, stamp)
        if prompt is None:
            await chat.send_message(texts.STALE_BUTTON)
        else:
            await ask(chat, prompt)
    elif (erased := await account.delete(user_id, stamp)) is not None:
        context.runner.forget_user(user_id)  # a running session's cues stop too
        await chat.send_message(texts.DELETED)
        await tell_erased(context, erased)
    else:
        await chat.send_message(texts.STALE_BUTTON)
    return True


async def answer_confirmation(chat: Chat, user_id: int, text: str, context: Context) -> bool:
    """A typed yes or no to the /reset or /delete confirmation, if one waits (mid-onboarding
    too); False otherwise."""
    for waiting in await context.services.questions.waiting(user_id):
        if waiting.question in CONFIRMATIONS and waiting.ref is not None:
            return await _confirm(chat, user_id, waiting.question, waiting.ref, text, context)
    return False
