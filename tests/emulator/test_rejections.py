"""Every rejection the emulator makes, checked over real HTTP for exact status and body."""

from __future__ import annotations

import httpx
import pytest

from bot.emulator import Emulator
from tests.emulator.conftest import Call
from tests.emulator.helpers import bad_request

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


@pytest.fixture
def chat_id(emu: Emulator) -> int:
    return emu.user(user_id=501, first_name="Ada").chat_id


async def test_unknown_method_is_404(call: Call) -> None:
    status, body = await call("sendTelepathy", chat_id=1)
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_wrong_token_is_401(call: Call) -> None:
    status, body = await call("getMe", token="999:WRONG-token")
    assert status == 401
    assert body == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_malformed_token_is_404(call: Call) -> None:
    status, body = await call("getMe", token="not-a-token")
    assert (status, body["description"]) == (404, "Not Found")


async def test_unknown_path_is_404_json(http: httpx.AsyncClient) -> None:
    response = await http.get("/favicon.ico")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_missing_chat_id(call: Call) -> None:
    status, body = await call("sendMessage", text="hi")
    assert (status, body) == (400, bad_request("chat_id is empty"))


@pytest.mark.parametrize("text", [None, "", "   \n ", "<b> </b>"])
async def test_empty_text(call: Call, chat_id: int, text: str | None) -> None:
    params = {"chat_id": chat_id, "parse_mode": "HTML"}
    if text is not None:
        params["text"] = text
    status, body = await call("sendMessage", **params)
    assert (status, body) == (400, bad_request("message text is empty"))


async def test_text_too_long(call: Call, chat_id: int) -> None:
    status, body = await call("sendMessage", chat_id=chat_id, text="x" * 4097)
    assert (status, body) == (400, bad_request("message is too long"))


async def test_length_is_counted_after_html_parsing(call: Call, chat_id: int) -> None:
    text = "<b>" + "x" * 4096 + "</b>"
    status, body = await call("sendMessage", chat_id=chat_id, text=text, parse_mode="HTML")
    assert status == 200
    assert body["result"]["text"] == "x" * 4096
    escaped = "&lt;" * 4097
    status, body = await call("sendMessage", chat_id=chat_id, text=escaped, parse_mode="HTML")
    assert (status, body) == (400, bad_request("message is too long"))


async def test_callback_data_over_64_bytes(call: Call, chat_id: int) -> None:
    markup = {
        "inline_keyboard": [
            [{"text": "ok", "callback_data": "a"}],
            [{"text": "long", "callback_data": "é" * 33}],
        ]
    }
    status, body = await call("sendMessage", chat_id=chat_id, text="hi", reply_markup=markup)
    assert (status, body) == (400, bad_request("BUTTON_DATA_INVALID"))


async def test_callback_data_of_exactly_64_bytes_is_fine(call: Call, chat_id: int) -> None:
    markup = {"inline_keyboard": [[{"text": "ok", "callback_data": "é" * 32}]]}
    status, body = await call("sendMessage", chat_id=chat_id, text="hi", reply_markup=markup)
    assert status == 200
    assert body["result"]["reply_markup"] == markup


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("a <b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Tom & Jerry", 'unescaped "&" at byte offset 4; use &amp; instead'),
        ("<b", "Unclosed start tag at byte offset 0"),
    ],
)
async def test_invalid_html(call: Call, chat_id: int, text: str, detail: str) -> None:
    status, body = await call("sendMessage", chat_id=chat_id, text=text, parse_mode="HTML")
    assert (status, body) == (400, bad_request(f"can't parse entities: {detail}"))


async def test_edit_not_modified(call: Call, chat_id: int) -> None:
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    _, sent = await call(
        "sendMessage", chat_id=chat_id, text="<b>hi</b>", parse_mode="HTML", reply_markup=markup
    )
    message_id = sent["result"]["message_id"]
    status, body = await call(
        "editMessageText",
        chat_id=chat_id,
        message_id=message_id,
        text="<b>hi</b>",
        parse_mode="HTML",
        reply_markup=markup,
    )
    assert (status, body) == (400, bad_request(NOT_MODIFIED))
    status, body = await call(
        "editMessageReplyMarkup", chat_id=chat_id, message_id=message_id, reply_markup=markup
    )
    assert (status, body) == (400, bad_request(NOT_MODIFIED))


async def test_edit_with_other_formatting_is_a_change(call: Call, chat_id: int) -> None:
    _, sent = await call("sendMessage", chat_id=chat_id, text="<b>hi</b>", parse_mode="HTML")
    message_id = sent["result"]["message_id"]
    status, body = await call("editMessageText", chat_id=chat_id, message_id=message_id, text="hi")
    assert status == 200
    assert body["result"]["text"] == "hi"
    assert "entities" not in body["result"]
    assert "edit_date" in body["result"]


async def test_edit_message_not_found(call: Call, chat_id: int) -> None:
    status, body = await call("editMessageText", chat_id=chat_id, message_id=77, text="x")
    assert (status, body) == (400, bad_request("message to edit not found"))
    status, body = await call("editMessageReplyMarkup", chat_id=chat_id, message_id=77)
    assert (status, body) == (400, bad_request("message to edit not found"))


async def test_delete_message_not_found(call: Call, chat_id: int) -> None:
    status, body = await call("deleteMessage", chat_id=chat_id, message_id=77)
    assert (status, body) == (400, bad_request("message to delete not found"))


async def test_deleted_message_cannot_be_deleted_or_edited_again(call: Call, chat_id: int) -> None:
    _, sent = await call("sendMessage", chat_id=chat_id, text="bye")
    message_id = sent["result"]["message_id"]
    assert await call("deleteMessage", chat_id=chat_id, message_id=message_id) == (
        200,
        {"ok": True, "result": True},
    )
    status, body = await call("deleteMessage", chat_id=chat_id, message_id=message_id)
    assert (status, body) == (400, bad_request("message to delete not found"))
    status, body = await call(
        "editMessageText", chat_id=chat_id, message_id=message_id, text="again"
    )
    assert (status, body) == (400, bad_request("message to edit not found"))


async def test_blocked_chat_is_403(emu: Emulator, call: Call, chat_id: int) -> None:
    emu.block(chat_id)
    status, body = await call("sendMessage", chat_id=chat_id, text="hi")
    assert status == 403
    assert body == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }
    emu.unblock(chat_id)
    status, _ = await call("sendMessage", chat_id=chat_id, text="hi")
    assert status == 200


async def test_unknown_chat_is_400(call: Call) -> None:
    status, body = await call("sendMessage", chat_id=987654, text="hi")
    assert (status, body) == (400, bad_request("chat not found"))
    status, body = await call("sendMessage", chat_id="@somebody", text="hi")
    assert (status, body) == (400, bad_request("chat not found"))


async def test_stale_callback_query(emu: Emulator, call: Call, chat_id: int) -> None:
    stale = "query is too old and response timeout expired or query ID is invalid"
    status, body = await call("answerCallbackQuery", callback_query_id="123")
    assert (status, body) == (400, bad_request(stale))

    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    await call("sendMessage", chat_id=chat_id, text="hi", reply_markup=markup)
    query = await emu.user(chat_id).press("Go")
    status, body = await call("answerCallbackQuery", callback_query_id=query["id"], text="ok")
    assert (status, body) == (200, {"ok": True, "result": True})
    status, body = await call("answerCallbackQuery", callback_query_id=query["id"])
    assert (status, body) == (400, bad_request(stale))


async def test_text_button_in_inline_keyboard(call: Call, chat_id: int) -> None:
    markup = {"inline_keyboard": [[{"text": "plain"}]]}
    status, body = await call("sendMessage", chat_id=chat_id, text="hi", reply_markup=markup)
    assert (status, body) == (
        400,
        bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        ),
    )


async def test_invalid_chat_action(call: Call, chat_id: int) -> None:
    status, body = await call("sendChatAction", chat_id=chat_id, action="dancing")
    assert (status, body) == (400, bad_request("wrong parameter action in request"))


async def test_photo_must_be_an_image(emu: Emulator, http: httpx.AsyncClient, chat_id: int) -> None:
    response = await http.post(
        f"/bot{emu.token}/sendPhoto",
        data={"chat_id": str(chat_id)},
        files={"photo": ("x.jpg", b"not an image", "image/jpeg")},
    )
    assert response.status_code == 400
    assert response.json() == bad_request("IMAGE_PROCESS_FAILED")


async def test_missing_document(call: Call, chat_id: int) -> None:
    status, body = await call("sendDocument", chat_id=chat_id)
    assert (status, body) == (400, bad_request("there is no document in the request"))


async def test_get_updates_conflicts_with_webhook(call: Call) -> None:
    await call("setWebhook", url="https://example.org/hook")
    status, body = await call("getUpdates")
    assert status == 409
    assert body["description"].startswith("Conflict: can't use getUpdates method")
    await call("deleteWebhook")
    assert await call("getUpdates") == (200, {"ok": True, "result": []})
