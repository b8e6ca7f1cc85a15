"""A whole live session through the real bot: cues, pause and resume, check-in, the next dose."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.live import WARNING_SECONDS
from bot.storage.models import CheckIn, TrainingSession
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import fire_next, only_session, run_to_end

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
WARNING = timedelta(seconds=WARNING_SECONDS)


async def start(person: Person, clock: FakeClock, pain: str = "2") -> None:
    await onboard(person)
    clock.set(WEDNESDAY_0730)
    replies = await person.say("/go")
    assert "how is your back right now" in (replies[-1].text or "")
    await person.tap(pain)


async def test_a_complete_session_with_a_pause(ada: Person, bot: RunningBot,
                                              clock: FakeClock) -> None:
    await start(ada, clock)
    status, warmup = ada.user.messages[-2:]
    assert "Session · level 1" in (status.text or "")
    assert status.buttons == ["⏸ Pause", "⏹ Stop", "🎧 Get the audio"]
    assert "Warm-up walk — 5:00" in (warmup.text or "")
    assert "Next: 🏃 Jog easy — 0:15" in (warmup.text or "")
    session_id = only_session(bot)
    # The first wake-up is the warning before the jog: its status edit says "Jog in 10 s".
    assert bot.timers.pending[session_id] == WEDNESDAY_0730 + timedelta(minutes=5) - WARNING

    first_jog = await fire_next(bot, clock, ada)
    assert len(first_jog) == 1
    assert "Jog easy — 0:15" in (first_jog[0].text or "")
    assert "Interval 1 of 4" in (first_jog[0].text or "")
    assert "You should be able to talk" in (first_jog[0].text or "")
    assert "Jog easy — 0:15 · interval 1 of 4" in (status.text or "")  # edited in place
    walk = await fire_next(bot, clock, ada)
    assert "Walk — 4:45" in (walk[0].text or "") and "Next: 🏃 Jog easy — 0:15" in (
        walk[0].text or "")

    # Pause for ten minutes in the middle of the walk: the cues move with it.
    clock.advance(minutes=2)
    await ada.tap("⏸ Pause", message=status)
    assert "Paused" in (ada.user.messages[-1].text or "")
    assert bot.timers.pending[session_id] == clock.now() + timedelta(minutes=30)
    clock.advance(minutes=10)
    await ada.tap("▶️ Resume", message=status)
    assert "Resumed" in (ada.user.messages[-1].text or "")
    # The second jog was due at 10:00 of session time; ten minutes of pause push it, and the
    # warning before it, to 20:00.
    assert bot.timers.pending[session_id] == WEDNESDAY_0730 + timedelta(minutes=20) - WARNING

    rest = await run_to_end(bot, clock, ada)
    texts = [m.text or "" for m in rest]
    heads = [t.splitlines()[0] for t in texts]
    assert heads == [
        "🏃 Jog easy — 0:15", "🚶 Walk — 4:45",
        "🏃 Jog easy — 0:15", "🚶 Walk — 4:45",
        "🏃 Jog easy — 0:15", "🚶 Walk — 4:45",
        "🚶 Cool-down walk — 5:00",
        "✅ Session done! 30 minutes, well done.",
        "How bad was your back pain at its worst during the session? "
        "(0 = no pain, 10 = worst imaginable)",
    ]
    assert any("Halfway" in t for t in texts)  # the midway line rides on the jog at 15:00
    assert "Interval 4 of 4" in texts[4]
    assert clock.now() == WEDNESDAY_0730 + timedelta(minutes=40)  # 30 minutes + the pause

    await ada.tap("2")
    assert "Tick all that apply" in (ada.last.text or "")
    replies = await ada.tap("None of these")
    reason = replies[-1].text or ""
    assert "level 1" in reason
    assert await bot.rules() == ["start", "hold_amber"]  # no morning answer yet
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = await session.scalar(select(TrainingSession))
        assert row is not None and row.status == "done" and row.zone == "amber"
        pains = (await session.scalars(select(CheckIn.kind).where(
            CheckIn.session_id == row.id))).all()
        assert sorted(pains) == ["before", "peak"]


async def test_a_red_session_lowers_the_next_dose(ada: Person, bot: RunningBot,
                                                 clock: FakeClock) -> None:
    await start(ada, clock)
    await run_to_end(bot, clock, ada)
    await ada.tap("7")
    await ada.tap("Sharp or stabbing")
    assert "✅ Sharp or stabbing" in ada.last.buttons
    replies = await ada.tap("Done")
    reason = replies[-1].text or ""
    assert "adjustment, not a failure" in reason
    assert "level 0" in reason
    plan = (await ada.say("/plan"))[0].text or ""
    assert "level 0 of 8" in plan and "20:00 brisk walk" in plan
    assert (await bot.rules())[-1] == "drop_red"


async def test_stopping_for_back_pain_goes_to_the_check_in(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    await fire_next(bot, clock, ada)
    clock.advance(minutes=3)
    status = next(m for m in ada.user.messages if "Session · level" in (m.text or ""))
    await ada.tap("⏹ Stop", message=status)
    assert "what's the reason" in (ada.last.text or "")
    await ada.tap("Back pain")
    assert "at its worst" in (ada.last.text or "")
    assert not bot.timers.pending
    await ada.say("6/10")
    replies = await ada.tap("None of these")
    assert "level 0" in (replies[-1].text or "")
    assert (await bot.rules())[-1] == "drop_red"


async def test_stopping_for_another_reason_early_does_not_count(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    await fire_next(bot, clock, ada)
    await ada.tap("⏹ Stop", message=next(
        m for m in ada.user.messages if "Session · level" in (m.text or "")))
    replies = await ada.tap("Something else")
    assert "doesn't count" in (replies[-1].text or "")
    assert (await bot.rules())[-1] == "stopped_other_not_counted"
    replies = await ada.say("/go")
    assert "how is your back right now" in (replies[-1].text or "")


async def test_typed_check_in_answers_and_a_second_answer_keeps_the_first(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    await run_to_end(bot, clock, ada)
    peak_question = ada.last
    replies = await ada.say("banana")
    assert "whole number from 0" in (replies[0].text or "")
    await ada.say("four")
    assert "Tick all that apply" in (ada.last.text or "")
    await ada.user.press("3", message=peak_question)  # an outdated client's keyboard
    await bot.settle()
    assert "kept your first answer" in (ada.last.text or "")
    assert "4/10" in (ada.last.text or "")


async def test_one_session_at_a_time(ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    before_pain = (await ada.say("/go"))[-1]
    two = before_pain.button("2")
    assert two is not None
    await ada.tap("2")
    await ada.user.press_data(before_pain.message_id, two["callback_data"])
    await bot.settle()
    assert "session going already" in " ".join(m.text or "" for m in ada.user.messages[-3:])
    assert bot.db is not None
    async with bot.db.transaction() as session:
        assert len((await session.scalars(select(TrainingSession))).all()) == 1


async def test_a_restart_mid_session_picks_up_where_the_clock_is(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    clock.set(WEDNESDAY_0730 + timedelta(minutes=12))  # mid-way through the second walk
    before = len(ada.user.messages)
    await bot.restart()
    sent = ada.user.messages[before:]
    assert len(sent) == 1, [m.text for m in sent]
    assert "I'm back" in (sent[0].text or "")
    assert "Walk — 3:00" in (sent[0].text or "")  # 12:00 into the session: 3:00 of walk left
    assert "Interval 2 of 4" in (sent[0].text or "")
    session_id = only_session(bot)  # woken next for the warning before the jog at 15:00
    assert bot.timers.pending[session_id] == WEDNESDAY_0730 + timedelta(minutes=15) - WARNING
    rest = await run_to_end(bot, clock, ada)
    assert (rest[0].text or "").startswith("🏃 Jog easy — 0:15")


async def test_a_status_message_lost_in_a_crash_is_sent_again_after_the_restart(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    session_id = only_session(bot)
    first = next(m for m in ada.user.messages if "Session · level" in (m.text or ""))
    assert await status_message_of(bot, session_id) == first.message_id
    async with stored(bot) as session:  # the id was not written before a crash
        row = await session.get(TrainingSession, session_id)
        assert row is not None
        row.status_message_id = None
    clock.set(WEDNESDAY_0730 + timedelta(minutes=12))
    before = len(ada.user.messages)
    await bot.restart()
    await bot.settle()
    status, where = ada.user.messages[before:]
    assert "Session · level" in (status.text or "")
    assert "⏸ Pause" in str(status.reply_markup)
    assert "I'm back" in (where.text or "")
    assert await status_message_of(bot, session_id) == status.message_id


async def status_message_of(bot: RunningBot, session_id: int) -> int | None:
    async with stored(bot) as session:
        row = await session.get(TrainingSession, session_id)
        return None if row is None else row.status_message_id


def stored(bot: RunningBot) -> AbstractAsyncContextManager[AsyncSession]:
    assert bot.db is not None
    return bot.db.transaction()


async def test_a_session_that_ended_while_down_goes_to_the_check_in(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    clock.set(WEDNESDAY_0730 + timedelta(hours=2))
    before = len(ada.user.messages)
    await bot.restart()
    sent = [m.text or "" for m in ada.user.messages[before:]]
    assert sent[0].startswith("✅ Your session is over")
    assert "at its worst" in sent[1]
    assert not bot.timers.pending


async def test_a_red_flag_message_mid_session_holds_the_programme(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    replies = await ada.say("I can't feel my bum")
    assert "Please get medical help today" in (replies[0].text or "")
    assert bot.timers.pending  # a mention alone pauses nothing: only a yes holds
    replies = await ada.tap("Yes — it's new and happening now")
    assert "on hold" in (replies[-1].text or "")
    assert not bot.timers.pending
    replies = await ada.say("/go")
    replies = await ada.tap("3")
    assert "on hold" in (ada.last.text or "")


async def test_a_late_morning_answer_can_turn_a_session_red(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    await run_to_end(bot, clock, ada)
    await ada.tap("3")
    await ada.tap("None of these")
    clock.set(datetime(2027, 1, 8, 7, 30, tzinfo=UTC))
    replies = await ada.say("/go")
    assert "the morning after your last session" in (replies[-1].text or "")
    replies = await ada.tap("7")  # usual pain 4: 7 the next morning is RED
    assert "That changes things" in (replies[0].text or "")
    assert "level 0" in (replies[0].text or "")
    assert (await bot.rules())[-1] == "drop_red"
    await ada.tap("Skip")
    assert "Session · level 0" in (ada.user.messages[-2].text or "")


async def test_a_long_pause_asks_to_finish_or_discard(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    status = next(m for m in ada.user.messages if "Session · level" in (m.text or ""))
    await fire_next(bot, clock, ada)
    await ada.tap("⏸ Pause", message=status)
    replies = await fire_next(bot, clock, ada)  # 30 minutes later
    assert "paused for a while" in (replies[-1].text or "")
    assert not bot.timers.pending
    await ada.tap("Discard it")
    assert "Discarded" in (ada.last.text or "")
    assert (await bot.rules())[-1] == "stopped_other_not_counted"


async def test_a_long_pause_can_be_finished_and_logged(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    status = next(m for m in ada.user.messages if "Session · level" in (m.text or ""))
    for _ in range(9):  # up to the cool-down, 25 minutes in
        await fire_next(bot, clock, ada)
    await ada.tap("⏸ Pause", message=status)
    await fire_next(bot, clock, ada)
    await ada.tap("Finish it here")
    assert "at its worst" in (ada.last.text or "")
    await ada.tap("1")
    replies = await ada.tap("None of these")
    assert replies
    assert (await bot.rules())[-1] == "hold_amber"  # 25 of 30 minutes done: it counts


async def test_discarding_a_long_pause_near_the_end_logs_it_instead(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    status = next(m for m in ada.user.messages if "Session · level" in (m.text or ""))
    for _ in range(9):  # up to the cool-down, 25 minutes in: more than 80% done
        await fire_next(bot, clock, ada)
    await ada.tap("⏸ Pause", message=status)
    await fire_next(bot, clock, ada)
    replies = await ada.tap("Discard it")
    assert "counts as a completed session" in (replies[0].text or "")
    assert "at its worst" in (ada.last.text or "")
    await ada.tap("1")
    await ada.tap("None of these")
    assert (await bot.rules())[-1] == "hold_amber"
    replies = await ada.say("/go")  # nothing left open: the next session's questions
    assert "your back" in (replies[-1].text or "") and "already" not in (replies[0].text or "")
