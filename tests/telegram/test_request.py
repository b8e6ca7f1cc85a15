"""The aiohttp client behind every Bot API call: bodies, errors and its life cycle."""

from __future__ import annotations

import asyncio
import socket

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.emulator import Emulator
from bot.telegram.request import AiohttpRequest, Dropped, Unreached, offending_field

USER_ID = 4242


async def test_parameters_go_as_json_and_files_as_multipart(emu: Emulator) -> None:
    emu.user(user_id=USER_ID, first_name="Ada")
    async with Bot(emu.token, base_url=emu.base_url, request=AiohttpRequest()) as bot:
        await bot.send_message(USER_ID, "<b>Jog</b> 1:00", parse_mode="HTML")
        await bot.send_document(USER_ID, b"day,pain\n1,3\n", filename="pain.csv")
    sent = emu.user(USER_ID).messages
    assert sent[0].text == "Jog 1:00"
    assert sent[1].kind == "document"
    assert emu.calls_to("sendMessage")[0]["parse_mode"] == "HTML"


async def test_requests_beyond_the_connections_wait_their_turn(emu: Emulator) -> None:
    emu.user(user_id=USER_ID, first_name="Ada")
    async with Bot(emu.token, base_url=emu.base_url,
                   request=AiohttpRequest(connections=1)) as bot:
        emu.faults.delay_next(method="sendMessage")
        first = bot.send_message(USER_ID, "one")
        sending = asyncio.gather(first, bot.send_message(USER_ID, "two"))
        await emu.faults.wait_held()
        assert [m.text for m in emu.user(USER_ID).messages] == []
        emu.faults.release()
        await sending
    assert [m.text for m in emu.user(USER_ID).messages] == ["one", "two"]


async def test_a_server_that_does_not_answer_in_time_is_a_time_out(emu: Emulator) -> None:
    emu.user(user_id=USER_ID, first_name="Ada")
    async with Bot(emu.token, base_url=emu.base_url, request=AiohttpRequest()) as bot:
        emu.faults.delay_next(method="sendMessage")
        with pytest.raises(TimedOut):
            await bot.send_message(USER_ID, "slow", read_timeout=0.2)
        emu.faults.release()


async def test_an_unreachable_server_is_a_network_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the probe is closed
    request = AiohttpRequest(retry_delays=())
    await request.initialize()
    with pytest.raises(NetworkError, match=r"aiohttp\.ClientConnectorError"):
        await request.post(f"http://127.0.0.1:{port}/bot1:x/getMe")
    await request.shutdown()


async def test_it_must_be_initialised_and_can_shut_down_twice() -> None:
    request = AiohttpRequest()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:9/bot1:x/getMe", "POST")
    await request.initialize()
    await request.shutdown()
    await request.shutdown()
    await request.initialize()  # again, after a shutdown
    await request.shutdown()
    assert request.read_timeout == 5.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_a_server_not_up_yet_is_tried_again_and_gets_the_message_once() -> None:
    emu = Emulator(flood_limits=None, port=free_port())
    emu.user(user_id=USER_ID, first_name="Ada")
    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # the server comes up during the first wait
        waits.append(seconds)
        await emu.start()

    request = AiohttpRequest(retry_delays=(0.25, 0.75), sleep=sleep)
    base_url = f"http://127.0.0.1:{emu.port}/bot"
    async with Bot(emu.token, base_url=base_url, request=request) as bot:
        await bot.send_message(USER_ID, "Jog 1:00")
    await emu.stop()
    assert waits == [0.25]
    assert [m.text for m in emu.user(USER_ID).messages] == ["Jog 1:00"]


async def test_a_server_that_stays_down_is_unreached_after_every_try() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    request = AiohttpRequest(retry_delays=(0.25, 0.75), sleep=sleep)
    await request.initialize()
    with pytest.raises(Unreached, match=r"aiohttp\.ClientConnectorError"):
        await request.post(f"http://127.0.0.1:{free_port()}/bot1:x/getMe")
    await request.shutdown()
    assert waits == [0.25, 0.75]


@pytest.mark.parametrize(("failures", "delivered"), [(2, True), (3, False)])
async def test_5xx_answers_are_tried_again_until_the_tries_run_out(
    emu: Emulator, failures: int, delivered: bool,
) -> None:
    emu.user(user_id=USER_ID, first_name="Ada")
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    request = AiohttpRequest(retry_delays=(0.25, 0.75), sleep=sleep)
    emu.faults.fail_next("sendMessage", error_code=502, times=failures)
    async with Bot(emu.token, base_url=emu.base_url, request=request) as bot:
        if delivered:
            await bot.send_message(USER_ID, "Walk 4:45")
        else:
            with pytest.raises(NetworkError, match="Bad Gateway"):
                await bot.send_message(USER_ID, "Walk 4:45")
    assert waits == [0.25, 0.75]
    assert len(emu.calls_to("sendMessage")) == 3
    assert [m.text for m in emu.user(USER_ID).messages] == (["Walk 4:45"] if delivered else [])


@pytest.mark.parametrize("handled", [True, False])
async def test_a_connection_dropped_mid_request_may_have_arrived_and_is_not_repeated(
    emu: Emulator, handled: bool,
) -> None:
    emu.user(user_id=USER_ID, first_name="Ada")
    emu.faults.drop_next("sendMessage", handled=handled)
    async with Bot(emu.token, base_url=emu.base_url, request=AiohttpRequest()) as bot:
        with pytest.raises(Dropped) as raised:
            await bot.send_message(USER_ID, "Jog 1:00")
        assert isinstance(raised.value, TimedOut)  # the caller's rule for "may have arrived"
        await bot.send_message(USER_ID, "Walk 4:45")  # the next request opens a new one
    assert len(emu.calls_to("sendMessage")) == 2
    assert [m.text for m in emu.user(USER_ID).messages] == (
        ["Jog 1:00", "Walk 4:45"] if handled else ["Walk 4:45"])


async def test_a_time_out_of_a_call_safe_to_repeat_is_tried_again(emu: Emulator) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    request = AiohttpRequest(read_timeout=0.2, retry_delays=(0.25,), sleep=sleep)
    async with Bot(emu.token, base_url=emu.base_url, request=request) as bot:
        emu.faults.delay_next(method="setWebhook")  # the first try gets no answer in time
        assert await bot.set_webhook("https://bot.example.org/telegram", secret_token="s")
        emu.faults.delay_next(method="sendMessage")  # may arrive later: not repeated
        emu.user(user_id=USER_ID, first_name="Ada")
        with pytest.raises(TimedOut):
            await bot.send_message(USER_ID, "Jog 1:00")
        emu.faults.release()
    assert waits == [0.25]
    assert len(emu.calls_to("setWebhook")) == 2
    assert len(emu.calls_to("sendMessage")) == 1


async def test_a_400_is_logged_with_the_method_and_the_field_but_not_the_text(
    emu: Emulator, caplog: pytest.LogCaptureFixture,
) -> None:
    emu.user(user_id=USER_ID, first_name="Ada")
    async with Bot(emu.token, base_url=emu.base_url, request=AiohttpRequest()) as bot:
        with pytest.raises(BadRequest):
            await bot.send_message(USER_ID, "my back <b>hurts", parse_mode="HTML")
        with pytest.raises(BadRequest):
            await bot.send_message(404404, "my back hurts")
    refusals = [r.getMessage() for r in caplog.records if r.name == "bot.telegram.request"]
    assert refusals[0].startswith("Telegram refused sendMessage (field text): Bad Request: "
                                  "can't parse entities")
    assert refusals[1] == ("Telegram refused sendMessage (field chat_id): "
                           "Bad Request: chat not found")
    assert not any("hurts" in line for line in refusals)


@pytest.mark.parametrize(("description", "field"), [
    ("Bad Request: message text is empty", "text"),
    ("Bad Request: invalid reply_markup: wrong button", "reply_markup"),
    ("Bad Request: message_id is empty", "message_id"),
    ("Bad Request: something new", None),
])
def test_the_offending_field_is_named_or_inferred(description: str, field: str | None) -> None:
    assert offending_field(description, ["chat_id", "text", "reply_markup",
                                         "message_id"]) == field
