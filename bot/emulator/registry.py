"""Registry of implemented Bot API methods, looked up case-insensitively like Telegram."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.emulator.params import Params
from bot.emulator.state import EmulatorState

Handler = Callable[[EmulatorState, Params], Awaitable[Any]]

_METHODS: dict[str, tuple[str, Handler]] = {}


def api_method(*names: str) -> Callable[[Handler], Handler]:
    """Register a coroutine as the implementation of one or more Bot API methods."""

    def register(handler: Handler) -> Handler:
        for name in names:
            _METHODS[name.lower()] = (name, handler)
        return handler

    return register


def lookup(method: str) -> tuple[str, Handler] | None:
    """Return `(canonical name, handler)` for a method name in any letter case."""
    return _METHODS.get(method.lower())
