"""What users tell the bot stays out of the logs, even when a write fails."""

from __future__ import annotations

import json
import logging

import pytest

from bot import logs
from bot.emulator import Emulator
from bot.telegram import texts
from tests.backends import WriteLock
from tests.e2e.flows import agree, pass_screen
from tests.e2e.harness import Person, RunningBot

NAME = "Zelda Quixote"
SAID = "my sciatica grumbles after the school run"


def logged(caplog: pytest.LogCaptureFixture, formatter: logging.Formatter | None = None) -> str:
    """Every record above DEBUG, as a handler would print it, tracebacks included."""
    formatter = formatter or logging.Formatter("%(levelname)s %(name)s: %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records
                     if record.levelno > logging.DEBUG)


async def test_a_failed_write_logs_no_pain_scores_names_or_message_text(
    emulator: Emulator, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.busy_timeout_ms = 50
    await bot.restart()
    zelda = Person(emulator.user(user_id=8020, first_name=NAME), bot)
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(logs.UpdateId())
    await agree(zelda)
    await pass_screen(zelda)
    await zelda.say(SAID)
    await zelda.tap("More than a year")
    locker = WriteLock(bot.db_url)
    await locker.hold()
    try:
        replies = await zelda.say("7")
    finally:
        await locker.release()
    assert replies[-1].text == texts.STORAGE_DOWN
    text = logged(caplog)
    assert "update failed" in text  # the failure itself is logged
    assert "parameters hidden" in text
    as_json = logged(caplog, logs.JsonFormatter())
    failure = next(json.loads(line) for line in as_json.splitlines()
                   if '"update failed' in line)
    assert failure["update_id"] == emulator.state.updates.enqueued  # the "7" that failed
    for private in (NAME, "Zelda", SAID, "sciatica", "[parameters: (", "'usual', 7"):
        assert private not in text, private
        assert private not in as_json, private
