"""/help, the main menu, plain messages, anything not understood, and the error handler."""

from __future__ import annotations

import contextlib
import logging

from telegram import Chat, Update
from telegram.error import Forbidden, TelegramError, TimedOut
from telegram.ext import BaseHandler

from bot.domain.intents import Intent, classify
from bot.domain.onboarding import Step
from bot.domain.safety import RedFlag
from bot.domain.symptoms import red_flag_in, severe_pain_in
from bot.services.container import Services
from bot.services.errors import StorageUnavailable
from bot.services.questions import Question
from bot.telegram import buttons, keyboards, texts
from bot.telegram.buttons import MenuButton, MenuChoice
from bot.telegram.context import Context
from bot.telegram.handlers.answers import answer_typed
from bot.telegram.handlers.beyond_top import answer_typed_beyond_top
from bot.telegram.handlers.clinic import take_typed as take_clinic_answer
from bot.telegram.handlers.coaching import ask_about_flare, on_plan, override
from bot.telegram.handlers.onboarding import ask, on_stranger_message, on_typed_answer
from bot.telegram.handlers.progress import on_export, on_progress, on_report
from bot.telegram.handlers.short_answers import answer_confirmation
from bot.telegram.handlers.today import show_today
from bot.telegram.handlers.words import HANDLED as WORDS
from bot.telegram.handlers.words import answer_words
from bot.telegram.replies import refuse_button

log = logging.getLogger(__name__)


async def on_help(update: Update, context: Context) -> None:
    """/help; mid-onboarding the current question follows, so nothing is lost."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    await chat.send_message(texts.HELP)
    prompt = await context.services.onboarding.current(user.id)
    if prompt is not None and prompt.step is not Step.DONE:
        await ask(chat, prompt)


async def on_menu_button(update: Update, context: Context) -> None:
    """A main-menu button."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, MenuButton):
        await refuse_button(query)
        return
    await query.answer()
    user_id = query.from_user.id
    if button.choice is MenuChoice.TODAY:
        await show_today(chat, user_id, context.services)
    elif button.choice is MenuChoice.EASIER:
        await override(chat, user_id, context.services, context.services.coaching.make_easier)
    elif button.choice is MenuChoice.FLARE:
        await ask_about_flare(chat, user_id, context.services)
    elif button.choice is MenuChoice.REST:
        await chat.send_message(texts.REST_TODAY)
    else:
        await chat.send_message(texts.HELP)


async def on_message(update: Update, context: Context) -> None:
    """A plain message: safety first, then an onboarding answer or a question about today."""
    services = context.services
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    text = message.text or ""
    flag, severe = red_flag_in(text), severe_pain_in(text)
    if severe:
        await chat.send_message(texts.SEVERE_PAIN)
    if message.text and await take_clinic_answer(chat, user.id, text, context):
        return  # a clinician's name, profession, zone, or the reason for a change
    prompt = await services.onboarding.current(user.id)
    if prompt is None:
        await on_stranger_message(update, context)
        return
    if prompt.step is Step.SAFETY_STOP and await services.safety.waiting_for_clinician(user.id):
        await take_clinician(chat, user.id, text, services)  # /cleared asked who, mid-set-up
        return
    if prompt.step is not Step.DONE:
        if flag is not None:  # the screening questions themselves decide what it means
            await chat.send_message(texts.symptom_info(flag))
        if await answer_confirmation(chat, user.id, text, context):
            return  # a typed yes or no to /reset or /delete
        await on_typed_answer(update, context, prompt)
        return
    if flag is not None:
        await chat.send_message(texts.symptom_check(flag),
                                reply_markup=keyboards.symptom_check(flag))
        await services.questions.asked(user.id, Question.SYMPTOM, list(RedFlag).index(flag))
        return
    if await services.safety.waiting_for_clinician(user.id):
        await take_clinician(chat, user.id, text, services)
        return
    if await answer_typed(chat, user.id, text, context, warned=severe):
        return  # the 0–10 question asked last: peak, pain now, morning, weekly, flare
    if await answer_typed_beyond_top(chat, user.id, text, services):
        return
    await _answer_intent(update, context, classify(text), severe)


async def _answer_intent(update: Update, context: Context,
                         intent: Intent | None, warned: bool) -> None:
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    services = context.services
    if intent is Intent.FLARE:
        await ask_about_flare(chat, user.id, services)
    elif intent in WORDS:
        assert intent is not None and update.effective_message is not None
        await answer_words(chat, user.id, intent, update.effective_message.text or "", services)
    elif intent is Intent.PAIN_REPORT:
        if not warned:
            await chat.send_message(texts.PAIN_REPORT)
    elif intent is Intent.PLAN:
        await on_plan(update, context)
    elif intent is Intent.PROGRESS:
        await on_progress(update, context)
    elif intent is Intent.REPORT:
        await on_report(update, context)
    elif intent is Intent.EXPORT:
        await on_export(update, context)
    elif intent is Intent.TODAY:
        await show_today(chat, user.id, services)
    elif intent is Intent.HELP:
        await chat.send_message(texts.HELP)
    elif intent is Intent.GREETING:
        await chat.send_message(texts.MAIN_MENU, reply_markup=keyboards.main_menu())
    elif not warned:
        await chat.send_message(texts.UNKNOWN)


async def take_clinician(chat: Chat, user_id: int, text: str, services: Services) -> None:
    """/cleared asked who cleared the user: store the name, then ask when."""
    days = await services.safety.name_clinician(user_id, text)
    if days is None:
        await chat.send_message(texts.CLEARANCE_WHO_AGAIN)
        return
    await chat.send_message(texts.CLEARANCE_WHEN, reply_markup=keyboards.clearance_days(days))


async def on_unknown_command(update: Update, context: Context) -> None:
    """A command runback does not have."""
    if update.effective_chat is not None:
        await update.effective_chat.send_message(texts.UNKNOWN)


async def on_unknown_button(update: Update, context: Context) -> None:
    """A button whose data no handler claims (from a much older version, say)."""
    if update.callback_query is not None:
        await refuse_button(update.callback_query)


async def on_edited_message(update: Update, context: Context) -> None:
    """An edited message: nothing is changed by it, and the user is told so."""
    message = update.edited_message
    if message is not None and message.text:
        await message.chat.send_message(texts.edited(message.text))


async def on_inline_button(update: Update, context: Context) -> None:
    """A button on a message sent through inline mode has no chat to act in: answer it, or
    its spinner would spin."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.INLINE_BUTTON)


class InlineButtonHandler(BaseHandler[Update, Context, None]):
    """Claims presses of buttons on inline-mode messages, before any button handler."""

    def check_update(self, update: object) -> bool:
        """True for a callback query that comes without a message (so without a chat)."""
        return (isinstance(update, Update) and update.callback_query is not None
                and update.callback_query.message is None)


async def on_error(update: object, context: Context) -> None:
    """Log the failure and tell the user kindly; never let one update take the bot down.

    A reply that timed out is not apologised for: Telegram usually delivers it anyway, and
    the user would get both the apology and the answer.
    """
    error = context.error
    if isinstance(error, Forbidden):
        log.info("a user has blocked the bot: %s", error)
        if isinstance(update, Update) and update.effective_user is not None:
            await context.services.account.blocked(update.effective_user.id)
        return
    if isinstance(error, TimedOut):
        log.warning("a reply was not confirmed in time: %s", error)
        return
    log.error("update failed: %s", error.__class__.__name__, exc_info=error)
    if isinstance(update, Update):
        storage = isinstance(error, StorageUnavailable)
        await apologise(update, texts.STORAGE_DOWN if storage else texts.SOMETHING_WENT_WRONG)


async def apologise(update: Update, reply: str) -> None:
    """Stop the button's spinner if it still spins, then say what went wrong in the chat."""
    query = update.callback_query
    if query is not None:
        with contextlib.suppress(TelegramError):  # answered before the failure
            await query.answer()
    try:
        if update.effective_chat is not None:
            await update.effective_chat.send_message(reply)
    except Exception:  # the reply itself failed; the log above has the cause
        log.warning("could not tell the user about the failure", exc_info=True)
