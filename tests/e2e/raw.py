"""Updates the simulated user cannot produce: stickers, groups, channels, inline queries.

They are pushed onto the emulator's update queue as Telegram would send them; a group or
channel gets a chat in the emulator so the bot's sends to it are recorded, not refused.
"""

from __future__ import annotations

import itertools
from typing import Any

from bot.emulator import Emulator
from bot.emulator.models import SentMessage
from bot.emulator.state import ChatState

_message_ids = itertools.count(10_000)


def person(user_id: int, first_name: str = "Stranger") -> dict[str, Any]:
    """A Telegram User object."""
    return {"id": user_id, "is_bot": False, "first_name": first_name}


def open_chat(emulator: Emulator, chat_id: int, kind: str, title: str = "Runners") -> ChatState:
    """A group, supergroup or channel the bot is in (or a private chat, by id)."""
    found = emulator.state.chats.get(chat_id)
    if found is not None:
        return found
    chat: dict[str, Any] = {"id": chat_id, "type": kind}
    if kind == "private":
        chat["first_name"] = title
    else:
        chat["title"] = title
    state = ChatState(user=person(chat_id if kind == "private" else 1, title), chat=chat)
    emulator.state.chats[chat_id] = state
    return state


def bot_messages(emulator: Emulator, chat_id: int) -> list[SentMessage]:
    """Everything the bot sent to one chat."""
    chat = emulator.state.chats.get(chat_id)
    return list(chat.messages) if chat is not None else []


def message(chat: ChatState, sender: dict[str, Any] | None, **content: Any) -> dict[str, Any]:
    """A Message object in ``chat`` from ``sender`` (None: a channel post)."""
    body: dict[str, Any] = {"message_id": next(_message_ids), "chat": dict(chat.chat),
                            "date": 1_800_000_000, **content}
    if sender is not None:
        body["from"] = sender
    text = content.get("text")
    if isinstance(text, str) and text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0,
                             "length": len(text.split()[0])}]
    return body


def sticker() -> dict[str, Any]:
    """The content of a sticker message."""
    return {"sticker": {"file_id": "CAAC-sticker", "file_unique_id": "sticker-1",
                        "type": "regular", "width": 512, "height": 512,
                        "is_animated": False, "is_video": False}}


def push(emulator: Emulator, kind: str, payload: dict[str, Any]) -> None:
    """Enqueue one update of ``kind`` (``message``, ``callback_query``, ...)."""
    emulator.state.updates.push(kind, payload)


def press(emulator: Emulator, presser: dict[str, Any], on: SentMessage, data: str) -> None:
    """A callback query by ``presser`` on the bot's message ``on``."""
    query_id = emulator.state.next_callback_id()
    emulator.state.open_callbacks[query_id] = (int(on.chat["id"]), data, on.message_id)
    push(emulator, "callback_query", {"id": query_id, "from": presser,
                                      "message": on.to_api(), "chat_instance": "1",
                                      "data": data})


def membership(chat: ChatState, by: dict[str, Any], bot_user: dict[str, Any],
               old: str, new: str) -> dict[str, Any]:
    """A my_chat_member update: ``by`` changed the bot's status in ``chat``."""
    new_member: dict[str, Any] = {"status": new, "user": dict(bot_user)}
    if new == "kicked":
        new_member["until_date"] = 0
    return {"chat": dict(chat.chat), "from": by, "date": 1_800_000_000,
            "old_chat_member": {"status": old, "user": dict(bot_user)},
            "new_chat_member": new_member}
