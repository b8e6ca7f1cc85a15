"""Validation of reply_markup: inline keyboards, reply keyboards and their removal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.emulator.errors import bad_request

MAX_CALLBACK_DATA_BYTES = 64
_INLINE_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "web_app",
    "callback_game",
    "pay",
)


@dataclass(frozen=True)
class Markup:
    """A validated reply_markup split by the effect it has in the chat."""

    inline: dict[str, Any] | None = None
    """An InlineKeyboardMarkup, attached to the message itself."""
    keyboard: dict[str, Any] | None = None
    """A ReplyKeyboardMarkup, which replaces the chat's custom keyboard."""
    remove_keyboard: bool = False
    force_reply: bool = False


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str) or text == "":
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    actions = [name for name in _INLINE_ACTIONS if name in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if "callback_data" in button:
        if not isinstance(data, str):
            raise bad_request("BUTTON_DATA_INVALID")
        size = len(data.encode("utf-8"))
        if size == 0 or size > MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in button and (not isinstance(url, str) or url.strip() == ""):
        raise bad_request("BUTTON_URL_INVALID")
    return dict(button)


def _keyboard_button(button: Any) -> dict[str, Any]:
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse keyboard button: KeyboardButton must be a String or an Object"
        )
    text = button.get("text")
    if not isinstance(text, str) or text == "":
        raise bad_request("can't parse keyboard button: Text must be non-empty")
    return dict(button)


def _rows(markup: dict[str, Any], key: str) -> list[Any]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{key}" must be an Array of Array')
    return rows


def parse_markup(value: Any, *, inline_only: bool = False) -> Markup:
    """Validate a reply_markup object and classify it.

    Raises `ApiError` 400, e.g. "BUTTON_DATA_INVALID" when a callback_data is empty or
    longer than 64 UTF-8 bytes.
    """
    if value is None or value == "":
        return Markup()
    if not isinstance(value, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in value:
        rows = [
            [_inline_button(button) for button in row] for row in _rows(value, "inline_keyboard")
        ]
        return Markup(inline={**value, "inline_keyboard": rows})
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in value:
        rows = [[_keyboard_button(button) for button in row] for row in _rows(value, "keyboard")]
        return Markup(keyboard={**value, "keyboard": rows})
    if value.get("remove_keyboard") is True:
        return Markup(remove_keyboard=True)
    if value.get("force_reply") is True:
        return Markup(force_reply=True)
    raise bad_request('can\'t find field "inline_keyboard"')
