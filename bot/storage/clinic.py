"""Queries and writes over clinicians, their invites, links and queued messages; callers own
the transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    CheckIn,
    Clinician,
    ClinicInvite,
    ClinicLink,
    ClinicMessage,
    Hold,
    TrainingSession,
)
from bot.storage.sessions import DONE

PENDING, CLAIMED, SENT, DROPPED = "pending", "claimed", "sent", "dropped"
"""A queued message's status: waiting, handed to Telegram, delivered, or not to be sent."""


async def clinician(session: AsyncSession, clinician_id: int, *,
                    for_update: bool = False) -> Clinician | None:
    """The clinician with this Telegram id, if registered."""
    query = select(Clinician).where(Clinician.id == clinician_id)
    if for_update:
        query = query.with_for_update()
    found: Clinician | None = await session.scalar(query)
    return found


async def add_clinician(session: AsyncSession, clinician_id: int, now: datetime) -> Clinician:
    """Start registering a clinician (name and profession still to come)."""
    row = Clinician(id=clinician_id, registered_at=now)
    session.add(row)
    await session.flush()
    return row


async def delete_clinician(session: AsyncSession, clinician_id: int) -> list[int]:
    """Erase a clinician with their invites, links and queued messages; the clients who were
    linked to them."""
    clients = [link.client_id for link in await links_of(session, clinician_id)]
    for table in (ClinicMessage, ClinicLink, ClinicInvite):
        await session.execute(delete(table).where(table.clinician_id == clinician_id))
    await session.execute(delete(Clinician).where(Clinician.id == clinician_id))
    return clients


async def add_invite(session: AsyncSession, clinician_id: int, code_hash: str, now: datetime,
                     expires_at: datetime) -> ClinicInvite:
    """Store a new invite by the hash of its code."""
    row = ClinicInvite(clinician_id=clinician_id, code_hash=code_hash, created_at=now,
                       expires_at=expires_at)
    session.add(row)
    await session.flush()
    return row


async def invite_by_hash(session: AsyncSession, code_hash: str, *,
                         for_update: bool = False) -> ClinicInvite | None:
    """The invite whose code has this hash."""
    query = select(ClinicInvite).where(ClinicInvite.code_hash == code_hash)
    if for_update:
        query = query.with_for_update()
    found: ClinicInvite | None = await session.scalar(query)
    return found


async def open_invites(session: AsyncSession, clinician_id: int,
                       now: datetime) -> list[ClinicInvite]:
    """A clinician's invites not used, revoked or expired, oldest first."""
    rows = await session.scalars(select(ClinicInvite).where(
        ClinicInvite.clinician_id == clinician_id, ClinicInvite.used_at.is_(None),
        ClinicInvite.revoked_at.is_(None), ClinicInvite.expires_at > now,
    ).order_by(ClinicInvite.id))
    return list(rows)


async def link(session: AsyncSession, clinician_id: int, client_id: int) -> ClinicLink | None:
    """The link between this clinician and client, if it stands."""
    found: ClinicLink | None = await session.scalar(select(ClinicLink).where(
        ClinicLink.clinician_id == clinician_id, ClinicLink.client_id == client_id))
    return found


async def add_link(session: AsyncSession, clinician_id: int, client_id: int, client_name: str,
                   now: datetime) -> ClinicLink:
    """Link a client to a clinician."""
    row = ClinicLink(clinician_id=clinician_id, client_id=client_id,
                     client_name=client_name[:128], linked_at=now)
    session.add(row)
    await session.flush()
    return row


async def links_of(session: AsyncSession, clinician_id: int) -> list[ClinicLink]:
    """A clinician's clients, in the order they linked."""
    rows = await session.scalars(select(ClinicLink).where(
        ClinicLink.clinician_id == clinician_id).order_by(ClinicLink.id))
    return list(rows)


async def links_to(session: AsyncSession, client_id: int) -> list[ClinicLink]:
    """The clinicians a client shares with, in the order they linked."""
    rows = await session.scalars(select(ClinicLink).where(
        ClinicLink.client_id == client_id).order_by(ClinicLink.id))
    return list(rows)


async def clinicians_named(session: AsyncSession, ids: Iterable[int]) -> dict[int, Clinician]:
    """The clinicians with these ids, by id."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(select(Clinician).where(Clinician.id.in_(wanted)))
    return {row.id: row for row in rows}


async def unlink(session: AsyncSession, clinician_id: int, client_id: int) -> bool:
    """End a link, with every message about the client not yet sent; False if none stood."""
    result = await session.execute(delete(ClinicLink).where(
        ClinicLink.clinician_id == clinician_id, ClinicLink.client_id == client_id))
    await session.execute(delete(ClinicMessage).where(
        ClinicMessage.clinician_id == clinician_id, ClinicMessage.client_id == client_id,
        ClinicMessage.status.in_((PENDING, CLAIMED))))
    return bool(getattr(result, "rowcount", 0))


async def forget_client(session: AsyncSession, client_id: int) -> list[int]:
    """Erase every link and message about a client; the clinicians they were linked to."""
    clinicians = [row.clinician_id for row in await links_to(session, client_id)]
    await session.execute(delete(ClinicLink).where(ClinicLink.client_id == client_id))
    await session.execute(delete(ClinicMessage).where(ClinicMessage.client_id == client_id))
    await session.execute(update(ClinicInvite).where(ClinicInvite.used_by == client_id)
                          .values(used_by=None))
    return clinicians


async def queue(session: AsyncSession, clinician_id: int, client_id: int | None, kind: str,
                facts: dict[str, Any], now: datetime) -> None:
    """Queue a message for a clinician, due now."""
    session.add(ClinicMessage(clinician_id=clinician_id, client_id=client_id, kind=kind,
                              facts=facts, due_at=now, status=PENDING, attempts=0))


async def claim(session: AsyncSession, now: datetime, limit: int) -> list[ClinicMessage]:
    """Take up to ``limit`` due messages off the queue (status CLAIMED), oldest first."""
    rows = list(await session.scalars(
        select(ClinicMessage).where(ClinicMessage.status == PENDING,
                                    ClinicMessage.due_at <= now)
        .order_by(ClinicMessage.due_at, ClinicMessage.id).limit(limit).with_for_update()))
    for row in rows:
        row.status, row.claimed_at, row.attempts = CLAIMED, now, row.attempts + 1
    return rows


async def message(session: AsyncSession, message_id: int) -> ClinicMessage | None:
    """One queued message by its id."""
    return await session.get(ClinicMessage, message_id)


async def forget_done(session: AsyncSession, before: datetime) -> None:
    """Forget messages sent or dropped that were due before ``before``."""
    await session.execute(delete(ClinicMessage).where(
        ClinicMessage.status.in_((SENT, DROPPED)), ClinicMessage.due_at < before))


async def put_back_claimed(session: AsyncSession) -> int:
    """Claims a killed process never confirmed go back in the queue; how many."""
    result = await session.execute(update(ClinicMessage).where(
        ClinicMessage.status == CLAIMED).values(status=PENDING))
    return int(getattr(result, "rowcount", 0) or 0)


async def due_digests(session: AsyncSession, now: datetime, limit: int) -> list[Clinician]:
    """Clinicians whose weekly digest is due."""
    rows = await session.scalars(select(Clinician).where(
        Clinician.next_digest_at.is_not(None), Clinician.next_digest_at <= now)
        .order_by(Clinician.next_digest_at).limit(limit).with_for_update())
    return list(rows)


async def done_since(session: AsyncSession, user_id: int, since: date) -> list[TrainingSession]:
    """The user's completed sessions from local day ``since`` on, oldest first."""
    rows = await session.scalars(select(TrainingSession).where(
        TrainingSession.user_id == user_id, TrainingSession.status == DONE,
        TrainingSession.local_date >= since).order_by(TrainingSession.id))
    return list(rows)


async def pains_since(session: AsyncSession, user_id: int, kind: str,
                      since: datetime) -> list[int]:
    """The user's 0–10 check-ins of ``kind`` from ``since`` on, oldest first."""
    rows = await session.scalars(select(CheckIn.pain).where(
        CheckIn.user_id == user_id, CheckIn.kind == kind, CheckIn.recorded_at >= since)
        .order_by(CheckIn.recorded_at, CheckIn.id))
    return list(rows)


async def holds_of(session: AsyncSession, user_id: int, limit: int) -> list[Hold]:
    """The user's latest red-flag holds, newest first."""
    rows = await session.scalars(select(Hold).where(Hold.user_id == user_id)
                                 .order_by(Hold.held_at.desc(), Hold.id.desc()).limit(limit))
    return list(rows)
