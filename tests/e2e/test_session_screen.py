"""The live session screen: a pinned status with where you are, what's next and the time."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.emulator.models import SentMessage
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import fire_next, run_to_end

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)


async def start(person: Person, clock: FakeClock) -> SentMessage:
    await onboard(person)
    clock.set(WEDNESDAY_0730)
    await person.say("/go")
    await person.tap("2")
    return next(m for m in person.user.messages if "Session · level" in (m.text or ""))


async def test_the_status_is_pinned_and_says_where_the_session_is(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    status = await start(ada, clock)
    assert ada.user.pinned == [status.message_id]
    text = status.text or ""
    assert "Now: 🚶 Warm-up walk — 5:00" in text
    assert "Next: 🏃 Jog easy — 0:15 · interval 1 of 4" in text
    assert "0:00 done · 30:00 to go" in text

    await fire_next(bot, clock, ada)  # the first jog, at 5:00
    text = status.text or ""
    assert "Now: 🏃 Jog easy — 0:15 · interval 1 of 4" in text
    assert "Next: 🚶 Walk — 4:45 · interval 1 of 4" in text
    assert "5:00 done · 25:00 to go" in text

    await run_to_end(bot, clock, ada)
    assert ada.user.pinned == []  # unpinned once the session is over


async def test_a_paused_status_says_when_it_paused(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    status = await start(ada, clock)
    await fire_next(bot, clock, ada)
    clock.advance(minutes=2, seconds=30)
    await ada.tap("⏸ Pause", message=status)
    text = status.text or ""
    assert "⏸ Paused at 7:30" in text
    assert "In: 🚶 Walk — 4:45 · interval 1 of 4" in text
    assert "Now:" not in text
    assert status.buttons == ["▶️ Resume", "⏹ Stop", "🎧 Get the audio"]
    clock.advance(minutes=5)
    await ada.tap("▶️ Resume", message=status)
    text = status.text or ""
    assert "Now: 🚶 Walk — 4:45 · interval 1 of 4" in text and "7:30 done · 22:30 to go" in text
    assert status.buttons == ["⏸ Pause", "⏹ Stop", "🎧 Get the audio"]


async def test_resume_command_resumes_a_paused_session(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    status = await start(ada, clock)
    clock.advance(minutes=1)
    await ada.tap("⏸ Pause", message=status)
    replies = await ada.say("/resume")
    assert [m.text for m in replies] == ["▶️ Resumed — picking up where you left off."]
    assert "Now: 🚶 Warm-up walk — 5:00" in (status.text or "")
    assert status.buttons == ["⏸ Pause", "⏹ Stop", "🎧 Get the audio"]
    rest = await run_to_end(bot, clock, ada)
    assert "Session done!" in (rest[-2].text or "")


async def test_stopping_unpins_the_status(ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    status = await start(ada, clock)
    await ada.tap("⏹ Stop", message=status)
    await ada.tap("Something else")
    assert ada.user.pinned == []
