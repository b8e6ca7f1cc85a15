"""Status-message edits: in the background, one at a time per session, the newest one wins."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.emulator import Emulator
from bot.telegram.request import AiohttpRequest
from bot.telegram.status import Edit, StatusBoard

ADA, BEN = 4242, 4343


@pytest.fixture
async def bot(emu: Emulator) -> AsyncIterator[Bot]:
    emu.user(user_id=ADA, first_name="Ada")
    emu.user(user_id=BEN, first_name="Ben")
    """A bot whose client makes one try per call, so each emulator fault meets one edit."""
    request = AiohttpRequest(retry_delays=())
    async with Bot(emu.token, base_url=emu.base_url, request=request) as bot:
        yield bot


def pause_button() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("Pause", callback_data="pause")]])


async def status_message(bot: Bot, chat_id: int) -> int:
    return (await bot.send_message(chat_id, "Getting ready")).message_id


async def test_an_edit_shows_its_text_and_buttons(bot: Bot, emu: Emulator) -> None:
    board = StatusBoard(bot)
    message_id = await status_message(bot, ADA)
    board.post(1, Edit(ADA, message_id, "Now: Jog 1:00", pause_button()))
    await board.settled()
    status = emu.user(ADA).messages[0]
    assert status.text == "Now: Jog 1:00"
    assert status.reply_markup == pause_button().to_dict()


async def test_a_newer_edit_replaces_one_still_waiting(bot: Bot, emu: Emulator) -> None:
    board = StatusBoard(bot, in_flight=1)
    message_id = await status_message(bot, ADA)
    emu.faults.delay_next(method="editMessageText")
    board.post(1, Edit(ADA, message_id, "Now: Warm-up", None))
    await emu.faults.wait_held()
    board.post(1, Edit(ADA, message_id, "Now: Jog 0:15", None))
    board.post(1, Edit(ADA, message_id, "Now: Walk 4:45", None))
    emu.faults.release()
    await board.settled()
    status = emu.user(ADA).messages[0]
    assert [edit.text for edit in status.edits] == ["Now: Warm-up", "Now: Walk 4:45"]
    assert status.text == "Now: Walk 4:45"


async def test_one_session_never_has_two_edits_on_the_way(bot: Bot, emu: Emulator) -> None:
    board = StatusBoard(bot, in_flight=2)
    ada, ben = await status_message(bot, ADA), await status_message(bot, BEN)
    emu.faults.delay_next(method="editMessageText")
    board.post(1, Edit(ADA, ada, "Ada: first", None))
    await emu.faults.wait_held()
    board.post(1, Edit(ADA, ada, "Ada: second", None))  # waits for the first, not beside it
    board.post(2, Edit(BEN, ben, "Ben: first", None))  # another session goes ahead
    await emu.user(BEN).wait_until(lambda: emu.user(BEN).messages[0].text == "Ben: first",
                                   timeout=2)
    assert emu.user(ADA).messages[0].edits == []
    emu.faults.release()
    await board.settled()
    assert [edit.text for edit in emu.user(ADA).messages[0].edits] == ["Ada: first",
                                                                       "Ada: second"]


async def one_slot_held_by_ben(bot: Bot, emu: Emulator) -> tuple[StatusBoard, int]:
    """A one-edit board busy with Ben's edit, which the emulator holds; Ada's status message."""
    board = StatusBoard(bot, in_flight=1)
    ada, ben = await status_message(bot, ADA), await status_message(bot, BEN)
    emu.faults.delay_next(method="editMessageText")
    board.post(2, Edit(BEN, ben, "Ben: jog", None))
    await emu.faults.wait_held()
    return board, ada


async def test_a_dropped_edit_is_not_sent(bot: Bot, emu: Emulator) -> None:
    board, ada = await one_slot_held_by_ben(bot, emu)
    board.post(1, Edit(ADA, ada, "Ada: jog", None))
    board.drop(1)  # Ada paused meanwhile
    emu.faults.release()
    await board.settled()
    assert emu.user(ADA).messages[0].edits == []
    assert emu.user(BEN).messages[0].text == "Ben: jog"


async def test_a_failed_edit_is_logged_and_the_next_one_still_goes(
    bot: Bot, emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    board = StatusBoard(bot, in_flight=1)
    ada, ben = await status_message(bot, ADA), await status_message(bot, BEN)
    await bot.delete_message(ADA, ada)  # the user deleted the status message
    with caplog.at_level(logging.INFO, logger="bot.telegram.status"):
        board.post(1, Edit(ADA, ada, "Ada: jog", None))
        board.post(2, Edit(BEN, ben, "Ben: jog", None))
        await board.settled()
    assert emu.user(BEN).messages[0].text == "Ben: jog"
    assert f"status message {ada} not edited" in caplog.text


async def test_an_unchanged_text_is_not_an_error(
    bot: Bot, emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    board = StatusBoard(bot)
    message_id = await status_message(bot, ADA)
    with caplog.at_level(logging.INFO, logger="bot.telegram.status"):
        board.post(1, Edit(ADA, message_id, "Getting ready", None))
        await board.settled()
    assert "not edited" not in caplog.text


async def test_closing_drops_what_is_queued(bot: Bot, emu: Emulator) -> None:
    board, ada = await one_slot_held_by_ben(bot, emu)
    board.post(1, Edit(ADA, ada, "Ada: jog", None))
    await board.close()
    emu.faults.release()
    assert emu.user(ADA).messages[0].edits == []


class Waits:
    """A board's sleep: records each wait and runs ``during`` (once) instead of waiting."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.during: Callable[[], None] = lambda: None

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        during, self.during = self.during, lambda: None
        during()


@pytest.mark.parametrize("fault", ["500", "429", "unhandled drop", "handled drop"])
async def test_an_edit_telegram_did_not_take_is_tried_again(
    bot: Bot, emu: Emulator, fault: str,
) -> None:
    waits = Waits()
    board = StatusBoard(bot, sleep=waits)
    message_id = await status_message(bot, ADA)
    if fault == "500":
        emu.faults.fail_next("editMessageText", error_code=500)
    elif fault == "429":  # the bot here has no rate limiter: the first 429 reaches the board
        emu.faults.fail_next("editMessageText", error_code=429, retry_after=1)
    else:
        emu.faults.drop_next("editMessageText", handled=fault == "handled drop")
    board.post(1, Edit(ADA, message_id, "Now: Jog 0:15", None))
    await board.settled()
    assert waits.seconds == [1.0]
    assert emu.user(ADA).messages[0].text == "Now: Jog 0:15"
    assert len(emu.calls_to("editMessageText")) == 2


async def test_a_newer_edit_during_the_wait_replaces_the_one_not_taken(
    bot: Bot, emu: Emulator,
) -> None:
    waits = Waits()
    board = StatusBoard(bot, sleep=waits)
    message_id = await status_message(bot, ADA)
    emu.faults.fail_next("editMessageText", error_code=502)
    board.post(1, Edit(ADA, message_id, "Now: Jog 0:15", None))
    waits.during = lambda: board.post(1, Edit(ADA, message_id, "Now: Walk 4:45", None))
    await board.settled()
    assert [call["text"] for call in emu.calls_to("editMessageText")] == [
        "Now: Jog 0:15", "Now: Walk 4:45"]
    assert [edit.text for edit in emu.user(ADA).messages[0].edits] == ["Now: Walk 4:45"]


async def test_an_edit_dropped_during_the_wait_is_not_tried_again(
    bot: Bot, emu: Emulator,
) -> None:
    waits = Waits()
    board = StatusBoard(bot, sleep=waits)
    message_id = await status_message(bot, ADA)
    emu.faults.fail_next("editMessageText", error_code=500)
    board.post(1, Edit(ADA, message_id, "Now: Jog 0:15", None))
    waits.during = lambda: board.drop(1)  # the session was stopped meanwhile
    await board.settled()
    assert len(emu.calls_to("editMessageText")) == 1
    assert emu.user(ADA).messages[0].edits == []


async def test_an_edit_is_given_up_after_its_tries(
    bot: Bot, emu: Emulator, caplog: pytest.LogCaptureFixture,
) -> None:
    waits = Waits()
    board = StatusBoard(bot, sleep=waits, retry_delays=(1.0, 2.0))
    message_id = await status_message(bot, ADA)
    emu.faults.fail_next("editMessageText", error_code=500, times=10)
    with caplog.at_level(logging.WARNING, logger="bot.telegram.status"):
        board.post(1, Edit(ADA, message_id, "Now: Jog 0:15", None))
        await board.settled()
    assert waits.seconds == [1.0, 2.0]
    assert len(emu.calls_to("editMessageText")) == 3
    assert f"status message {message_id} not edited" in caplog.text
