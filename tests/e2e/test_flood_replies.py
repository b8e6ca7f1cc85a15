"""Replies under flood control: a 429 past PTB's three retries is waited out once more.

PTB's rate limiter and the extra try wait ``retry_after`` for real (1 s here, the least the
Bot API asks for); everything else moves on the injected clock.
"""

from __future__ import annotations

from bot.emulator import Emulator
from bot.telegram import texts
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot

PTB_TRIES = 1 + 3  # the first try and PTB's three retries


async def test_a_reply_whose_429s_outlast_ptbs_retries_is_delivered_once(
    ada: Person, bot: RunningBot, emulator: Emulator,
) -> None:
    await onboard(ada)
    emulator.faults.fail_next("sendMessage", error_code=429, retry_after=1, times=PTB_TRIES)
    since = len(ada.user.messages)
    await ada.say("/help")
    assert emulator.faults.pending == 0
    sent = [m.text or "" for m in ada.user.messages[since:]]
    assert len(sent) == 1 and sent[0].startswith("runback coaches you back to running"), sent


async def test_a_reply_whose_429s_outlast_the_extra_try_gets_the_apology(
    ada: Person, bot: RunningBot, emulator: Emulator,
) -> None:
    await onboard(ada)
    emulator.faults.fail_next("sendMessage", error_code=429, retry_after=1,
                              times=PTB_TRIES + 1)
    since = len(ada.user.messages)
    await ada.say("/help")
    assert [m.text for m in ada.user.messages[since:]] == [texts.SOMETHING_WENT_WRONG]
