"""The live session screen: a pinned status with where you are, what's next and the time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.emulator.models import SentMessage
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import fire_next, fire_once, only_session, run_to_end

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


async def test_the_status_warns_ten_seconds_before_each_change_without_a_message(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    status = await start(ada, clock)
    assert await fire_once(bot, clock, ada) == []  # 4:50: an edit, no message, no buzz
    assert clock.now() == WEDNESDAY_0730 + timedelta(minutes=4, seconds=50)
    text = status.text or ""
    assert text.splitlines()[0] == "🔔 Jog in 10 s"  # first: the pinned bar shows it
    assert "Now: 🚶 Warm-up walk — 5:00" in text and "4:50 done · 25:10 to go" in text

    jog = await fire_once(bot, clock, ada)  # 5:00: the jog's own cue, and the warning is gone
    assert [(m.text or "").splitlines()[0] for m in jog] == ["🏃 Jog easy — 0:15"]
    assert "🔔" not in (status.text or "")
    assert await fire_once(bot, clock, ada) == []  # 5:05, five seconds into the 15 s jog
    assert (status.text or "").splitlines()[0] == "🔔 Walk in 10 s"

    warnings: list[str] = []
    messages = 0
    while bot.timers.pending:
        sent = await fire_once(bot, clock, ada)
        messages += len(sent)
        if not sent:
            warnings.append((status.text or "").splitlines()[0])
    assert warnings == ["🔔 Jog in 10 s", "🔔 Walk in 10 s"] * 3 + [
        "🔔 Cool-down walk in 10 s", "🔔 Done in 10 s"]
    assert messages == 10  # the walk, 3 × (jog, walk), the cool-down, "done", the check-in


async def test_a_pause_moves_the_warning_and_resuming_counts_down_from_where_it_stopped(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    status = await start(ada, clock)
    await fire_once(bot, clock, ada)  # 4:50: "Jog in 10 s"
    clock.advance(seconds=4)
    await ada.tap("⏸ Pause", message=status)
    assert "🔔" not in (status.text or "") and "⏸ Paused at 4:54" in (status.text or "")
    clock.advance(minutes=3)
    await ada.tap("▶️ Resume", message=status)
    assert (status.text or "").splitlines()[0] == "🔔 Jog in 6 s"
    session_id = only_session(bot)
    assert bot.timers.pending[session_id] == clock.now() + timedelta(seconds=6)  # the jog
    jog = await fire_once(bot, clock, ada)
    assert (jog[0].text or "").startswith("🏃 Jog easy — 0:15")
    # The walk's warning, five seconds into the jog, moved with the three minutes of pause.
    assert bot.timers.pending[session_id] == WEDNESDAY_0730 + timedelta(minutes=8, seconds=5)


async def test_the_warnings_survive_a_restart(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    clock.set(WEDNESDAY_0730 + timedelta(minutes=9, seconds=55))  # in the warning before 10:00
    await bot.restart()
    status = next(m for m in ada.user.messages if "Session · level" in (m.text or ""))
    assert (status.text or "").splitlines()[0] == "🔔 Jog in 5 s"
    session_id = only_session(bot)
    assert bot.timers.pending[session_id] == WEDNESDAY_0730 + timedelta(minutes=10)
    await fire_once(bot, clock, ada)  # the jog
    assert bot.timers.pending[session_id] == WEDNESDAY_0730 + timedelta(minutes=10, seconds=5)
    assert await fire_once(bot, clock, ada) == []
    assert (status.text or "").splitlines()[0] == "🔔 Walk in 10 s"


async def test_a_level_0_session_is_walks_from_start_to_finish(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada, usual="7")  # a high usual pain starts at level 0: a brisk walk
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    await ada.tap("2")
    status = next(m for m in ada.user.messages if "Session · level 0" in (m.text or ""))
    seen = [m.text or "" for m in ada.user.messages[-2:]]
    warnings = []
    while bot.timers.pending:
        sent = await fire_once(bot, clock, ada)
        seen += [m.text or "" for m in sent]
        if not sent:
            warnings.append((status.text or "").splitlines()[0])
    assert warnings == ["🔔 Brisk walk in 10 s", "🔔 Cool-down walk in 10 s", "🔔 Done in 10 s"]
    assert "Brisk walk — 20:00" in "\n".join(seen)
    assert not any("jog" in text.lower() for text in seen), seen
