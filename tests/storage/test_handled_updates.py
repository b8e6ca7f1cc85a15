"""Handled update ids: marked once, seen again, forgotten once too old to be delivered again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services import updates
from bot.storage.db import Database

NOW = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)


async def test_an_update_marked_handled_is_known_and_marking_again_is_harmless(
        any_db: Database) -> None:
    assert not await updates.was_handled(any_db, 41)
    await updates.mark_handled(any_db, 41, NOW)
    await updates.mark_handled(any_db, 41, NOW + timedelta(seconds=1))
    assert await updates.was_handled(any_db, 41)
    assert not await updates.was_handled(any_db, 42)


async def test_old_ids_are_forgotten_and_recent_ones_kept(any_db: Database) -> None:
    await updates.mark_handled(any_db, 1, NOW - updates.KEPT_FOR - timedelta(minutes=1))
    await updates.mark_handled(any_db, 2, NOW - timedelta(hours=1))
    assert await updates.forget_old(any_db, NOW) == 1
    assert not await updates.was_handled(any_db, 1)
    assert await updates.was_handled(any_db, 2)


async def test_marking_now_and_then_prunes_without_a_timer(any_db: Database) -> None:
    await updates.mark_handled(any_db, 7, NOW - updates.KEPT_FOR - timedelta(days=1))
    await updates.mark_handled(any_db, updates.PRUNE_EVERY * 3, NOW)
    assert not await updates.was_handled(any_db, 7)
