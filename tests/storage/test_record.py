"""The whole record: every table is about a user or says why not; /delete erases each one, and
the export reads back into an empty database row for row."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bench.history import write_history
from bot.services import account
from bot.storage import export, migrate, repo
from bot.storage.db import Database
from bot.storage.models import (
    AskedQuestion,
    AudioTrack,
    Base,
    CheckIn,
    Clinician,
    ClinicInvite,
    ClinicLink,
    ClinicMessage,
    Decision,
    HandledUpdate,
    Hold,
    OutcomeSnapshot,
    Pause,
    ProgrammeCloseRow,
    ProgrammeState,
    Reminder,
    SafetyAnswer,
    TrainingSession,
    User,
    WeeklyPainRow,
    user_tables,
)

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
# Tables that hold nothing about any one person; every other table must carry a user_id.
NOT_ABOUT_A_USER = {
    HandledUpdate.__tablename__: "Telegram update ids, kept for a day",
    AudioTrack.__tablename__: "rendered session tracks, shared by everyone at a level",
}
# Tables about a clinician and the clients who chose them, keyed by those people's ids (a
# clinician need not follow the programme): /delete erases them through account.delete.
ABOUT_CLINICIANS_AND_CLIENTS = {
    Clinician.__tablename__, ClinicInvite.__tablename__, ClinicLink.__tablename__,
    ClinicMessage.__tablename__,
}

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


async def _weekly_pain(db: AsyncSession, user_id: int) -> None:
    db.add(WeeklyPainRow(user_id=user_id, week=1, pain=4, recorded_at=NOW))


async def _snapshot(db: AsyncSession, user_id: int) -> None:
    db.add(OutcomeSnapshot(user_id=user_id, week=0, taken_at=NOW, average_pain=5,
                           current_pain=4, confidence=3, fear=7, load=4))


async def _close(db: AsyncSession, user_id: int) -> None:
    db.add(ProgrammeCloseRow(user_id=user_id, choice="maintenance", days="mon,fri",
                             chosen_at=NOW))


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
    WeeklyPainRow.__tablename__: _weekly_pain,
    OutcomeSnapshot.__tablename__: _snapshot,
    ProgrammeCloseRow.__tablename__: _close,
}


def test_every_table_is_about_a_user_or_says_why_not() -> None:
    names = {table.name for table in Base.metadata.sorted_tables}
    about_users = {table.name for table in user_tables()}
    assert names - about_users == set(NOT_ABOUT_A_USER) | ABOUT_CLINICIANS_AND_CLIENTS
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


async def _clinic_rows(db: Database, person: int) -> int:
    """Rows of the clinic tables naming ``person`` as a clinician or as a client."""
    found = 0
    async with db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            if table.name not in ABOUT_CLINICIANS_AND_CLIENTS:
                continue
            keys = [table.c[name] for name in ("id", "clinician_id", "client_id", "used_by")
                    if name in table.c and not (table.name != Clinician.__tablename__
                                                and name == "id")]
            found += int(await session.scalar(select(func.count()).select_from(table).where(
                or_(*(key == person for key in keys)))) or 0)
    return found


async def _clinician_with_a_client(db: Database, clinician: int, client: int) -> None:
    async with db.transaction() as session:
        session.add(Clinician(id=clinician, name="Dr Sam", profession="physio",
                              timezone="Europe/London", registered_at=NOW))
        await session.flush()
        session.add(ClinicInvite(clinician_id=clinician, code_hash=f"h{clinician}{client}",
                                 created_at=NOW, expires_at=NOW, used_at=NOW, used_by=client))
        session.add(ClinicLink(clinician_id=clinician, client_id=client, client_name="Ada",
                               linked_at=NOW))
        session.add(ClinicMessage(clinician_id=clinician, client_id=client, kind="red",
                                  facts={}, due_at=NOW, status="pending"))


async def test_delete_erases_the_clinic_rows_of_a_client_and_of_a_clinician(
    any_db: Database
) -> None:
    await _seed_everything(any_db, 5)
    await _seed_everything(any_db, 6)
    await _clinician_with_a_client(any_db, 70, 5)  # 5 is a client of 70
    await _clinician_with_a_client(any_db, 6, 9)  # 6 follows the programme and is a clinician
    await _clinician_with_a_client(any_db, 71, 9)  # nobody here is deleted
    assert await _clinic_rows(any_db, 5) == 3 and await _clinic_rows(any_db, 6) == 4
    for person in (5, 6):
        stamp = await account.version(any_db, person)
        assert stamp is not None
        assert await account.delete(any_db, person, stamp) is not None
        assert await _clinic_rows(any_db, person) == 0
        assert await _rows(any_db, person) == {table.name: 0 for table in user_tables()}
    assert await _clinic_rows(any_db, 71) == 4 and await _clinic_rows(any_db, 70) == 2
