"""Queries and writes over programmes and the decisions that changed them; callers own the
transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.decisions import Decision
from bot.domain.programme import Programme
from bot.storage import programme_codec
from bot.storage.models import Decision as DecisionRow
from bot.storage.models import ProgrammeState
from bot.storage.reminders import CHUNK


async def load(session: AsyncSession, user_id: int) -> Programme | None:
    """The stored programme of a user, if they have one."""
    row = await session.get(ProgrammeState, user_id)
    return None if row is None else programme_codec.load(row.state)


async def load_many(session: AsyncSession, user_ids: Iterable[int], *,
                    chunk: int = CHUNK) -> dict[int, Programme]:
    """The stored programmes of those of ``user_ids`` who have one, by user id."""
    ids = list(set(user_ids))
    found: dict[int, Programme] = {}
    for start in range(0, len(ids), chunk):
        rows = await session.execute(
            select(ProgrammeState.user_id, ProgrammeState.state)
            .where(ProgrammeState.user_id.in_(ids[start : start + chunk]))
        )
        for user_id, state in rows:
            found[user_id] = programme_codec.load(state)
    return found


async def save(session: AsyncSession, user_id: int, programme: Programme, now: datetime) -> None:
    """Store a programme, replacing the previous state."""
    row = await session.get(ProgrammeState, user_id)
    state = programme_codec.dump(programme)
    if row is None:
        session.add(ProgrammeState(user_id=user_id, state=state, updated_at=now))
    else:
        row.state = state
        row.updated_at = now


async def record_decision(session: AsyncSession, user_id: int, before: int, decision: Decision,
                          now: datetime, session_id: int | None = None) -> None:
    """Store a decision with its rule and inputs, so anyone can read why the dose changed."""
    session.add(DecisionRow(
        user_id=user_id, session_id=session_id, from_level=before, to_level=decision.level,
        rule=decision.rule.value, zone=None if decision.zone is None else decision.zone.value,
        inputs=dict(decision.inputs), advise_clinician=decision.advise_clinician, decided_at=now,
    ))


async def latest_decisions(session: AsyncSession, user_id: int, limit: int
                           ) -> list[DecisionRow]:
    """The user's last ``limit`` decisions, newest first."""
    rows = await session.scalars(
        select(DecisionRow).where(DecisionRow.user_id == user_id)
        .order_by(DecisionRow.decided_at.desc(), DecisionRow.id.desc())
        .limit(limit)
    )
    return list(rows)


async def count_decisions(session: AsyncSession, user_id: int) -> int:
    """How many decisions were ever stored for the user."""
    count = await session.scalar(
        select(func.count()).select_from(DecisionRow).where(DecisionRow.user_id == user_id)
    )
    return int(count or 0)
