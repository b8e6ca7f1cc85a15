"""Bot API methods besides messaging: polling, callbacks, commands, webhook, files."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.emulator.errors import bad_request, conflict
from bot.emulator.models import BotAction, CallbackAnswer
from bot.emulator.params import Params
from bot.emulator.registry import api_method
from bot.emulator.state import DEFAULT_UPDATE_TYPES, EmulatorState

STALE_QUERY = "query is too old and response timeout expired or query ID is invalid"
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
MAX_CALLBACK_ANSWER = 200


@api_method("getMe")
async def get_me(state: EmulatorState, params: Params) -> dict[str, Any]:
    """getMe: the bot's own User object."""
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@api_method("getUpdates")
async def get_updates(state: EmulatorState, params: Params) -> list[dict[str, Any]]:
    """getUpdates: long polling with offset acknowledgement, limit and timeout."""
    if state.webhook.url:
        raise conflict(
            "can't use getUpdates method while webhook is active; use deleteWebhook to "
            "delete the webhook first"
        )
    limit = min(100, max(1, params.get_int("limit") or 100))
    timeout = max(0.0, params.get_float("timeout") or 0.0)
    allowed = params.get_json("allowed_updates")
    if allowed is not None and not isinstance(allowed, list):
        raise bad_request("can't parse allowed_updates JSON object")
    return await state.updates.fetch(params.get_int("offset"), limit, timeout, allowed)


@api_method("answerCallbackQuery")
async def answer_callback_query(state: EmulatorState, params: Params) -> bool:
    """answerCallbackQuery: each query can be answered once; unknown ids are rejected."""
    query_id = params.get_str("callback_query_id") or ""
    text = params.get_str("text")
    if text is not None and len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    entry = state.open_callbacks.pop(query_id, None)
    if entry is None:
        raise bad_request(STALE_QUERY)
    chat_id, data, message_id = entry
    answer = CallbackAnswer(
        callback_query_id=query_id,
        text=text,
        show_alert=params.get_bool("show_alert"),
        url=params.get_str("url"),
        data=data,
        message_id=message_id,
    )
    chat = state.chats[chat_id]
    chat.callback_answers.append(answer)
    await state.emit(
        BotAction("callback_answer", "answerCallbackQuery", chat_id, None, params.as_dict())
    )
    return True


@api_method("sendChatAction")
async def send_chat_action(state: EmulatorState, params: Params) -> bool:
    """sendChatAction: "typing" and friends, recorded per chat."""
    chat = state.resolve_chat(params)
    action = params.get_str("action")
    if not action:
        raise bad_request("action is empty")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.chat_actions.append(action)
    await state.emit(
        BotAction("chat_action", "sendChatAction", chat.chat_id, None, params.as_dict())
    )
    return True


def commands_key(params: Params) -> tuple[str, str]:
    """Return the storage key of a command list: canonical scope JSON and language."""
    scope = params.get_json("scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in SCOPE_TYPES:
        raise bad_request("can't parse BotCommandScope")
    language = params.get_str("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified")
    return json.dumps(scope, sort_keys=True), language


@api_method("setMyCommands")
async def set_my_commands(state: EmulatorState, params: Params) -> bool:
    """setMyCommands: store the command list for a scope and language."""
    commands = params.get_json("commands")
    if commands is None:
        raise bad_request("commands is required")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    cleaned: list[dict[str, Any]] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand")
        name = command.get("command")
        description = command.get("description")
        if not isinstance(name, str) or not _COMMAND_RE.fullmatch(name.removeprefix("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": name.removeprefix("/"), "description": description})
    state.commands[commands_key(params)] = cleaned
    await state.emit(BotAction("other", "setMyCommands", None, None, params.as_dict()))
    return True


@api_method("getMyCommands")
async def get_my_commands(state: EmulatorState, params: Params) -> list[dict[str, Any]]:
    """getMyCommands: the command list for a scope and language."""
    return [dict(c) for c in state.commands.get(commands_key(params), [])]


@api_method("deleteMyCommands")
async def delete_my_commands(state: EmulatorState, params: Params) -> bool:
    """deleteMyCommands: forget the command list for a scope and language."""
    state.commands.pop(commands_key(params), None)
    return True


@api_method("setWebhook")
async def set_webhook(state: EmulatorState, params: Params) -> bool:
    """setWebhook: POST updates to the URL from now on (an empty URL removes the webhook)."""
    url = params.get_str("url")
    if url is None:
        raise bad_request("url is required")
    if params.get_bool("drop_pending_updates"):
        state.updates.clear()
    if url == "":
        state.webhook.delete()
        return True
    if not url.startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get_str("secret_token")
    if secret is not None and not _SECRET_RE.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    connections = params.get_int("max_connections") or 40
    if not 1 <= connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    allowed = params.get_json("allowed_updates")
    if allowed is not None:
        if not isinstance(allowed, list):
            raise bad_request("can't parse allowed_updates JSON object")
        state.updates.allowed = frozenset(allowed) or DEFAULT_UPDATE_TYPES
    state.webhook.set(url, secret or None, connections)
    return True


@api_method("deleteWebhook")
async def delete_webhook(state: EmulatorState, params: Params) -> bool:
    """deleteWebhook: switch back to getUpdates, optionally dropping pending updates."""
    state.webhook.delete()
    if params.get_bool("drop_pending_updates"):
        state.updates.clear()
    return True


@api_method("getWebhookInfo")
async def get_webhook_info(state: EmulatorState, params: Params) -> dict[str, Any]:
    """getWebhookInfo: the URL, pending updates and the last delivery error, if any."""
    hook = state.webhook
    info: dict[str, Any] = {
        "url": hook.url,
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates.pending),
    }
    if hook.url:
        info["max_connections"] = hook.max_connections
        info["allowed_updates"] = sorted(state.updates.allowed)
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    return info


@api_method("getFile")
async def get_file(state: EmulatorState, params: Params) -> dict[str, Any]:
    """getFile: a File object whose file_path can be downloaded from the file URL."""
    stored = state.files.get(params.get_str("file_id") or "")
    if stored is None:
        raise bad_request("wrong file_id or the file is temporarily unavailable")
    return stored.file_object()


@api_method("getChat")
async def get_chat(state: EmulatorState, params: Params) -> dict[str, Any]:
    """getChat: full information about a simulated user's private chat."""
    chat = state.resolve_chat(params, check_blocked=False)
    return {
        **chat.chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": True,
            "limited_gifts": True,
            "unique_gifts": True,
            "premium_subscription": True,
            "gifts_from_channels": True,
        },
    }


@api_method("pinChatMessage")
async def pin_chat_message(state: EmulatorState, params: Params) -> bool:
    """pinChatMessage: pin one of the chat's messages (pinning it again moves it to the top)."""
    chat = state.resolve_chat(params)
    message_id = params.get_int("message_id")
    if message_id is None:
        raise bad_request("message_id is empty")
    if message_id not in chat.by_id and message_id not in chat.user_message_ids:
        raise bad_request("message to pin not found")
    if message_id in chat.pinned:
        chat.pinned.remove(message_id)
    chat.pinned.append(message_id)
    return True


@api_method("unpinChatMessage")
async def unpin_chat_message(state: EmulatorState, params: Params) -> bool:
    """unpinChatMessage: unpin ``message_id``, or the newest pinned message without one."""
    chat = state.resolve_chat(params)
    message_id = params.get_int("message_id")
    if message_id is None:
        if chat.pinned:
            chat.pinned.pop()
        return True
    if message_id not in chat.by_id and message_id not in chat.user_message_ids:
        raise bad_request("message to unpin not found")
    if message_id in chat.pinned:
        chat.pinned.remove(message_id)
    return True


@api_method(
    "close",
    "logOut",
    "setMyDescription",
    "setMyShortDescription",
    "setMyName",
    "setChatMenuButton",
    "setMyDefaultAdministratorRights",
)
async def accept(state: EmulatorState, params: Params) -> bool:
    """Methods that only need to succeed: close, logOut and bot profile setters."""
    return True
