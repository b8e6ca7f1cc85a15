"""Failures a use case can end in that are not about the user's data, for the chat layer."""

from __future__ import annotations

from bot.storage.errors import StorageUnavailable

__all__ = ["StorageUnavailable"]
