"""Small queries and writes over the tables; callers own the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    CheckIn,
    Pause,
    ProgrammeState,
    SafetyAnswer,
    User,
    user_tables,
)

# Hot queries are built once: building a statement costs as much as running it.
_USER = select(User).where(User.id == bindparam("user_id"))
_USER_FOR_UPDATE = _USER.with_for_update()
_USER_AT_A_GLANCE = (
    select(User, Pause, ProgrammeState)
    .outerjoin(Pause, Pause.user_id == User.id)
    .outerjoin(ProgrammeState, ProgrammeState.user_id == User.id)
    .where(User.id == bindparam("user_id"))
)


@dataclass(frozen=True)
class AtAGlance:
    """A user with their pause and stored programme, read together."""

    user: User
    pause: Pause | None
    programme: ProgrammeState | None


async def get_user(session: AsyncSession, user_id: int, *, for_update: bool = False) -> User | None:
    """The user with this Telegram id, if known."""
    query = _USER_FOR_UPDATE if for_update else _USER
    result: User | None = await session.scalar(query, {"user_id": user_id})
    return result


async def user_at_a_glance(session: AsyncSession, user_id: int) -> AtAGlance | None:
    """The user, their pause and their programme row in one query, if the user is known.

    While the answer is held, the transaction has the rows in hand: reading the programme
    again (``programmes.load``) costs no second query.
    """
    row = (await session.execute(_USER_AT_A_GLANCE, {"user_id": user_id})).first()
    return None if row is None else AtAGlance(row[0], row[1], row[2])


async def find_user(session: AsyncSession, user_id: int) -> User | None:
    """The user with this Telegram id, without a query when this transaction already holds them."""
    return await session.get(User, user_id)


async def add_user(session: AsyncSession, user_id: int, first_name: str, now: datetime,
                   step: str) -> User:
    """Create a user at the first onboarding step."""
    user = User(id=user_id, first_name=first_name[:128], created_at=now, onboarding_step=step,
                active=True, revision=0)
    session.add(user)
    await session.flush()
    return user


async def delete_user(session: AsyncSession, user_id: int) -> bool:
    """Erase a user and everything stored about them; True when there was something."""
    for table in reversed(user_tables()):  # children before the tables they point to
        if table.name != User.__tablename__:
            await session.execute(delete(table).where(table.c.user_id == user_id))
    result = await session.execute(delete(User).where(User.id == user_id))
    return bool(getattr(result, "rowcount", 0))


async def record_safety_answer(session: AsyncSession, user: User, question: str, answer: bool,
                               now: datetime) -> None:
    """Store one screening answer with its timestamp."""
    session.add(SafetyAnswer(user_id=user.id, question=question, answer=answer, answered_at=now))


async def safety_answers(session: AsyncSession, user_id: int) -> list[SafetyAnswer]:
    """Every screening answer of a user, oldest first."""
    rows = await session.scalars(
        select(SafetyAnswer).where(SafetyAnswer.user_id == user_id).order_by(SafetyAnswer.id)
    )
    return list(rows)


async def record_check_in(session: AsyncSession, user_id: int, kind: str, pain: int,
                          now: datetime, session_id: int | None = None) -> None:
    """Store a pain rating."""
    session.add(CheckIn(user_id=user_id, kind=kind, pain=pain, recorded_at=now,
                        session_id=session_id, signs=[]))


async def first_check_in(session: AsyncSession, session_id: int, kind: str) -> CheckIn | None:
    """The first check-in of this kind stored for a training session, if any."""
    found: CheckIn | None = await session.scalar(
        select(CheckIn).where(CheckIn.session_id == session_id, CheckIn.kind == kind)
        .order_by(CheckIn.id).limit(1)
    )
    return found
