"""Decoding of Bot API request parameters from JSON, query strings and forms."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.emulator.errors import bad_request

JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "media",
    }
)
INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "user_id",
        "message_thread_id",
        "live_period",
        "heading",
        "proximity_alert_radius",
        "max_connections",
    }
)
FLOAT_FIELDS = frozenset({"latitude", "longitude", "horizontal_accuracy"})
BOOL_FIELDS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "has_spoiler",
        "disable_content_type_detection",
        "allow_sending_without_reply",
        "show_caption_above_media",
        "allow_paid_broadcast",
    }
)
_INT_RE = re.compile(r"-?\d+")
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


@dataclass(frozen=True)
class UploadedFile:
    """A file that arrived as a multipart/form-data part."""

    filename: str
    content_type: str
    data: bytes


def _normalize(name: str, value: Any) -> Any:
    """Turn form-encoded strings into the types a JSON body would carry."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if name in JSON_FIELDS and text[:1] in ("{", "["):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return value
    if name in INT_FIELDS and _INT_RE.fullmatch(text):
        return int(text)
    if name in FLOAT_FIELDS:
        try:
            return float(text)
        except ValueError:
            return value
    if name in BOOL_FIELDS and text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    return value


class Params:
    """Typed, validating access to the parameters of one Bot API call."""

    def __init__(
        self,
        values: Mapping[str, Any],
        files: Mapping[str, UploadedFile] | None = None,
    ) -> None:
        self._values = {name: _normalize(name, value) for name, value in values.items()}
        self.files: dict[str, UploadedFile] = dict(files or {})

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        """Read query string and body (JSON, urlencoded or multipart) of a request."""
        values: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.method != "POST" or not request.can_read_body:
            return cls(values)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise bad_request("can't parse JSON body") from exc
            if not isinstance(body, dict):
                raise bad_request("JSON body must be an object")
            values.update(body)
            return cls(values)
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = UploadedFile(
                    filename=value.filename,
                    content_type=value.content_type,
                    data=value.file.read(),
                )
            elif isinstance(value, bytes):
                values[name] = value.decode("utf-8", errors="replace")
            else:
                values[name] = value
        return cls(values, files)

    def as_dict(self) -> dict[str, Any]:
        """Return all parameters, uploads included as `UploadedFile` objects."""
        return {**self._values, **self.files}

    def has(self, name: str) -> bool:
        """Tell whether the parameter was sent at all."""
        return name in self._values or name in self.files

    def raw(self, name: str) -> Any:
        """Return the parameter as received (after form normalization), or None."""
        return self._values.get(name)

    def get_str(self, name: str) -> str | None:
        """Return a string parameter; numbers are converted to their text."""
        value = self._values.get(name)
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str | int | float):
            return str(value)
        raise bad_request(f'field "{name}" must be of type String')

    def get_int(self, name: str) -> int | None:
        """Return an integer parameter, rejecting non-numeric values."""
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
            return int(value.strip())
        raise bad_request(f'field "{name}" must be of type Integer')

    def get_float(self, name: str) -> float | None:
        """Return a floating-point parameter."""
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise bad_request(f'field "{name}" must be of type Float')

    def get_bool(self, name: str, default: bool = False) -> bool:
        """Return a boolean parameter, accepting JSON and form spellings."""
        value = self._values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        raise bad_request(f'field "{name}" must be of type Boolean')

    def get_json(self, name: str) -> Any:
        """Return a structured parameter, decoding it if it came as a JSON string."""
        value = self._values.get(name)
        if isinstance(value, str):
            if value == "":
                return None
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                raise bad_request(f"can't parse {name} JSON object") from exc
        return value

    def get_file(self, name: str) -> UploadedFile | str | None:
        """Return an uploaded file part, or the string (file_id, URL, attach://) sent."""
        if name in self.files:
            return self.files[name]
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise bad_request(f'field "{name}" must be of type String')
        if value.startswith("attach://"):
            part = self.files.get(value.removeprefix("attach://"))
            if part is None:
                raise bad_request(f"can't find attached file {value}")
            return part
        return value
