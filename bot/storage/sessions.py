"""Queries and writes over training sessions; callers own the transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import TrainingSession

LIVE = "live"
CHECKIN_PEAK = "checkin_peak"
CHECKIN_SIGNS = "checkin_signs"
DONE = "done"
DISCARDED = "discarded"
OPEN = (LIVE, CHECKIN_PEAK, CHECKIN_SIGNS)

# Hot queries are built once: building a statement costs as much as running it.
_OPEN = (select(TrainingSession)
         .where(TrainingSession.user_id == bindparam("user_id"), TrainingSession.status.in_(OPEN))
         .order_by(TrainingSession.id.desc()).limit(1))
_OPEN_FOR_UPDATE = _OPEN.with_for_update()
_SET_STATUS_MESSAGE = (update(TrainingSession)
                       .where(TrainingSession.id == bindparam("session"))
                       .values(status_message_id=bindparam("message")))


async def open_session(session: AsyncSession, user_id: int,
                       *, for_update: bool = False) -> TrainingSession | None:
    """The user's running (or awaiting check-in) session, if any."""
    query = _OPEN_FOR_UPDATE if for_update else _OPEN
    found: TrainingSession | None = await session.scalar(query, {"user_id": user_id})
    return found


async def get_session(session: AsyncSession, session_id: int,
                      *, for_update: bool = False) -> TrainingSession | None:
    """One training session by id (without a query when this transaction already holds it)."""
    if for_update:
        return await session.get(TrainingSession, session_id, with_for_update=True)
    return await session.get(TrainingSession, session_id)


async def add_live_session(session: AsyncSession, user_id: int, day: date, level: int,
                           scale: float, now: datetime, cue_mode: str = "chat", *,
                           flare_walk: bool = False) -> TrainingSession:
    """Store a session (or a flare walk) running from ``now``, its cues arriving as
    ``cue_mode`` says."""
    row = TrainingSession(
        user_id=user_id, local_date=day, level=level, status=LIVE, started_at=now, scale=scale,
        pauses=[], pause_asked=False, signs=[], cue_mode=cue_mode, flare_walk=flare_walk,
    )
    session.add(row)
    await session.flush()
    return row


async def set_status_messages(session: AsyncSession, message_ids: Mapping[int, int]) -> None:
    """Remember, by session id, the message that carries each session's buttons."""
    if not message_ids:
        return
    connection = await session.connection()  # a plain executemany, not an ORM bulk update
    await connection.execute(_SET_STATUS_MESSAGE, [
        {"session": session_id, "message": message_id}
        for session_id, message_id in message_ids.items()
    ])


async def last_done(session: AsyncSession, user_id: int) -> TrainingSession | None:
    """The user's most recent finished session, if any."""
    found: TrainingSession | None = await session.scalar(
        select(TrainingSession).where(TrainingSession.user_id == user_id,
                                      TrainingSession.status == DONE)
        .order_by(TrainingSession.id.desc()).limit(1)
    )
    return found


async def live_sessions(session: AsyncSession) -> list[TrainingSession]:
    """Every session still running, whoever it belongs to, oldest first."""
    rows = await session.scalars(select(TrainingSession).where(TrainingSession.status == LIVE)
                                 .order_by(TrainingSession.id))
    return list(rows)


async def announce(session: AsyncSession, channel: str, payload: str) -> None:
    """Tell the processes listening on ``channel`` (PostgreSQL's NOTIFY, sent at commit);
    SQLite serves one process, which needs no telling."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_notify(channel, payload)))


async def checkins_to_ask_again(session: AsyncSession, since: datetime
                                ) -> list[TrainingSession]:
    """Sessions ended from ``since`` on still waiting for a check-in answer that a restart has
    not asked again yet; they are marked asked in this transaction."""
    rows = list(await session.scalars(
        select(TrainingSession).where(
            TrainingSession.status.in_([CHECKIN_PEAK, CHECKIN_SIGNS]),
            TrainingSession.ended_at >= since, TrainingSession.checkin_asked_again.is_(False),
        ).order_by(TrainingSession.id).with_for_update()
    ))
    for row in rows:
        row.checkin_asked_again = True
    return rows
