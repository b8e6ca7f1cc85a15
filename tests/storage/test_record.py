"""The whole record: every table is about a user or says why not; /delete erases each one, and
the export reads back into an empty database row for row."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bench.history import write_history
from bot.storage import export, migrate, repo
from bot.storage.db import Database
from bot.storage.models import (
    AskedQuestion,
    Base,
    CheckIn,
    Decision,
    HandledUpdate,
    Hold,
    Pause,
    ProgrammeState,
    Reminder,
    SafetyAnswer,
    TrainingSession,
    User,
    user_tables,
)

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
# Tables that hold nothing about any one person; every other table must carry a user_id.
NOT_ABOUT_A_USER = {HandledUpdate.__tablename__: "Telegram update ids, kept for a day"}

Seed = Callable[[AsyncSession, int], Awaitable[None]]


async def _session(db: AsyncSession, user_id: int) -> TrainingSession:
    row = TrainingSession(user_id=user_id, local_date=NOW.date(), level=1, status="done",
                          zone="green", done_fraction=1.0, signs=["sharp"])
    db.add(row)
    await db.flush()
    return row


async def _user(db: AsyncSession, user_id: int) -> None:
    await repo.add_user(db, user_id, "", NOW, "done")


async def _safety(db: AsyncSession, user_id: int) -> None:
    db.add(SafetyAnswer(user_id=user_id, question="red_flag:fever", answer=False,
                        answered_at=NOW))


async def _check_in(db: AsyncSession, user_id: int) -> None:
    training = await _session(db, user_id)
    db.add(CheckIn(user_id=user_id, session_id=training.id, kind="peak", pain=3, signs=[],
                   recorded_at=NOW))


async def _training(db: AsyncSession, user_id: int) -> None:
    await _session(db, user_id)


async def _decision(db: AsyncSession, user_id: int) -> None:
    training = await _session(db, user_id)
    db.add(Decision(user_id=user_id, session_id=training.id, from_level=1, to_level=2,
                    rule="advance", zone="green", inputs={"completed_at_level": 3},
                    decided_at=NOW))


async def _programme(db: AsyncSession, user_id: int) -> None:
    db.add(ProgrammeState(user_id=user_id, state={"level": 1}, updated_at=NOW))


async def _reminder(db: AsyncSession, user_id: int) -> None:
    db.add(Reminder(user_id=user_id, slot="session", local_date=date(2027, 1, 6), due_at=NOW,
                    status="pending", created_at=NOW, decided={"level": 1}))


async def _pause(db: AsyncSession, user_id: int) -> None:
    db.add(Pause(user_id=user_id, paused_at=NOW, until=date(2027, 2, 1)))


async def _hold(db: AsyncSession, user_id: int) -> None:
    db.add(Hold(user_id=user_id, outcome="emergency", reason="message:saddle", held_at=NOW,
                cleared_by="Dr Who, A&E", cleared_on=date(2027, 1, 5), cleared_at=NOW))


async def _asked(db: AsyncSession, user_id: int) -> None:
    db.add(AskedQuestion(user_id=user_id, question="morning", ref=1, asked_at=NOW))


# One row for each table about a user: a table added later fails the test below until it is
# seeded here, so /delete and /export cannot forget it.
SEEDS: dict[str, Seed] = {
    User.__tablename__: _user,
    SafetyAnswer.__tablename__: _safety,
    CheckIn.__tablename__: _check_in,
    TrainingSession.__tablename__: _training,
    Decision.__tablename__: _decision,
    ProgrammeState.__tablename__: _programme,
    Reminder.__tablename__: _reminder,
    Pause.__tablename__: _pause,
    Hold.__tablename__: _hold,
    AskedQuestion.__tablename__: _asked,
}


def test_every_table_is_about_a_user_or_says_why_not() -> None:
    names = {table.name for table in Base.metadata.sorted_tables}
    about_users = {table.name for table in user_tables()}
    assert names - about_users == set(NOT_ABOUT_A_USER)
    assert set(SEEDS) == about_users


async def _seed_everything(db: Database, user_id: int) -> None:
    async with db.transaction() as session:
        for seed in SEEDS.values():
            await seed(session, user_id)


async def _rows(db: Database, user_id: int) -> dict[str, int]:
    counts = {}
    async with db.transaction() as session:
        for table in user_tables():
            owner = table.c.id if table.name == User.__tablename__ else table.c.user_id
            counts[table.name] = int(await session.scalar(
                select(func.count()).select_from(table).where(owner == user_id)) or 0)
    return counts


async def test_delete_erases_a_row_of_every_table_and_only_the_users_own(
    any_db: Database
) -> None:
    await _seed_everything(any_db, 5)
    await _seed_everything(any_db, 6)
    async with any_db.transaction() as session:
        session.add(HandledUpdate(update_id=77, handled_at=NOW))
    assert all(count >= 1 for count in (await _rows(any_db, 5)).values())
    async with any_db.transaction() as session:
        assert await repo.delete_user(session, 5)
    assert await _rows(any_db, 5) == {table.name: 0 for table in user_tables()}
    assert all(count >= 1 for count in (await _rows(any_db, 6)).values())
    async with any_db.transaction() as session:
        assert not await repo.delete_user(session, 5)


@pytest.fixture
async def empty_db(tmp_path: Path) -> AsyncIterator[Database]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    await migrate.upgrade(url)
    database = Database(url)
    yield database
    await database.close()


async def test_the_export_reads_back_into_an_empty_database_table_by_table(
    any_db: Database, empty_db: Database
) -> None:
    db = empty_db
    await _seed_everything(any_db, 5)
    await write_history(any_db, 8, 5)
    for user_id in (5, 8):
        async with any_db.transaction() as session:
            record = await export.dump(session, user_id)
        assert all(record[name] for name in SEEDS if user_id == 5)
        async with db.transaction() as session:
            written = await export.restore(session, record)
        async with db.transaction() as session:
            again = await export.dump(session, user_id)
        assert written == sum(len(rows) for rows in record.values())
        for name, rows in record.items():
            assert again[name] == rows, name


async def test_exported_values_are_plain_json_with_iso_times(any_db: Database) -> None:
    await _seed_everything(any_db, 5)
    async with any_db.transaction() as session:
        record = await export.dump(session, 5)
    (hold,) = record[Hold.__tablename__]
    assert hold["held_at"] == "2027-01-04T09:00:00+00:00"
    assert hold["cleared_on"] == "2027-01-05" and hold["cleared_by"] == "Dr Who, A&E"
    (reminder,) = record[Reminder.__tablename__]
    assert reminder["decided"] == {"level": 1}
    (user,) = record[User.__tablename__]
    assert user["reminder_time"] is None
    async with any_db.transaction() as session:
        found = await repo.get_user(session, 5)
        assert found is not None
        found.reminder_time = time(7, 30)
        record = await export.dump(session, 5)
    assert record[User.__tablename__][0]["reminder_time"] == "07:30:00"


async def test_a_record_with_a_table_this_version_does_not_know_is_refused(
    empty_db: Database
) -> None:
    with pytest.raises(export.UnknownSchema, match="mystery"):
        async with empty_db.transaction() as session:
            await export.restore(session, {"users": [], "mystery": [{"id": 1}]})
