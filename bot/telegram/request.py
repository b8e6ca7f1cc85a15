"""The HTTP client for Bot API calls, with a bound on requests in flight."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.request import HTTPXRequest

IN_FLIGHT = 8
"""Requests open at once; more wait here. httpcore's pool slows down sharply (it rescans
every queued request for each free connection) when hundreds of requests queue inside it,
as they do when many sessions reach a cue in the same second."""


class BoundedRequest(HTTPXRequest):
    """``HTTPXRequest`` that lets at most ``limit`` requests be in flight at once."""

    def __init__(self, limit: int = IN_FLIGHT, **kwargs: Any) -> None:
        super().__init__(connection_pool_size=limit, **kwargs)
        self._slots = asyncio.Semaphore(limit)

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """Send one request once a slot is free."""
        async with self._slots:
            return await super().do_request(*args, **kwargs)
