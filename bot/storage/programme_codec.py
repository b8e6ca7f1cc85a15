"""The coaching state as JSON, so a user's programme survives restarts exactly.

Format 2 adds what a late answer needs to judge a session again, the first-week and lowering
marks, the events kept during a red-flag hold and the answer to the offer of the levels beyond
the top; format 1 still reads, with their defaults.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.domain import ladder
from bot.domain.programme import (
    BeyondTopAnswered,
    ClinicianSet,
    Ending,
    Event,
    FlareCheckIn,
    FlareReported,
    FlareState,
    MorningAnswer,
    OverrideAsked,
    Paused,
    Programme,
    Resumed,
    Returned,
    SessionDone,
    SessionRecord,
    SessionReport,
    WeeklyAverage,
)
from bot.domain.zones import Sign, Zone

FORMAT = 2
READABLE = frozenset({1, FORMAT})


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
        "floor_start": programme.floor_start,
        "first_session": _day(programme.first_session),
        "lowered_at": programme.lowered_at,
        "deferred": [dump_event(event) for event in programme.deferred],
        "beyond_top": programme.beyond_top,
        "beyond_top_offered": _day(programme.beyond_top_offered),
    }


def load(data: dict[str, Any]) -> Programme:
    """The programme ``dump`` wrote; ValueError when the data is not of a known format."""
    if data.get("format") not in READABLE:
        raise ValueError(f"unknown programme format {data.get('format')!r}")
    flare = data["flare"]
    history = tuple(_load_record(item) for item in data["history"])
    # Format 1 did not mark a floor start: an untouched level-0 programme is one.
    floor_start = data.get("floor_start", not history and data["level"] == ladder.FLOOR_LEVEL)
    lowered_at = data.get("lowered_at")
    return Programme(
        level=int(data["level"]),
        baseline=int(data["baseline"]),
        started=date.fromisoformat(data["started"]),
        history=history,
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
        floor_start=bool(floor_start),
        first_session=_parse_day(data.get("first_session")),
        lowered_at=None if lowered_at is None else int(lowered_at),
        deferred=tuple(load_event(item) for item in data.get("deferred", [])),
        beyond_top=data.get("beyond_top"),
        beyond_top_offered=_parse_day(data.get("beyond_top_offered")),
    )


def _dump_record(record: SessionRecord) -> dict[str, Any]:
    return {
        "day": record.day.isoformat(),
        "level": record.level,
        "ending": record.ending.value,
        "zone": None if record.zone is None else record.zone.value,
        "completed": record.completed,
        "in_flare": record.in_flare,
        "peak": record.peak,
        "morning": record.morning,
        "signs": sorted(sign.value for sign in record.signs),
        "baseline": record.baseline,
        "counts": record.counts,
        "ref": record.ref,
    }


def _load_record(item: dict[str, Any]) -> SessionRecord:
    return SessionRecord(
        day=date.fromisoformat(item["day"]),
        level=int(item["level"]),
        ending=Ending(item["ending"]),
        zone=None if item["zone"] is None else Zone(item["zone"]),
        completed=bool(item["completed"]),
        in_flare=bool(item["in_flare"]),
        peak=item.get("peak"),
        morning=item.get("morning"),
        signs=frozenset(Sign(value) for value in item.get("signs", [])),
        baseline=item.get("baseline"),
        counts=bool(item.get("counts", True)),
        ref=item.get("ref"),
    )


def dump_event(event: Event) -> dict[str, Any]:
    """A JSON-ready dict of one event kept during a hold."""
    if isinstance(event, SessionDone):
        report = event.report
        return {"kind": "session", "ref": event.ref, "day": report.day.isoformat(),
                "ending": report.ending.value, "peak": report.peak, "morning": report.morning,
                "signs": sorted(sign.value for sign in report.signs),
                "done_fraction": report.done_fraction}
    if isinstance(event, MorningAnswer):
        return {"kind": "morning", "session_day": event.session_day.isoformat(),
                "pain": event.pain, "day": event.day.isoformat(), "ref": event.ref}
    if isinstance(event, OverrideAsked):
        return {"kind": "override", "choice": event.choice, "day": event.day.isoformat()}
    if isinstance(event, WeeklyAverage):
        return {"kind": "weekly", "average": event.average, "day": event.day.isoformat()}
    if isinstance(event, FlareCheckIn):
        return {"kind": "flare_checkin", "pain": event.pain, "at": event.at.isoformat()}
    if isinstance(event, BeyondTopAnswered):
        return {"kind": "beyond_top", "opted_in": event.opted_in, "day": event.day.isoformat()}
    if isinstance(event, ClinicianSet):
        return {"kind": "clinician", "level": event.level, "clinician": event.clinician,
                "reason": event.reason, "day": event.day.isoformat()}
    kind = {FlareReported: "flare", Returned: "return", Paused: "pause", Resumed: "resume"}
    return {"kind": kind[type(event)], "day": event.day.isoformat()}


def load_event(item: dict[str, Any]) -> Event:
    """The event ``dump_event`` wrote."""
    kind = item["kind"]
    if kind == "session":
        report = SessionReport(
            date.fromisoformat(item["day"]), Ending(item["ending"]), item["peak"],
            item["morning"], frozenset(Sign(value) for value in item["signs"]),
            float(item["done_fraction"]),
        )
        return SessionDone(report, item["ref"])
    if kind == "morning":
        return MorningAnswer(date.fromisoformat(item["session_day"]), int(item["pain"]),
                             date.fromisoformat(item["day"]), item["ref"])
    if kind == "flare_checkin":
        return FlareCheckIn(int(item["pain"]), datetime.fromisoformat(item["at"]))
    day = date.fromisoformat(item["day"])
    if kind == "override":
        return OverrideAsked(str(item["choice"]), day)
    if kind == "weekly":
        return WeeklyAverage(int(item["average"]), day)
    if kind == "beyond_top":
        return BeyondTopAnswered(bool(item["opted_in"]), day)
    if kind == "clinician":
        return ClinicianSet(int(item["level"]), str(item["clinician"]), str(item["reason"]), day)
    simple: dict[str, type[FlareReported | Returned | Paused | Resumed]] = {
        "flare": FlareReported, "return": Returned, "pause": Paused, "resume": Resumed,
    }
    return simple[kind](day)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
