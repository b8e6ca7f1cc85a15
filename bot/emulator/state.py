"""The emulator's world: chats, their transcripts, and the pending update queue."""

from __future__ import annotations

import inspect
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.errors import bad_request, conflict, forbidden, too_many_requests
from bot.emulator.files import FileStore
from bot.emulator.flood import FloodLimiter
from bot.emulator.models import ApiCall, BotAction, CallbackAnswer, SentMessage
from bot.emulator.params import Params
from bot.emulator.sync import Signal
from bot.emulator.webhook import WebhookPusher

logger = logging.getLogger(__name__)

Subscriber = Callable[[BotAction], object]
"""Called with every bot action; may return an awaitable, which is awaited."""

DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
    }
)


def update_type(update: dict[str, Any]) -> str:
    """Return the kind of an Update dict, e.g. "message" or "callback_query"."""
    return next((key for key in update if key != "update_id"), "")


@dataclass
class ChatState:
    """A private chat with one simulated user."""

    user: dict[str, Any]
    chat: dict[str, Any]
    messages: list[SentMessage] = field(default_factory=list)
    by_id: dict[int, SentMessage] = field(default_factory=dict)
    user_message_ids: set[int] = field(default_factory=set)
    next_message_id: int = 1
    reply_keyboard: dict[str, Any] | None = None
    callback_answers: list[CallbackAnswer] = field(default_factory=list)
    chat_actions: list[str] = field(default_factory=list)
    pinned: list[int] = field(default_factory=list)  # pinned message ids, newest last
    blocked: bool = False

    @property
    def chat_id(self) -> int:
        """The chat's id (equal to the user's id in a private chat)."""
        return int(self.chat["id"])

    def allocate_message_id(self) -> int:
        """Reserve the next message id; bot and user messages share one sequence."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


class UpdateQueue:
    """Pending updates and the getUpdates long-poll protocol around them."""

    def __init__(self) -> None:
        self._pending: list[dict[str, Any]] = []
        self._next_id = 1
        self._signal = Signal()
        self._generation = 0
        self._closed = False
        self.allowed: frozenset[str] = DEFAULT_UPDATE_TYPES
        self.enqueued = 0

    @property
    def pending(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by an offset (a copy)."""
        return list(self._pending)

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Append an update and wake a waiting getUpdates."""
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self.enqueued += 1
        self._pending.append(update)
        self._signal.notify()
        return update

    def clear(self) -> None:
        """Drop every pending update (deleteWebhook with drop_pending_updates)."""
        self._pending.clear()
        self._signal.notify()

    def close(self) -> None:
        """Make waiting and future polls return an empty result immediately."""
        self._closed = True
        self._signal.notify()

    def reopen(self) -> None:
        """Serve long polls again after `close` (the emulator was restarted)."""
        self._closed = False

    @property
    def closed(self) -> bool:
        """Whether the queue was closed by the emulator stopping."""
        return self._closed

    @property
    def signal(self) -> Signal:
        """Notified whenever the queue changes."""
        return self._signal

    def first(self) -> dict[str, Any] | None:
        """The oldest pending update of an allowed kind (what a webhook gets next), if any."""
        if self._closed:
            return None
        return next((u for u in self._pending if update_type(u) in self.allowed), None)

    def confirm_through(self, update_id: int) -> None:
        """A webhook took ``update_id``: it and every older update are delivered."""
        self._confirm(update_id + 1)
        self._signal.notify()

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]

    def _deliverable(self) -> bool:
        return any(update_type(u) in self.allowed for u in self._pending)

    def _take(self, limit: int) -> list[dict[str, Any]]:
        self._pending = [u for u in self._pending if update_type(u) in self.allowed]
        return self._pending[:limit]

    async def fetch(
        self,
        offset: int | None,
        limit: int,
        wait_seconds: float,
        allowed_updates: list[str] | None,
    ) -> list[dict[str, Any]]:
        """Serve one getUpdates call, long-polling up to `wait_seconds`.

        An older poll still waiting when a newer one arrives is answered with 409
        Conflict, as Telegram does when two instances poll the same bot.
        """
        if allowed_updates is not None:
            self.allowed = frozenset(allowed_updates) or DEFAULT_UPDATE_TYPES
        if offset is not None:
            self._confirm(offset)
        self._generation += 1
        generation = self._generation
        self._signal.notify()
        if self._closed:
            return []
        updates = self._take(limit)
        if updates or wait_seconds <= 0:
            return updates
        await self._signal.wait_for(
            lambda: self._closed or self._generation != generation or self._deliverable(),
            wait_seconds,
        )
        if self.closed:
            return []
        if self._generation != generation:
            raise conflict(
                "terminated by other getUpdates request; make sure that only one bot "
                "instance is running"
            )
        return self._take(limit)

    async def wait_acked(self, wait_seconds: float | None) -> bool:
        """Wait until every enqueued update was confirmed by a later getUpdates offset."""
        return await self._signal.wait_for(lambda: not self._pending, wait_seconds)


class EmulatorState:
    """Everything the Bot API methods read and change."""

    def __init__(
        self,
        bot_user: dict[str, Any],
        flood: FloodLimiter | None,
        wall_clock: Callable[[], float],
    ) -> None:
        self.bot_user = bot_user
        self.flood = flood
        self.wall_clock = wall_clock
        self.chats: dict[int, ChatState] = {}
        self.updates = UpdateQueue()
        self.files = FileStore()
        self.open_callbacks: dict[str, tuple[int, str | None, int | None]] = {}
        """Unanswered callback query id -> (chat id, data, message id)."""
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook = WebhookPusher(self.updates.first, self.updates.confirm_through,
                                     self.updates.signal, wall_clock)
        self.calls: list[ApiCall] = []
        self.activity = Signal()
        self.subscribers: list[Subscriber] = []
        self._ids = itertools.count(1)

    def now(self) -> int:
        """Current Unix time as Telegram dates carry it."""
        return int(self.wall_clock())

    def next_callback_id(self) -> str:
        """Return a fresh, unique callback query id."""
        return f"{4_382_000_000_000_000 + next(self._ids)}"

    def resolve_chat(self, params: Params, *, check_blocked: bool = True) -> ChatState:
        """Find the chat addressed by `chat_id`, or raise the error Telegram would."""
        raw = params.raw("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        try:
            chat_id = int(raw)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if check_blocked and chat.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def check_flood(self, chat: ChatState) -> None:
        """Count one new message against the flood limits, raising 429 when over."""
        if self.flood is None:
            return
        retry_after = self.flood.acquire(chat.chat_id)
        if retry_after is not None:
            raise too_many_requests(retry_after)

    async def emit(self, action: BotAction) -> None:
        """Deliver a bot action to subscribers and wake everyone waiting on activity."""
        for subscriber in list(self.subscribers):
            try:
                result = subscriber(action)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                logger.exception("emulator subscriber failed on %s", action.method)
        self.activity.notify()
