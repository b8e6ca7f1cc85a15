"""The HTTP side: an aiohttp server speaking the Telegram Bot API on localhost."""

from __future__ import annotations

import itertools
import logging
import re
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

# Importing the method modules registers their handlers.
from bot.emulator import api_messages, api_misc  # noqa: F401
from bot.emulator.errors import ApiError, EmulatorTimeout, not_found, unauthorized
from bot.emulator.faults import DropConnection, Faults
from bot.emulator.flood import REALISTIC_FLOOD_LIMITS, Clock, FloodLimiter, FloodLimits
from bot.emulator.models import ApiCall
from bot.emulator.params import Params
from bot.emulator.registry import lookup
from bot.emulator.state import ChatState, EmulatorState, Subscriber
from bot.emulator.user import SimulatedUser, set_blocked

logger = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456:TEST-token"
_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")


class Emulator:
    """A local Telegram Bot API server with simulated users, for demos and tests.

    Point python-telegram-bot at it with ``.base_url(f"{emu.url}/bot")`` and
    ``.base_file_url(f"{emu.url}/file/bot")``.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        username: str = "runback_bot",
        first_name: str = "runback",
        flood_limits: FloodLimits | None = REALISTIC_FLOOD_LIMITS,
        clock: Clock = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        if not _TOKEN_RE.fullmatch(token):
            raise ValueError(f"not a bot token: {token!r}")
        self.token = token
        self.host = host
        self.port = port
        self.bot_user: dict[str, Any] = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": first_name,
            "username": username,
        }
        limiter = None if flood_limits is None else FloodLimiter(flood_limits, clock)
        self.state = EmulatorState(self.bot_user, limiter, wall_clock)
        self.faults = Faults()
        self._users: dict[int, SimulatedUser] = {}
        self._user_ids = itertools.count(100_001)
        self._runner: web.AppRunner | None = None

    # Lifecycle -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL of the running server, e.g. ``http://127.0.0.1:54321``."""
        if self._runner is None:
            raise RuntimeError("the emulator is not running; call start() first")
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for PTB's ``base_url`` (``{url}/bot``)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for PTB's ``base_file_url`` (``{url}/file/bot``)."""
        return f"{self.url}/file/bot"

    async def start(self) -> None:
        """Start serving on the configured host; port 0 picks a free port."""
        if self._runner is not None:
            return
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self.state.updates.reopen()
        self.faults.reopen()
        self.port = int(runner.addresses[0][1])
        self._runner = runner

    async def stop(self) -> None:
        """Answer pending long polls and held calls, then shut the server down."""
        if self._runner is None:
            return
        self.state.updates.close()
        self.faults.close()
        await self.state.webhook.close()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # HTTP handlers -------------------------------------------------------------------

    @staticmethod
    def _reply(payload: dict[str, Any], status: int = 200) -> web.Response:
        return web.json_response(payload, status=status)

    def _check_token(self, token: str) -> None:
        if token != self.token:
            raise unauthorized() if _TOKEN_RE.fullmatch(token) else not_found()

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            self._check_token(request.match_info["token"])
            params = await Params.from_request(request)
            found = lookup(method)
            self.state.calls.append(ApiCall(found[0] if found else method, params.as_dict()))
            self.state.activity.notify()
            if found is None:
                raise not_found()
            name, handler = found
            drop = await self.faults.apply(name)
            result = await handler(self.state, params)
            if drop:
                raise DropConnection
        except DropConnection:
            return _hang_up(request)
        except ApiError as error:
            return self._reply(error.payload(), error.code)
        except Exception:
            logger.exception("emulator failed to handle %s", method)
            return self._reply(
                {"ok": False, "error_code": 500, "description": "Internal Server Error"}, 500
            )
        return self._reply({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        try:
            self._check_token(request.match_info["token"])
        except ApiError as error:
            return self._reply(error.payload(), error.code)
        stored = self.state.files.by_path(request.match_info["path"])
        if stored is None or stored.data is None:
            return self._reply(not_found().payload(), 404)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return self._reply(not_found().payload(), 404)

    # Simulated users -----------------------------------------------------------------

    def user(
        self,
        user_id: int | None = None,
        first_name: str = "Ada",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> SimulatedUser:
        """Create (or return the existing) simulated user with a private chat."""
        if user_id is not None and user_id in self._users:
            return self._users[user_id]
        if user_id is None:
            user_id = next(self._user_ids)
            while user_id in self._users:
                user_id = next(self._user_ids)
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        chat: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            user["last_name"] = chat["last_name"] = last_name
        if username:
            user["username"] = chat["username"] = username
        if language_code:
            user["language_code"] = language_code
        state = ChatState(user=user, chat=chat)
        self.state.chats[user_id] = state
        simulated = SimulatedUser(self.state, state)
        self._users[user_id] = simulated
        return simulated

    @property
    def users(self) -> list[SimulatedUser]:
        """All simulated users, in creation order."""
        return list(self._users.values())

    def _chat(self, chat_id: int) -> ChatState:
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise KeyError(f"no simulated user with chat id {chat_id}")
        return chat

    def block(self, chat_id: int, *, notify: bool = False) -> None:
        """Make the user block the bot: calls to the chat fail with 403 Forbidden.

        With `notify`, a my_chat_member update (status "kicked") is enqueued, as
        Telegram sends when a user blocks a bot.
        """
        set_blocked(self.state, self._chat(chat_id), True, notify)

    def unblock(self, chat_id: int, *, notify: bool = False) -> None:
        """Undo `block`; with `notify`, enqueue the my_chat_member update ("member")."""
        set_blocked(self.state, self._chat(chat_id), False, notify)

    # Observation ---------------------------------------------------------------------

    @property
    def calls(self) -> list[ApiCall]:
        """Every Bot API request received, as `(method, params)` in arrival order."""
        return self.state.calls

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """Parameters of every call to `method` (case-insensitive)."""
        return [call.params for call in self.state.calls if call.method.lower() == method.lower()]

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """The command list currently set for a scope (default scope) and language."""
        params = Params({"scope": scope or {"type": "default"}, "language_code": language_code})
        return [dict(c) for c in self.state.commands.get(api_misc.commands_key(params), [])]

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates the bot has not yet confirmed."""
        return self.state.updates.pending

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(action)` for every bot action; returns an unsubscribe function.

        The callback may be sync or async; an `asyncio.Queue.put_nowait` works too.
        """
        self.state.subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self.state.subscribers:
                self.state.subscribers.remove(callback)

        return unsubscribe

    async def wait_for_ack(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot fetched and confirmed every enqueued update."""
        if not await self.state.updates.wait_acked(timeout):
            pending = [u["update_id"] for u in self.state.updates.pending]
            raise EmulatorTimeout(f"updates {pending} not confirmed within {timeout}s")

    async def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[dict[str, Any]]:
        """Wait until `method` was requested at least `count` times; return their params."""
        if not await self.state.activity.wait_for(
            lambda: len(self.calls_to(method)) >= count, timeout
        ):
            raise EmulatorTimeout(
                f"{method} called {len(self.calls_to(method))} time(s), expected {count}"
            )
        return self.calls_to(method)


def _hang_up(request: web.Request) -> web.Response:
    """Close the request's connection; the response returned is never written."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=204)
