"""Logging set-up that never lets the bot token reach a log line."""

from __future__ import annotations

import logging

REDACTED = "[redacted]"


class RedactToken(logging.Filter):
    """Replace the token wherever it appears in a record (HTTP clients log full URLs)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg = message.replace(self.token, REDACTED)
                record.args = None
        return True


def configure(level: str, token: str) -> None:
    """Log to stderr at ``level``, token redacted, HTTP chatter quietened."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def first_line(error: BaseException) -> str:
    """The first line of an error's message, or its type when it has none."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
