"""After a restart: check-ins still waiting are asked again once, and an update Telegram
delivers a second time does nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.emulator.state import UpdateQueue
from bot.services.container import Updates
from bot.storage.models import CheckIn
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import run_to_end

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
PEAK = "How bad was your back pain at its worst during the session?"
SIGNS = "Did you notice any of these?"


async def finished_session(person: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(person)
    clock.set(WEDNESDAY_0730)
    await person.say("/go")
    await person.tap("2")
    await run_to_end(bot, clock, person)
    assert (person.last.text or "").startswith(PEAK)


def asked(person: Person, question: str) -> int:
    return sum(1 for text in person.texts() if text.startswith(question))


async def test_a_peak_question_waiting_at_a_restart_is_asked_again_once(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await finished_session(ada, bot, clock)
    await bot.restart()
    await bot.settle()
    assert asked(ada, PEAK) == 2
    assert (ada.last.text or "").startswith(PEAK) and "5" in ada.last.buttons
    replies = await ada.tap("5")  # on the question asked again
    assert (replies[-1].text or "").startswith(SIGNS)
    await bot.restart()
    await bot.settle()
    assert asked(ada, SIGNS) == 1  # asked again once, not at every restart
    assert asked(ada, PEAK) == 2


async def test_a_signs_question_waiting_at_a_restart_is_asked_again_with_its_ticks(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await finished_session(ada, bot, clock)
    await ada.tap("3")
    signs = ada.last
    first_sign = signs.buttons[0]
    await ada.tap(first_sign, signs)
    await bot.restart()
    await bot.settle()
    assert asked(ada, SIGNS) == 2
    assert ada.last.buttons[0] == "✅ " + first_sign


async def test_a_check_in_ended_long_before_the_restart_is_left_alone(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await finished_session(ada, bot, clock)
    clock.advance(days=2)
    await bot.restart()
    await bot.settle()
    assert asked(ada, PEAK) == 1


class Redelivery:
    """Keeps every update the emulator queues, so a test can deliver one again as Telegram
    does when the bot died before confirming it."""

    def __init__(self, queue: UpdateQueue, monkeypatch: pytest.MonkeyPatch) -> None:
        self.queue = queue
        self.pushed: list[dict[str, Any]] = []
        original = queue.push

        def keep(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
            update = original(kind, payload)
            self.pushed.append(update)
            return update

        monkeypatch.setattr(queue, "push", keep)

    def again(self, update: dict[str, Any]) -> None:
        # The emulator has no call for this: Telegram does it on its own after a lost offset.
        self.queue._pending.append(dict(update))
        self.queue.enqueued += 1
        self.queue._signal.notify()


async def test_a_pain_tap_delivered_again_does_nothing_twice(
        ada: Person, bot: RunningBot, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    await finished_session(ada, bot, clock)
    redelivery = Redelivery(bot.emulator.state.updates, monkeypatch)
    await ada.tap("5")
    tap = redelivery.pushed[-1]
    assert "callback_query" in tap
    before, calls = len(ada.user.messages), len(bot.emulator.calls)
    redelivery.again(tap)
    await bot.settle()
    assert ada.user.messages[before:] == []  # not even "I've kept your first answer"
    made = [call.method for call in bot.emulator.calls[calls:] if call.method != "getUpdates"]
    assert made == []  # no handler saw it: no answer, no edit, no apology
    assert bot.db is not None
    async with bot.db.transaction() as session:
        count = await session.scalar(select(func.count()).select_from(CheckIn)
                                     .where(CheckIn.kind == "peak"))
    assert count == 1


async def test_a_pain_tap_is_marked_handled_with_its_answer(
        ada: Person, bot: RunningBot, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    await finished_session(ada, bot, clock)
    redelivery = Redelivery(bot.emulator.state.updates, monkeypatch)

    async def died_before_the_mark(self: Updates, update_id: int) -> None:
        """The process dies after the handlers, before the mark after them."""

    monkeypatch.setattr(Updates, "mark_handled", died_before_the_mark)
    await ada.tap("5")
    before, calls = len(ada.user.messages), len(bot.emulator.calls)
    redelivery.again(redelivery.pushed[-1])
    await bot.settle()
    assert ada.user.messages[before:] == []  # the answer's own transaction marked it
    assert [c.method for c in bot.emulator.calls[calls:] if c.method != "getUpdates"] == []
