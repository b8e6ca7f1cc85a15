"""Small helpers for replying."""

from __future__ import annotations

import re
from html import unescape

from telegram import CallbackQuery, Chat, Message
from telegram.error import BadRequest

from bot.telegram import texts

CALLBACK_ANSWER_LIMIT = 200
_TAG = re.compile(r"<[^>]+>")


def plain(html_text: str) -> str:
    """HTML message text as plain text (for callback answers, which take no markup)."""
    text = unescape(_TAG.sub("", html_text))
    return text[: CALLBACK_ANSWER_LIMIT - 1] + "…" if len(text) > CALLBACK_ANSWER_LIMIT else text


async def refuse_button(query: CallbackQuery) -> None:
    """Answer a button whose data means nothing now (stale, forged or from another bot)."""
    await query.answer(texts.UNKNOWN_BUTTON)


async def tell(query: CallbackQuery, chat: Chat, text: str) -> None:
    """Answer a button with ``text``; in the chat instead when the button was already answered
    (a query takes one answer, and a second one is refused)."""
    try:
        await query.answer(text)
    except BadRequest:
        await chat.send_message(text)


def offered(query: CallbackQuery) -> bool:
    """True when the pressed data is on a button of the message it was pressed on.

    Telegram sends the message as it stands, so this proves the user saw that message;
    a client can send any data, but not change the message it names.
    """
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    return any(button.callback_data == query.data
               for row in message.reply_markup.inline_keyboard for button in row)


def not_modified(error: BadRequest) -> bool:
    """Telegram refused an edit because the message already reads that way."""
    return "not modified" in error.message.lower()


async def drop_keyboard(query: CallbackQuery) -> None:
    """Take the buttons off the message a button was pressed on (fine if already gone)."""
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as error:
        if not not_modified(error):
            raise
