"""/today knows when today's session is done or skipped; a second session is allowed, noted."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import run_to_end
from tests.e2e.test_reminders import reminded

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)


async def test_today_has_a_start_button_and_knows_the_session_is_done(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    today = (await ada.say("/today"))[-1]
    assert "Today's session" in (today.text or "")
    assert today.buttons == ["▶️ Start", "🎧 Get the audio"]
    replies = await ada.tap("▶️ Start", message=today)
    assert "how is your back right now" in (replies[-1].text or "")
    assert all("only one session a day counts" not in (m.text or "") for m in replies)
    await ada.tap("2")
    await run_to_end(bot, clock, ada)
    await ada.tap("2")
    await ada.tap("None of these")

    done = (await ada.say("/today"))[-1]
    text = done.text or ""
    assert "Done today ✅ — next session Friday 07:30 (Europe/London)" in text
    assert "Today's session" not in text
    assert "only one session a day counts towards moving up" in text
    assert done.buttons == ["▶️ Start", "🎧 Get the audio"]

    replies = await ada.tap("▶️ Start", message=done)  # a second session is allowed, noted
    assert [m.text for m in replies][:-1] == [
        "Another one today is fine, but only one session a day counts towards moving up."]
    assert "how is your back right now" in (replies[-1].text or "")


async def test_today_knows_the_session_was_skipped(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await reminded(ada, bot, clock, WEDNESDAY_0730)
    await ada.tap("⏭ Skip today")
    text = (await ada.say("/today"))[-1].text or ""
    assert "Skipped today ⏭ — next session Friday 07:30" in text
    assert "Today's session" not in text


async def test_a_level_0_session_is_described_as_a_walk(ada: Person, clock: FakeClock) -> None:
    await onboard(ada, usual="7")  # a high usual pain starts at level 0
    clock.set(WEDNESDAY_0730)
    text = (await ada.say("/today"))[-1].text or ""
    assert "Level 0" in text and "brisk walk" in text
    assert "30:00 in all, all of it walking" in text
    assert "Walk briskly: you should be able to talk in full sentences." in text
    assert "Keep the jogs easy" not in text and "0:00 of it jogging" not in text


async def complete_a_session(person: Person, bot: RunningBot, clock: FakeClock,
                             at: datetime) -> None:
    clock.set(at)
    await person.say("/go")
    await person.tap("2")
    await run_to_end(bot, clock, person)
    await person.tap("2")
    await person.tap("None of these")


async def test_schedule_and_resume_know_the_session_is_done(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    # Done before its 07:30 reminder: today's 07:30 is no longer the next session.
    await complete_a_session(ada, bot, clock, datetime(2027, 1, 6, 6, 30, tzinfo=UTC))
    schedule = (await ada.say("/schedule"))[-1].text or ""
    assert "• Done today ✅ — next session Friday 07:30 (Europe/London)." in schedule
    assert "Next session: Wednesday" not in schedule

    await ada.say("/pause")
    await ada.tap("No end date")
    resumed = (await ada.say("/resume"))[-1].text or ""
    assert "Welcome back!" in resumed
    assert "Done today ✅ — next session Friday 07:30 (Europe/London)." in resumed
    assert "Wednesday" not in resumed


async def test_schedule_knows_the_session_was_skipped(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await reminded(ada, bot, clock, WEDNESDAY_0730)
    await ada.tap("⏭ Skip today")
    schedule = (await ada.say("/schedule"))[-1].text or ""
    assert "• Skipped today ⏭ — next session Friday 07:30 (Europe/London)." in schedule
