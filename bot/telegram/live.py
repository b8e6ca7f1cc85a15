"""Runs live sessions in the chat: each cue as a new message, one status message, the timers."""

from __future__ import annotations

from typing import Any

from telegram import Bot
from telegram.error import BadRequest
from telegram.ext import JobQueue

from bot.domain.live import Cue, CueKind
from bot.scheduling.live import LiveTimers
from bot.services import sessions
from bot.services.sessions import Delivery
from bot.telegram import keyboards, texts
from bot.telegram.runtime import Runtime

KEY = "live_sessions"


class SessionRunner:
    """Starts sessions, sends their cues when due and rebuilds their timers after a restart."""

    def __init__(self, bot: Bot, rt: Runtime, job_queue: JobQueue[Any] | None) -> None:
        self.bot = bot
        self.rt = rt
        self.timers = LiveTimers(job_queue, rt.clock, self.tick)

    async def begin(self, chat_id: int, user_id: int, pain_now: int | None = None) -> None:
        """Start a session (errors from the session rules propagate) and send the first cue."""
        scale = self.rt.settings.coach.time_scale
        started = await sessions.start(self.rt.db, user_id, self.rt.now(), scale, pain_now)
        status = await self.bot.send_message(
            chat_id, texts.status(started.level, None, None),
            reply_markup=keyboards.live_controls(started.session_id, paused=False),
        )
        await sessions.set_status_message(self.rt.db, started.session_id, status.message_id)
        await self.tick(started.session_id)

    async def tick(self, session_id: int, *, announce: bool = False) -> None:
        """Send whatever is due for a session now, then sleep until its next cue."""
        self.timers.cancel(session_id)
        delivery = await sessions.deliver(self.rt.db, session_id, self.rt.now())
        if delivery is None:
            return
        if delivery.paused:
            await self._paused(delivery, announce)
            return
        if delivery.cues:
            for cue in delivery.cues:
                await self._send_cue(delivery, cue, restart=announce and delivery.caught_up)
        elif announce and delivery.current is not None:
            await self._send_cue(delivery, delivery.current, restart=True)
        if delivery.next_at is not None:
            self.timers.wake_at(session_id, delivery.next_at)

    async def _send_cue(self, delivery: Delivery, cue: Cue, *, restart: bool = False) -> None:
        chat_id = delivery.user_id
        late = True if restart else (False if delivery.caught_up else None)
        if cue.kind is CueKind.FINISH:
            await self._edit_status(delivery, texts.finished(False), None)
            await self.bot.send_message(chat_id, texts.finished(late is True))
            peak = keyboards.pain_scale(keyboards.CHECK, "peak", str(delivery.session_id))
            await self.bot.send_message(chat_id, texts.PEAK_QUESTION, reply_markup=peak)
            return
        level = delivery.level
        encourage = texts.ENCOURAGEMENTS[level % len(texts.ENCOURAGEMENTS)]
        if cue.kind is CueKind.ENCOURAGE:
            await self.bot.send_message(chat_id, f"💬 {encourage}")
            return
        assert cue.phase is not None
        remaining = int(cue.phase.end - delivery.elapsed) if late is not None else None
        text = texts.cue(cue.phase, cue.next_phase, encourage if cue.encourage else None,
                         remaining, late)
        await self.bot.send_message(chat_id, text)
        status = texts.status(level, cue.phase, None)
        await self._edit_status(delivery, status,
                                keyboards.live_controls(delivery.session_id, paused=False))

    async def _edit_status(self, delivery: Delivery, text: str, markup: Any) -> None:
        if delivery.status_message_id is None:
            return
        try:
            await self.bot.edit_message_text(text, chat_id=delivery.user_id,
                                             message_id=delivery.status_message_id,
                                             reply_markup=markup)
        except BadRequest as error:  # unchanged or deleted by the user: the cue itself went out
            if "not modified" not in error.message.lower():
                raise

    async def _paused(self, delivery: Delivery, announce: bool) -> None:
        session_id = delivery.session_id
        if await sessions.mark_pause_asked(self.rt.db, session_id, self.rt.now()):
            await self.bot.send_message(delivery.user_id, texts.LONG_PAUSE,
                                        reply_markup=keyboards.long_pause(session_id))
            return
        if announce:
            await self.bot.send_message(delivery.user_id, texts.PAUSED,
                                        reply_markup=keyboards.live_controls(session_id, True))
        deadline = await sessions.pause_deadline(self.rt.db, session_id)
        if deadline is not None:
            self.timers.wake_at(session_id, deadline)

    async def restore(self) -> int:
        """After a start-up: pick up every running session from where its clock says it is."""
        running = await sessions.live_sessions(self.rt.db)
        for session_id in running:
            await self.tick(session_id, announce=True)
        return len(running)
