"""Driving a live session with the injected clock: fire each timer at the moment it asks for."""

from __future__ import annotations

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


async def fire_next(bot: RunningBot, clock: FakeClock, person: Person) -> list[SentMessage]:
    """Move the clock to the session's next wake-up and let it fire."""
    session_id = only_session(bot)
    before = len(person.user.messages)
    clock.set(bot.timers.pending[session_id])
    await runner(bot).tick(session_id)
    await runner(bot).settled()
    return person.user.messages[before:]


async def run_to_end(bot: RunningBot, clock: FakeClock, person: Person) -> list[SentMessage]:
    """Fire every remaining cue; returns every message sent on the way."""
    sent: list[SentMessage] = []
    while bot.timers.pending:
        sent += await fire_next(bot, clock, person)
    return sent
