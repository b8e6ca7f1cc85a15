"""Alerts and weekly digests for linked clinicians, queued like reminders.

An alert is queued in the very transaction that stores what caused it (``clinic_notes``: a
RED session, two REDs in a row, a red flag, a flare), so it exists exactly when the cause
does. The clinic
queue claims due messages, checks that the link still stands (an alert about someone who
unlinked meanwhile is dropped, never sent), and confirms each send with its message id: at
least once, and a claim a killed process never confirmed is put back at the next start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.clinic import AlertKind, next_digest
from bot.services.clinic_clients import ClientLine, client_lines
from bot.storage import clinic as store
from bot.storage.db import Database

ATTEMPTS_AT_MOST = 5
"""A message Telegram keeps turning away (429, no connection) is given up after this many."""
KEEP_SENT = timedelta(days=30)
"""Sent or dropped messages are forgotten this long after they were queued."""
DIGEST = "digest"
"""The kind of a queued weekly digest (alerts are kinds of :class:`AlertKind`)."""


class Sent(Enum):
    """What sending one queued message did."""

    SENT = "sent"
    AGAIN = "again"  # not delivered (429, no connection): back in the queue
    GONE = "gone"  # refused for good (blocked, rejected): not tried again


@dataclass(frozen=True)
class Alert:
    """An alert for one clinician about one client, to send now."""

    message_id: int
    clinician_id: int
    client_id: int
    client_name: str
    kind: AlertKind
    facts: dict[str, Any]


@dataclass(frozen=True)
class Digest:
    """One clinician's weekly digest of every client."""

    message_id: int
    clinician_id: int
    clients: tuple[ClientLine, ...]


Queued = Alert | Digest


async def queue_due_digests(db: Database, now: datetime, limit: int) -> int:
    """Queue the weekly digest of every clinician whose digest time has come; how many."""
    async with db.transaction() as session:
        due = await store.due_digests(session, now, limit)
        for clinician in due:
            clinician.next_digest_at = next_digest(now, ZoneInfo(clinician.timezone or "UTC"))
            await store.queue(session, clinician.id, None, DIGEST, {}, now)
        return len(due)


async def claim_due(db: Database, now: datetime, limit: int) -> list[Queued]:
    """Take due messages off the queue, each with what it says; an alert whose client is no
    longer linked is dropped here."""
    async with db.transaction() as session:
        claimed: list[Queued] = []
        for row in await store.claim(session, now, limit):
            if row.kind == DIGEST:
                lines = await client_lines(session, row.clinician_id, now)
                if lines:
                    claimed.append(Digest(row.id, row.clinician_id, tuple(lines)))
                else:  # no clients this week: nothing to say
                    row.status = store.DROPPED
                continue
            link = (None if row.client_id is None
                    else await store.link(session, row.clinician_id, row.client_id))
            if link is None:
                row.status = store.DROPPED
                continue
            claimed.append(Alert(row.id, row.clinician_id, link.client_id, link.client_name,
                                 AlertKind(row.kind), dict(row.facts)))
        return claimed


async def record_sent(db: Database, outcomes: Sequence[tuple[int, Sent, int | None]],
                      now: datetime) -> None:
    """Store what each send did: (queued message id, outcome, Telegram message id)."""
    async with db.transaction() as session:
        for message_id, outcome, telegram_id in outcomes:
            row = await store.message(session, message_id)
            if row is None:
                continue  # erased meanwhile (an unlink, a deleted account)
            if outcome is Sent.SENT:
                row.status, row.sent_at, row.message_id = store.SENT, now, telegram_id
            elif outcome is Sent.AGAIN and row.attempts < ATTEMPTS_AT_MOST:
                row.status = store.PENDING
            else:
                row.status = store.DROPPED


async def forget_sent(db: Database, now: datetime) -> None:
    """Forget messages sent or dropped long enough ago."""
    async with db.transaction() as session:
        await store.forget_done(session, now - KEEP_SENT)


async def resend_unconfirmed(db: Database) -> int:
    """At start-up: claims never confirmed go back in the queue; how many."""
    async with db.transaction() as session:
        return await store.put_back_claimed(session)
