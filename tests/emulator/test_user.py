"""The simulated user and the getUpdates protocol around it."""

from __future__ import annotations

import asyncio

import pytest
import telegram

from bot.emulator import BotAction, ButtonNotFoundError, Emulator, EmulatorTimeout
from tests.emulator.conftest import Call

KEYBOARD = {
    "inline_keyboard": [
        [{"text": "Easy", "callback_data": "pace:easy"}, {"text": "Hard", "callback_data": "h"}],
        [{"text": "Docs", "url": "https://example.org"}],
    ]
}


async def test_send_enqueues_message_update(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=21, first_name="Ada", username="ada", language_code="en")
    sent = await user.send("hello")
    status, body = await call("getUpdates")
    assert status == 200
    [update] = body["result"]
    assert update == {"update_id": 1, "message": sent}
    assert sent["from"] == {
        "id": 21,
        "is_bot": False,
        "first_name": "Ada",
        "username": "ada",
        "language_code": "en",
    }
    parsed = telegram.Update.de_json(update, None)
    assert parsed is not None and parsed.message is not None
    assert parsed.message.text == "hello"


async def test_commands_get_bot_command_entity(emu: Emulator) -> None:
    user = emu.user()
    sent = await user.send("/start@runback_bot payload")
    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 18}]
    assert "entities" not in await user.send("not /a command")


async def test_offset_confirms_and_limit_caps(emu: Emulator, call: Call) -> None:
    user = emu.user()
    for n in range(3):
        await user.send(f"m{n}")
    _, body = await call("getUpdates", limit=2)
    assert [u["update_id"] for u in body["result"]] == [1, 2]
    _, body = await call("getUpdates", offset=2)
    assert [u["update_id"] for u in body["result"]] == [2, 3]
    _, body = await call("getUpdates", offset=-1)
    assert [u["update_id"] for u in body["result"]] == [3]
    _, body = await call("getUpdates", offset=4, timeout=0)
    assert body["result"] == []
    assert emu.pending_updates == []


async def test_long_poll_wakes_on_new_update(emu: Emulator, call: Call) -> None:
    user = emu.user()
    poll = asyncio.create_task(call("getUpdates", timeout=30))
    await emu.wait_for_calls("getUpdates")
    assert not poll.done()
    await user.send("wake up")
    status, body = await asyncio.wait_for(poll, 2)
    assert status == 200
    assert body["result"][0]["message"]["text"] == "wake up"


async def test_newer_poll_terminates_older_one(emu: Emulator, call: Call) -> None:
    first = asyncio.create_task(call("getUpdates", timeout=30))
    await emu.wait_for_calls("getUpdates")
    second = asyncio.create_task(call("getUpdates", timeout=30))
    status, body = await asyncio.wait_for(first, 2)
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")
    await emu.user().send("x")
    assert (await asyncio.wait_for(second, 2))[0] == 200


async def test_stop_answers_pending_long_poll(call: Call, emu: Emulator) -> None:
    poll = asyncio.create_task(call("getUpdates", timeout=30))
    await emu.wait_for_calls("getUpdates")
    await asyncio.wait_for(emu.stop(), 3)
    assert await asyncio.wait_for(poll, 1) == (200, {"ok": True, "result": []})


async def test_wait_for_ack(emu: Emulator, call: Call) -> None:
    user = emu.user()
    await user.send("one")
    with pytest.raises(EmulatorTimeout):
        await emu.wait_for_ack(timeout=0.05)
    _, body = await call("getUpdates")
    waiter = asyncio.create_task(emu.wait_for_ack(timeout=2))
    await asyncio.sleep(0)
    assert not waiter.done()
    await call("getUpdates", offset=body["result"][-1]["update_id"] + 1)
    await waiter


async def test_press_button_and_answer(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=22)
    await call("sendMessage", chat_id=22, text="Pace?", reply_markup=KEYBOARD)
    query = await user.press("Easy")
    assert query["data"] == "pace:easy"
    assert query["message"]["message_id"] == 1
    assert query["from"]["id"] == 22
    assert isinstance(query["chat_instance"], str)
    _, body = await call("getUpdates")
    parsed = telegram.Update.de_json(body["result"][0], None)
    assert parsed is not None and parsed.callback_query is not None
    assert parsed.callback_query.data == "pace:easy"
    await call("answerCallbackQuery", callback_query_id=query["id"], text="Saved", show_alert=True)
    [answer] = user.callback_answers
    assert (answer.text, answer.show_alert, answer.data) == ("Saved", True, "pace:easy")


async def test_press_errors_are_clear(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=23)
    with pytest.raises(ButtonNotFoundError, match="no bot message with an inline keyboard"):
        await user.press("Easy")
    await call("sendMessage", chat_id=23, text="Pace?", reply_markup=KEYBOARD)
    with pytest.raises(ButtonNotFoundError, match=r"available: \['Easy', 'Hard', 'Docs'\]"):
        await user.press("Medium")
    with pytest.raises(ButtonNotFoundError, match="has no callback_data"):
        await user.press("Docs")
    await call("deleteMessage", chat_id=23, message_id=1)
    with pytest.raises(ButtonNotFoundError, match="was deleted"):
        await user.press("Easy", message=1)


async def test_press_stale_buttons_on_older_message(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=24)
    await call("sendMessage", chat_id=24, text="old", reply_markup=KEYBOARD)
    await call(
        "sendMessage",
        chat_id=24,
        text="new",
        reply_markup={"inline_keyboard": [[{"text": "Easy", "callback_data": "v2"}]]},
    )
    assert (await user.press("Easy"))["data"] == "v2"
    old = user.messages[0]
    query = await user.press("Easy", message=old)
    assert (query["data"], query["message"]["message_id"]) == ("pace:easy", 1)
    raw = await user.press_data(1, "anything")
    assert raw["data"] == "anything"


async def test_share_location(emu: Emulator, call: Call) -> None:
    user = emu.user()
    sent = await user.share_location(48.85, 2.35)
    assert sent["location"] == {"latitude": 48.85, "longitude": 2.35}
    _, body = await call("getUpdates")
    assert body["result"][0]["message"]["location"]["latitude"] == 48.85


async def test_reply_keyboard_is_tracked(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=25)
    assert user.reply_buttons == []
    keyboard = {
        "keyboard": [[{"text": "Share location", "request_location": True}], ["Skip"]],
        "resize_keyboard": True,
        "one_time_keyboard": True,
    }
    status, body = await call("sendMessage", chat_id=25, text="Where?", reply_markup=keyboard)
    assert status == 200
    assert "reply_markup" not in body["result"]
    assert user.reply_keyboard == [
        [{"text": "Share location", "request_location": True}],
        [{"text": "Skip"}],
    ]
    assert user.reply_buttons == ["Share location", "Skip"]
    await call("sendMessage", chat_id=25, text="Thanks", reply_markup={"remove_keyboard": True})
    assert user.reply_keyboard is None


async def test_next_message_cursor_and_timeout(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=26)
    waiter = asyncio.create_task(user.next_message(timeout=2))
    await call("sendMessage", chat_id=26, text="first")
    await call("sendMessage", chat_id=26, text="second")
    assert (await waiter).text == "first"
    assert (await user.next_message()).text == "second"
    with pytest.raises(EmulatorTimeout, match="transcript of chat 26") as raised:
        await user.next_message(timeout=0.05)
    assert isinstance(raised.value, asyncio.TimeoutError)
    assert "'second'" in str(raised.value)


async def test_wait_until_sees_edits(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=27)
    await call("sendMessage", chat_id=27, text="Working…")
    waiter = asyncio.create_task(
        user.wait_until(lambda: user.messages[0].text == "Done", timeout=2)
    )
    await asyncio.sleep(0)
    await call("editMessageText", chat_id=27, message_id=1, text="Done")
    await waiter
    with pytest.raises(EmulatorTimeout):
        await user.wait_until(lambda: False, timeout=0.01)


async def test_subscribe_sees_every_action(emu: Emulator, call: Call) -> None:
    emu.user(user_id=28)
    seen: list[BotAction] = []
    queue: asyncio.Queue[BotAction] = asyncio.Queue()
    unsubscribe = emu.subscribe(seen.append)
    emu.subscribe(queue.put_nowait)
    await call("sendMessage", chat_id=28, text="a")
    await call("editMessageText", chat_id=28, message_id=1, text="b")
    await call("sendChatAction", chat_id=28, action="typing")
    await call("deleteMessage", chat_id=28, message_id=1)
    assert [action.kind for action in seen] == ["send", "edit", "chat_action", "delete"]
    assert seen[0].message is not None and seen[0].chat_id == 28
    unsubscribe()
    await call("sendMessage", chat_id=28, text="c")
    assert len(seen) == 4
    assert queue.qsize() == 5


async def test_block_with_notification(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=29)
    user.block(notify=True)
    assert user.blocked
    status, _ = await call("sendChatAction", chat_id=29, action="typing")
    assert status == 403
    _, body = await call("getUpdates")
    member = body["result"][0]["my_chat_member"]
    assert member["new_chat_member"]["status"] == "kicked"
    assert telegram.Update.de_json(body["result"][0], None) is not None
    user.unblock()
    assert (await call("sendChatAction", chat_id=29, action="typing"))[0] == 200


async def test_user_messages_can_be_deleted_but_not_edited(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=30)
    sent = await user.send("oops")
    status, body = await call(
        "editMessageText", chat_id=30, message_id=sent["message_id"], text="x"
    )
    assert (status, body["description"]) == (400, "Bad Request: message can't be edited")
    status, _ = await call("deleteMessage", chat_id=30, message_id=sent["message_id"])
    assert status == 200


async def test_same_user_returned_for_same_id(emu: Emulator) -> None:
    assert emu.user(user_id=31) is emu.user(user_id=31)
    assert emu.user().id != emu.user().id
