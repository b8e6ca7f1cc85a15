"""Status-message edits for live sessions: sent in the background, the newest one wins.

A cue is a new message, so the phone buzzes; the status message with Pause, Resume and Stop
is the panel the user scrolls back to. Its edits therefore never hold a cue up: they queue
here, a few at a time, and a session's queued edit is replaced by a newer one instead of
waiting behind it. With time to spare every phase gets its edit; in a burst (many sessions
changing phase in the same second) a panel skips straight to the newest phase.

An edit Telegram did not take (unreachable, 5xx, 429, or no answer in time) is tried again a
little later, unless a newer edit for the panel came meanwhile: only the newest text matters,
and editing a panel twice to the same text is harmless.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

log = logging.getLogger(__name__)

IN_FLIGHT = 2
"""Status edits sent at once; cue messages are not limited by this."""

RETRY_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0)
"""Waits before each new try of an edit Telegram did not take."""


@dataclass(frozen=True)
class Edit:
    """The text and buttons a session's status message should show."""

    chat_id: int
    message_id: int
    text: str
    markup: InlineKeyboardMarkup | None


class StatusBoard:
    """Edits status messages in the background, one at a time per session, newest first."""

    def __init__(self, bot: Bot, in_flight: int = IN_FLIGHT, *,
                 retry_delays: Sequence[float] = RETRY_DELAYS,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._bot = bot
        self._in_flight = in_flight
        self._retry_delays, self._sleep = tuple(retry_delays), sleep
        self._pending: dict[int, Edit] = {}  # by session id, oldest first
        self._busy: set[int] = set()  # sessions with an edit on its way
        self._dropped: set[int] = set()  # busy sessions whose edit is no longer wanted
        self._workers: set[asyncio.Task[None]] = set()

    def post(self, session_id: int, edit: Edit) -> None:
        """Show ``edit`` on the session's status message soon, replacing any edit still queued."""
        self._pending[session_id] = edit
        if len(self._workers) < self._in_flight:
            worker = asyncio.get_running_loop().create_task(self._work())
            self._workers.add(worker)
            worker.add_done_callback(self._workers.discard)

    def drop(self, session_id: int) -> None:
        """Forget the session's queued edit (it was paused, stopped or finished meanwhile)."""
        self._pending.pop(session_id, None)
        if session_id in self._busy:
            self._dropped.add(session_id)

    async def settled(self) -> None:
        """Wait until every queued edit has been sent."""
        while self._workers:
            await asyncio.gather(*self._workers, return_exceptions=True)

    async def close(self) -> None:
        """Stop sending; queued edits are dropped (a restart rebuilds every status)."""
        self._pending.clear()
        for worker in list(self._workers):
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)

    async def _work(self) -> None:
        while True:
            session_id = next((key for key in self._pending if key not in self._busy), None)
            if session_id is None:
                return
            edit = self._pending.pop(session_id)
            self._busy.add(session_id)
            try:
                await self._deliver(session_id, edit)
            except Exception:  # a bug must not stop the other sessions' panels
                log.exception("status message %s not edited", edit.message_id)
            finally:
                self._busy.discard(session_id)
                self._dropped.discard(session_id)

    async def _deliver(self, session_id: int, edit: Edit) -> None:
        """Send ``edit``, trying again while Telegram does not take it and nothing newer came."""
        for delay in self._retry_delays:
            if not await self._send(edit):
                return
            await self._sleep(delay)
            if session_id in self._pending or session_id in self._dropped:
                return  # a newer text replaces this one, or the panel is no longer wanted
        if await self._send(edit):
            log.warning("status message %s not edited: Telegram did not take it",
                        edit.message_id)

    async def _send(self, edit: Edit) -> bool:
        """Edit the panel; True when Telegram did not take the edit and it may be tried again."""
        try:
            await self._bot.edit_message_text(edit.text, chat_id=edit.chat_id,
                                              message_id=edit.message_id,
                                              reply_markup=edit.markup)
        except BadRequest as error:  # unchanged, or deleted by the user: the cue went out
            if "not modified" not in error.message.lower():
                log.info("status message %s not edited: %s", edit.message_id, error.message)
        except Forbidden as error:  # blocked: the session's cues deal with that
            log.warning("status message %s not edited: %s", edit.message_id, error)
        except (RetryAfter, TimedOut, NetworkError) as error:  # not taken, or no answer
            log.info("status message %s not edited yet: %s", edit.message_id, error)
            return True
        return False
