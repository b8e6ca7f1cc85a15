"""Acceptance: python-telegram-bot's own Bot talks to the emulator as to Telegram."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.emulator import Emulator, FloodLimits
from bot.telegram.request import AiohttpRequest
from tests.emulator.helpers import FakeClock, png

USER_ID = 4242


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=label.lower()) for label in labels]]
    )


@pytest.fixture(params=["httpx", "aiohttp"])
async def bot(emu: Emulator, request: pytest.FixtureRequest) -> AsyncIterator[Bot]:
    """PTB's Bot on its own httpx client, and on the aiohttp client runback uses (without its
    tries again, so each fault meets one call as it does with httpx)."""
    emu.user(user_id=USER_ID, first_name="Ada")
    http = AiohttpRequest(retry_delays=()) if request.param == "aiohttp" else None
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url,
                   request=http) as bot:
        yield bot


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot, me.can_join_groups) == (
        123456,
        "runback_bot",
        True,
        True,
    )


async def test_send_edit_delete(bot: Bot, emu: Emulator) -> None:
    user = emu.user(USER_ID)
    message = await bot.send_message(
        USER_ID,
        "<b>Week 1</b> &amp; beyond",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard("Start", "Later"),
    )
    assert message.text == "Week 1 & beyond"
    assert message.entities[0].type == "bold"
    assert message.from_user is not None and message.from_user.is_bot
    assert message.chat.id == USER_ID
    assert message.reply_markup == keyboard("Start", "Later")

    edited = await bot.edit_message_text(
        "Started", USER_ID, message.message_id, reply_markup=keyboard("Stop")
    )
    assert isinstance(edited, type(message))
    assert edited.text == "Started"
    assert edited.edit_date is not None

    markup_only = await bot.edit_message_reply_markup(USER_ID, message.message_id)
    assert not isinstance(markup_only, bool)
    assert markup_only.reply_markup is None

    assert await bot.delete_message(USER_ID, message.message_id) is True
    transcript = user.messages[0]
    assert transcript.deleted
    assert transcript.source == "Started"
    assert [edit.text for edit in transcript.edits] == ["Started", "Started"]


async def test_callback_answer(bot: Bot, emu: Emulator) -> None:
    user = emu.user(USER_ID)
    await bot.send_message(USER_ID, "Ready?", reply_markup=keyboard("Yes"))
    await user.press("Yes")
    [update] = await bot.get_updates()
    assert update.callback_query is not None
    assert update.callback_query.data == "yes"
    assert await update.callback_query.answer("Noted", show_alert=True) is True
    assert user.callback_answers[0].text == "Noted"
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(update.callback_query.id)


async def test_send_document_and_photo(bot: Bot, emu: Emulator) -> None:
    user = emu.user(USER_ID)
    doc = await bot.send_document(USER_ID, b"a,b\n1,2\n", filename="plan.csv", caption="Plan")
    assert doc.document is not None
    assert (doc.document.file_name, doc.document.file_size) == ("plan.csv", 8)
    assert doc.caption == "Plan"
    file = await doc.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"a,b\n1,2\n"

    image = png(64, 48)
    photo = await bot.send_photo(USER_ID, image, caption="<i>Progress</i>", parse_mode="HTML")
    assert (photo.photo[-1].width, photo.photo[-1].height) == (64, 48)
    assert photo.caption == "Progress"
    again = await bot.send_photo(USER_ID, photo.photo[-1].file_id)
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    assert [m.kind for m in user.messages] == ["document", "photo", "photo"]
    assert user.messages[1].photo_bytes == image


async def test_send_audio_and_voice_upload_and_file_id(bot: Bot, emu: Emulator) -> None:
    user = emu.user(USER_ID)
    track = b"\x00\x00\x00\x1cftypM4A " + bytes(100)
    sent = await bot.send_audio(USER_ID, track, filename="level3.m4a", duration=1800,
                                title="runback — Level 3 — 30:00", performer="runback")
    assert sent.audio is not None
    assert (sent.audio.duration, sent.audio.title, sent.audio.performer) == (
        dtm.timedelta(seconds=1800), "runback — Level 3 — 30:00", "runback")
    assert (sent.audio.file_name, sent.audio.mime_type, sent.audio.file_size) == (
        "level3.m4a", "audio/mp4", len(track))
    again = await bot.send_audio(USER_ID, sent.audio.file_id, duration=1800,
                                 title="runback — Level 3 — 30:00", performer="runback")
    assert again.audio is not None and again.audio.file_id == sent.audio.file_id
    assert bytes(await (await again.audio.get_file()).download_as_bytearray()) == track
    voice = await bot.send_voice(USER_ID, b"OggS" + bytes(60), filename="cue.ogg", duration=3)
    assert voice.voice is not None and voice.voice.duration == dtm.timedelta(seconds=3)
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_audio(USER_ID, "CQACAgIAAxk-not-a-file")
    assert [m.kind for m in user.messages] == ["audio", "audio", "voice"]
    assert user.messages[0].audio is not None and user.messages[0].audio.data == track
    assert (user.messages[1].title, user.messages[1].duration) == (
        "runback — Level 3 — 30:00", 1800)
    assert "'runback — Level 3 — 30:00'" in user.messages[1].describe()


async def test_reply_keyboard_and_location(bot: Bot, emu: Emulator) -> None:
    user = emu.user(USER_ID)
    markup = ReplyKeyboardMarkup(
        [[KeyboardButton("Share my location", request_location=True)]], one_time_keyboard=True
    )
    await bot.send_message(USER_ID, "Where do you run?", reply_markup=markup)
    assert user.reply_keyboard == [[{"text": "Share my location", "request_location": True}]]
    await user.share_location(59.33, 18.06)
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.location is not None
    assert update.message.location.latitude == pytest.approx(59.33)


async def test_commands(bot: Bot, emu: Emulator) -> None:
    commands = [BotCommand("start", "Begin"), BotCommand("plan", "Show this week")]
    assert await bot.set_my_commands(commands) is True
    assert await bot.get_my_commands() == tuple(commands)
    assert emu.calls_to("setMyCommands")[0]["commands"] == [c.to_dict() for c in commands]
    assert emu.commands() == [c.to_dict() for c in commands]


async def test_pin_and_unpin(bot: Bot, emu: Emulator) -> None:
    first = await bot.send_message(USER_ID, "status")
    second = await bot.send_message(USER_ID, "another")
    assert await bot.pin_chat_message(USER_ID, first.message_id) is True
    assert await bot.pin_chat_message(USER_ID, second.message_id) is True
    assert emu.user(USER_ID).pinned == [first.message_id, second.message_id]
    assert await bot.unpin_chat_message(USER_ID, first.message_id) is True
    assert emu.user(USER_ID).pinned == [second.message_id]
    assert await bot.unpin_chat_message(USER_ID) is True  # the newest pinned message
    assert emu.user(USER_ID).pinned == []
    with pytest.raises(BadRequest, match=r"(?i)message to pin not found"):
        await bot.pin_chat_message(USER_ID, 999)


async def test_chat_action(bot: Bot, emu: Emulator) -> None:
    assert await bot.send_chat_action(USER_ID, "typing") is True
    assert emu.user(USER_ID).chat_actions == ["typing"]


async def test_bad_request_errors(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(1, "hi")
    message = await bot.send_message(USER_ID, "same")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("same", USER_ID, message.message_id)
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(USER_ID, "<b>oops", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER_ID, "x", reply_markup=keyboard("A" * 65))


async def test_forbidden(bot: Bot, emu: Emulator) -> None:
    emu.block(USER_ID)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER_ID, "hi")


async def test_invalid_token(emu: Emulator) -> None:
    other = Bot("999:OTHER", base_url=emu.base_url, base_file_url=emu.base_file_url)
    with pytest.raises(InvalidToken):  # the Bot shuts its HTTP client when start-up fails
        async with other:
            pass


def retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def test_retry_after_from_fault(bot: Bot, emu: Emulator) -> None:
    emu.faults.fail_next(method="sendMessage", error_code=429, retry_after=3)
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(USER_ID, "hi")
    assert retry_seconds(raised.value) == 3
    assert (await bot.send_message(USER_ID, "hi")).text == "hi"


async def test_retry_after_from_flood_control(clock: FakeClock) -> None:
    limits = FloodLimits(chat_rate=1.0, chat_burst=2)
    async with Emulator(flood_limits=limits, clock=clock) as emu:
        emu.user(USER_ID)
        async with Bot(emu.token, base_url=emu.base_url) as bot:
            await bot.send_message(USER_ID, "1")
            await bot.send_message(USER_ID, "2")
            with pytest.raises(RetryAfter) as raised:
                await bot.send_message(USER_ID, "3")
            assert retry_seconds(raised.value) == 1
            clock.advance(1)
            assert (await bot.send_message(USER_ID, "3")).text == "3"


@pytest.mark.parametrize(("code", "phrase"), [(500, "Internal Server Error"), (502, "Bad Gateway")])
async def test_server_errors_are_network_errors(
    bot: Bot, emu: Emulator, code: int, phrase: str
) -> None:
    emu.faults.fail_next(method="sendMessage", error_code=code, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match=phrase):
            await bot.send_message(USER_ID, "hi")
    assert emu.faults.pending == 0
    await bot.send_message(USER_ID, "hi")


async def test_fault_for_any_method_spares_polling(bot: Bot, emu: Emulator) -> None:
    emu.faults.fail_next(error_code=500)
    assert await bot.get_updates() == ()
    with pytest.raises(NetworkError):
        await bot.send_chat_action(USER_ID, "typing")


async def test_timeout_then_late_delivery(bot: Bot, emu: Emulator) -> None:
    user = emu.user(USER_ID)
    emu.faults.delay_next(method="sendMessage")
    with pytest.raises(TimedOut):
        await bot.send_message(USER_ID, "slow", read_timeout=0.2)
    assert emu.faults.held == 1
    assert user.messages == []
    emu.faults.release()
    await user.wait_until(lambda: len(user.messages) == 1, timeout=2)
    assert user.messages[0].text == "slow"


async def test_timeout_with_error_after_release(bot: Bot, emu: Emulator) -> None:
    emu.faults.delay_next(method="getMe", error_code=502)
    task = asyncio.create_task(bot.get_me())
    await emu.faults.wait_held()
    emu.faults.release()
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await task
