"""Sends a session's audio track: by the file_id Telegram gave it, else by uploading it once.

sendAudio, not sendVoice: an audio message plays in the phone's music player with its title,
on with the screen locked, which is what a session on the move needs.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, InputFile, Message
from telegram.error import BadRequest

from bot.services.audio import Track
from bot.services.container import AudioTracks
from bot.telegram import texts

log = logging.getLogger(__name__)


async def send_track(bot: Bot, chat_id: int, track: Track, tracks: AudioTracks) -> Message:
    """Send ``track`` to ``chat_id``; a file_id Telegram no longer knows is dropped and the
    file uploaded again (Telegram errors other than that propagate)."""
    caption = texts.audio_caption(flare=track.flare, spoken=track.spoken)
    if track.file_id is not None:
        try:
            return await bot.send_audio(chat_id, track.file_id, caption=caption,
                                        duration=track.seconds, title=track.title,
                                        performer=track.performer)
        except BadRequest as error:  # a new bot token, or Telegram dropped the file
            log.info("track %s is sent again from its file: %s", track.key, error)
            await tracks.forgotten(track.key)
    data = await asyncio.to_thread(track.path.read_bytes)
    message = await bot.send_audio(chat_id, InputFile(data, filename=track.filename),
                                   caption=caption, duration=track.seconds, title=track.title,
                                   performer=track.performer)
    if message.audio is not None:
        await tracks.sent(track.key, message.audio.file_id)
    return message
