"""/reset and /delete, each behind a confirmation that works once."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import ContextTypes

from bot.services import account
from bot.telegram import buttons, keyboards, texts
from bot.telegram.buttons import DeleteAnswer, ResetAnswer, YesNo
from bot.telegram.handlers.onboarding import ask
from bot.telegram.replies import drop_keyboard, refuse_button
from bot.telegram.runtime import runtime


async def on_reset(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reset: ask before starting the set-up again."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    stamp = await account.version(runtime(context).db, user.id)
    if stamp is None:
        await chat.send_message(texts.NOT_STARTED)
        return
    await chat.send_message(texts.RESET_CONFIRM, reply_markup=keyboards.reset_confirm(stamp))


async def on_delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/delete: ask before erasing everything."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    stamp = await account.version(runtime(context).db, user.id)
    if stamp is None:
        await chat.send_message(texts.DELETE_NOTHING)
        return
    await chat.send_message(texts.DELETE_CONFIRM, reply_markup=keyboards.delete_confirm(stamp))


async def on_reset_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer to the reset confirmation."""
    rt = runtime(context)
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, ResetAnswer):
        await refuse_button(query)
        return
    if button.choice is not YesNo.YES:
        await query.answer()
        await query.edit_message_text(texts.RESET_CANCELLED)
        return
    prompt = await account.reset(rt.db, query.from_user.id, button.stamp, rt.now())
    if prompt is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await drop_keyboard(query)
    await ask(chat, prompt, query.from_user.first_name or "")


async def on_delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer to the delete confirmation."""
    rt = runtime(context)
    query = update.callback_query
    if query is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, DeleteAnswer):
        await refuse_button(query)
        return
    if button.choice is not YesNo.YES:
        await query.answer()
        await query.edit_message_text(texts.DELETE_CANCELLED)
        return
    if not await account.delete(rt.db, query.from_user.id, button.stamp):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await query.edit_message_text(texts.DELETED)



async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram says the user blocked the bot: stop sending them anything."""
    change = update.my_chat_member
    if change is None or change.new_chat_member.status != ChatMember.BANNED:
        return
    rt = runtime(context)
    await account.blocked(rt.db, change.from_user.id, rt.now())
