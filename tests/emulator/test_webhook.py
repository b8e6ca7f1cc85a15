"""Webhook delivery as Telegram does it: POSTed with the secret header, in order, retried
until the bot answers 2xx, and getUpdates refused meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from bot.emulator import Emulator
from bot.emulator.webhook import SECRET_HEADER
from tests.emulator.conftest import Call


class Receiver:
    """A stand-in bot: answers each POST with the next scripted status (then 200)."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.received: list[tuple[str | None, dict[str, Any]]] = []
        self.arrived = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append((request.headers.get(SECRET_HEADER), await request.json()))
        self.arrived.set()
        status = self.statuses.pop(0) if self.statuses else 200
        return web.Response(status=status)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}/hook"

    def update_ids(self) -> list[int]:
        return [body["update_id"] for _, body in self.received]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    found = Receiver()
    await found.start()
    yield found
    assert found.runner is not None
    await found.runner.cleanup()


async def test_updates_are_posted_with_the_secret_in_order(
        emu: Emulator, call: Call, receiver: Receiver) -> None:
    assert await call("setWebhook", url=receiver.url, secret_token="s3cret") == (
        200, {"ok": True, "result": True})
    ada = emu.user(first_name="Ada")
    await ada.send("one")
    await ada.send("two")
    await emu.wait_for_ack(timeout=5)
    assert [secret for secret, _ in receiver.received] == ["s3cret", "s3cret"]
    assert [body["message"]["text"] for _, body in receiver.received] == ["one", "two"]
    status, body = await call("getUpdates")
    assert status == 409
    assert "webhook is active" in body["description"]


async def test_a_refused_delivery_is_retried_until_taken(
        emu: Emulator, call: Call, receiver: Receiver) -> None:
    receiver.statuses = [500, 403]
    await call("setWebhook", url=receiver.url, secret_token="s3cret")
    await emu.user(first_name="Ada").send("hello")
    await emu.wait_for_ack(timeout=5)
    assert receiver.update_ids() == [1, 1, 1]  # the same update until answered 200
    _, info = await call("getWebhookInfo")
    assert info["result"]["url"] == receiver.url
    assert info["result"]["pending_update_count"] == 0
    assert info["result"]["last_error_message"] == "Wrong response from the webhook: 403"


async def test_a_webhook_nobody_listens_on_keeps_the_update(emu: Emulator, call: Call) -> None:
    await call("setWebhook", url="http://127.0.0.1:9/nobody", secret_token="s3cret")
    await emu.user(first_name="Ada").send("hello")
    assert await emu.state.updates.signal.wait_for(lambda: bool(emu.state.webhook.deliveries), 5)
    _, info = await call("getWebhookInfo")
    assert info["result"]["pending_update_count"] == 1
    assert info["result"]["last_error_message"].startswith("Connection failed")
    await call("deleteWebhook")
    status, body = await call("getUpdates")
    assert status == 200 and [u["message"]["text"] for u in body["result"]] == ["hello"]


async def test_set_webhook_checks_its_parameters(call: Call) -> None:
    status, body = await call("setWebhook", url="ftp://example.org/hook")
    assert (status, body["description"]) == (
        400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    status, body = await call("setWebhook", url="https://example.org/hook",
                              secret_token="not allowed!")
    assert (status, body["description"]) == (
        400, "Bad Request: secret token contains unallowed characters")
    assert (await call("setWebhook", url=""))[1]["result"] is True  # removes it
    _, info = await call("getWebhookInfo")
    assert info["result"]["url"] == ""
