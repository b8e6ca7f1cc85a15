"""The yardstick: a bare python-telegram-bot echo bot, one ``MessageHandler`` and nothing else.

Started as runback is (long polling with no pause between polls, every update type, INFO
logging), so the throughput benchmark compares what each does per update and nothing else.

Run by bench/throughput.py:  python -m bench.echo BASE_URL TOKEN
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back."""
    if update.effective_chat is not None and update.effective_message is not None:
        await update.effective_chat.send_message(update.effective_message.text or "?")


async def serve(base_url: str, token: str) -> None:
    """Poll and echo until SIGTERM."""
    application = Application.builder().token(token).base_url(base_url).build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=30,
                                                allowed_updates=Update.ALL_TYPES)
        await stop.wait()
        await application.updater.stop()
        await application.stop()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(serve(sys.argv[1], sys.argv[2]))
