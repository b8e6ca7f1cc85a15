"""The context every handler gets: PTB's, plus the bound use cases and the session runner."""

from __future__ import annotations

from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.services.container import Services
from bot.telegram import live, slow_replies
from bot.telegram.live import SessionRunner
from bot.telegram.slow_replies import SlowReplies

SERVICES = "services"


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's callback context with ``services``, set once by the composition root."""

    @property
    def services(self) -> Services:
        """The use cases, bound to the database, clock and settings."""
        found: Services = self.bot_data[SERVICES]
        return found

    @property
    def runner(self) -> SessionRunner:
        """The application's live-session runner."""
        found: SessionRunner = self.bot_data[live.KEY]
        return found

    @property
    def slow_replies(self) -> SlowReplies:
        """Replies made in the background, so the next update need not wait for them."""
        found: SlowReplies = self.bot_data[slow_replies.KEY]
        return found


CONTEXT_TYPES = ContextTypes(context=Context)
