"""Telegram refusing a reply: the log says which call and which field, the user hears that
something went wrong instead of nothing, and the metrics count it."""

from __future__ import annotations

import logging

import pytest
from prometheus_client import REGISTRY

from bot import logs
from bot.emulator import Emulator
from bot.telegram import texts
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot


def count(name: str, **labels: str) -> float:
    value = REGISTRY.get_sample_value(name, labels)
    return value or 0.0


async def test_a_refused_reply_is_logged_by_method_and_field_and_the_user_is_told(
    ada: Person, bot: RunningBot, emulator: Emulator, caplog: pytest.LogCaptureFixture,
) -> None:
    await onboard(ada)
    caplog.handler.addFilter(logs.UpdateId())
    errors = count("runback_handler_errors_total", error="BadRequest")
    replies = count("runback_messages_sent_total", kind="reply")
    emulator.faults.fail_next("sendMessage", error_code=400,
                              description="Bad Request: can't parse entities: unclosed tag")
    caplog.set_level(logging.INFO)
    assert [m.text for m in await ada.say("/help")] == [texts.SOMETHING_WENT_WRONG]
    [refusal] = [r for r in caplog.records if r.name == "bot.telegram.request"]
    assert refusal.getMessage().startswith("Telegram refused sendMessage (field text)")
    update_id = emulator.state.updates.enqueued  # the /help, the latest update
    assert getattr(refusal, "update_id", None) == update_id
    assert count("runback_handler_errors_total", error="BadRequest") == errors + 1
    assert count("runback_messages_sent_total", kind="reply") == replies + 1  # the apology
