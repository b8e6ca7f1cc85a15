"""Request encodings, response shapes and the method surface, over plain HTTP."""

from __future__ import annotations

import json
from typing import Any

import httpx
import telegram

from bot.emulator import ApiCall, Emulator
from tests.emulator.conftest import Call
from tests.emulator.helpers import png

KEYBOARD = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}


def as_message(body: dict[str, Any]) -> telegram.Message:
    assert body["ok"] is True
    message = telegram.Message.de_json(body["result"], None)
    assert message is not None
    return message


async def test_json_body(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=11, first_name="Ada")
    status, body = await call("sendMessage", chat_id=11, text="hi", reply_markup=KEYBOARD)
    assert status == 200
    result = body["result"]
    assert result["message_id"] == 1
    assert result["chat"] == {"id": 11, "type": "private", "first_name": "Ada"}
    assert result["from"] == {
        "id": 123456,
        "is_bot": True,
        "first_name": "runback",
        "username": "runback_bot",
    }
    assert result["reply_markup"] == KEYBOARD
    message = as_message(body)
    assert message.text == "hi"
    assert message.reply_markup is not None
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "y"
    assert user.messages[0].buttons == ["Yes"]


async def test_form_urlencoded_with_json_string_markup(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    emu.user(user_id=12)
    response = await http.post(
        f"/bot{emu.token}/sendMessage",
        data={"chat_id": "12", "text": "hi", "reply_markup": json.dumps(KEYBOARD)},
    )
    assert response.status_code == 200
    assert response.json()["result"]["reply_markup"] == KEYBOARD
    assert emu.calls[-1] == ApiCall(
        "sendMessage", {"chat_id": 12, "text": "hi", "reply_markup": KEYBOARD}
    )


async def test_query_string_get(emu: Emulator, http: httpx.AsyncClient) -> None:
    emu.user(user_id=13)
    response = await http.get(f"/bot{emu.token}/sendMessage?chat_id=13&text=hello")
    assert response.status_code == 200
    assert response.json()["result"]["text"] == "hello"


async def test_method_names_are_case_insensitive(emu: Emulator, call: Call) -> None:
    status, body = await call("getme")
    assert status == 200
    assert body["result"]["username"] == "runback_bot"
    assert emu.calls[-1].method == "getMe"


async def test_multipart_document_upload_and_download(
    emu: Emulator, http: httpx.AsyncClient, call: Call
) -> None:
    user = emu.user(user_id=14)
    response = await http.post(
        f"/bot{emu.token}/sendDocument",
        data={"chat_id": "14", "caption": "<b>plan</b>", "parse_mode": "HTML"},
        files={"document": ("plan.csv", b"week,km\n1,2\n", "text/csv")},
    )
    assert response.status_code == 200
    result = response.json()["result"]
    assert result["caption"] == "plan"
    assert result["caption_entities"] == [{"type": "bold", "offset": 0, "length": 4}]
    document = result["document"]
    assert document["file_name"] == "plan.csv"
    assert document["mime_type"] == "text/csv"
    assert document["file_size"] == 12
    assert as_message(response.json()).document is not None
    assert user.messages[0].document_bytes == b"week,km\n1,2\n"
    assert user.messages[0].document_name == "plan.csv"

    status, body = await call("getFile", file_id=document["file_id"])
    assert status == 200
    path = body["result"]["file_path"]
    download = await http.get(f"/file/bot{emu.token}/{path}")
    assert download.content == b"week,km\n1,2\n"

    status, body = await call("sendDocument", chat_id=14, document=document["file_id"])
    assert status == 200
    assert body["result"]["document"]["file_id"] == document["file_id"]


async def test_multipart_photo_upload(emu: Emulator, http: httpx.AsyncClient) -> None:
    user = emu.user(user_id=15)
    image = png(40, 30)
    response = await http.post(
        f"/bot{emu.token}/sendPhoto",
        data={"chat_id": "15", "reply_markup": json.dumps(KEYBOARD)},
        files={"photo": ("chart.png", image, "image/png")},
    )
    assert response.status_code == 200
    message = as_message(response.json())
    assert len(message.photo) == 1
    size = message.photo[-1]
    assert (size.width, size.height, size.file_size) == (40, 30, len(image))
    assert user.messages[0].photo_bytes == image
    assert user.messages[0].kind == "photo"


async def test_unknown_file_id(emu: Emulator, call: Call) -> None:
    emu.user(user_id=16)
    status, body = await call("sendPhoto", chat_id=16, photo="AgACnope")
    assert status == 400
    assert body["description"] == "Bad Request: wrong file identifier/HTTP URL specified"


async def test_edit_flow_and_history(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=17)
    await call("sendMessage", chat_id=17, text="Question?", reply_markup=KEYBOARD)
    status, body = await call("editMessageText", chat_id=17, message_id=1, text="Answered")
    assert status == 200
    assert "reply_markup" not in body["result"]
    as_message(body)
    status, body = await call(
        "editMessageReplyMarkup", chat_id=17, message_id=1, reply_markup=KEYBOARD
    )
    assert status == 200
    message = user.messages[0]
    assert message.text == "Answered"
    assert message.buttons == ["Yes"]
    assert [edit.text for edit in message.edits] == ["Answered", "Answered"]
    assert message.edits[0].reply_markup is None


async def test_send_location_and_chat_action(emu: Emulator, call: Call) -> None:
    user = emu.user(user_id=18)
    status, body = await call("sendLocation", chat_id=18, latitude=52.5, longitude=13.4)
    assert status == 200
    assert as_message(body).location is not None
    assert await call("sendChatAction", chat_id=18, action="typing") == (
        200,
        {"ok": True, "result": True},
    )
    assert user.chat_actions == ["typing"]


async def test_commands_roundtrip(emu: Emulator, call: Call) -> None:
    commands = [{"command": "start", "description": "Begin"}]
    assert await call("setMyCommands", commands=commands) == (200, {"ok": True, "result": True})
    assert await call("getMyCommands") == (200, {"ok": True, "result": commands})
    assert emu.commands() == commands
    assert emu.calls_to("setMyCommands") == [{"commands": commands}]
    status, body = await call("setMyCommands", commands=[{"command": "Bad!", "description": "x"}])
    assert (status, body["description"]) == (400, "Bad Request: BOT_COMMAND_INVALID")
    await call("deleteMyCommands")
    assert emu.commands() == []


async def test_webhook_methods(call: Call) -> None:
    assert await call("deleteWebhook", drop_pending_updates=True) == (
        200,
        {"ok": True, "result": True},
    )
    _, body = await call("getWebhookInfo")
    assert body["result"] == {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
    assert (await call("close"))[0] == 200
    assert (await call("logOut"))[0] == 200
