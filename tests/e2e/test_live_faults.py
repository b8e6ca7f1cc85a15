"""Live sessions and replies when Telegram or the database fails for a while.

Each fault is the emulator's (5xx, 429 with ``retry_after``, a time-out, a 403) or a SQLite
file another connection holds locked; time moves on the injected clock only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import select

from bot import app
from bot.emulator import Emulator
from bot.storage.models import TrainingSession, User
from bot.telegram import live, texts
from bot.telegram.request import RETRY_DELAYS, AiohttpRequest
from tests.backends import WriteLock
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import fire_next, only_session, run_to_end, runner

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
TRIES = 1 + len(RETRY_DELAYS)
"""5xx answers in a row that outlast the request layer's own tries (about a second, real time)."""
DONE = "✅ Session done!"


async def start(person: Person, clock: FakeClock) -> None:
    await onboard(person)
    clock.set(WEDNESDAY_0730)
    await person.say("/go")
    await person.tap("2")


async def status_of(bot: RunningBot) -> str:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = await session.scalar(select(TrainingSession))
        assert row is not None
        return row.status


async def is_active(bot: RunningBot, user_id: int) -> bool:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return user.active


def heads(person: Person, since: int) -> list[str]:
    return [(m.text or "").splitlines()[0] for m in person.user.messages[since:]]


@pytest.fixture
async def lock(db_url: str) -> AsyncIterator[WriteLock]:
    """Another connection to the bot's database, to hold it locked when a test says."""
    locker = WriteLock(db_url)
    yield locker
    await locker.release()


@pytest.fixture
async def impatient_bot(emulator: Emulator, db_url: str, clock: FakeClock,
                        monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RunningBot]:
    """The bot with a 50 ms wait for a locked database and a 0.3 s wait for Telegram."""
    monkeypatch.setattr(app, "AiohttpRequest", partial(AiohttpRequest, read_timeout=0.3))
    running = RunningBot(emulator, db_url, clock)
    running.busy_timeout_ms = 50
    await running.start()
    yield running
    await running.stop()


@pytest.mark.parametrize(("code", "retry_after", "times"), [(500, None, TRIES), (429, 1, 5)])
async def test_a_cue_telegram_refuses_is_sent_once_when_the_fault_clears(
    ada: Person, bot: RunningBot, clock: FakeClock, emulator: Emulator,
    code: int, retry_after: int | None, times: int,
) -> None:
    await start(ada, clock)
    session_id = only_session(bot)
    jog_at = WEDNESDAY_0730 + timedelta(minutes=5)
    # 429s beyond PTB's three retries and the extra try reach the runner, 5xx beyond the
    # request layer's tries.
    emulator.faults.fail_next("sendMessage", error_code=code, retry_after=retry_after,
                              times=times)
    since = len(ada.user.messages)
    await fire_next(bot, clock, ada)
    assert emulator.faults.pending == 0
    assert heads(ada, since) == []
    assert bot.timers.pending[session_id] == jog_at + live.RETRY_FIRST  # tried again soon
    assert await status_of(bot) == "live"
    await fire_next(bot, clock, ada)
    assert heads(ada, since) == ["🏃 Jog easy — 0:15"]
    assert bot.timers.pending[session_id] == jog_at + timedelta(seconds=15)  # clock unmoved


async def test_a_5xx_storm_backs_off_and_the_session_goes_on(
    ada: Person, bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    await start(ada, clock)
    session_id = only_session(bot)
    jog_at = WEDNESDAY_0730 + timedelta(minutes=5)
    emulator.faults.fail_next("sendMessage", error_code=502, times=2 * TRIES)
    since = len(ada.user.messages)
    await fire_next(bot, clock, ada)
    await fire_next(bot, clock, ada)
    assert bot.timers.pending[session_id] == jog_at + timedelta(seconds=15)  # the walk is next
    await fire_next(bot, clock, ada)
    sent = [m.text or "" for m in ada.user.messages[since:]]
    assert len(sent) == 1 and "Walk" in sent[0], sent
    assert await status_of(bot) == "live"


async def test_cues_missed_during_a_long_outage_become_one_message(
    ada: Person, bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    await start(ada, clock)
    emulator.faults.fail_next("sendMessage", error_code=500, times=1000)
    since = len(ada.user.messages)
    for _ in range(4):  # 5 s, 10 s, 20 s: past the 15 s jog and into the walk
        await fire_next(bot, clock, ada)
    emulator.faults.clear()
    await fire_next(bot, clock, ada)
    texts_sent = [m.text or "" for m in ada.user.messages[since:]]
    assert len(texts_sent) == 1, texts_sent
    assert "Walk" in texts_sent[0]
    assert await status_of(bot) == "live"
    rest = await run_to_end(bot, clock, ada)
    assert [m.text or "" for m in rest][-2].startswith(DONE)


async def test_a_cue_that_times_out_is_not_sent_twice(
    impatient_bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    bot = impatient_bot
    ada = Person(emulator.user(user_id=5001, first_name="Ada"), bot)
    await start(ada, clock)
    emulator.faults.delay_next("sendMessage", seconds=0.6)  # delivered after the time-out
    since = len(ada.user.messages)
    await fire_next(bot, clock, ada)
    await ada.user.wait_until(lambda: len(ada.user.messages) > since)
    await fire_next(bot, clock, ada)
    assert heads(ada, since) == ["🏃 Jog easy — 0:15", "🚶 Walk — 4:45"]


async def test_a_reply_that_times_out_comes_without_an_apology(
    impatient_bot: RunningBot, emulator: Emulator,
) -> None:
    ada = Person(emulator.user(user_id=5001, first_name="Ada"), impatient_bot)
    await onboard(ada)
    emulator.faults.delay_next("sendMessage", seconds=0.6)
    since = len(ada.user.messages)
    await ada.say("/help")
    await ada.user.wait_until(lambda: emulator.faults.held == 0)
    await ada.say("/plan")
    sent = [m.text or "" for m in ada.user.messages[since:]]
    assert texts.SOMETHING_WENT_WRONG not in sent
    assert sent[0].startswith("runback coaches you back to running")


async def test_a_short_403_is_retried(ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await start(ada, clock)
    ada.user.block()
    since = len(ada.user.messages)
    await fire_next(bot, clock, ada)
    ada.user.unblock()
    await fire_next(bot, clock, ada)
    assert heads(ada, since) == ["🏃 Jog easy — 0:15"]
    assert await is_active(bot, ada.user.chat_id)
    assert await status_of(bot) == "live"


async def test_a_403_that_stands_deactivates_the_user_and_ends_the_session(
    ada: Person, bot: RunningBot, clock: FakeClock,
) -> None:
    await start(ada, clock)
    ada.user.block()
    first = None
    while bot.timers.pending:
        await fire_next(bot, clock, ada)
        first = first or clock.now()
    assert first is not None and clock.now() - first >= live.REFUSED_FOR
    assert not await is_active(bot, ada.user.chat_id)
    assert await status_of(bot) == "discarded"
    assert session_count(bot) == 0


def session_count(bot: RunningBot) -> int:
    return len(runner(bot).running)


async def test_a_locked_database_at_the_finish_is_retried_without_saying_done_twice(
    impatient_bot: RunningBot, clock: FakeClock, emulator: Emulator,
    lock: WriteLock,
) -> None:
    bot = impatient_bot
    ada = Person(emulator.user(user_id=5001, first_name="Ada"), bot)
    await start(ada, clock)
    while True:  # up to the cool-down walk
        sent = await fire_next(bot, clock, ada)
        if (sent[-1].text or "").startswith("🚶 Cool-down"):
            break
    await lock.hold()
    since = len(ada.user.messages)
    await fire_next(bot, clock, ada)
    assert heads(ada, since) == [DONE + " 30 minutes, well done."]
    clock.advance(seconds=10)  # the lock is held 10 s
    await fire_next(bot, clock, ada)
    assert bot.timers.pending  # still waiting for the database
    await lock.release()
    await fire_next(bot, clock, ada)
    assert heads(ada, since) == [DONE + " 30 minutes, well done.",
                                 "How bad was your back pain at its worst during the session? "
                                 "(0 = no pain, 10 = worst imaginable)"]
    assert not bot.timers.pending
    assert await status_of(bot) == "checkin_peak"


async def test_a_peak_tap_while_the_database_is_locked_gets_a_clear_reply(
    impatient_bot: RunningBot, clock: FakeClock, emulator: Emulator,
    lock: WriteLock,
) -> None:
    bot = impatient_bot
    ada = Person(emulator.user(user_id=5001, first_name="Ada"), bot)
    await start(ada, clock)
    await run_to_end(bot, clock, ada)
    await lock.hold()
    replies = await ada.tap("4")
    await lock.release()
    assert [m.text for m in replies] == [texts.STORAGE_DOWN]
    assert await status_of(bot) == "checkin_peak"  # nothing half-written
    replies = await ada.say("4")
    assert "Tick all that apply" in (replies[-1].text or "")


async def test_a_peak_tap_after_delete_gets_a_clear_reply(
    ada: Person, bot: RunningBot, clock: FakeClock,
) -> None:
    await start(ada, clock)
    await run_to_end(bot, clock, ada)
    peak = ada.last
    await ada.say("/delete")
    await ada.tap("Yes, erase everything")
    replies = await ada.tap("4", message=peak)
    # The answer is tried before the button is answered, so the reply is the button's own.
    assert replies == []
    assert ada.last_alert == texts.STALE_BUTTON


async def test_delete_during_a_live_session_stops_its_cues(
    ada: Person, bot: RunningBot, clock: FakeClock,
) -> None:
    await start(ada, clock)
    session_id = only_session(bot)
    due = bot.timers.pending[session_id]
    await ada.say("/delete")
    await ada.tap("Yes, erase everything")
    assert not bot.timers.pending
    since = len(ada.user.messages)
    clock.set(due)
    await runner(bot).tick(session_id)  # a wake-up already on its way
    assert ada.user.messages[since:] == []


async def test_an_edited_message_is_answered(ada: Person, bot: RunningBot,
                                             emulator: Emulator) -> None:
    await onboard(ada)
    original = await ada.user.send("9")
    await bot.settle()
    edited = {**original, "text": "3", "edit_date": original["date"] + 5}
    emulator.state.updates.push("edited_message", edited)
    await bot.settle()
    assert "kept your first message" in (ada.last.text or "")
    assert "“3”" in (ada.last.text or "")


async def test_a_button_on_an_inline_message_is_answered(ada: Person, bot: RunningBot,
                                                         emulator: Emulator) -> None:
    state = emulator.state
    query_id = state.next_callback_id()
    state.open_callbacks[query_id] = (ada.user.chat_id, "menu|today", None)
    state.updates.push("callback_query", {
        "id": query_id, "from": {"id": ada.user.chat_id, "is_bot": False, "first_name": "Ada"},
        "inline_message_id": "AAEAAQ", "chat_instance": "1", "data": "menu|today",
    })
    await bot.settle()
    assert query_id not in state.open_callbacks
    assert ada.last_alert == texts.INLINE_BUTTON


async def test_a_check_in_question_telegram_refuses_is_asked_once_later(
    ada: Person, bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    await start(ada, clock)
    while True:  # up to the cool-down walk
        sent = await fire_next(bot, clock, ada)
        if (sent[-1].text or "").startswith("🚶 Cool-down"):
            break
    since = len(ada.user.messages)
    emulator.faults.delay_next("sendMessage", seconds=0)  # "Session done!" goes through,
    emulator.faults.fail_next("sendMessage", error_code=500, times=TRIES)  # the question not
    await fire_next(bot, clock, ada)
    assert emulator.faults.pending == 0
    assert heads(ada, since) == [DONE + " 30 minutes, well done."]
    assert await status_of(bot) == "checkin_peak"
    await fire_next(bot, clock, ada)
    assert heads(ada, since) == [
        DONE + " 30 minutes, well done.",
        "How bad was your back pain at its worst during the session? "
        "(0 = no pain, 10 = worst imaginable)"]
    assert not bot.timers.pending
