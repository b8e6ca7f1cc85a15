"""Delivering due reminders to their chats: each one is rendered, then sent paced."""

from __future__ import annotations

from collections.abc import Sequence

from bot import metrics
from bot.services.reminders import Due, SendResult
from bot.telegram.reminder_messages import render
from bot.telegram.sender import TelegramOutbox


class ReminderOutbox:
    """Turns due reminders into chat messages and sends them through the paced sender."""

    def __init__(self, sender: TelegramOutbox) -> None:
        self.sender = sender

    async def send_all(self, due: Sequence[Due]) -> list[SendResult]:
        """Send each reminder as its message; one outcome per reminder, in order."""
        with metrics.sending(metrics.REMINDER):
            return await self.sender.send_all([render(each) for each in due])
