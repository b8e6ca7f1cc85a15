"""'Start now' during flare mode: a brisk walk of 10–30 minutes, as is comfortable, described as
a walk, finished from 10 minutes on, and recorded as the flare session it is."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.storage.models import Decision, TrainingSession
from tests.conftest import FakeClock
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import fire_next, only_session, run_to_end
from tests.e2e.test_flare_mode import WEDNESDAY_0730, flare, onboard, reminded


async def start_walk(person: Person, bot: RunningBot, clock: FakeClock) -> str:
    """Flare mode, Wednesday's reminder, Start now; the texts the walk began with."""
    await onboard(person)
    await flare(person)
    await reminded(person, bot, clock, WEDNESDAY_0730)
    await person.tap("▶️ Start now")
    replies = await person.tap("2")
    return "\n".join(m.text or "" for m in replies)


async def stored_walk(bot: RunningBot) -> tuple[TrainingSession, Decision]:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = await session.scalar(select(TrainingSession))
        decision = await session.scalar(select(Decision).order_by(Decision.id.desc()))
        assert row is not None and decision is not None
        return row, decision


async def test_start_now_in_flare_mode_is_a_walk_finished_from_ten_minutes_on(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    began = await start_walk(ada, bot, clock)
    assert "Brisk walk — 10–30 minutes, as is comfortable" in began
    assert "From 10 minutes on it's a whole walk" in began
    assert "jog" not in began.lower() and "level" not in began.lower()
    status = next(m for m in ada.user.messages if "Flare walk" in (m.text or ""))
    assert ada.user.pinned == [status.message_id]
    assert "0:00 walked · 10:00 more makes a whole walk" in (status.text or "")
    session_id = only_session(bot)
    assert bot.timers.pending[session_id] == WEDNESDAY_0730 + timedelta(minutes=10)

    enough = await fire_next(bot, clock, ada)
    assert [m.text for m in enough] == [
        "✅ 10 minutes — that's a whole flare walk. Carry on while it feels comfortable, up to "
        "30 minutes, or tap ⏹ Stop to finish here."]
    assert "10:00 walked ✅ a whole walk" in (status.text or "")
    clock.advance(minutes=4)
    replies = await ada.tap("⏹ Stop", message=status)
    assert replies[0].text == "✅ Walk done — 14 minutes. Well done."
    assert "at its worst" in (replies[-1].text or "")
    assert not bot.timers.pending and ada.user.pinned == []
    await ada.tap("2")
    replies = await ada.tap("None of these")
    assert "Still in flare mode" in (replies[-1].text or "")

    row, decision = await stored_walk(bot)
    assert row.flare_walk and row.level == 0 and row.status == "done"
    assert row.stop_reason is None and row.done_fraction == 1.0
    assert decision.rule == "flare_continues"
    assert decision.inputs["ending"] == "completed" and decision.inputs["session_level"] == 0


async def test_a_flare_walk_stopped_before_ten_minutes_asks_why(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start_walk(ada, bot, clock)
    clock.advance(minutes=6)
    replies = await ada.say("stop")
    assert "what's the reason" in (replies[-1].text or "")
    replies = await ada.tap("Something else")
    row, decision = await stored_walk(bot)
    assert row.status == "discarded" and row.stop_reason == "other"
    assert decision.rule == "flare_continues"  # recorded as a flare walk, dose unchanged


async def test_a_flare_walk_runs_to_thirty_minutes_at_most_and_survives_a_restart(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start_walk(ada, bot, clock)
    clock.set(WEDNESDAY_0730 + timedelta(minutes=20))
    before = len(ada.user.messages)
    await bot.restart()
    back = [m.text or "" for m in ada.user.messages[before:]]
    assert len(back) == 1 and "Brisk walk — up to 10:00 more" in back[0], back
    rest = [m.text or "" for m in await run_to_end(bot, clock, ada)]
    assert rest[0] == "✅ Walk done! 30 minutes, well done."
    assert "at its worst" in rest[1]
    assert clock.now() == WEDNESDAY_0730 + timedelta(minutes=30)
