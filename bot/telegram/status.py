"""Status-message edits for live sessions: sent in the background, the newest one wins.

A cue is a new message, so the phone buzzes; the status message with Pause, Resume and Stop
is the panel the user scrolls back to. Its edits therefore never hold a cue up: they queue
here, a few at a time, and a session's queued edit is replaced by a newer one instead of
waiting behind it. With time to spare every phase gets its edit; in a burst (many sessions
changing phase in the same second) a panel skips straight to the newest phase.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError

log = logging.getLogger(__name__)

IN_FLIGHT = 2
"""Status edits sent at once; cue messages are not limited by this."""


@dataclass(frozen=True)
class Edit:
    """The text and buttons a session's status message should show."""

    chat_id: int
    message_id: int
    text: str
    markup: InlineKeyboardMarkup | None


class StatusBoard:
    """Edits status messages in the background, one at a time per session, newest first."""

    def __init__(self, bot: Bot, in_flight: int = IN_FLIGHT) -> None:
        self._bot = bot
        self._in_flight = in_flight
        self._pending: dict[int, Edit] = {}  # by session id, oldest first
        self._busy: set[int] = set()  # sessions with an edit on its way
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
                await self._send(edit)
            except Exception:  # a bug must not stop the other sessions' panels
                log.exception("status message %s not edited", edit.message_id)
            finally:
                self._busy.discard(session_id)

    async def _send(self, edit: Edit) -> None:
        try:
            await self._bot.edit_message_text(edit.text, chat_id=edit.chat_id,
                                              message_id=edit.message_id,
                                              reply_markup=edit.markup)
        except BadRequest as error:  # unchanged, or deleted by the user: the cue went out
            if "not modified" not in error.message.lower():
                log.info("status message %s not edited: %s", edit.message_id, error.message)
        except (Forbidden, NetworkError) as error:  # blocked, or Telegram unreachable
            log.warning("status message %s not edited: %s", edit.message_id, error)
