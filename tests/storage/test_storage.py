from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, timezone
from importlib.resources import as_file, files
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from bot.domain.outcomes import CloseChoice
from bot.storage import migrate, outcomes, repo
from bot.storage.db import Database
from bot.storage.errors import StorageUnavailable
from bot.storage.models import (
    Base,
    CheckIn,
    Decision,
    OutcomeSnapshot,
    ProgrammeCloseRow,
    SafetyAnswer,
    TrainingSession,
    User,
    WeeklyPainRow,
)

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


async def test_migrations_create_exactly_the_models(any_db: Database) -> None:
    async with any_db.engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    assert diff == []


async def test_upgrade_twice_is_harmless(any_db: Database, any_url: str) -> None:
    await migrate.upgrade(any_url)
    async with any_db.transaction() as session:
        version = await session.scalar(text("SELECT version_num FROM alembic_version"))
    assert version == _newest_revision(any_url)


def _newest_revision(url: str) -> str:
    """The head of the one chain the migration files form, which must be the highest number."""
    with as_file(files("bot.migrations")) as location:
        scripts = ScriptDirectory.from_config(migrate.alembic_config(url, Path(location)))
        heads = scripts.get_heads()
        numbers = sorted(script.revision for script in scripts.walk_revisions())
    assert len(heads) == 1
    assert heads[0] == numbers[-1]
    return heads[0]


def _to(revision: str, url: str) -> Callable[[Connection], None]:
    def run(sync_connection: Connection) -> None:
        with as_file(files("bot.migrations")) as location:
            config = migrate.alembic_config(url, Path(location))
            config.attributes["connection"] = sync_connection
            if revision == "head":
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)
    return run


async def _session_columns(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: {column["name"] for column in inspect(sync).get_columns("sessions")})


async def test_the_programme_before_a_session_is_dropped_and_comes_back_on_downgrade(
        any_db: Database, any_url: str) -> None:
    assert "programme_before" not in await _session_columns(any_db)
    async with any_db.engine.begin() as connection:
        await connection.run_sync(_to("0003", any_url))
    assert "programme_before" in await _session_columns(any_db)
    async with any_db.engine.begin() as connection:
        await connection.run_sync(_to("head", any_url))
    assert "programme_before" not in await _session_columns(any_db)


async def _user_columns(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: {column["name"] for column in inspect(sync).get_columns("users")})


async def test_a_user_midway_through_a_screening_list_resumes_at_its_start(
        any_db: Database, any_url: str) -> None:
    async with any_db.engine.begin() as connection:
        await connection.run_sync(_to("0009", any_url))
    assert "screening_picks" not in await _user_columns(any_db)
    steps = {1: "red_flag:fever", 2: "readiness:medication", 3: "safety_stop:fever", 4: "days"}
    async with any_db.engine.begin() as connection:
        for user_id, step in steps.items():
            await connection.execute(
                text("INSERT INTO users (id, first_name, created_at, active, onboarding_step, "
                     "revision) VALUES (:id, '', :now, :active, :step, 0)"),
                {"id": user_id, "now": NOW, "active": True, "step": step})
        await connection.run_sync(_to("head", any_url))
    async with any_db.transaction() as session:
        moved = {row.id: row.onboarding_step
                 for row in await session.execute(select(User.id, User.onboarding_step))}
    assert moved == {1: "red_flag", 2: "readiness", 3: "safety_stop:fever", 4: "days"}
    async with any_db.engine.begin() as connection:
        await connection.run_sync(_to("0009", any_url))
        back = {row.id: row.onboarding_step for row in await connection.execute(
            text("SELECT id, onboarding_step FROM users"))}
        await connection.run_sync(_to("head", any_url))
    assert back == {1: "red_flag:bladder_bowel", 2: "readiness:heart",
                    3: "safety_stop:fever", 4: "days"}


async def test_the_morning_check_in_time_column_comes_and_goes_with_its_revision(
        any_db: Database, any_url: str) -> None:
    assert "morning_checkin_time" in await _user_columns(any_db)
    async with any_db.engine.begin() as connection:
        await connection.run_sync(_to("0006", any_url))
    assert "morning_checkin_time" not in await _user_columns(any_db)
    async with any_db.engine.begin() as connection:
        await connection.run_sync(_to("head", any_url))
    assert "morning_checkin_time" in await _user_columns(any_db)


@pytest.mark.sqlite_only("reads SQLite pragmas")
async def test_sqlite_runs_with_wal_and_foreign_keys(db: Database) -> None:
    async with db.transaction() as session:
        assert (await session.scalar(text("PRAGMA journal_mode"))) == "wal"
        assert (await session.scalar(text("PRAGMA foreign_keys"))) == 1


async def test_datetimes_come_back_as_aware_utc(any_db: Database) -> None:
    berlin_morning = datetime(2027, 1, 4, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    async with any_db.transaction() as session:
        user = await repo.add_user(session, 42, "Ada", berlin_morning, "consent")
        user.reminder_time = time(7, 30)
    async with any_db.transaction() as session:
        stored = await repo.get_user(session, 42)
        assert stored is not None
        assert stored.created_at == NOW
        assert stored.created_at.tzinfo is not None
        assert stored.reminder_time == time(7, 30)


async def test_naive_datetimes_are_refused(any_db: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        async with any_db.transaction() as session:
            await repo.add_user(session, 1, "", datetime(2027, 1, 1), "consent")


async def test_a_failed_use_case_leaves_no_half_written_user(any_db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with any_db.transaction() as session:
            user = await repo.add_user(session, 7, "Bo", NOW, "consent")
            await repo.record_safety_answer(session, user, "red_flag:fever", False, NOW)
            raise RuntimeError("crash mid-way")
    async with any_db.transaction() as session:
        assert await repo.get_user(session, 7) is None
        assert await session.scalar(select(func.count()).select_from(SafetyAnswer)) == 0


async def test_delete_user_erases_every_row_about_them(any_db: Database) -> None:
    async with any_db.transaction() as session:
        user = await repo.add_user(session, 5, "Cy", NOW, "done")
        other = await repo.add_user(session, 6, "Di", NOW, "done")
        await repo.record_safety_answer(session, user, "red_flag:fever", False, NOW)
        await repo.record_check_in(session, user.id, "usual", 4, NOW)
        await repo.record_check_in(session, other.id, "usual", 3, NOW)
        training = TrainingSession(user_id=5, local_date=NOW.date(), level=1, status="completed")
        session.add(training)
        await session.flush()
        session.add(Decision(user_id=5, session_id=training.id, from_level=1, to_level=1,
                             rule="HOLD", inputs={}, decided_at=NOW))
        assert await outcomes.record_weekly_pain(session, 5, 1, 4, NOW)
        await outcomes.begin_snapshot(session, 5, 0, NOW, average_pain=4)
        await outcomes.record_close(session, 5, CloseChoice.KEEP_GOING, (), NOW)
        await outcomes.record_weekly_pain(session, 6, 1, 3, NOW)
    async with any_db.transaction() as session:
        assert await repo.delete_user(session, 5)
    async with any_db.transaction() as session:
        for table in (SafetyAnswer, CheckIn, TrainingSession, Decision, WeeklyPainRow,
                      OutcomeSnapshot, ProgrammeCloseRow):
            rows = await session.scalar(
                select(func.count()).select_from(table).where(table.user_id == 5)
            )
            assert rows == 0, table
        assert await repo.get_user(session, 6) is not None
        assert await session.scalar(select(func.count()).select_from(CheckIn)) == 1
        assert len(await outcomes.weekly_pains(session, 6)) == 1
        assert not await repo.delete_user(session, 5)


async def test_safety_answers_keep_their_order_and_time(any_db: Database) -> None:
    async with any_db.transaction() as session:
        user = await repo.add_user(session, 9, "Ed", NOW, "red_flag:saddle")
        await repo.record_safety_answer(session, user, "red_flag:bladder_bowel", False, NOW)
        later = NOW + timedelta(seconds=5)
        await repo.record_safety_answer(session, user, "red_flag:saddle", True, later)
    async with any_db.transaction() as session:
        answers = await repo.safety_answers(session, 9)
    assert [(a.question, a.answer, a.answered_at) for a in answers] == [
        ("red_flag:bladder_bowel", False, NOW),
        ("red_flag:saddle", True, NOW + timedelta(seconds=5)),
    ]


def test_user_model_has_no_defaults_that_hide_missing_answers() -> None:
    user = User(id=1, first_name="", created_at=NOW, onboarding_step="consent")
    assert user.baseline_pain is None and user.timezone is None


async def test_a_database_failure_leaves_as_storage_unavailable(locked_db: Database) -> None:
    with pytest.raises(StorageUnavailable) as caught:
        async with locked_db.transaction() as session:
            await repo.add_user(session, 9, "Di", NOW, "consent")
    assert isinstance(caught.value.__cause__, DBAPIError)
    assert any(said in str(caught.value)  # SQLite's words, then PostgreSQL's
               for said in ("database is locked", "lock timeout")), caught.value


async def test_a_refused_write_leaves_as_storage_unavailable(db: Database) -> None:
    async with db.transaction() as session:
        await repo.add_user(session, 8, "Cy", NOW, "consent")
    with pytest.raises(StorageUnavailable):
        async with db.transaction() as session:
            await repo.add_user(session, 8, "Cy again", NOW, "consent")


async def test_every_revision_goes_down_to_empty_and_back_up(any_db: Database,
                                                             any_url: str) -> None:
    """Down one revision at a time to nothing, then up one at a time, then the models match."""
    with as_file(files("bot.migrations")) as location:
        scripts = ScriptDirectory.from_config(migrate.alembic_config(any_url, Path(location)))
        newest_first = [script.revision for script in scripts.walk_revisions()]
    for revision in [*newest_first[1:], "base"]:
        async with any_db.engine.begin() as connection:
            await connection.run_sync(_to(revision, any_url))
    assert await _tables(any_db) <= {"alembic_version"}
    for revision in reversed(newest_first):
        async with any_db.engine.begin() as connection:
            await connection.run_sync(_up_to(revision, any_url))
    async with any_db.engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata))
    assert diff == []


async def _tables(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


def _up_to(revision: str, url: str) -> Callable[[Connection], None]:
    def run(sync_connection: Connection) -> None:
        with as_file(files("bot.migrations")) as location:
            config = migrate.alembic_config(url, Path(location))
            config.attributes["connection"] = sync_connection
            command.upgrade(config, revision)
    return run
