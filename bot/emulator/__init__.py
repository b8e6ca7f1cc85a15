"""A local Telegram Bot API emulator for the offline demo and end-to-end tests.

Start an `Emulator`, point python-telegram-bot at ``emu.base_url`` and
``emu.base_file_url``, and drive conversations through `SimulatedUser` objects::

    async with Emulator(flood_limits=None) as emu:
        app = (
            ApplicationBuilder()
            .token(emu.token)
            .base_url(f"{emu.url}/bot")
            .base_file_url(f"{emu.url}/file/bot")
            .build()
        )
        ...  # initialize, start, updater.start_polling(poll_interval=0, timeout=1)
        ada = emu.user(user_id=1, first_name="Ada")
        await ada.send("/start")
        reply = await ada.next_message()
        await ada.press(reply.buttons[0])
"""

from bot.emulator.errors import ApiError, EmulatorTimeout
from bot.emulator.faults import Faults
from bot.emulator.flood import REALISTIC_FLOOD_LIMITS, FloodLimits
from bot.emulator.models import ApiCall, BotAction, CallbackAnswer, MessageEdit, SentMessage
from bot.emulator.server import DEFAULT_TOKEN, Emulator
from bot.emulator.user import ButtonNotFoundError, SimulatedUser

__all__ = [
    "DEFAULT_TOKEN",
    "REALISTIC_FLOOD_LIMITS",
    "ApiCall",
    "ApiError",
    "BotAction",
    "ButtonNotFoundError",
    "CallbackAnswer",
    "Emulator",
    "EmulatorTimeout",
    "Faults",
    "FloodLimits",
    "MessageEdit",
    "SentMessage",
    "SimulatedUser",
]
