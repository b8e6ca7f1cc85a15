"""Logging set-up: text or JSON lines, each carrying the update being handled, and never the
bot token."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime

REDACTED = "[redacted]"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s%(update)s: %(message)s"

_update_id: ContextVar[int | None] = ContextVar("update_id", default=None)


@contextlib.contextmanager
def handling(update_id: int | None) -> Iterator[None]:
    """Every record logged inside this block carries ``update_id``."""
    token = _update_id.set(update_id)
    try:
        yield
    finally:
        _update_id.reset(token)


class UpdateId(logging.Filter):
    """Stamp each record with the id of the update being handled (None outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        update_id = _update_id.get()
        record.update_id = update_id
        record.update = "" if update_id is None else f" [update {update_id}]"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, update id, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        update_id = getattr(record, "update_id", None)
        if update_id is not None:
            entry["update_id"] = update_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RedactToken(logging.Filter):
    """Replace the token (and any other secret) wherever it appears in a record: HTTP clients
    log full URLs, PTB's debug lines log every parameter."""

    def __init__(self, token: str, *secrets: str) -> None:
        super().__init__()
        self.secrets = [secret for secret in (token, *secrets) if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        found = [secret for secret in self.secrets if secret in message]
        for secret in found:
            message = message.replace(secret, REDACTED)
        if found:
            record.msg, record.args = message, None
        return True


def configure(level: str, token: str, style: str = "text", secrets: tuple[str, ...] = ()) -> None:
    """Log to stderr at ``level`` as ``style`` ("text" or "json"), the token and ``secrets``
    redacted, HTTP chatter quietened."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if style == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(UpdateId())
    handler.addFilter(RedactToken(token, *secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def first_line(error: BaseException) -> str:
    """The first line of an error's message, or its type when it has none."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
