"""What handlers need from the outside world, reachable from PTB's context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram.ext import ContextTypes

from bot.clock import Clock
from bot.config import Settings
from bot.storage.db import Database

KEY = "runtime"


@dataclass(frozen=True)
class Runtime:
    db: Database
    clock: Clock
    settings: Settings

    def now(self) -> datetime:
        """The current moment, from the injected clock."""
        return self.clock.now()


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    """The runtime the application was built with."""
    found: Runtime = context.application.bot_data[KEY]
    return found
