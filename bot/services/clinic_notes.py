"""Alerts for a client's linked clinicians, queued in the transaction that stores their cause.

Kept apart from the rest of the clinic so the coaching and safety use cases that call it
depend on nothing more than the queue.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.clinic import AlertKind, alert_for
from bot.domain.decisions import Decision
from bot.storage import clinic as store
from bot.storage.db import DbSession


async def note_decision(session: DbSession, user_id: int, decision: Decision,
                        now: datetime) -> None:
    """Queue an alert for each of the user's clinicians if ``decision`` calls for one."""
    kind = alert_for(decision)
    if kind is not None:
        await _alert_all(session, user_id, kind, {"level": decision.level}, now)


async def note_red_flag(session: DbSession, user_id: int, outcome: str, reason: str,
                        now: datetime) -> None:
    """Queue an alert for each of the user's clinicians: a red flag holds the programme."""
    await _alert_all(session, user_id, AlertKind.RED_FLAG,
                     {"outcome": outcome, "reason": reason}, now)


async def _alert_all(session: DbSession, client_id: int, kind: AlertKind,
                     facts: dict[str, Any], now: datetime) -> None:
    for link in await store.links_to(session, client_id):
        await store.queue(session, link.clinician_id, client_id, kind.value, facts, now)
