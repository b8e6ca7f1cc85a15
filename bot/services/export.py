"""/export: the user's whole record as a JSON document and CSV files of sessions and check-ins.

The JSON carries ``schema_version`` and every table about the user, column by column (see
``bot.storage.export``), so it reads back into an empty database as it was.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.services.coaching import NoProgramme
from bot.storage import export as record_export
from bot.storage import repo
from bot.storage.db import Database

SESSION_COLUMNS = ("session_id", "local_date", "level", "status", "done_fraction", "zone",
                   "stop_reason", "started_at", "ended_at", "signs")
CHECK_IN_COLUMNS = ("check_in_id", "recorded_at", "kind", "pain", "session_id", "signs")


@dataclass(frozen=True)
class ExportFile:
    """One file to send: its name, its media type and its bytes."""

    name: str
    mime_type: str
    data: bytes


@dataclass(frozen=True)
class ExportFiles:
    """The JSON record and the two CSV tables."""

    record: ExportFile
    sessions: ExportFile
    check_ins: ExportFile

    def all(self) -> tuple[ExportFile, ...]:
        """The files in the order they are sent."""
        return (self.record, self.sessions, self.check_ins)


def document(user_id: int, tables: dict[str, list[dict[str, Any]]], now: datetime
             ) -> dict[str, Any]:
    """The JSON export: its schema version, when and whose, and the rows by table."""
    return {
        "schema_version": record_export.SCHEMA_VERSION,
        "exported_at": now.isoformat(),
        "user_id": user_id,
        "tables": tables,
    }


def _signs(value: Any) -> str:
    return ";".join(value) if isinstance(value, list) else ""


def _csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def sessions_csv(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """One row per session, oldest first."""
    rows = sorted(tables.get("sessions", []), key=lambda row: (row["local_date"], row["id"]))
    return _csv(SESSION_COLUMNS, [
        (row["id"], row["local_date"], row["level"], row["status"], row["done_fraction"],
         row["zone"], row["stop_reason"], row["started_at"], row["ended_at"],
         _signs(row["signs"]))
        for row in rows
    ])


def check_ins_csv(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """One row per pain rating, oldest first."""
    rows = sorted(tables.get("check_ins", []), key=lambda row: (row["recorded_at"], row["id"]))
    return _csv(CHECK_IN_COLUMNS, [
        (row["id"], row["recorded_at"], row["kind"], row["pain"], row["session_id"],
         _signs(row["signs"]))
        for row in rows
    ])


async def export(db: Database, user_id: int, now: datetime) -> ExportFiles:
    """The user's record as files; ``NoProgramme`` for someone never seen."""
    async with db.transaction() as session:
        if await repo.get_user(session, user_id) is None:
            raise NoProgramme
        tables = await record_export.dump(session, user_id)
    day = now.date().isoformat()
    text = json.dumps(document(user_id, tables, now), indent=1, ensure_ascii=False)
    return ExportFiles(
        record=ExportFile(f"runback-record-{day}.json", "application/json",
                          text.encode("utf-8")),
        sessions=ExportFile(f"runback-sessions-{day}.csv", "text/csv", sessions_csv(tables)),
        check_ins=ExportFile(f"runback-check-ins-{day}.csv", "text/csv", check_ins_csv(tables)),
    )
