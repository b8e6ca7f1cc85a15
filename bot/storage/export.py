"""A user's whole record as plain JSON values, table by table, and back.

Every table that holds a ``user_id`` (and the user's own row) is written out column by
column, so a table added later is exported, and erased by ``/delete``, without a line here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Date, Table, Time, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import User, UTCDateTime, user_tables

SCHEMA_VERSION = 1

Row = dict[str, Any]


class UnknownSchema(Exception):
    """The document is not a runback export this version can read."""


def _owner(table: Table) -> Any:
    return table.c.id if table.name == User.__tablename__ else table.c.user_id


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _typed(table: Table, name: str, value: Any) -> Any:
    if value is None:
        return None
    kind = table.c[name].type
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    return value


async def dump(session: AsyncSession, user_id: int) -> dict[str, list[Row]]:
    """Every row about the user, by table name, each row's columns as JSON values."""
    tables: dict[str, list[Row]] = {}
    for table in user_tables():
        order = [column for column in table.primary_key.columns]
        result = await session.execute(
            select(table).where(_owner(table) == user_id).order_by(*order))
        tables[table.name] = [{key: _plain(value) for key, value in row.items()}
                              for row in result.mappings()]
    return tables


async def restore(session: AsyncSession, tables: Mapping[str, Sequence[Mapping[str, Any]]]
                  ) -> int:
    """Write an exported record into the database, parents first; how many rows."""
    known = {table.name: table for table in user_tables()}
    unknown = set(tables) - set(known)
    if unknown:
        raise UnknownSchema(f"tables not in this version: {sorted(unknown)}")
    written = 0
    for name, table in known.items():
        rows = [{key: _typed(table, key, value) for key, value in row.items()}
                for row in tables.get(name, ())]
        if rows:
            await session.execute(insert(table), rows)
            written += len(rows)
    return written
