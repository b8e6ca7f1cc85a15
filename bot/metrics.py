"""Every Prometheus metric the bot exports, by name, in one place.

The ports count what passes through them: the Bot API client (calls and messages sent), the
application (updates handled, handler errors), the reminder ticker (due, sent, late, skipped,
lag) and the live-session runner (active sessions). ``/metrics`` serves the default registry.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

UPDATES_HANDLED = Counter(
    "runback_updates_handled", "Telegram updates that went through the handlers.", ["kind"])
HANDLER_ERRORS = Counter(
    "runback_handler_errors", "Updates whose handling failed, by error type.", ["error"])
TELEGRAM_CALLS = Counter(
    "runback_telegram_calls", "Bot API calls answered, by method and HTTP status.",
    ["method", "status"])
MESSAGES_SENT = Counter(
    "runback_messages_sent", "Messages Telegram took, by what sent them.", ["kind"])
REMINDERS = Counter(
    "runback_reminders", "Reminders by what became of them: due (claimed), late (claimed over "
    "a minute after their moment), skipped (too late to send), cancelled, and each send's "
    "outcome (sent, flood, unreachable, uncertain, blocked, rejected).", ["outcome"])
SCHEDULER_LAG = Histogram(
    "runback_scheduler_lag_seconds", "How long after its moment a reminder was claimed.",
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600, 7200))
ACTIVE_SESSIONS = Gauge("runback_active_sessions", "Live sessions the runner is timing.")
SCHEDULER_LEADER = Gauge(
    "runback_scheduler_leader", "1 while this process runs the scheduler, else 0.")

# What is sending: a reply to an update unless a port says otherwise.
REPLY, REMINDER, CUE = "reply", "reminder", "cue"
_sending: ContextVar[str] = ContextVar("sending", default=REPLY)

# Methods that put a new message in a chat.
_MESSAGE_METHODS = frozenset({
    "sendmessage", "sendphoto", "sendaudio", "senddocument", "sendvideo", "sendanimation",
    "sendvoice", "sendvideonote", "sendmediagroup", "sendlocation", "sendvenue", "sendcontact",
    "sendpoll", "senddice", "sendsticker", "copymessage", "forwardmessage",
})


@contextlib.contextmanager
def sending(kind: str) -> Iterator[None]:
    """Messages sent inside this block count as ``kind``."""
    token = _sending.set(kind)
    try:
        yield
    finally:
        _sending.reset(token)


def telegram_answered(method: str, status: int) -> None:
    """One Bot API call came back with ``status``; a message taken counts as sent."""
    TELEGRAM_CALLS.labels(method=method, status=str(status)).inc()
    if status == 200 and method.lower() in _MESSAGE_METHODS:
        MESSAGES_SENT.labels(kind=_sending.get()).inc()


def exposition() -> tuple[bytes, str]:
    """The current metrics in Prometheus' text format, and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
