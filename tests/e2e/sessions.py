"""Driving a live session with the injected clock: fire each timer at the moment it asks for."""

from __future__ import annotations

from bot.domain import live as timing
from bot.domain.live import CueKind
from bot.emulator.models import SentMessage
from bot.telegram import live
from tests.conftest import FakeClock
from tests.e2e.harness import Person, RunningBot


def runner(bot: RunningBot) -> live.SessionRunner:
    assert bot.application is not None
    found: live.SessionRunner = bot.application.bot_data[live.KEY]
    return found


def only_session(bot: RunningBot) -> int:
    pending = bot.timers.pending
    assert len(pending) == 1, pending
    return next(iter(pending))


def warning_next(bot: RunningBot) -> bool:
    """Whether the session's next wake-up only brings a warning ("Jog in 10 s") to its status."""
    session_id = only_session(bot)
    state = runner(bot).running.get(session_id)
    if state is None or state.stage is not live.Stage.RUNNING or state.failures:
        return False
    step = timing.advance(state.view.level, state.sent, state.view.clock,
                          bot.timers.pending[session_id])
    return bool(step.ready) and all(cue.kind is CueKind.WARN for cue in step.ready)


async def fire_once(bot: RunningBot, clock: FakeClock, person: Person) -> list[SentMessage]:
    """Move the clock to the session's next wake-up, whatever it brings, and let it fire."""
    session_id = only_session(bot)
    before = len(person.user.messages)
    clock.set(bot.timers.pending[session_id])
    await runner(bot).tick(session_id)
    await runner(bot).settled()
    return person.user.messages[before:]


async def fire_next(bot: RunningBot, clock: FakeClock, person: Person) -> list[SentMessage]:
    """Move the clock to the session's next cue and let it fire; the warnings on the way (status
    edits only) fire at their own moments first."""
    while warning_next(bot):
        assert await fire_once(bot, clock, person) == []  # a warning sends no message
    return await fire_once(bot, clock, person)


async def run_to_end(bot: RunningBot, clock: FakeClock, person: Person) -> list[SentMessage]:
    """Fire every remaining cue; returns every message sent on the way."""
    sent: list[SentMessage] = []
    while bot.timers.pending:
        sent += await fire_next(bot, clock, person)
    return sent
