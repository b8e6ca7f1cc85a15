"""The simulated Telegram user: sends messages, presses buttons, reads the bot's replies."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.emulator.errors import EmulatorTimeout
from bot.emulator.models import CallbackAnswer, SentMessage
from bot.emulator.state import ChatState, EmulatorState

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


class ButtonNotFoundError(LookupError):
    """The requested button or message is not available to press."""


def set_blocked(state: EmulatorState, chat: ChatState, blocked: bool, notify: bool) -> None:
    """Block or unblock the bot in a chat, optionally enqueueing a my_chat_member update."""
    was_blocked = chat.blocked
    chat.blocked = blocked
    if notify and was_blocked != blocked:
        old_status, new_status = ("member", "kicked") if blocked else ("kicked", "member")
        old: dict[str, Any] = {"status": old_status, "user": dict(state.bot_user)}
        new: dict[str, Any] = {"status": new_status, "user": dict(state.bot_user)}
        if blocked:
            new["until_date"] = 0
        state.updates.push(
            "my_chat_member",
            {
                "chat": dict(chat.chat),
                "from": dict(chat.user),
                "date": state.now(),
                "old_chat_member": old,
                "new_chat_member": new,
            },
        )


class SimulatedUser:
    """A person in a private chat with the bot (chat id equals user id)."""

    def __init__(self, state: EmulatorState, chat: ChatState) -> None:
        self._state = state
        self._chat = chat
        self._cursor = 0
        self.sent: list[dict[str, Any]] = []
        """Messages this user sent, as the Message objects delivered to the bot."""
        self.presses: list[dict[str, Any]] = []
        """Callback queries this user produced, in order."""

    @property
    def id(self) -> int:
        """The user id, which is also the private chat id."""
        return int(self._chat.user["id"])

    @property
    def chat_id(self) -> int:
        """The private chat id (same as `id`)."""
        return self._chat.chat_id

    @property
    def first_name(self) -> str:
        """The user's first name."""
        return str(self._chat.user["first_name"])

    @property
    def user(self) -> dict[str, Any]:
        """The Telegram User object of this user."""
        return dict(self._chat.user)

    @property
    def messages(self) -> list[SentMessage]:
        """The bot's messages to this chat, oldest first (edited and deleted ones included)."""
        return list(self._chat.messages)

    @property
    def last_message(self) -> SentMessage | None:
        """The newest bot message in this chat, if any."""
        return self._chat.messages[-1] if self._chat.messages else None

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """answerCallbackQuery calls for this user's button presses."""
        return list(self._chat.callback_answers)

    @property
    def chat_actions(self) -> list[str]:
        """Chat actions ("typing", ...) the bot sent to this chat."""
        return list(self._chat.chat_actions)

    @property
    def pinned(self) -> list[int]:
        """Ids of the messages pinned in this chat, the newest last."""
        return list(self._chat.pinned)

    @property
    def reply_keyboard(self) -> list[list[dict[str, Any]]] | None:
        """Rows of KeyboardButton objects of the current reply keyboard, or None."""
        if self._chat.reply_keyboard is None:
            return None
        return [[dict(b) for b in row] for row in self._chat.reply_keyboard["keyboard"]]

    @property
    def reply_buttons(self) -> list[str]:
        """Texts of the current reply keyboard's buttons, row by row."""
        return [button["text"] for row in self.reply_keyboard or [] for button in row]

    @property
    def blocked(self) -> bool:
        """Whether this user has blocked the bot."""
        return self._chat.blocked

    def block(self, *, notify: bool = False) -> None:
        """Block the bot: its calls to this chat fail with 403 until `unblock()`."""
        set_blocked(self._state, self._chat, True, notify)

    def unblock(self, *, notify: bool = False) -> None:
        """Unblock the bot again."""
        set_blocked(self._state, self._chat, False, notify)

    def _new_message(self) -> dict[str, Any]:
        message_id = self._chat.allocate_message_id()
        self._chat.user_message_ids.add(message_id)
        return {
            "message_id": message_id,
            "from": dict(self._chat.user),
            "chat": dict(self._chat.chat),
            "date": self._state.now(),
        }

    def _deliver(self, message: dict[str, Any]) -> dict[str, Any]:
        self.sent.append(message)
        self._state.updates.push("message", message)
        return message

    async def send(self, text: str) -> dict[str, Any]:
        """Send a text message; a leading /command gets a bot_command entity."""
        if not text:
            raise ValueError("a Telegram message needs non-empty text")
        message = self._new_message()
        message["text"] = text
        command = _COMMAND_RE.match(text)
        if command is not None:
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(command.group(0))}
            ]
        return self._deliver(message)

    async def share_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        """Send a location message (as from a request_location keyboard button)."""
        message = self._new_message()
        message["location"] = {"latitude": latitude, "longitude": longitude}
        return self._deliver(message)

    def _find_message(self, message: SentMessage | int | None) -> SentMessage:
        if message is None:
            for candidate in reversed(self._chat.messages):
                if candidate.reply_markup is not None and not candidate.deleted:
                    return candidate
            raise ButtonNotFoundError(
                f"no bot message with an inline keyboard in chat {self.chat_id}\n"
                + self.transcript()
            )
        message_id = message if isinstance(message, int) else message.message_id
        found = self._chat.by_id.get(message_id)
        if found is None:
            raise ButtonNotFoundError(f"no bot message #{message_id} in chat {self.chat_id}")
        if found.deleted:
            raise ButtonNotFoundError(f"bot message #{message_id} was deleted")
        return found

    async def press(self, text: str, *, message: SentMessage | int | None = None) -> dict[str, Any]:
        """Press the inline button labelled exactly `text`.

        Uses the latest bot message with an inline keyboard unless `message` (a
        `SentMessage` or message id) points at an older one. Returns the CallbackQuery.
        """
        target = self._find_message(message)
        button = target.button(text)
        if button is None:
            raise ButtonNotFoundError(
                f"no inline button {text!r} on message #{target.message_id}; "
                f"available: {target.buttons}"
            )
        data = button.get("callback_data")
        if not isinstance(data, str):
            raise ButtonNotFoundError(f"button {text!r} has no callback_data: {button}")
        return await self.press_data(target.message_id, data)

    async def press_data(self, message_id: int, data: str) -> dict[str, Any]:
        """Produce a callback query with raw `data` on the bot message `message_id`."""
        target = self._find_message(message_id)
        query_id = self._state.next_callback_id()
        self._state.open_callbacks[query_id] = (self.chat_id, data, target.message_id)
        query = {
            "id": query_id,
            "from": dict(self._chat.user),
            "message": target.to_api(),
            "chat_instance": str((self.chat_id * 2_654_435_761) % 2**62),
            "data": data,
        }
        self.presses.append(query)
        self._state.updates.push("callback_query", query)
        return query

    async def next_message(self, timeout: float = 5.0) -> SentMessage:  # noqa: ASYNC109
        """Return the next bot message not yet returned, waiting up to `timeout` seconds."""
        arrived = await self._state.activity.wait_for(
            lambda: len(self._chat.messages) > self._cursor, timeout
        )
        if not arrived:
            raise EmulatorTimeout(
                f"no new bot message in chat {self.chat_id} within {timeout}s\n" + self.transcript()
            )
        message = self._chat.messages[self._cursor]
        self._cursor += 1
        return message

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until `predicate()` holds, re-checking after every bot action."""
        if not await self._state.activity.wait_for(predicate, timeout):
            raise EmulatorTimeout(
                f"condition not met in chat {self.chat_id} within {timeout}s\n" + self.transcript()
            )

    def transcript(self) -> str:
        """The conversation so far, one line per message, for assertion messages."""
        lines: list[tuple[int, str]] = []
        for sent in self.sent:
            body = sent.get("text") or f"[location] {sent.get('location')}"
            lines.append((sent["message_id"], f"  user #{sent['message_id']} {body!r}"))
        for message in self._chat.messages:
            lines.append((message.message_id, f"  bot  {message.describe()}"))
        lines.sort(key=lambda line: line[0])
        header = f"transcript of chat {self.chat_id} ({self.first_name}):"
        return "\n".join([header, *(text for _, text in lines)])
