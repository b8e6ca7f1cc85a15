"""Typed short answers to the questions that are not 0–10 ones, end to end: "no" at the flare
screen, "none" at the warning signs, "yes"/"no" at "is this new?", /reset and /delete, and
"pause", "resume", "stop" during a live session, the reason for stopping and the long-pause
question."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.storage import repo
from bot.storage.models import TrainingSession
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import fire_next, only_session, run_to_end
from tests.e2e.test_flare_screen import answers
from tests.e2e.test_live_session import start
from tests.e2e.test_reminders import reminded
from tests.e2e.test_safe_dosing import THURSDAY_0800, WEDNESDAY_0730, session_now
from tests.e2e.test_safety import holds

UNKNOWN = "didn't understand"


def joined(replies: list[object]) -> str:
    return "\n".join(getattr(m, "text", "") or "" for m in replies)


async def test_no_at_both_flare_screen_questions_starts_flare_mode(
    ada: Person, bot: RunningBot
) -> None:
    await onboard(ada)
    await ada.say("/flare")
    replies = await ada.say("no")
    assert "None of these" in ada.last.buttons and UNKNOWN not in joined(replies)
    assert (await answers(bot, ada))["rescreen:emergency"] is False
    replies = await ada.say("nope")
    assert UNKNOWN not in joined(replies) and "on hold" not in joined(replies)
    assert (await answers(bot, ada))["rescreen:other"] is False
    plan = (await ada.say("/plan"))[0].text or ""
    assert "flare" in plan.lower()
    replies = await ada.say("no")  # answered: no screen question waits any more
    assert "None of these" not in ada.last.buttons


async def test_none_at_the_warning_signs_judges_the_session(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    await run_to_end(bot, clock, ada)
    await ada.say("2")
    assert "Tick all that apply" in (ada.last.text or "")
    replies = await ada.say("none")
    assert "level 1" in joined(replies)
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = await session.scalar(select(TrainingSession))
        assert row is not None and row.status == "done"


async def test_yes_at_is_this_new_holds_and_no_does_not(ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    await ada.say("I've had a fever and chills for two days")
    replies = await ada.say("no")
    assert UNKNOWN not in joined(replies) and not await holds(bot)
    await ada.say("I can't feel my bum since this morning")
    replies = await ada.say("yes")
    assert "on hold" in joined(replies)
    assert len(await holds(bot)) == 1


async def test_typed_no_then_yes_at_reset(ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    await ada.say("/reset")
    replies = await ada.say("no")
    assert replies[-1].text == "OK, nothing changed."
    replies = await ada.say("yes")  # the question was answered: nothing resets
    assert "I'm runback" not in joined(replies)
    await ada.say("/reset")
    replies = await ada.say("yes")
    assert "I'm runback" in joined(replies)
    assert bot.db is not None
    async with bot.db.transaction() as session:
        user = await repo.get_user(session, ada.user.id)
        assert user is not None and user.onboarded_at is None


async def test_a_tapped_no_at_delete_closes_the_question(ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    await ada.say("/delete")
    await ada.tap("No, keep it")
    await ada.say("yes")
    assert bot.db is not None
    async with bot.db.transaction() as session:
        assert await repo.get_user(session, ada.user.id) is not None
    await ada.say("/delete")
    replies = await ada.say("yes")
    assert "everything is erased" in joined(replies)
    async with bot.db.transaction() as session:
        assert await repo.get_user(session, ada.user.id) is None


async def test_pause_resume_and_stop_typed_during_a_session(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    session_id = only_session(bot)
    clock.advance(minutes=2)
    replies = await ada.say("pause")
    assert "Paused" in joined(replies)
    status = next(m for m in ada.user.messages if "Session · level" in (m.text or ""))
    assert "▶️ Resume" in status.buttons
    replies = await ada.say("pause")
    assert "paused already" in joined(replies)
    clock.advance(minutes=3)
    replies = await ada.say("carry on")
    assert "Resumed" in joined(replies)
    assert bot.timers.pending[session_id] is not None
    replies = await ada.say("stop")
    assert "what's the reason" in (replies[-1].text or "")
    await ada.tap("Back pain")
    assert "at its worst" in (ada.last.text or "")


async def test_pause_typed_mid_session_after_a_check_in_reminder_arrived_still_pauses(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    clock.set(THURSDAY_0800 - timedelta(minutes=5))
    await ada.say("/go")  # the morning after Wednesday is asked first; skipped, as is pain now
    await ada.say("skip")
    await ada.say("skip")
    session_id = only_session(bot)
    await reminded(ada, bot, clock, THURSDAY_0800)  # the morning check-in, mid-session
    assert "this morning" in (ada.last.text or "")

    replies = await ada.say("pause")
    assert "Paused" in joined(replies) and UNKNOWN not in joined(replies)
    status = [m for m in ada.user.messages if "Session · level" in (m.text or "")][-1]
    assert "▶️ Resume" in status.buttons
    # The check-in still waits for its number, and the session for its controls.
    replies = await ada.say("3")
    assert "noted 3/10 this morning" in joined(replies)
    replies = await ada.say("resume")
    assert "Resumed" in joined(replies)
    assert session_id in bot.timers.pending


async def test_the_reason_for_stopping_takes_a_typed_answer(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    clock.advance(minutes=3)
    replies = await ada.say("stop")
    assert "what's the reason" in (replies[-1].text or "")
    replies = await ada.say("oops")  # Stop by mistake: the session goes on
    assert joined(replies) == "Great — carry on, the clock never stopped."
    assert bot.timers.pending
    replies = await ada.say("my back hurts")  # no longer an answer to "what's the reason?"
    assert "at its worst" not in joined(replies)
    assert bot.timers.pending
    await ada.say("stop")
    replies = await ada.say("back pain")
    assert "at its worst" in (replies[-1].text or "")
    assert not bot.timers.pending
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = await session.scalar(select(TrainingSession))
        assert row is not None and row.stop_reason == "pain" and row.status == "checkin_peak"


async def test_the_long_pause_question_takes_finish_or_discard_typed(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    status = next(m for m in ada.user.messages if "Session · level" in (m.text or ""))
    await fire_next(bot, clock, ada)
    await ada.tap("⏸ Pause", message=status)
    replies = await fire_next(bot, clock, ada)  # 30 minutes later
    assert "paused for a while" in (replies[-1].text or "")
    replies = await ada.say("discard it")
    assert "Discarded" in joined(replies)
    assert (await bot.rules())[-1] == "stopped_other_not_counted"
    replies = await ada.say("finish")  # nothing left to finish
    assert "at its worst" not in joined(replies)
