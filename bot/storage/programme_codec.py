"""The coaching state as JSON, so a user's programme survives restarts exactly."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.domain.programme import Ending, FlareState, Programme, SessionRecord
from bot.domain.zones import Zone

FORMAT = 1


def dump(programme: Programme) -> dict[str, Any]:
    """A JSON-ready dict of every field of ``programme``."""
    flare = programme.flare
    return {
        "format": FORMAT,
        "level": programme.level,
        "baseline": programme.baseline,
        "started": programme.started.isoformat(),
        "history": [_dump_record(record) for record in programme.history],
        "level_set_at": programme.level_set_at,
        "last_level_up": _day(programme.last_level_up),
        "last_harder": _day(programme.last_harder),
        "flare": None if flare is None else {
            "started": flare.started.isoformat(),
            "settled_checkins": [moment.isoformat() for moment in flare.settled_checkins],
        },
        "flares": [day.isoformat() for day in programme.flares],
        "paused_since": _day(programme.paused_since),
        "gap_from": _day(programme.gap_from),
        "gap_stage": programme.gap_stage,
    }


def load(data: dict[str, Any]) -> Programme:
    """The programme ``dump`` wrote; ValueError when the data is not of a known format."""
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown programme format {data.get('format')!r}")
    flare = data["flare"]
    return Programme(
        level=int(data["level"]),
        baseline=int(data["baseline"]),
        started=date.fromisoformat(data["started"]),
        history=tuple(_load_record(item) for item in data["history"]),
        level_set_at=int(data["level_set_at"]),
        last_level_up=_parse_day(data["last_level_up"]),
        last_harder=_parse_day(data["last_harder"]),
        flare=None if flare is None else FlareState(
            started=date.fromisoformat(flare["started"]),
            settled_checkins=tuple(datetime.fromisoformat(m) for m in flare["settled_checkins"]),
        ),
        flares=tuple(date.fromisoformat(day) for day in data["flares"]),
        paused_since=_parse_day(data["paused_since"]),
        gap_from=_parse_day(data["gap_from"]),
        gap_stage=int(data["gap_stage"]),
    )


def _dump_record(record: SessionRecord) -> dict[str, Any]:
    return {
        "day": record.day.isoformat(),
        "level": record.level,
        "ending": record.ending.value,
        "zone": None if record.zone is None else record.zone.value,
        "completed": record.completed,
        "in_flare": record.in_flare,
    }


def _load_record(item: dict[str, Any]) -> SessionRecord:
    return SessionRecord(
        day=date.fromisoformat(item["day"]),
        level=int(item["level"]),
        ending=Ending(item["ending"]),
        zone=None if item["zone"] is None else Zone(item["zone"]),
        completed=bool(item["completed"]),
        in_flare=bool(item["in_flare"]),
    )


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
