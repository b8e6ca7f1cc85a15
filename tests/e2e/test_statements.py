"""Statements per update: what '/today' costs the database, counted on the real SQLite file.

An upper bound per update guards throughput: a change that makes every update read or write
more tables shows up here first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event

from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot

TODAY_STATEMENTS = 4
"""Statements one '/today' may take, from the check that the update is new to the mark that
it was handled (BEGIN and COMMIT are not statements)."""


@contextmanager
def counted(bot: RunningBot) -> Iterator[list[str]]:
    """Every SQL statement the bot runs inside the block."""
    assert bot.db is not None
    engine = bot.db.engine.sync_engine
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(" ".join(str(args[2]).split())[:150])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_today_takes_a_handful_of_statements(ada: Person, bot: RunningBot,
                                                   clock: FakeClock) -> None:
    clock.set(datetime(2027, 1, 4, 6, 0, tzinfo=UTC))  # Monday: a training day
    await onboard(ada)
    await ada.say("/today")  # the first answer after set-up may settle the programme once
    with counted(bot) as statements:
        replies = await ada.say("/today")
    assert "Today's session" in (replies[0].text or "")
    assert len(statements) <= TODAY_STATEMENTS, statements
