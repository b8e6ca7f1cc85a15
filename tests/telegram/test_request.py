"""The aiohttp client behind every Bot API call: bodies, errors and its life cycle."""

from __future__ import annotations

import asyncio
import socket

import pytest
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.emulator import Emulator
from bot.telegram.request import AiohttpRequest

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
    request = AiohttpRequest()
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
