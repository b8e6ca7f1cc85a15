"""Runs live sessions in the chat: each cue as a new message, one status message, the timers.

Ten seconds before each change the status message says what is coming ("Jog in 10 s"): an
edit, so it costs no notification and never crowds the cue that follows.

A session's start, pauses and level are in the database; the runner keeps a copy of each
running session's clock and the last cue it sent, so a cue costs no database work. After a
restart the copy is rebuilt from the database and the user hears once where they are.

A session's clock never depends on a send: the next wake-up is set before anything is sent.
A cue Telegram does not take (an error, a 429, no connection) is tried again with backoff,
and if the next cue falls due meanwhile the two become one message saying where the user is.
A locked or unreachable database at the finish is tried again the same way, without saying
"done" twice. A refusal (403) that stands for ``REFUSED_FOR`` deactivates the user and sets
the session aside.

With several processes on one database only the leader (``leading``) times sessions. A
follower starts, pauses, resumes and stops them in the database as usual and announces the
change; the leader re-reads the session (``reconcile``) and sends what is due. A regular
``sweep`` catches any announcement lost, and a new leader picks up every running session.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut

from bot import metrics
from bot.domain import live
from bot.domain.cue_modes import CueMode
from bot.domain.live import Advance, Cue, CueKind
from bot.services.container import Services
from bot.services.errors import StorageUnavailable
from bot.services.sessions import STOP_OTHER, LiveView, NoSession
from bot.telegram import keyboards, texts
from bot.telegram.audio import send_track
from bot.telegram.status import Edit, StatusBoard

KEY = "live_sessions"
STARTING = 2
"""Sessions whose start is in the database at once. A burst of starts waits its turn here
instead of crowding the running sessions' cues off the event loop; each session's clock starts
only once its start is written, so waiting here never shortens a phase."""
RETRY_FIRST = timedelta(seconds=5)
RETRY_LONGEST = timedelta(seconds=30)
"""A cue or a finish that failed is tried again after 5 s, then 10, 20, and every 30 s."""
REFUSED_FOR = timedelta(minutes=1)
"""A user whose chat refuses every cue this long has blocked the bot (a short 403 is retried)."""
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


class Stage(Enum):
    """How far a session is towards its check-in."""

    RUNNING = "running"
    DONE_SAID = "done said"  # "Session done!" is sent; the finish is not yet stored
    STORED = "stored"  # the finish is stored; the check-in question is not yet sent


@dataclass
class Running:
    """A running session as the runner tracks it."""

    view: LiveView
    sent: int = -1  # index of the last cue sent
    stage: Stage = Stage.RUNNING
    failures: int = 0  # attempts in a row that failed
    refused_since: datetime | None = None  # the first 403 of a run of them
    wake: datetime | None = None  # the pending wake-up, if any


class NotSent(Exception):
    """Telegram did not take a message; try again after ``wait`` (None: the usual backoff)."""

    def __init__(self, wait: timedelta | None = None, *, refused: bool = False) -> None:
        super().__init__(wait)
        self.wait = wait
        self.refused = refused


def cue_message(level: int, cue: Cue, remaining: int | None = None,
                late: bool | None = None, *, flare: bool = False) -> str:
    """The message a cue sends; ``late`` (not None) says where the user is now instead, after a
    restart (True) or when phases went by unseen (False), with ``remaining`` seconds left."""
    encourage = texts.ENCOURAGEMENTS[level % len(texts.ENCOURAGEMENTS)]
    if cue.kind is CueKind.ENCOURAGE:
        return texts.encouragement(encourage)
    if cue.kind is CueKind.ENOUGH:
        return texts.FLARE_WALK_ENOUGH
    if cue.kind is CueKind.FINISH or cue.phase is None:
        return texts.finished(late is True, flare=flare)
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
        self._unpinning: set[asyncio.Task[None]] = set()
        self._announcing: set[asyncio.Task[None]] = set()
        self.leading = True
        """Whether this process times sessions (see the module docstring)."""

    async def begin(self, user_id: int, pain_now: int | None = None) -> None:
        """Start a session (errors from the session rules propagate) and send the first cue."""
        async with self._starting:
            view = await self.sessions.start(user_id, pain_now)
        # A sweep may have picked the session up already; its clock is the same one.
        state = self.running.setdefault(view.session_id, Running(view))
        try:
            await self._new_status_message(state)
        except TelegramError as error:  # the cues go on; a restart sends the panel again
            log.warning("status message of session %s not sent: %s", view.session_id, error)
        if view.cue_mode.track:
            await self._send_track(view)
        if not self.leading:
            await self._hand_over(view.session_id)
            return
        await self.tick(view.session_id)

    async def _hand_over(self, session_id: int) -> None:
        """A follower started the session: the leader times it, once its status message id
        is stored."""
        self.running.pop(session_id, None)
        while self._saving is not None and not self._saving.done():
            await self._saving
        await self._announce(session_id)

    async def _announce(self, session_id: int | None) -> None:
        try:
            await self.services.sessions.announce_change(session_id)
        except StorageUnavailable:  # the leader's next sweep finds the change anyway
            log.warning("change of session %s not announced to the leader", session_id)

    def _announce_soon(self, session_id: int | None) -> None:
        task = asyncio.get_running_loop().create_task(self._announce(session_id))
        self._announcing.add(task)
        task.add_done_callback(self._announcing.discard)

    async def _send_track(self, view: LiveView) -> None:
        """Start with the cue mode's audio track: the session is recorded all the same, and
        if Telegram does not take the track the user gets its button to try again."""
        try:
            track = await self.services.audio.for_session(view.user_id, view.session_id)
            await send_track(self.bot, view.user_id, track, self.services.audio)
        except TelegramError as error:
            log.warning("track of session %s not sent: %s", view.session_id, error)
            # If even this fails, the panel's buttons still stop or finish the session.
            with contextlib.suppress(TelegramError):
                await self.bot.send_message(view.user_id, texts.AUDIO_FAILED,
                                            reply_markup=keyboards.audio_of(view.session_id))

    async def cue_mode(self, session_id: int) -> CueMode:
        """How a running session's cues arrive (chat for one that has ended)."""
        state = self.running.get(session_id)
        if state is not None:
            return state.view.cue_mode
        view = None if self.leading else await self.sessions.load_live(session_id)
        return CueMode.CHAT if view is None else view.cue_mode

    async def refresh(self, session_id: int) -> None:
        """Re-read a session after it changed (started, paused, resumed); forget it if ended."""
        self.status.drop(session_id)
        view = await self.sessions.load_live(session_id)
        if view is None:
            self.forget(session_id)
            return
        known = self.running.get(session_id)
        if known is not None and view.status_message_id is None:  # its id is still being stored
            view = replace(view, status_message_id=known.view.status_message_id)
        state = self.running[session_id] = Running(view, known.sent if known else -1)
        if state.sent >= 0:  # the status shows the pause or the resume at once
            self._post_status(state)

    async def paused_session(self, user_id: int) -> int | None:
        """The user's running session that stands paused, if any."""
        if not self.leading:
            return await self.sessions.paused_live(user_id)
        return next((key for key, state in self.running.items()
                     if state.view.user_id == user_id and state.view.clock.paused), None)

    async def resumed(self, session_id: int) -> None:
        """The user resumed a session: re-read it and send whatever fell due."""
        if not self.leading:
            await self._announce(session_id)
            return
        await self.refresh(session_id)
        await self.tick(session_id)

    async def paused(self, session_id: int, deadline: datetime | None) -> None:
        """The user paused a session: re-read it, and wake at ``deadline`` to ask whether to
        go on (no deadline, no wake-up)."""
        if not self.leading:
            await self._announce(session_id)
            return
        await self.refresh(session_id)
        if deadline is not None:
            self.timers.wake_at(session_id, deadline)

    async def reconcile(self, session_id: int) -> None:
        """Another process started or changed the session: time it from the database."""
        if not self.leading:
            return
        known = self.running.get(session_id)
        if known is not None and known.stage is not Stage.RUNNING:
            return  # finishing: the stored session no longer says more than the runner knows
        view = await self.sessions.load_live(session_id)
        if view is None:
            self.forget(session_id)
        elif known is None:
            self.running[session_id] = Running(view)
            await self.tick(session_id)
        elif view.clock != known.view.clock:
            await self._changed(session_id, view)

    async def _changed(self, session_id: int, view: LiveView) -> None:
        await self.refresh(session_id)
        if not view.clock.paused:
            await self.tick(session_id)
        elif (deadline := await self.sessions.pause_deadline(session_id)) is not None:
            self.timers.wake_at(session_id, deadline)

    async def sweep(self) -> None:
        """Bring the running sessions in line with the database: an announcement may have been
        lost (a follower's write that committed, a notice that did not arrive)."""
        if not self.leading:
            return
        stored = {view.session_id: view for view in await self.sessions.live_sessions()}
        for session_id, state in list(self.running.items()):
            if session_id not in stored and state.stage is Stage.RUNNING:
                self.forget(session_id)
        for session_id, view in stored.items():
            known = self.running.get(session_id)
            if known is None:
                self.running[session_id] = Running(view)
                await self.tick(session_id)
            elif known.stage is Stage.RUNNING and view.clock != known.view.clock:
                await self._changed(session_id, view)

    def step_down(self) -> None:
        """Another process times sessions from now on: every timer here stops."""
        self.leading = False
        for session_id in list(self.running):
            self.timers.cancel(session_id)
            self.status.drop(session_id)
        self.running.clear()

    def forget(self, session_id: int) -> None:
        """The session stopped: no more cues, and its status message is unpinned."""
        if not self.leading:
            self._announce_soon(session_id)
            return
        state = self.running.pop(session_id, None)
        self.timers.cancel(session_id)
        self.status.drop(session_id)
        if state is not None and state.view.status_message_id is not None:
            task = asyncio.get_running_loop().create_task(self._unpin(state.view))
            self._unpinning.add(task)
            task.add_done_callback(self._unpinning.discard)

    async def _unpin(self, view: LiveView) -> None:
        try:
            await self.bot.unpin_chat_message(view.user_id, view.status_message_id)
        except TelegramError as error:  # deleted by the user, or the chat is gone
            log.info("status message of session %s not unpinned: %s", view.session_id, error)

    def forget_user(self, user_id: int) -> None:
        """The user's data is gone (``/delete``): none of their sessions sends anything more."""
        if not self.leading:
            self._announce_soon(None)
            return
        for session_id in [key for key, state in self.running.items()
                           if state.view.user_id == user_id]:
            self.forget(session_id)

    async def close(self) -> None:
        """The bot is stopping: no more status edits; the status message ids are stored."""
        await self.status.close()
        await self.settled()

    async def _new_status_message(self, state: Running) -> None:
        """Send the session's status message with its buttons; its id is stored meanwhile."""
        view = state.view
        text = (texts.status(view.level, None, None, 0, paused=False, flare=view.flare)
                if view.cue_mode.chat_cues else texts.audio_status(view.level, view.clock.paused))
        status = await self.bot.send_message(
            view.user_id, text, reply_markup=keyboards.live_controls(
                view.session_id, paused=view.clock.paused, mode=view.cue_mode),
        )
        state.view = replace(view, status_message_id=status.message_id)
        self._store_status_message(view.session_id, status.message_id)
        try:  # pinned, Pause and Stop stay one tap away however many cues follow
            await self.bot.pin_chat_message(view.user_id, status.message_id,
                                            disable_notification=True)
        except TelegramError as error:
            log.info("status message of session %s not pinned: %s", view.session_id, error)

    async def settled(self) -> None:
        """Wait until queued status edits are sent and status message ids stored."""
        await self.status.settled()
        while self._saving is not None and not self._saving.done():
            await self._saving
        while self._unpinning or self._announcing:
            await asyncio.gather(*self._unpinning, *self._announcing, return_exceptions=True)

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
        """Send whatever is due for a session now, then sleep until its next cue; what
        fails is tried again later (see the module docstring), never raised."""
        state = self.running.get(session_id)
        if state is None:
            self.timers.cancel(session_id)
            return
        await self._guarded(state, self._run(state))

    async def _guarded(self, state: Running, work: Awaitable[None]) -> None:
        """Do a session's work; when Telegram or the database fails it, wake again later."""
        try:
            await work
        except StorageUnavailable:
            log.warning("session %s waits for the database", state.view.session_id)
            self._retry(state, None)
        except NotSent as failed:
            if failed.refused and self._refused_long_enough(state):
                await self._end_refused(state)
            else:
                self._retry(state, failed.wait)
        else:
            state.failures = 0

    async def _run(self, state: Running) -> None:
        self.timers.cancel(state.view.session_id)  # this wake-up has come; any next is set anew
        state.wake = None
        if state.stage is not Stage.RUNNING:
            await self._finish(state, False)
            return
        clock = state.view.clock
        if clock.paused:
            await self._paused(state, announce=False)
            return
        step = _for_mode(state.view, live.advance(state.view.level, state.sent, clock,
                                                  self.services.now(), state.view.flare))
        self._sleep_until_next(state, step)  # first, so a failed send cannot stop the clock
        for cue in step.ready:
            if not await self._send_cue(state, step, cue, restart=False):
                return
        state.sent = step.sent

    def _wake(self, state: Running, at: datetime) -> None:
        state.wake = at
        self.timers.wake_at(state.view.session_id, at)

    def _sleep_until_next(self, state: Running, step: Advance) -> None:
        if step.next_cue is None:
            return
        at = state.view.clock.moment_of(step.next_cue.at, self.services.now())
        if at is not None:
            self._wake(state, at)

    def _retry(self, state: Running, wait: timedelta | None) -> None:
        """Wake again after a backoff, or at the next cue if that comes sooner."""
        state.failures += 1
        backoff = min(RETRY_LONGEST, RETRY_FIRST * 2 ** (state.failures - 1))
        now = self.services.now()
        at = now + max(backoff, wait or timedelta(0))
        if state.wake is not None and now < state.wake < at:
            at = state.wake
        log.info("session %s tries again at %s", state.view.session_id, at.isoformat())
        self._wake(state, at)

    def _refused_long_enough(self, state: Running) -> bool:
        now = self.services.now()
        if state.refused_since is None:
            state.refused_since = now
        return now - state.refused_since >= REFUSED_FOR

    async def _end_refused(self, state: Running) -> None:
        """The chat has refused every message for a while: the user blocked the bot."""
        view = state.view
        log.info("session %s ends: the user's chat refuses messages", view.session_id)
        self.forget(view.session_id)
        try:
            await self.services.account.blocked(view.user_id)
            await self.sessions.stop(view.user_id, view.session_id, STOP_OTHER)
        except NoSession:
            pass  # stopped meanwhile
        except StorageUnavailable:  # the row stays live; a restart picks it up again
            log.warning("session %s of a blocked user not set aside", view.session_id)

    async def _say(self, state: Running, text: str,
                   markup: InlineKeyboardMarkup | None = None) -> None:
        """Send one message of the session, or raise NotSent.

        A time-out counts as sent: Telegram usually delivers what it was slow to confirm, and
        a cue twice is worse than a confirmation lost.
        """
        try:
            with metrics.sending(metrics.CUE):
                await self.bot.send_message(state.view.user_id, text, reply_markup=markup)
        except TimedOut:
            log.info("a cue of session %s was not confirmed in time", state.view.session_id)
        except RetryAfter as error:
            raise NotSent(_seconds(error)) from error
        except (Forbidden, BadRequest) as error:  # blocked, or the chat is gone
            raise NotSent(refused=True) from error
        except TelegramError as error:
            log.warning("a cue of session %s not sent: %s", state.view.session_id, error)
            raise NotSent from error
        state.refused_since = None

    async def _send_cue(self, state: Running, step: Advance, cue: Cue, *, restart: bool) -> bool:
        """Send one cue; False when the session turned out to be over."""
        view = state.view
        late = True if restart else (False if step.caught_up else None)
        if cue.kind is CueKind.FINISH:
            await self._finish(state, late is True)
            return False
        if cue.kind is CueKind.WARN:  # an edit, not a message: the phone stays quiet
            state.sent = max(state.sent, cue.index)
            self._post_status(state)
            return True
        remaining = None
        if late is not None and cue.phase is not None:
            remaining = int(cue.phase.end - step.elapsed)
        await self._say(state, cue_message(view.level, cue, remaining, late, flare=view.flare))
        state.sent = max(state.sent, cue.index)
        if cue.phase is not None:
            self._post_status(state)
        return True

    def _post_status(self, state: Running) -> None:
        """Bring the status message up to date with the session's clock."""
        view = state.view
        elapsed = view.clock.elapsed(self.services.now())
        phase, following = live.position(view.level, elapsed, view.flare)
        if view.cue_mode.chat_cues:
            soon = None if view.clock.paused else live.change_in(view.level, elapsed, view.flare)
            text = texts.status(view.level, phase, following, int(elapsed), view.clock.paused,
                                change_in=soon, flare=view.flare)
        else:
            text = texts.audio_status(view.level, view.clock.paused)
        self._edit_status(view, text, keyboards.live_controls(
            view.session_id, paused=view.clock.paused, mode=view.cue_mode))

    async def _finish(self, state: Running, away: bool) -> None:
        """Say "done", store the finish, ask the check-in question: each step once, even when
        a later one fails and is tried again."""
        view = state.view
        if state.stage is Stage.RUNNING:
            # The finish is a cue like the others: it goes out on time, before the database work.
            await self._say(state, texts.finished(away, flare=view.flare))
            state.stage = Stage.DONE_SAID
            self.status.drop(view.session_id)
        if state.stage is Stage.DONE_SAID:
            if not await self.sessions.finish_live(view.session_id):
                self.forget(view.session_id)
                return  # stopped a moment ago: the stop's own answer follows
            state.stage = Stage.STORED
        await self._say(state, texts.PEAK_QUESTION, keyboards.peak_pain(view.session_id))
        self.forget(view.session_id)
        self._edit_status(view, texts.finished(False, flare=view.flare), None)

    def _edit_status(self, view: LiveView, text: str,
                     markup: InlineKeyboardMarkup | None) -> None:
        if view.status_message_id is not None:
            self.status.post(view.session_id,
                             Edit(view.user_id, view.status_message_id, text, markup))

    async def _paused(self, state: Running, announce: bool) -> None:
        session_id = state.view.session_id
        if await self.sessions.mark_pause_asked(session_id):
            await self._say(state, texts.LONG_PAUSE, keyboards.long_pause(session_id))
            return
        if announce:
            await self._say(state, texts.PAUSED, keyboards.live_controls(
                session_id, True, state.view.cue_mode))
        deadline = await self.sessions.pause_deadline(session_id)
        if deadline is not None:
            self._wake(state, deadline)

    async def restore(self) -> int:
        """After a start-up: pick up every running session from where its clock says it is,
        with one message saying where the user is now (missed phases are not replayed), and
        ask again, once, every recent check-in still waiting for an answer."""
        self.leading = True
        for waiting in await self.services.updates.checkins_to_ask_again():
            if waiting.peak:
                await self.bot.send_message(waiting.user_id, texts.PEAK_QUESTION,
                                            reply_markup=keyboards.peak_pain(waiting.session_id))
            else:
                await self.bot.send_message(
                    waiting.user_id, texts.SIGNS_QUESTION,
                    reply_markup=keyboards.signs(waiting.session_id, waiting.signs))
        views = await self.sessions.live_sessions()
        for view in views:
            state = Running(view)
            self.running[view.session_id] = state
            await self._guarded(state, self._pick_up(state))
        return len(views)

    async def _pick_up(self, state: Running) -> None:
        view = state.view
        if view.status_message_id is None:  # its id was not stored before the restart
            try:
                await self._new_status_message(state)
            except TelegramError as error:
                log.warning("status message of session %s not sent: %s", view.session_id, error)
        if view.clock.paused:
            await self._paused(state, announce=True)
            return
        step = _for_mode(view, live.advance(view.level, -1, view.clock, self.services.now(),
                                                  view.flare))
        if not step.ready:  # an audio session before its end: the track plays on
            self._sleep_until_next(state, step)
            state.sent = step.sent
            return
        where = step.ready[-1] if step.ready[-1].kind is CueKind.FINISH else step.current
        self._sleep_until_next(state, step)
        if where is not None and await self._send_cue(state, step, where, restart=True):
            state.sent = step.sent


def _for_mode(view: LiveView, step: Advance) -> Advance:
    """What a session cued by its audio track hears in the chat: only the finish, which
    brings the check-in; it wakes for nothing before that."""
    if view.cue_mode.chat_cues:
        return step
    finish = live.cues(view.level, view.flare)[-1]
    ready = tuple(cue for cue in step.ready if cue.kind is CueKind.FINISH)
    return replace(step, ready=ready, caught_up=False,
                   next_cue=None if step.sent >= finish.index else finish)


def _seconds(error: RetryAfter) -> timedelta:
    value = error.retry_after  # a timedelta: bot/__init__.py opts in to PTB's time periods
    return timedelta(seconds=value) if isinstance(value, int | float) else value
