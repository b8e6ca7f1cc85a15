"""``runback demo``: the real bot, offline, chatting with you in the terminal.

The bot runs exactly as in production, but talks to the built-in Bot API emulator instead of
Telegram and keeps its data in a throwaway SQLite file. You type as the user; the bot's
inline buttons print as numbered choices, and typing ``#`` and a number presses one. A bare
number is the user's own text, as it would be in Telegram: "4" at a 0–10 question is a 4.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot import app, logs
from bot.clock import SystemClock
from bot.config import CoachSettings, DatabaseSettings, Settings, TelegramSettings
from bot.emulator import (
    REALISTIC_FLOOD_LIMITS,
    BotAction,
    Emulator,
    SentMessage,
    SimulatedUser,
)
from bot.storage import migrate
from bot.storage.db import Database
from bot.telegram import slow_replies
from bot.telegram.caught_up import HandledUpdates
from bot.telegram.slow_replies import SlowReplies

DEMO_TOKEN = "123456789:offline-demo-token"
DEMO_USER_ID = 4242
DEMO_FIRST_NAME = "Sam"
SETTLE_SECONDS = 30.0
QUIT = frozenset({"/quit", "/exit"})
_PRESS = re.compile(r"^#\s*(\d+)$")
_LOCATION = re.compile(r"^/location\s+(-?\d+(?:\.\d+)?)[\s,]+(-?\d+(?:\.\d+)?)\s*$")
HELLO = (
    "runback demo: you are chatting with the real bot, offline.\n"
    "You are Sam. Type messages as Sam would; buttons print as [#1] [#2] …: type #1 to press\n"
    "the first. A bare number (\"4\") is sent as text, as it would be in Telegram.\n"
    "/location LAT LON shares a location; /quit ends the demo. Try /start.\n"
)


@dataclass
class Terminal:
    """Prints what the bot does and remembers which number presses which button."""

    out: TextIO
    choices: dict[str, tuple[int, str, str]] = field(default_factory=dict)

    def show(self, action: BotAction) -> None:
        """Print one bot action the way a chat would show it."""
        if action.kind == "send" and action.message is not None:
            self._message(action.message, "")
        elif action.kind == "edit" and action.message is not None:
            # A keyboard taken away after a press needs no reprint; a changed text does.
            if action.method != "editMessageReplyMarkup" or action.message.button_rows:
                self._message(action.message, "(updated) ")
        elif action.kind == "callback_answer" and action.params.get("text"):
            self.out.write(f"  ⓘ {action.params['text']}\n")
        self.out.flush()

    def _message(self, message: SentMessage, prefix: str) -> None:
        body = message.text or ""
        if message.kind != "text":  # a photo, a file or a track: what a chat shows of it
            name = message.title or message.document_name or message.kind
            body = "\n".join(part for part in (f"📎 [{message.kind}: {name}]", message.caption)
                             if part)
        self.out.write(f"\nrunback: {prefix}{body}\n")
        rows = message.button_rows
        if rows:
            self.choices = {}
            for row in rows:
                labels = []
                for text, data in row:
                    if data is None:
                        continue
                    number = str(len(self.choices) + 1)
                    self.choices[number] = (message.message_id, data, text)
                    labels.append(f"[#{number}] {text}")
                self.out.write("   " + "   ".join(labels) + "\n")

    def show_reply_keyboard(self, user: SimulatedUser) -> None:
        """Mention a location-request keyboard, which a terminal can't show as a button."""
        keyboard = user.reply_keyboard or []
        if any(button.get("request_location") for row in keyboard for button in row):
            self.out.write("   (type /location LAT LON to share a location, "
                           "e.g. /location 51.5 -0.12)\n")
            self.out.flush()


async def chat(user: SimulatedUser, terminal: Terminal, read_line: Callable[[], str],
               settle: Callable[[], object]) -> None:
    """Read what the person types and act it out as the user, until /quit or end of input."""
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, read_line)
        if not line:
            return
        text = line.strip()
        if not text:
            continue
        if text in QUIT:
            return
        location, press = _LOCATION.match(text), _PRESS.match(text)
        if press is not None and press.group(1) not in terminal.choices:
            terminal.out.write(f"  ⓘ there is no button {text} on the latest message\n")
            terminal.out.flush()
            continue
        if press is not None:
            message_id, data, label = terminal.choices[press.group(1)]
            terminal.out.write(f"  ✓ you pressed: {label}\n")
            await user.press_data(message_id, data)
        elif location is not None:
            await user.share_location(float(location.group(1)), float(location.group(2)))
        else:
            await user.send(text)
        await _await(settle())
        terminal.show_reply_keyboard(user)


async def _await(result: object) -> None:
    if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
        await result


async def run_demo(speed: float, stdin: TextIO, stdout: TextIO, workdir: Path) -> None:
    """Start the emulator and the bot, then chat until the person quits."""
    url = f"sqlite+aiosqlite:///{workdir / 'demo.db'}"
    # At --speed N the session's messages come N times as fast; so do Telegram's limits.
    rate = TelegramSettings.max_messages_per_second * speed
    async with Emulator(DEMO_TOKEN, flood_limits=REALISTIC_FLOOD_LIMITS.scaled(speed)) as emulator:
        settings = Settings(
            telegram=TelegramSettings(token=DEMO_TOKEN, api_base_url=emulator.base_url,
                                      max_messages_per_second=rate,
                                      max_messages_per_chat_per_second=speed),
            database=DatabaseSettings(url=url),
            coach=CoachSettings(time_scale=speed),
        )
        await migrate.upgrade(url)
        db = Database(url)
        application = app.build_application(settings, db, SystemClock())
        handled = HandledUpdates()
        handled.attach(application)
        terminal = Terminal(stdout)
        unsubscribe = emulator.subscribe(terminal.show)
        try:
            await app.start(application, poll_timeout=10)
            user = emulator.user(user_id=DEMO_USER_ID, first_name=DEMO_FIRST_NAME)
            stdout.write(HELLO)
            stdout.flush()
            replies: SlowReplies = application.bot_data[slow_replies.KEY]

            async def settle() -> None:
                # Every update handled, and the replies made beside them (charts, files) sent.
                await handled.wait_for(emulator.state.updates.enqueued, SETTLE_SECONDS)
                await asyncio.wait_for(replies.settled(), SETTLE_SECONDS)

            await chat(user, terminal, stdin.readline, settle)
        finally:
            unsubscribe()
            await app.stop(application)
            await db.close()


def run(speed: float = 1.0, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the demo in this terminal; returns the exit code."""
    logs.configure("WARNING", DEMO_TOKEN)
    with (
        tempfile.TemporaryDirectory(prefix="runback-demo-") as workdir,
        contextlib.suppress(KeyboardInterrupt),
    ):
        asyncio.run(run_demo(speed, stdin or sys.stdin, stdout or sys.stdout, Path(workdir)))
    print("\nrunback demo: goodbye.", file=stdout or sys.stdout)
    return 0
