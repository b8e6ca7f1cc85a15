"""The application every update passes through: it names the update in the logs and counts
updates handled and handler errors, at the one door both polling and webhooks use."""

from __future__ import annotations

import logging
import time
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot import logs, metrics

log = logging.getLogger(__name__)


class ObservedApplication(Application):  # type: ignore[type-arg]
    """PTB's Application, with each update's id on its log records and in the metrics."""

    async def process_update(self, update: object) -> None:
        """Handle one update as PTB does, logged under its id, then count it."""
        update_id = update.update_id if isinstance(update, Update) else None
        kind, began = kind_of(update), time.perf_counter()
        with logs.handling(update_id):
            await super().process_update(update)
            log.debug("handled a %s update in %.0f ms", kind, (time.perf_counter() - began) * 1e3)
        metrics.UPDATES_HANDLED.labels(kind=kind).inc()

    async def process_error(self, update: object | None, error: Exception,
                            job: Any = None, coroutine: Any = None) -> bool:
        """Count the failure, then let the error handlers deal with it."""
        metrics.HANDLER_ERRORS.labels(error=type(error).__name__).inc()
        return await super().process_error(update, error, job, coroutine)


def kind_of(update: object) -> str:
    """The kind of an update, e.g. "message" or "callback_query"."""
    if not isinstance(update, Update):
        return "other"
    for kind in ("message", "edited_message", "callback_query", "my_chat_member",
                 "chat_member", "inline_query", "channel_post"):
        if getattr(update, kind, None) is not None:
            return kind
    return "other"
