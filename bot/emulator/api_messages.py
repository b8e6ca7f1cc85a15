"""Bot API methods that create, edit and delete messages."""

from __future__ import annotations

from typing import Any

from bot.emulator.errors import bad_request
from bot.emulator.files import StoredFile, looks_like_image
from bot.emulator.markup import Markup, parse_markup
from bot.emulator.models import BotAction, MessageEdit, SentMessage
from bot.emulator.params import Params, UploadedFile
from bot.emulator.registry import api_method
from bot.emulator.state import ChatState, EmulatorState
from bot.emulator.text import parse_caption, parse_message_text

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _inline_keyboard(markup: Markup) -> dict[str, Any] | None:
    """Return the inline keyboard to attach, or None when it has no buttons."""
    if markup.inline is None or not any(markup.inline["inline_keyboard"]):
        return None
    return markup.inline


def _new_message(state: EmulatorState, chat: ChatState, markup: Markup) -> SentMessage:
    """Create the next bot message in `chat`, applying reply-keyboard changes."""
    if markup.keyboard is not None:
        chat.reply_keyboard = markup.keyboard
    elif markup.remove_keyboard:
        chat.reply_keyboard = None
    return SentMessage(
        message_id=chat.allocate_message_id(),
        chat_id=chat.chat_id,
        date=state.now(),
        sender=state.bot_user,
        chat=chat.chat,
        reply_markup=_inline_keyboard(markup),
    )


async def _deliver(
    state: EmulatorState, chat: ChatState, message: SentMessage, method: str, params: Params
) -> dict[str, Any]:
    chat.messages.append(message)
    chat.by_id[message.message_id] = message
    await state.emit(BotAction("send", method, chat.chat_id, message, params.as_dict()))
    return message.to_api()


def _resolve_file(state: EmulatorState, params: Params, field: str) -> StoredFile:
    """Store an upload, or find the file a file_id / URL refers to."""
    value = params.get_file(field)
    if value is None:
        raise bad_request(f"there is no {field} in the request")
    if isinstance(value, UploadedFile):
        if field == "photo" and not looks_like_image(value.data):
            raise bad_request("IMAGE_PROCESS_FAILED")
        mime: str | None = value.content_type
        if not mime or mime == "application/octet-stream":
            mime = None
        return state.files.add(field, data=value.data, filename=value.filename, mime_type=mime)
    if value.startswith(("http://", "https://")):
        return state.files.add(field, url=value, filename=value.rsplit("/", 1)[-1] or None)
    stored = state.files.get(value.strip())
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return stored


@api_method("sendMessage")
async def send_message(state: EmulatorState, params: Params) -> dict[str, Any]:
    """sendMessage: a text message, with optional parse_mode and reply_markup."""
    chat = state.resolve_chat(params)
    text = params.get_str("text")
    parse_mode = params.get_str("parse_mode")
    parsed = parse_message_text(text, parse_mode, params.get_json("entities"))
    markup = parse_markup(params.get_json("reply_markup"))
    state.check_flood(chat)
    message = _new_message(state, chat, markup)
    message.text, message.entities = parsed.text, parsed.entities
    message.source, message.parse_mode = text, parse_mode
    return await _deliver(state, chat, message, "sendMessage", params)


async def _send_media(state: EmulatorState, params: Params, field: str) -> dict[str, Any]:
    chat = state.resolve_chat(params)
    stored = _resolve_file(state, params, field)
    caption = params.get_str("caption")
    parse_mode = params.get_str("parse_mode")
    parsed = parse_caption(caption, parse_mode, params.get_json("caption_entities"))
    markup = parse_markup(params.get_json("reply_markup"))
    state.check_flood(chat)
    message = _new_message(state, chat, markup)
    if field == "photo":
        message.photo = stored
    elif field == "audio":
        message.audio = stored
    elif field == "voice":
        message.voice = stored
    else:
        message.document = stored
    if field in ("audio", "voice"):
        message.duration = params.get_int("duration")
        message.title, message.performer = params.get_str("title"), params.get_str("performer")
    if parsed is not None:
        message.caption, message.entities = parsed.text, parsed.entities
        message.source, message.parse_mode = caption, parse_mode
    method = "send" + field.capitalize()
    return await _deliver(state, chat, message, method, params)


@api_method("sendPhoto")
async def send_photo(state: EmulatorState, params: Params) -> dict[str, Any]:
    """sendPhoto: an uploaded image, a known file_id or a URL, with a caption."""
    return await _send_media(state, params, "photo")


@api_method("sendDocument")
async def send_document(state: EmulatorState, params: Params) -> dict[str, Any]:
    """sendDocument: an uploaded file, a known file_id or a URL, with a caption."""
    return await _send_media(state, params, "document")


@api_method("sendAudio")
async def send_audio(state: EmulatorState, params: Params) -> dict[str, Any]:
    """sendAudio: a music-player track (upload or file_id), with duration, title, performer."""
    return await _send_media(state, params, "audio")


@api_method("sendVoice")
async def send_voice(state: EmulatorState, params: Params) -> dict[str, Any]:
    """sendVoice: a voice message (upload or file_id), with its duration."""
    return await _send_media(state, params, "voice")


@api_method("sendLocation")
async def send_location(state: EmulatorState, params: Params) -> dict[str, Any]:
    """sendLocation: a point on the map."""
    chat = state.resolve_chat(params)
    latitude = params.get_float("latitude")
    longitude = params.get_float("longitude")
    if latitude is None or not -90 <= latitude <= 90:
        raise bad_request("wrong latitude specified")
    if longitude is None or not -180 <= longitude <= 180:
        raise bad_request("wrong longitude specified")
    markup = parse_markup(params.get_json("reply_markup"))
    state.check_flood(chat)
    message = _new_message(state, chat, markup)
    message.location = {"latitude": latitude, "longitude": longitude}
    return await _deliver(state, chat, message, "sendLocation", params)


def _editable(state: EmulatorState, params: Params) -> tuple[ChatState, SentMessage]:
    """Find the bot message an edit method addresses."""
    if params.has("inline_message_id") and not params.has("chat_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = state.resolve_chat(params)
    message_id = params.get_int("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = chat.by_id.get(message_id)
    if message is None or message.deleted:
        if message_id in chat.user_message_ids:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")
    return chat, message


async def _record_edit(
    state: EmulatorState, message: SentMessage, method: str, params: Params
) -> dict[str, Any]:
    message.edit_date = state.now()
    message.edits.append(
        MessageEdit(
            date=message.edit_date,
            text=message.text if message.text is not None else message.caption,
            source=message.source,
            parse_mode=message.parse_mode,
            reply_markup=message.reply_markup,
        )
    )
    await state.emit(BotAction("edit", method, message.chat_id, message, params.as_dict()))
    return message.to_api()


@api_method("editMessageText")
async def edit_message_text(state: EmulatorState, params: Params) -> dict[str, Any]:
    """editMessageText: replace text and inline keyboard (omitting it removes it)."""
    text = params.get_str("text")
    parse_mode = params.get_str("parse_mode")
    parsed = parse_message_text(text, parse_mode, params.get_json("entities"))
    inline = _inline_keyboard(parse_markup(params.get_json("reply_markup"), inline_only=True))
    _, message = _editable(state, params)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    if (parsed.text, parsed.entities, inline) == (
        message.text,
        message.entities,
        message.reply_markup,
    ):
        raise bad_request(NOT_MODIFIED)
    message.text, message.entities, message.reply_markup = parsed.text, parsed.entities, inline
    message.source, message.parse_mode = text, parse_mode
    return await _record_edit(state, message, "editMessageText", params)


@api_method("editMessageCaption")
async def edit_message_caption(state: EmulatorState, params: Params) -> dict[str, Any]:
    """editMessageCaption: replace the caption of a photo or document."""
    caption = params.get_str("caption")
    parse_mode = params.get_str("parse_mode")
    parsed = parse_caption(caption, parse_mode, params.get_json("caption_entities"))
    inline = _inline_keyboard(parse_markup(params.get_json("reply_markup"), inline_only=True))
    _, message = _editable(state, params)
    if message.kind in ("text", "location"):
        raise bad_request("there is no caption in the message to edit")
    new_caption = None if parsed is None else parsed.text
    entities = [] if parsed is None else parsed.entities
    if (new_caption, entities, inline) == (
        message.caption,
        message.entities,
        message.reply_markup,
    ):
        raise bad_request(NOT_MODIFIED)
    message.caption, message.entities, message.reply_markup = new_caption, entities, inline
    message.source, message.parse_mode = caption, parse_mode
    return await _record_edit(state, message, "editMessageCaption", params)


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(state: EmulatorState, params: Params) -> dict[str, Any]:
    """editMessageReplyMarkup: replace or remove the inline keyboard only."""
    inline = _inline_keyboard(parse_markup(params.get_json("reply_markup"), inline_only=True))
    _, message = _editable(state, params)
    if inline == message.reply_markup:
        raise bad_request(NOT_MODIFIED)
    message.reply_markup = inline
    return await _record_edit(state, message, "editMessageReplyMarkup", params)


@api_method("deleteMessage")
async def delete_message(state: EmulatorState, params: Params) -> bool:
    """deleteMessage: delete a bot message, or a user message in the private chat."""
    chat = state.resolve_chat(params, check_blocked=False)
    message_id = params.get_int("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = chat.by_id.get(message_id)
    if message is not None and not message.deleted:
        message.deleted = True
        await state.emit(
            BotAction("delete", "deleteMessage", chat.chat_id, message, params.as_dict())
        )
        return True
    if message_id in chat.user_message_ids:
        chat.user_message_ids.discard(message_id)
        await state.emit(BotAction("delete", "deleteMessage", chat.chat_id, None, params.as_dict()))
        return True
    raise bad_request("message to delete not found")
