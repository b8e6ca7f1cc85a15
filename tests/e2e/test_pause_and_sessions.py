"""/pause and /go crossing a session: a kind answer and nothing left stuck."""

from __future__ import annotations

from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import run_to_end
from tests.e2e.test_live_session import WEDNESDAY_0730, start


async def test_go_while_paused_says_so_and_starts_nothing(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    await ada.say("/pause for 2 weeks")
    clock.set(WEDNESDAY_0730)
    replies = await ada.say("/go")
    assert len(replies) == 1
    assert "paused until Monday 18 January" in (replies[0].text or "")
    assert "/resume" in (replies[0].text or "")
    assert not bot.timers.pending
    await ada.say("/resume")
    replies = await ada.say("/go")
    assert "how is your back right now" in (replies[-1].text or "")
    await ada.tap("2")
    await run_to_end(bot, clock, ada)
    await ada.tap("2")
    replies = await ada.tap("None of these")
    assert "something went wrong" not in " ".join(r.text or "" for r in replies)
    assert (await bot.rules())[-1] == "hold_amber"


async def test_pause_during_the_check_in_still_takes_the_answers(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await start(ada, clock)
    await run_to_end(bot, clock, ada)
    assert "at its worst" in (ada.last.text or "")
    peak_question = ada.last
    replies = await ada.say("/pause")
    assert "for how long" in (replies[0].text or "")
    await ada.tap("No end date")
    assert "Paused" in (replies[0].text or "")  # the question, edited in place
    await ada.tap("2", message=peak_question)
    replies = await ada.tap("None of these")
    assert "something went wrong" not in " ".join(r.text or "" for r in replies)
    assert (await bot.rules())[-2:] == ["pause", "hold_amber"]
    replies = await ada.say("/go")
    assert "paused" in (replies[0].text or "") and "already" not in (replies[0].text or "")
    replies = await ada.say("/resume")
    assert "Welcome back" in (replies[0].text or "")
    replies = await ada.say("/go")  # nothing left open: the next session's questions
    assert "your back" in (replies[-1].text or "") and "already" not in (replies[0].text or "")
