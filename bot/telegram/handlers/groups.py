"""Groups, supergroups and channels: the bot works in private chat only, and says so once.

Every update from a chat that is not private is claimed here, by the first handler of the
main group (where only the first match runs), so no command, button or membership change
there touches anyone's account or shows anyone's plan. The one thing said in such a chat
is where the bot does work; whether it was said is kept in memory only (after a restart it
may be said once more).
"""

from __future__ import annotations

from telegram import Chat, ChatMember, Update
from telegram.ext import BaseHandler

from bot.telegram import texts
from bot.telegram.context import Context

TOLD = "told_private_only"


class OutsidePrivateChat(BaseHandler[Update, Context, None]):
    """Matches every update from a group, supergroup or channel."""

    def check_update(self, update: object) -> bool:
        """True for an update whose chat is known and is not a private chat."""
        if not isinstance(update, Update):
            return False
        chat = update.effective_chat
        return chat is not None and chat.type != Chat.PRIVATE


def handler() -> OutsidePrivateChat:
    """The handler to register before every other one of the main group."""
    return OutsidePrivateChat(on_outside_private_chat)


async def on_outside_private_chat(update: Update, context: Context) -> None:
    """Stay silent in the chat, but say once that the bot works in private chat."""
    chat = update.effective_chat
    assert chat is not None  # OutsidePrivateChat matched it
    if update.callback_query is not None:
        await update.callback_query.answer(texts.private_only(context.bot.username),
                                           show_alert=True)
    elif _may_speak(update) and not _told(context):
        await chat.send_message(texts.private_only(context.bot.username))


def _may_speak(update: Update) -> bool:
    # On joining or on a new message; not after being removed, nor on an edit.
    change = update.my_chat_member
    if change is not None:
        return change.new_chat_member.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR)
    return update.message is not None or update.channel_post is not None


def _told(context: Context) -> bool:
    if context.chat_data is None:
        return True
    told = bool(context.chat_data.get(TOLD))
    context.chat_data[TOLD] = True
    return told
