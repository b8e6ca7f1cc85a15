"""Get the audio: the session as one track with its cues built in."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.services.schedule import Paused
from bot.services.sessions import NoSession
from bot.services.today import NotOnboarded, OnHold
from bot.telegram import buttons, texts
from bot.telegram.audio import send_track
from bot.telegram.buttons import AudioTrack
from bot.telegram.context import Context
from bot.telegram.handlers.today import remind_to_finish_setup, show_hold
from bot.telegram.replies import refuse_button


async def on_audio_button(update: Update, context: Context) -> None:
    """Send the track of the session the button is under, or of the user's next session."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, AudioTrack):
        await refuse_button(query)
        return
    user_id, tracks = query.from_user.id, context.services.audio
    try:
        if button.session_id is None:
            track = await tracks.for_next_session(user_id)
        else:
            track = await tracks.for_session(user_id, button.session_id)
    except NoSession:
        await refuse_button(query)
        return
    except NotOnboarded:
        await query.answer()
        await remind_to_finish_setup(chat, user_id, context.services)
        return
    except OnHold as hold:
        await query.answer()
        await show_hold(chat, hold.outcome)
        return
    except Paused as paused:
        await query.answer()
        await chat.send_message(texts.today_paused(paused.until))
        return
    await query.answer()
    try:
        await chat.send_action(ChatAction.UPLOAD_DOCUMENT)
        await send_track(context.bot, chat.id, track, tracks)
    except TelegramError:
        await chat.send_message(texts.AUDIO_FAILED)
