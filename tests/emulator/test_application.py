"""Acceptance: a real telegram.ext.Application long-polls the emulator end to end."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.emulator import Emulator

CHOICES = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Easy", callback_data="easy"),
            InlineKeyboardButton("Hard", callback_data="hard"),
        ]
    ]
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("<b>Welcome</b>", parse_mode="HTML")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(f"echo: {update.message.text}", reply_markup=CHOICES)


async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Got it")
    await query.edit_message_text(f"You chose {query.data}")


def build(emu: Emulator) -> Application:  # type: ignore[type-arg]
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(f"{emu.url}/bot")
        .base_file_url(f"{emu.url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(chosen))
    return app


@pytest.fixture
async def polling_app(emu: Emulator) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    app = build(emu)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield app
    finally:
        began = time.monotonic()
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        assert time.monotonic() - began < 3


async def test_conversation_over_long_polling(
    emu: Emulator,
    polling_app: Application,  # type: ignore[type-arg]
) -> None:
    user = emu.user(user_id=777, first_name="Ada")

    await user.send("/start")
    welcome = await user.next_message()
    assert welcome.text == "Welcome"
    assert welcome.source == "<b>Welcome</b>"
    assert welcome.parse_mode == "HTML"

    await user.send("hello")
    reply = await user.next_message()
    assert reply.text == "echo: hello"
    assert reply.buttons == ["Easy", "Hard"]

    await user.press("Hard")
    await user.wait_until(lambda: reply.text == "You chose hard" and bool(user.callback_answers))
    assert user.callback_answers[0].text == "Got it"
    assert reply.reply_markup is None
    assert len(reply.edits) == 1

    await emu.wait_for_ack()
    assert emu.pending_updates == []
    assert emu.calls_to("deleteWebhook")


async def test_two_users_in_parallel(
    emu: Emulator,
    polling_app: Application,  # type: ignore[type-arg]
) -> None:
    ada, bob = emu.user(first_name="Ada"), emu.user(first_name="Bob")
    await ada.send("one")
    await bob.send("two")
    assert (await bob.next_message()).text == "echo: two"
    assert (await ada.next_message()).text == "echo: one"
    assert [m.text for m in ada.messages] == ["echo: one"]


async def test_emulator_stop_releases_a_polling_app(emu: Emulator) -> None:
    app = build(emu)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=10, drop_pending_updates=True)
    await emu.wait_for_calls("getUpdates")
    began = time.monotonic()
    await emu.stop()
    assert time.monotonic() - began < 3
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
