"""Each update handled once: a second delivery of one (after a crash) reaches no handler.

A check before every handler group drops an update already handled; a mark after them all
records it. A process killed in between leaves it unmarked, so Telegram's second delivery is
handled, and the use cases' own first-answer-wins rules keep that from writing twice; a peak
pain marks its update in the transaction that stores it, so even its reply is not repeated.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.services.errors import StorageUnavailable
from bot.telegram import caught_up
from bot.telegram.context import Context

FIRST_GROUP = -1
MARK_GROUP = caught_up.LAST_GROUP - 1  # after every handler, before the caught-up counter
log = logging.getLogger(__name__)


def attach(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Drop updates handled already, and mark each one handled after its handlers ran."""
    application.add_handler(TypeHandler(Update, skip_handled), group=FIRST_GROUP)
    application.add_handler(TypeHandler(Update, mark_handled), group=MARK_GROUP)


async def skip_handled(update: Update, context: Context) -> None:
    """Stop an update delivered again before any handler sees it."""
    try:
        handled = await context.services.updates.was_handled(update.update_id)
    except StorageUnavailable:  # better to risk a repeat than to drop the user's update
        log.warning("could not check whether update %d was handled", update.update_id)
        return
    if handled:
        log.info("update %d was delivered again; already handled", update.update_id)
        await caught_up.dropped(context.application)
        raise ApplicationHandlerStop


async def mark_handled(update: Update, context: Context) -> None:
    """Remember that the update went through its handlers."""
    try:
        await context.services.updates.mark_handled(update.update_id)
    except StorageUnavailable:
        log.warning("could not mark update %d handled", update.update_id)
