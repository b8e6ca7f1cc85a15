"""Forged callback data through the real bot: the stale-button answer, nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.scheduling.reminders import queue_of
from bot.storage.models import CheckIn, Reminder, TrainingSession
from bot.telegram import texts
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import only_session, run_to_end

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)  # the first session after onboarding


async def forge(person: Person, bot: RunningBot, message_id: int, data: str) -> None:
    """Press made-up data on a real message; it gets the stale answer and no new message."""
    before = len(person.user.messages)
    await person.user.press_data(message_id, data)
    await bot.settle()
    assert person.last_alert == texts.UNKNOWN_BUTTON, data
    assert person.user.messages[before:] == [], person.user.transcript()


async def peak_and_status(bot: RunningBot, session_id: int) -> tuple[list[int], str]:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        peaks = (await session.scalars(select(CheckIn.pain).where(
            CheckIn.session_id == session_id, CheckIn.kind == "peak"))).all()
        row = await session.get(TrainingSession, session_id)
        assert row is not None
        return list(peaks), row.status


async def reminders_as_stored(bot: RunningBot) -> list[tuple[int, str, int]]:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        rows = (await session.scalars(select(Reminder).order_by(Reminder.id))).all()
        return [(row.id, row.status, row.snoozed) for row in rows]


async def test_a_forged_peak_pain_is_refused_and_the_real_answer_still_counts(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    await ada.tap("2")
    session_id = only_session(bot)
    await run_to_end(bot, clock, ada)
    peak_question = ada.last
    assert "at its worst" in (peak_question.text or "")

    for data in (f"chk|peak|{session_id}|11", f"chk|peak|{session_id}|-1",
                 f"chk|peak|{session_id}|²", f"chk|peak|0{session_id}|3",
                 f"chk|sign|{session_id}|itchy", f"live|why|{session_id}|bored"):
        await forge(ada, bot, peak_question.message_id, data)
    assert await peak_and_status(bot, session_id) == ([], "checkin_peak")

    await ada.tap("4", message=peak_question)
    assert "Tick all that apply" in (ada.last.text or "")
    assert await peak_and_status(bot, session_id) == ([4], "checkin_signs")


async def test_a_forged_start_now_is_refused_and_the_reminder_still_works(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    assert bot.application is not None
    await queue_of(bot.application).ticker.tick(clock.now())
    await bot.settle()
    reminder = ada.last
    assert reminder.button("▶️ Start now") is not None
    before = await reminders_as_stored(bot)

    for data in ("go|²", "go|+1", "go|0", "go|" + "9" * 30, "rm|²|skip", "rm|1|later|45",
                 "am|1|11", "wk|1|²", "begin|now|11", "menu|²", "hold|²"):
        await forge(ada, bot, reminder.message_id, data)
    assert await reminders_as_stored(bot) == before
    assert bot.db is not None
    async with bot.db.transaction() as session:
        assert (await session.scalars(select(TrainingSession))).all() == []

    replies = await ada.tap("▶️ Start now", message=reminder)
    assert "how is your back right now" in (replies[-1].text or "")


async def session_row(bot: RunningBot, session_id: int) -> tuple[str, str | None, list[int]]:
    """Status, stop reason and every pain stored for one session."""
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = await session.get(TrainingSession, session_id)
        assert row is not None
        pains = (await session.scalars(select(CheckIn.pain).where(
            CheckIn.session_id == session_id))).all()
        return row.status, row.stop_reason, sorted(pain for pain in pains if pain is not None)


async def test_forged_pain_before_a_session_and_forged_live_controls_store_nothing(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    question = (await ada.say("/go"))[-1]
    huge = "9" * 40
    for data in ("begin|now|abc", "begin|now|-1", "begin|now|11", f"begin|now|{huge}",
                 f"begin|morning|{huge}|3", "go|²", f"go|{huge}"):
        await forge(ada, bot, question.message_id, data)
    assert bot.db is not None
    async with bot.db.transaction() as session:
        assert (await session.scalars(select(TrainingSession))).all() == []

    await ada.tap("2", message=question)
    session_id = only_session(bot)
    status = next(m for m in ada.user.messages if "Session · level" in (m.text or ""))
    for data in ("live|pause", f"live|pause|{huge}", "live|nap|1", f"live|why|{session_id}|",
                 f"live|why|{session_id}|" + "x" * 40, f"live|why|{session_id}|pain" + "!" * 36,
                 f"live|stop|{session_id}|{session_id}"):
        await forge(ada, bot, status.message_id, data)
    assert await session_row(bot, session_id) == ("live", None, [2])

    await ada.tap("⏹ Stop", message=status)
    await ada.tap("Something else")
    _, reason, _ = await session_row(bot, session_id)
    assert reason is not None and len(reason) <= 16
