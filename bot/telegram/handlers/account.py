"""/reset and /delete, each behind a confirmation that works once."""

from __future__ import annotations

from telegram import Chat, ChatMember, Update

from bot.domain.onboarding import Step
from bot.services.questions import Question, stamp_ref
from bot.telegram import buttons, keyboards, texts
from bot.telegram.buttons import DeleteAnswer, ResetAnswer, YesNo
from bot.telegram.context import Context
from bot.telegram.handlers.clinic import tell_erased
from bot.telegram.handlers.onboarding import ask
from bot.telegram.replies import drop_keyboard, refuse_button


async def on_reset(update: Update, context: Context) -> None:
    """/reset: ask before starting the set-up again."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    stamp = await context.services.account.version(user.id)
    if stamp is None:
        await chat.send_message(texts.NOT_STARTED)
        return
    prompt = await context.services.onboarding.current(user.id)
    if prompt is not None and prompt.step is not Step.DONE:  # no plan yet to keep
        await chat.send_message(texts.RESET_MID_SETUP,
                                reply_markup=keyboards.reset_confirm(stamp, has_plan=False))
    else:
        await chat.send_message(texts.RESET_CONFIRM, reply_markup=keyboards.reset_confirm(stamp))
    await context.services.questions.asked(user.id, Question.RESET, stamp_ref(stamp))


async def on_delete(update: Update, context: Context) -> None:
    """/delete: ask before erasing everything."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    stamp = await context.services.account.version(user.id)
    if stamp is None:
        await chat.send_message(texts.DELETE_NOTHING)
        return
    await chat.send_message(texts.DELETE_CONFIRM, reply_markup=keyboards.delete_confirm(stamp))
    await context.services.questions.asked(user.id, Question.DELETE, stamp_ref(stamp))


async def on_reset_button(update: Update, context: Context) -> None:
    """The answer to the reset confirmation."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, ResetAnswer):
        await refuse_button(query)
        return
    await context.services.questions.closed(query.from_user.id)
    if button.choice is not YesNo.YES:
        await query.answer()
        await query.edit_message_text(texts.RESET_CANCELLED)
        return
    prompt = await context.services.account.reset(query.from_user.id, button.stamp)
    if prompt is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await drop_keyboard(query)
    await ask(chat, prompt, query.from_user.first_name or "")


async def on_delete_button(update: Update, context: Context) -> None:
    """The answer to the delete confirmation."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, DeleteAnswer):
        await refuse_button(query)
        return
    await context.services.questions.closed(query.from_user.id)
    if button.choice is not YesNo.YES:
        await query.answer()
        await query.edit_message_text(texts.DELETE_CANCELLED)
        return
    erased = await context.services.account.delete(query.from_user.id, button.stamp)
    if erased is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await tell_erased(context, erased)
    context.runner.forget_user(query.from_user.id)  # a running session's cues stop too
    await query.answer()
    await query.edit_message_text(texts.DELETED)


async def on_my_chat_member(update: Update, context: Context) -> None:
    """Telegram says the user blocked the bot in their private chat: stop sending them anything.

    Being removed from a group says nothing about the remover's own chat with the bot.
    """
    change = update.my_chat_member
    if (change is None or change.chat.type != Chat.PRIVATE
            or change.new_chat_member.status != ChatMember.BANNED):
        return
    await context.services.account.blocked(change.from_user.id)
