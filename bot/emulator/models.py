"""Records of what the bot did: sent messages, edits, callback answers and API calls."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from bot.emulator.files import StoredFile


class ApiCall(NamedTuple):
    """One Bot API request as received: `(method, params)`."""

    method: str
    params: dict[str, Any]


@dataclass(frozen=True)
class MessageEdit:
    """The state of a message right after one edit."""

    date: int
    text: str | None
    source: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None


@dataclass
class SentMessage:
    """A message the bot sent to a chat, kept current through edits and deletion."""

    message_id: int
    chat_id: int
    date: int
    sender: dict[str, Any]
    chat: dict[str, Any]
    text: str | None = None
    """Visible text (markup parsed away), as Telegram returns it; None for media."""
    source: str | None = None
    """Text or caption exactly as the bot sent it (with its HTML/Markdown markup)."""
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    reply_markup: dict[str, Any] | None = None
    """The inline keyboard attached to the message, if any."""
    photo: StoredFile | None = None
    document: StoredFile | None = None
    audio: StoredFile | None = None
    voice: StoredFile | None = None
    duration: int | None = None
    """Seconds of the sent audio or voice, as the bot gave it."""
    title: str | None = None
    performer: str | None = None
    location: dict[str, Any] | None = None
    edit_date: int | None = None
    edits: list[MessageEdit] = field(default_factory=list)
    deleted: bool = False

    @property
    def kind(self) -> str:
        """What the message carries: "text", "photo", "document", "audio", "voice" or
        "location"."""
        if self.photo is not None:
            return "photo"
        if self.audio is not None:
            return "audio"
        if self.voice is not None:
            return "voice"
        if self.document is not None:
            return "document"
        if self.location is not None:
            return "location"
        return "text"

    @property
    def button_rows(self) -> list[list[tuple[str, str | None]]]:
        """Inline keyboard as rows of `(text, callback_data)`."""
        if self.reply_markup is None:
            return []
        return [
            [(button["text"], button.get("callback_data")) for button in row]
            for row in self.reply_markup.get("inline_keyboard", [])
        ]

    @property
    def buttons(self) -> list[str]:
        """Texts of all inline buttons, row by row."""
        return [text for row in self.button_rows for text, _ in row]

    def button(self, text: str) -> dict[str, Any] | None:
        """Return the inline button with exactly this text, if present."""
        if self.reply_markup is None:
            return None
        for row in self.reply_markup.get("inline_keyboard", []):
            for button in row:
                if button.get("text") == text:
                    return dict(button)
        return None

    @property
    def photo_bytes(self) -> bytes | None:
        """Content of the sent photo, when it was uploaded."""
        return None if self.photo is None else self.photo.data

    @property
    def document_bytes(self) -> bytes | None:
        """Content of the sent document, when it was uploaded."""
        return None if self.document is None else self.document.data

    @property
    def document_name(self) -> str | None:
        """File name of the sent document."""
        return None if self.document is None else self.document.filename

    def to_api(self) -> dict[str, Any]:
        """Return the message as a Telegram Message object."""
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "from": dict(self.sender),
            "chat": dict(self.chat),
            "date": self.date,
        }
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        if self.text is not None:
            message["text"] = self.text
            if self.entities:
                message["entities"] = copy.deepcopy(self.entities)
        if self.photo is not None:
            message["photo"] = self.photo.photo_sizes()
        if self.document is not None:
            message["document"] = self.document.document()
        if self.audio is not None:
            message["audio"] = self.audio.audio(self.duration or 0, self.title, self.performer)
        if self.voice is not None:
            message["voice"] = self.voice.audio(self.duration or 0, None, None)
        if self.location is not None:
            message["location"] = dict(self.location)
        if self.caption is not None:
            message["caption"] = self.caption
            if self.entities:
                message["caption_entities"] = copy.deepcopy(self.entities)
        if self.reply_markup is not None:
            message["reply_markup"] = copy.deepcopy(self.reply_markup)
        return message

    def describe(self) -> str:
        """One-line human-readable summary, used in transcripts and error messages."""
        body = self.text if self.text is not None else self.caption or ""
        if self.kind != "text":
            name = f" {self.document_name}" if self.document_name else ""
            if self.title:
                name = f" {self.title!r}"
            body = f"[{self.kind}{name}] {body}".rstrip()
        parts = [f"#{self.message_id} {body!r}" if body else f"#{self.message_id}"]
        if self.buttons:
            parts.append("buttons=" + " | ".join(self.buttons))
        if self.edits:
            parts.append(f"edited x{len(self.edits)}")
        if self.deleted:
            parts.append("deleted")
        return "  ".join(parts)


@dataclass(frozen=True)
class CallbackAnswer:
    """An answerCallbackQuery call for one of a user's button presses."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    data: str | None
    message_id: int | None


ActionKind = Literal["send", "edit", "delete", "callback_answer", "chat_action", "other"]


@dataclass(frozen=True)
class BotAction:
    """Something the bot did through the API, delivered to subscribers."""

    kind: ActionKind
    method: str
    chat_id: int | None
    message: SentMessage | None = None
    params: dict[str, Any] = field(default_factory=dict)
