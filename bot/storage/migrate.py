"""Apply Alembic migrations from the ``migrations/`` folder shipped with the package."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.db import create_engine


def alembic_config(url: str, script_location: Path) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(url: str, engine: AsyncEngine | None = None) -> None:
    """Bring the database at ``url`` to the newest schema."""
    own = engine is None
    engine = engine or create_engine(url)
    try:
        with as_file(files("bot.migrations")) as location:
            config = alembic_config(url, Path(location))
            async with engine.begin() as connection:

                def run(sync_connection: object) -> None:
                    config.attributes["connection"] = sync_connection
                    command.upgrade(config, "head")

                await connection.run_sync(run)
    finally:
        if own:
            await engine.dispose()
