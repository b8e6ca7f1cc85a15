"""Weekly average pain, outcome snapshots and the end-of-programme choice; callers own the
transaction. Reads return the domain's frozen dataclasses, ready for a report or an export."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.decisions import Rule
from bot.domain.outcomes import CloseChoice, Item, ProgrammeClose, Snapshot, WeeklyPain
from bot.domain.week import Weekday
from bot.storage.models import Decision as DecisionRow
from bot.storage.models import OutcomeSnapshot, ProgrammeCloseRow, WeeklyPainRow


async def record_weekly_pain(session: AsyncSession, user_id: int, week: int, pain: int,
                             now: datetime) -> bool:
    """Store the average pain of ``week``; False (and nothing changed) when it was stored."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    result = await session.execute(
        insert(WeeklyPainRow).values(user_id=user_id, week=week, pain=pain, recorded_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "week"])
    )
    return bool(getattr(result, "rowcount", 0))


async def weekly_pains(session: AsyncSession, user_id: int) -> list[WeeklyPain]:
    """Every weekly average the user gave, by week."""
    rows = await session.scalars(select(WeeklyPainRow).where(WeeklyPainRow.user_id == user_id)
                                 .order_by(WeeklyPainRow.week))
    return [WeeklyPain(row.week, row.pain, row.recorded_at) for row in rows]


async def snapshots(session: AsyncSession, user_id: int) -> list[Snapshot]:
    """Every outcome snapshot of the user, by week."""
    rows = await session.scalars(select(OutcomeSnapshot)
                                 .where(OutcomeSnapshot.user_id == user_id)
                                 .order_by(OutcomeSnapshot.week))
    return [_snapshot(row) for row in rows]


async def snapshot(session: AsyncSession, snapshot_id: int, *, for_update: bool = False
                   ) -> tuple[int, Snapshot] | None:
    """The snapshot with this id and whose it is, or None."""
    query = select(OutcomeSnapshot).where(OutcomeSnapshot.id == snapshot_id)
    row = await session.scalar(query.with_for_update() if for_update else query)
    return None if row is None else (row.user_id, _snapshot(row))


async def snapshot_of_week(session: AsyncSession, user_id: int, week: int) -> Snapshot | None:
    """The user's snapshot of ``week``, or None."""
    row = await session.scalar(select(OutcomeSnapshot).where(
        OutcomeSnapshot.user_id == user_id, OutcomeSnapshot.week == week))
    return None if row is None else _snapshot(row)


async def begin_snapshot(session: AsyncSession, user_id: int, week: int, now: datetime,
                         average_pain: int | None = None) -> Snapshot:
    """The user's snapshot of ``week``, begun now unless one exists."""
    found = await snapshot_of_week(session, user_id, week)
    if found is not None:
        return found
    row = OutcomeSnapshot(user_id=user_id, week=week, taken_at=now, average_pain=average_pain)
    session.add(row)
    await session.flush()
    return _snapshot(row)


async def save_answer(session: AsyncSession, snapshot_id: int, item: Item, value: int) -> None:
    """Store one answer of a snapshot."""
    row = await session.get(OutcomeSnapshot, snapshot_id)
    assert row is not None
    setattr(row, item.value, value)


async def skip_snapshot(session: AsyncSession, snapshot_id: int, now: datetime) -> None:
    """Put the rest of a snapshot aside."""
    row = await session.get(OutcomeSnapshot, snapshot_id)
    assert row is not None
    row.skipped_at = now


async def programme_close(session: AsyncSession, user_id: int) -> ProgrammeClose | None:
    """The choice the user made at the end of the programme, or None."""
    row = await session.get(ProgrammeCloseRow, user_id)
    if row is None:
        return None
    days = tuple(Weekday[name.upper()] for name in row.days.split(",")) if row.days else ()
    return ProgrammeClose(CloseChoice(row.choice), days, row.chosen_at)


async def record_close(session: AsyncSession, user_id: int, choice: CloseChoice,
                       days: tuple[Weekday, ...], now: datetime) -> None:
    """Store the end-of-programme choice."""
    session.add(ProgrammeCloseRow(user_id=user_id, choice=choice.value,
                                  days=",".join(day.short for day in days) or None,
                                  chosen_at=now))


def _snapshot(row: OutcomeSnapshot) -> Snapshot:
    return Snapshot(row.id, row.week, row.taken_at, row.average_pain, row.current_pain,
                    row.confidence, row.fear, row.load, skipped=row.skipped_at is not None)


async def decisions_since(session: AsyncSession, user_id: int, since: datetime, limit: int
                          ) -> list[DecisionRow]:
    """The user's decisions from ``since`` on, oldest first, the last ``limit`` of them."""
    rows = await session.scalars(
        select(DecisionRow).where(DecisionRow.user_id == user_id, DecisionRow.decided_at >= since)
        .order_by(DecisionRow.decided_at.desc(), DecisionRow.id.desc()).limit(limit)
    )
    return list(reversed(list(rows)))


async def start_level(session: AsyncSession, user_id: int) -> int | None:
    """The level the programme started at (its first decision), or None."""
    level: int | None = await session.scalar(
        select(DecisionRow.to_level)
        .where(DecisionRow.user_id == user_id, DecisionRow.rule == Rule.START.value)
        .order_by(DecisionRow.id).limit(1)
    )
    return level
