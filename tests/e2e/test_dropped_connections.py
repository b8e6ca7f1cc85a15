"""Every kind of send when the connection drops mid-request, and replies under 5xx.

A dropped connection after Telegram took the message (the answer lost on the way) may have
delivered it, so nothing is sent twice; 5xx answers are tried again by the request layer, so a
reply gets through once the fault clears. The request layer's waits between tries are real
(0.25 s and 0.75 s); everything else moves on the injected clock.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.emulator import Emulator
from bot.telegram import texts
from bot.telegram.request import RETRY_DELAYS
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import fire_next
from tests.e2e.test_reminders import WEDNESDAY, tick

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
PEAK_QUESTION = ("How bad was your back pain at its worst during the session? "
                 "(0 = no pain, 10 = worst imaginable)")


def heads(person: Person, since: int) -> list[str]:
    return [(m.text or "").splitlines()[0] for m in person.user.messages[since:]]


async def test_a_reply_whose_connection_drops_is_delivered_once_without_an_apology(
    ada: Person, bot: RunningBot, emulator: Emulator,
) -> None:
    await onboard(ada)
    emulator.faults.drop_next("sendMessage")  # Telegram took it; the answer never came
    since = len(ada.user.messages)
    await ada.say("/help")
    sent = [m.text or "" for m in ada.user.messages[since:]]
    assert len(sent) == 1 and sent[0].startswith("runback coaches you back to running"), sent
    assert texts.SOMETHING_WENT_WRONG not in sent


async def test_a_reply_under_5xx_is_delivered_once_when_the_fault_clears(
    ada: Person, bot: RunningBot, emulator: Emulator,
) -> None:
    await onboard(ada)
    emulator.faults.fail_next("sendMessage", error_code=502, times=len(RETRY_DELAYS))
    since = len(ada.user.messages)
    await ada.say("/help")
    assert emulator.faults.pending == 0
    sent = [m.text or "" for m in ada.user.messages[since:]]
    assert len(sent) == 1 and sent[0].startswith("runback coaches you back to running"), sent


async def test_a_reply_whose_5xx_outlasts_the_tries_gets_the_apology(
    ada: Person, bot: RunningBot, emulator: Emulator,
) -> None:
    await onboard(ada)
    emulator.faults.fail_next("sendMessage", error_code=500, times=1 + len(RETRY_DELAYS))
    since = len(ada.user.messages)
    await ada.say("/help")
    assert [m.text for m in ada.user.messages[since:]] == [texts.SOMETHING_WENT_WRONG]


async def start(person: Person, clock: FakeClock) -> None:
    await onboard(person)
    clock.set(WEDNESDAY_0730)
    await person.say("/go")
    await person.tap("2")


async def test_a_cue_whose_connection_drops_is_not_sent_twice(
    ada: Person, bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    await start(ada, clock)
    emulator.faults.drop_next("sendMessage")
    since = len(ada.user.messages)
    await fire_next(bot, clock, ada)
    await fire_next(bot, clock, ada)
    assert heads(ada, since) == ["🏃 Jog easy — 0:15", "🚶 Walk — 4:45"]


async def test_a_check_in_question_whose_connection_drops_is_asked_once(
    ada: Person, bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    await start(ada, clock)
    while True:  # up to the cool-down walk
        sent = await fire_next(bot, clock, ada)
        if (sent[-1].text or "").startswith("🚶 Cool-down"):
            break
    since = len(ada.user.messages)
    emulator.faults.delay_next("sendMessage", seconds=0)  # "Session done!" goes through,
    emulator.faults.drop_next("sendMessage")  # the question's answer is lost on the way
    await fire_next(bot, clock, ada)
    clock.advance(minutes=5)
    await bot.settle()
    assert emulator.faults.pending == 0
    assert heads(ada, since)[1:] == [PEAK_QUESTION]
    assert not bot.timers.pending


async def test_a_reminder_whose_connection_drops_is_delivered_once(
    ada: Person, bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    await onboard(ada)
    emulator.faults.drop_next("sendMessage")
    clock.set(WEDNESDAY)
    since = len(ada.user.messages)
    report = await tick(bot, clock)
    assert report.claimed == 1 and report.queued_again == 0
    for _ in range(3):  # later ticks send nothing again
        clock.advance(minutes=2)
        assert (await tick(bot, clock)).claimed == 0
    assert len(ada.user.messages[since:]) == 1
    assert "Session time" in (ada.last.text or "")


async def test_a_reminder_whose_connection_drops_unsent_is_lost_not_doubled(
    ada: Person, bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    """A drop cannot tell "taken" from "not taken"; the rule is at most once, so a reminder
    dropped before Telegram took it is not sent again (the one loss this fault allows)."""
    await onboard(ada)
    emulator.faults.drop_next("sendMessage", handled=False)
    clock.set(WEDNESDAY)
    since, calls = len(ada.user.messages), len(emulator.calls_to("sendMessage"))
    await tick(bot, clock)
    clock.advance(minutes=2)
    await tick(bot, clock)
    assert ada.user.messages[since:] == []
    assert len(emulator.calls_to("sendMessage")) == calls + 1


async def test_a_reminder_under_5xx_is_delivered_once_when_the_fault_clears(
    ada: Person, bot: RunningBot, clock: FakeClock, emulator: Emulator,
) -> None:
    await onboard(ada)
    emulator.faults.fail_next("sendMessage", error_code=502, times=1 + len(RETRY_DELAYS))
    clock.set(WEDNESDAY)
    since = len(ada.user.messages)
    assert (await tick(bot, clock)).queued_again == 1
    assert ada.user.messages[since:] == []
    clock.advance(minutes=1)
    assert (await tick(bot, clock)).sent == 1
    clock.advance(minutes=1)
    assert (await tick(bot, clock)).claimed == 0
    assert len(ada.user.messages[since:]) == 1
