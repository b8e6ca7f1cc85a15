"""The HTTP client for Bot API calls: python-telegram-bot's request interface over aiohttp.

PTB's own client is built on httpx, which costs about 1.7 ms of CPU per Bot API call here;
aiohttp costs about 0.3 ms (`bench/cues.py` and the README have the figures). A live session
sends a message at every phase change, so at a thousand sessions the difference decides
whether cues go out on time.

Requests beyond ``connections`` wait their turn in order, without a pool time-out: a burst of
cues due in the same second queues here instead of failing.

A request that certainly did not reach Telegram (the connection could not be opened, or the
Bot API answered 5xx) is tried again here a few times, a short while apart, so every send
(replies, cues, panels, reminders) rides out a blip in one place. A request that may have
arrived (the answer timed out, or the connection dropped after the request was written) is
never repeated: it raises ``TimedOut`` and the caller decides; only a call that changes
nothing when done twice (``SAFE_TO_REPEAT``: reading, or setting the same value again) is
tried again after a time-out as well. A 400 is logged with the method and the parameter it is
about, never the values.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, cast

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot import metrics

log = logging.getLogger(__name__)

CONNECTIONS = 8
"""Requests in flight at once."""

RETRY_DELAYS: tuple[float, ...] = (0.25, 0.75)
"""Waits before each new try of a request that did not reach Telegram; one second in all, so a
reply is never held more than a few seconds."""

SAFE_TO_REPEAT = frozenset({
    "getme", "getchat", "getfile", "getwebhookinfo", "getmycommands",
    "setmycommands", "deletemycommands", "setwebhook", "deletewebhook",
})
"""Methods whose second arrival does no harm, so a time-out is tried again like a 5xx."""

Sleep = Callable[[float], Awaitable[None]]


class Unreached(NetworkError):
    """No connection to Telegram could be opened: the request certainly did not arrive."""


class Dropped(TimedOut):
    """The connection closed after the request was written and before an answer came: the
    request may have arrived, exactly as after a read time-out."""


class AiohttpRequest(BaseRequest):
    """Sends Bot API requests with an aiohttp session, at most ``connections`` at a time.

    Time-outs are PTB's: ``connect`` for opening a connection, ``read`` for the answer once
    the request is written, and ``write`` (``media_write`` when files are uploaded) for
    writing it. aiohttp has no write time-out of its own, so the whole request is bounded by
    the sum of the three.
    """

    def __init__(self, connections: int = CONNECTIONS, *, connect_timeout: float | None = 5.0,
                 read_timeout: float | None = 5.0, write_timeout: float | None = 5.0,
                 media_write_timeout: float | None = 20.0,
                 retry_delays: Sequence[float] = RETRY_DELAYS,
                 sleep: Sleep = asyncio.sleep) -> None:
        self._connections = connections
        self._retry_delays, self._sleep = tuple(retry_delays), sleep
        self._connect, self._read = connect_timeout, read_timeout
        self._write, self._media_write = write_timeout, media_write_timeout
        self._slots = asyncio.Semaphore(connections)
        self._session: aiohttp.ClientSession | None = None
        self._headers = {"User-Agent": self.USER_AGENT}
        self._json_headers = {**self._headers, "Content-Type": "application/json"}

    @property
    def read_timeout(self) -> float | None:
        """The default read time-out, in seconds."""
        return self._read

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections)
            self._session = aiohttp.ClientSession(connector=connector)

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request once a connection is free; return the status and the body.

        A request that did not reach Telegram is tried again after each of ``retry_delays``;
        the last failure (``Unreached``) or 5xx answer is the caller's. A time-out left at
        ``BaseRequest.DEFAULT_NONE`` is this client's own; None means no limit.
        """
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        connect = _given(connect_timeout, self._connect)
        read = _given(read_timeout, self._read)
        write = _given(write_timeout, self._media_write if files else self._write)
        limits = aiohttp.ClientTimeout(total=_sum(connect, write, read), sock_connect=connect,
                                        sock_read=read)
        repeatable = (Unreached, TimedOut) if _safe_to_repeat(url) else (Unreached,)
        for delay in self._retry_delays:
            try:
                status, body = await self._once(session, url, method, request_data, limits)
            except repeatable:
                pass
            else:
                if status < 500:
                    return status, body
            await self._sleep(delay)
        return await self._once(session, url, method, request_data, limits)

    async def _once(self, session: aiohttp.ClientSession, url: str, method: str,
                    request_data: RequestData | None,
                    limits: aiohttp.ClientTimeout) -> tuple[int, bytes]:
        files = request_data.multipart_data if request_data else None
        body, headers = _body(request_data, files), self._headers
        if isinstance(body, bytes):
            headers = self._json_headers
        async with self._slots:
            try:
                async with session.request(method, url, data=body, timeout=limits,
                                           headers=headers) as response:
                    status, answer = response.status, await response.read()
            except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:
                raise Unreached(f"aiohttp.{type(error).__name__}: {error}") from error
            except TimeoutError as error:
                raise TimedOut from error
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError,
                    aiohttp.ClientOSError) as error:
                raise Dropped(f"aiohttp.{type(error).__name__}: {error}") from error
            except aiohttp.ClientError as error:
                raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
        api_method = url.rsplit("/", 1)[-1]
        metrics.telegram_answered(api_method, status)
        if status == 400:
            _log_refusal(api_method, request_data, answer)
        return status, answer


def _safe_to_repeat(url: str) -> bool:
    return url.rsplit("/", 1)[-1].lower() in SAFE_TO_REPEAT


def _given(value: object, default: float | None) -> float | None:
    """The time-out a call asked for, or ``default`` when it left it unset."""
    if value is BaseRequest.DEFAULT_NONE:
        return default
    return cast("float | None", value)


def _sum(*parts: float | None) -> float | None:
    """The total of the time-outs, or None (no limit) when any of them is unlimited."""
    total = 0.0
    for part in parts:
        if part is None:
            return None
        total += part
    return total


def _body(request_data: RequestData | None, files: Any) -> aiohttp.FormData | bytes | None:
    """The parameters as JSON (cheaper to encode than a form); multipart when files go too."""
    if request_data is None:
        return None
    if not files:
        return request_data.json_payload
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form


# Telegram's descriptions that name no parameter, and the parameter they are about.
_FIELD_OF = (
    ("chat not found", "chat_id"),
    ("message text is empty", "text"),
    ("text is too long", "text"),
    ("can't parse entities", "text"),
    ("message to edit not found", "message_id"),
    ("message to delete not found", "message_id"),
    ("message is not modified", "text"),
    ("button_data_invalid", "reply_markup"),
    ("reply markup", "reply_markup"),
    ("query is too old", "callback_query_id"),
)


def offending_field(description: str, parameters: Sequence[str]) -> str | None:
    """The request parameter a 400 answer is about: one it names, or one its wording means."""
    lowered = description.lower()
    for name in sorted(parameters, key=len, reverse=True):
        if re.search(rf"\b{re.escape(name.lower())}\b", lowered):
            return name
    return next((name for phrase, name in _FIELD_OF if phrase in lowered), None)


def _log_refusal(api_method: str, request_data: RequestData | None, answer: bytes) -> None:
    """Log a 400 with the method and the offending field; never the values (health data)."""
    try:
        description = str(json.loads(answer).get("description", ""))
    except (ValueError, AttributeError):
        description = ""
    parameters = list(request_data.parameters) if request_data else []
    field = offending_field(description, parameters) or "unknown"
    log.warning("Telegram refused %s (field %s): %s", api_method, field, description)
