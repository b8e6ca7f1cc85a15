"""Runs live sessions in the chat: each cue as a new message, one status message, the timers.

A session's start, pauses and level are in the database; the runner keeps a copy of each
running session's clock and the last cue it sent, so a cue costs no database work. After a
restart the copy is rebuilt from the database and the user hears once where they are.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from telegram import Bot, InlineKeyboardMarkup

from bot.domain import live
from bot.domain.live import Advance, Cue, CueKind
from bot.services.container import Services
from bot.services.errors import StorageUnavailable
from bot.services.sessions import LiveView
from bot.telegram import keyboards, texts
from bot.telegram.status import Edit, StatusBoard

KEY = "live_sessions"
STARTING = 2
"""Sessions whose start is in the database at once. A burst of starts waits its turn here
instead of crowding the running sessions' cues off the event loop; each session's clock starts
only once its start is written, so waiting here never shortens a phase."""
log = logging.getLogger(__name__)

Wake = Callable[[int], Awaitable[None]]
"""What a timer calls with the session id when that session's wake-up comes."""


class Timers(Protocol):
    """One pending wake-up per session: the job queue in production, a recorder in tests."""

    def wake_at(self, session_id: int, at: datetime) -> None:
        """Replace the session's pending wake-up with one at ``at``."""
        ...

    def cancel(self, session_id: int) -> None:
        """Forget the session's pending wake-up, if any."""
        ...


@dataclass
class Running:
    """A running session as the runner tracks it."""

    view: LiveView
    sent: int = -1  # index of the last cue sent


def cue_message(level: int, cue: Cue, remaining: int | None = None,
                late: bool | None = None) -> str:
    """The message a cue sends; ``late`` (not None) says where the user is now instead, after a
    restart (True) or when phases went by unseen (False), with ``remaining`` seconds left."""
    encourage = texts.ENCOURAGEMENTS[level % len(texts.ENCOURAGEMENTS)]
    if cue.kind is CueKind.ENCOURAGE:
        return f"💬 {encourage}"
    if cue.kind is CueKind.FINISH or cue.phase is None:
        return texts.finished(late is True)
    return texts.cue(cue.phase, cue.next_phase, encourage if cue.encourage else None,
                     remaining, late)


class SessionRunner:
    """Starts sessions, sends their cues when due and rebuilds their timers after a restart."""

    def __init__(self, bot: Bot, services: Services, timers: Callable[[Wake], Timers]) -> None:
        """``timers`` builds the runner's timers from what they wake (the runner's tick)."""
        self.bot = bot
        self.services = services
        self.sessions = services.sessions
        self.timers = timers(self.tick)
        self.status = StatusBoard(bot)
        self.running: dict[int, Running] = {}
        self._starting = asyncio.Semaphore(STARTING)
        self._status_ids: dict[int, int] = {}  # waiting to be stored
        self._saving: asyncio.Task[None] | None = None

    async def begin(self, user_id: int, pain_now: int | None = None) -> None:
        """Start a session (errors from the session rules propagate) and send the first cue."""
        async with self._starting:
            view = await self.sessions.start(user_id, pain_now)
        state = Running(view)
        self.running[view.session_id] = state
        await self._new_status_message(state)
        await self.tick(view.session_id)

    async def refresh(self, session_id: int) -> None:
        """Re-read a session after it changed (started, paused, resumed); forget it if ended."""
        self.status.drop(session_id)
        view = await self.sessions.load_live(session_id)
        if view is None:
            self.forget(session_id)
            return
        known = self.running.get(session_id)
        self.running[session_id] = Running(view, known.sent if known else -1)

    async def paused(self, session_id: int, deadline: datetime | None) -> None:
        """The user paused a session: re-read it, and wake at ``deadline`` to ask whether to
        go on (no deadline, no wake-up)."""
        await self.refresh(session_id)
        if deadline is not None:
            self.timers.wake_at(session_id, deadline)

    def forget(self, session_id: int) -> None:
        """The session stopped: no more cues."""
        self.running.pop(session_id, None)
        self.timers.cancel(session_id)
        self.status.drop(session_id)

    async def close(self) -> None:
        """The bot is stopping: no more status edits; the status message ids are stored."""
        await self.status.close()
        await self.settled()

    async def _new_status_message(self, state: Running) -> None:
        """Send the session's status message with its buttons; its id is stored meanwhile."""
        view = state.view
        status = await self.bot.send_message(
            view.user_id, texts.status(view.level, None, None),
            reply_markup=keyboards.live_controls(view.session_id, paused=view.clock.paused),
        )
        state.view = replace(view, status_message_id=status.message_id)
        self._store_status_message(view.session_id, status.message_id)

    async def settled(self) -> None:
        """Wait until queued status edits are sent and status message ids stored."""
        await self.status.settled()
        while self._saving is not None and not self._saving.done():
            await self._saving

    def _store_status_message(self, session_id: int, message_id: int) -> None:
        """Store the status message id in the background, many sessions' ids at a time: it
        only matters after a restart, and a burst of starts then costs one write, not many."""
        self._status_ids[session_id] = message_id
        if self._saving is None or self._saving.done():
            self._saving = asyncio.get_running_loop().create_task(self._save_status_messages())

    async def _save_status_messages(self) -> None:
        while self._status_ids:
            batch, self._status_ids = self._status_ids, {}
            try:
                await self.sessions.set_status_messages(batch)
            except StorageUnavailable:  # after a restart these sessions get a new status message
                log.warning("status message ids of %d sessions not stored", len(batch),
                            exc_info=True)

    async def tick(self, session_id: int) -> None:
        """Send whatever is due for a session now, then sleep until its next cue."""
        self.timers.cancel(session_id)
        state = self.running.get(session_id)
        if state is None:
            return
        clock = state.view.clock
        if clock.paused:
            await self._paused(state, announce=False)
            return
        step = live.advance(state.view.level, state.sent, clock, self.services.now())
        state.sent = step.sent
        for cue in step.ready:
            if not await self._send_cue(state, step, cue, restart=False):
                return
        self._sleep_until_next(state, step)

    def _sleep_until_next(self, state: Running, step: Advance) -> None:
        if step.next_cue is None:
            return
        at = state.view.clock.moment_of(step.next_cue.at, self.services.now())
        if at is not None:
            self.timers.wake_at(state.view.session_id, at)

    async def _send_cue(self, state: Running, step: Advance, cue: Cue, *, restart: bool) -> bool:
        """Send one cue; False when the session turned out to be over."""
        view = state.view
        late = True if restart else (False if step.caught_up else None)
        if cue.kind is CueKind.FINISH:
            await self._finish(state, late is True)
            return False
        remaining = None
        if late is not None and cue.phase is not None:
            remaining = int(cue.phase.end - step.elapsed)
        await self.bot.send_message(view.user_id, cue_message(view.level, cue, remaining, late))
        if cue.phase is None:
            return True
        self._edit_status(view, texts.status(view.level, cue.phase, None),
                          keyboards.live_controls(view.session_id, paused=False))
        return True

    async def _finish(self, state: Running, away: bool) -> None:
        view = state.view
        self.forget(view.session_id)
        # The finish is a cue like the others: it goes out on time, before the database work.
        await self.bot.send_message(view.user_id, texts.finished(away))
        if not await self.sessions.finish_live(view.session_id):
            return  # stopped a moment ago: the stop's own answer follows
        peak = keyboards.peak_pain(view.session_id)
        await self.bot.send_message(view.user_id, texts.PEAK_QUESTION, reply_markup=peak)
        self._edit_status(view, texts.finished(False), None)

    def _edit_status(self, view: LiveView, text: str,
                     markup: InlineKeyboardMarkup | None) -> None:
        if view.status_message_id is not None:
            self.status.post(view.session_id,
                             Edit(view.user_id, view.status_message_id, text, markup))

    async def _paused(self, state: Running, announce: bool) -> None:
        session_id, user_id = state.view.session_id, state.view.user_id
        if await self.sessions.mark_pause_asked(session_id):
            await self.bot.send_message(user_id, texts.LONG_PAUSE,
                                        reply_markup=keyboards.long_pause(session_id))
            return
        if announce:
            await self.bot.send_message(user_id, texts.PAUSED,
                                        reply_markup=keyboards.live_controls(session_id, True))
        deadline = await self.sessions.pause_deadline(session_id)
        if deadline is not None:
            self.timers.wake_at(session_id, deadline)

    async def restore(self) -> int:
        """After a start-up: pick up every running session from where its clock says it is,
        with one message saying where the user is now (missed phases are not replayed)."""
        views = await self.sessions.live_sessions()
        for view in views:
            state = Running(view)
            self.running[view.session_id] = state
            if view.status_message_id is None:  # its id was not stored before the restart
                await self._new_status_message(state)
            if view.clock.paused:
                await self._paused(state, announce=True)
                continue
            step = live.advance(view.level, -1, view.clock, self.services.now())
            state.sent = step.sent
            where = step.ready[-1] if step.ready[-1].kind is CueKind.FINISH else step.current
            if where is not None and await self._send_cue(state, step, where, restart=True):
                self._sleep_until_next(state, step)
        return len(views)
