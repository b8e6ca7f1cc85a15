"""The bot's own HTTP server: Telegram's webhook, ``/healthz`` and ``/metrics`` on one port.

An update is answered 200 only once its handlers have run, so an update Telegram counts as
delivered has been handled; one cut off by a crash is delivered again, and handlers drop a
second delivery by its update id (``bot/telegram/once.py``). Updates are handled one at a
time, in the order they arrive, as in polling mode. A request without Telegram's secret
header is refused with 403 before anything reads its body.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot import metrics
from bot.services.container import Services

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
SHUTDOWN_SECONDS = 8.0
"""How long a stop waits for updates being handled before it cuts them off."""


@dataclass(frozen=True)
class Webhook:
    """Where updates are posted on this server, and the secret each must carry."""

    path: str
    secret_token: str


class WebServer:
    """Serves ``/healthz`` and ``/metrics``, and updates too when given a ``Webhook``."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 services: Services, *, listen: str, port: int,
                 webhook: Webhook | None = None) -> None:
        self.application = application
        self.services = services
        self.listen = listen
        self.port = port
        self.webhook = webhook
        self._one_at_a_time = asyncio.Lock()
        self._runner: web.AppRunner | None = None
        self._open = False

    async def start(self) -> None:
        """Listen on ``listen:port`` (port 0 picks a free one, then ``port`` says which)."""
        app = web.Application()
        app.router.add_get(HEALTH_PATH, self._health)
        app.router.add_get(METRICS_PATH, self._metrics)
        if self.webhook is not None:
            app.router.add_post(self.webhook.path, self._update)
        runner = web.AppRunner(app, handle_signals=False, access_log=None,
                               shutdown_timeout=SHUTDOWN_SECONDS)
        await runner.setup()
        site = web.TCPSite(runner, self.listen, self.port)
        await site.start()
        self.port = int(runner.addresses[0][1])
        self._runner = runner
        log.info("serving %s on %s:%d", "the webhook, health and metrics" if self.webhook
                 else "health and metrics", self.listen, self.port)

    def open(self) -> None:
        """The bot is started: updates are handled from now on."""
        self._open = True

    async def stop(self) -> None:
        """Take no new updates, let those being handled finish, then close."""
        self._open = False
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _update(self, request: web.Request) -> web.Response:
        assert self.webhook is not None
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.webhook.secret_token.encode()):
            log.warning("refused a webhook request without the right secret token")
            return web.Response(status=403, text="forbidden")
        if not self._open:  # starting or stopping: Telegram tries again a moment later
            return web.Response(status=503, text="not ready")
        try:
            data = await request.json()
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            log.warning("refused a webhook request whose body is not an update")
            return web.Response(status=400, text="not an update")
        async with self._one_at_a_time:
            await self.application.process_update(update)
        return web.Response(text="ok")

    async def _health(self, request: web.Request) -> web.Response:
        if await self.services.health.database_reachable():
            return web.json_response({"status": "ok", "database": "reachable"})
        return web.json_response({"status": "unavailable", "database": "unreachable"},
                                 status=503)

    async def _metrics(self, request: web.Request) -> web.Response:
        body, content_type = metrics.exposition()
        response = web.Response(body=body)
        response.headers["Content-Type"] = content_type
        return response
