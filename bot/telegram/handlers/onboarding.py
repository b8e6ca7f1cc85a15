"""Onboarding in the chat: /start, button answers, typed answers and a shared location."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import BadRequest

from bot.domain.intents import Intent, classify
from bot.domain.onboarding import Step
from bot.domain.parsing import consecutive_pairs
from bot.domain.timeline import timeline
from bot.services.onboarding import Location, Note, Problem, Prompt, Reply
from bot.telegram import buttons, keyboards, render, texts
from bot.telegram.buttons import OnboardingAnswer
from bot.telegram.context import Context
from bot.telegram.replies import drop_keyboard, not_modified, offered, plain, refuse_button

# Notes that already say everything: the question is not repeated after them.
STANDALONE_NOTES = frozenset({Note.DECLINED, Note.CHECK_FIRST})
# Kept in memory only, never stored: this chat was shown the consent text, so a typed
# "yes" from someone with no account is an answer to it.
CONSENT_SHOWN = "consent_shown"
# Questions answered by several taps on one message, which is edited after each tap.
MULTI_SELECT = frozenset({Step.DAYS, Step.RED_FLAG, Step.READINESS})
# Hints about an answer to a screening list: the list above stays the question, not repeated.
LIST_HINTS = frozenset({Problem.WHICH_ONES, Problem.NOT_ON_LIST, Problem.NOT_PICKS})


async def ask(chat: Chat, prompt: Prompt, first_name: str = "") -> None:
    """Send the question a user is at."""
    text, markup = render.question(prompt, first_name)
    await chat.send_message(text, reply_markup=markup)


async def on_start(update: Update, context: Context) -> None:
    """/start: begin onboarding, resume it, or show the main menu once set up."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    prompt = await context.services.onboarding.start(user.id)
    if prompt.step is Step.DONE:
        await chat.send_message(texts.MAIN_MENU, reply_markup=keyboards.main_menu())
        return
    await ask(chat, prompt, user.first_name or "")
    if prompt.step is Step.CONSENT and context.chat_data is not None:
        context.chat_data[CONSENT_SHOWN] = True


async def on_stranger_message(update: Update, context: Context) -> None:
    """A message from someone with no account: the consent question, or an answer to it."""
    user = update.effective_user
    if user is None or context.chat_data is None or not context.chat_data.get(CONSENT_SHOWN):
        await on_start(update, context)
        return
    prompt = await context.services.onboarding.start(user.id)
    await on_typed_answer(update, context, prompt, consent_shown=True)


async def on_button(update: Update, context: Context) -> None:
    """A button on an onboarding question."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, OnboardingAnswer):
        await refuse_button(query)
        return
    reply = await context.services.onboarding.answer(query.from_user.id, button.at, button.value,
                                                     consent_shown=offered(query))
    await present(chat, reply, query)


async def on_typed_answer(update: Update, context: Context, prompt: Prompt, *,
                          consent_shown: bool = False) -> None:
    """A typed message while onboarding: an answer to the current question.

    ``consent_shown``: this chat was shown the consent text (for someone with no account).
    """
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or message.from_user is None:
        return
    value: str | Location
    if message.location is not None:
        value = Location(message.location.latitude, message.location.longitude)
    elif message.text:
        value = message.text
    else:
        await chat.send_message(texts.PROBLEMS[Problem.NOT_A_CHOICE])
        await ask(chat, prompt)
        return
    reply = await context.services.onboarding.answer(message.from_user.id, None, value,
                                                     consent_shown=consent_shown)
    if reply.problem is not None and isinstance(value, str) and await _asked_first(
            chat, prompt, value):
        return
    await present(chat, reply, None)


async def _asked_first(chat: Chat, prompt: Prompt, text: str) -> bool:
    """Not an answer but a question of the user's own ("what's today's session?"): answer
    it, then repeat the question waiting. False when the text asks nothing known."""
    intent = classify(text)
    plan = prompt.summary
    if intent in (Intent.TODAY, Intent.PLAN) and prompt.step is Step.CONFIRM and plan:
        session = texts.first_session(plan.level, timeline(plan.level), plan.first_session,
                                      plan.zone)
        await chat.send_message(f"{session}\n\n{texts.TAP_LOOKS_GOOD}",
                                reply_markup=keyboards.confirm(prompt.position))
        return True
    if intent is Intent.HELP:
        await chat.send_message(texts.HELP)
        await ask(chat, prompt)
        return True
    return False


async def present(chat: Chat, reply: Reply, query: CallbackQuery | None) -> None:
    """Show the outcome of an answer: a problem, notes, then the next question."""
    if reply.stale:
        if query is not None:
            await query.answer(texts.STALE_BUTTON)
        else:
            await ask(chat, reply.prompt)
        return
    if reply.problem is not None:
        await _show_problem(chat, reply, query)
        return
    if query is not None:
        await query.answer()
        if _still_picking(reply):
            await _show_picks(query, reply.prompt)
            return
        await drop_keyboard(query)
    for note in reply.notes:
        await chat.send_message(_note_text(note, reply.prompt))
    if reply.answered is Step.TIMEZONE:
        zone = reply.prompt.summary.zone if reply.prompt.summary else ""
        await chat.send_message(texts.zone_set(zone),
                                reply_markup=ReplyKeyboardRemove())
    if STANDALONE_NOTES.isdisjoint(reply.notes):
        await ask(chat, reply.prompt)


def _still_picking(reply: Reply) -> bool:
    """True when the answer was one tap of a multi-select question that is still open."""
    return reply.answered is reply.prompt.step and reply.prompt.step in MULTI_SELECT


async def _show_picks(query: CallbackQuery, prompt: Prompt) -> None:
    """Show the ticks on the message the tap was on (fine if it already shows them)."""
    text, markup = render.question(prompt)
    assert isinstance(markup, InlineKeyboardMarkup)
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if not not_modified(error):
            raise


def _note_text(note: Note, prompt: Prompt) -> str:
    if note is Note.CONSECUTIVE_DAYS:  # name the pairs: Mon/Tue/Wed is two of them
        return texts.consecutive_days(consecutive_pairs(prompt.days))
    return texts.NOTE_TEXTS[note]


async def _show_problem(chat: Chat, reply: Reply, query: CallbackQuery | None) -> None:
    message, markup = render.problem(reply)
    if query is not None:
        await query.answer(plain(message), show_alert=True)
        return
    await chat.send_message(message, reply_markup=markup)
    if markup is None and not (reply.problem in LIST_HINTS and _still_picking(reply)):
        await ask(chat, reply.prompt)
